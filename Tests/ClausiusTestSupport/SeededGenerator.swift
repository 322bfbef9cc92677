/// Shared helpers for Clausius's test targets (not part of the library).
@_exported import ClausiusNumerics

/// The tests' seeded generator is the library's SplitMix64 (ClausiusNumerics/SplitMix64.swift).
public typealias SeededGenerator = SplitMix64
