# The release of the package; equal to the engine's (Sources/ClausiusIO/ClausiusVersion.swift), checked at import
# and by tests/test_engine.py.
__version__ = "0.9.0"
