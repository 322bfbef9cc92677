"""Bad models become ModelError with file, line, key, value and allowed range."""

import pytest

import clausius


def test_bad_value_in_a_file(tmp_path, examples):
    src = (examples / "004-wire-detuned.toml").read_text().splitlines()
    i = next(k for k, l in enumerate(src) if l.startswith("temperature"))
    src[i] = "temperature = -2.0"
    f = tmp_path / "bad.toml"
    f.write_text("\n".join(src) + "\n")
    # The file has no [output] table, so solve() appends `covariance = true` to its text and sends it on stdin —
    # the error must still name the file and its own line.
    for call in (lambda m: m.solve(), lambda m: m.audit(), lambda m: m.compare()):
        with pytest.raises(clausius.ModelError) as e:
            call(clausius.load(f))
        err = e.value
        assert err.file == str(f) and err.line == i + 1
        assert err.key.endswith(".temperature") and err.key.startswith("baths.")
        assert err.kind == "outOfRange" and err.value in ("-2.0", "-2") and "0" in err.allowed
        assert str(err).startswith(f"{f}:{i + 1}: baths.")


def test_builder_error_points_at_the_generated_line():
    m = clausius.Model(modes=[{"name": "a", "frequency": 1.0}],
                       baths=[{"name": "b", "mode": "a", "rate": 0.01, "temperatur": 0.5}])
    with pytest.raises(clausius.ModelError) as e:
        m.solve()
    err = e.value
    assert err.kind == "unknownKey" and err.key == "baths.0.temperatur"
    assert "temperature" in str(err)          # the engine's "did you mean"
    assert err.source_line.strip().startswith("temperatur")
    assert isinstance(err, ValueError)


def test_syntax_error_of_a_string():
    with pytest.raises(clausius.ModelError) as e:
        clausius.loads("[[modes]]\nfrequency = = 1\n")
    assert e.value.kind == "syntax" and e.value.line == 2


def test_unknown_equation_is_an_engine_error(examples):
    with pytest.raises(clausius.EngineError) as e:
        clausius.load(examples / "004-wire-detuned.toml").solve(equations=["lokal"])
    assert e.value.status == 2 and "lokal" in str(e.value)


def test_set_unknown_entry():
    with pytest.raises(KeyError, match="no entry named"):
        clausius.Model(baths=[{"name": "b"}]).set("baths.hot.temperature", 1.0)
