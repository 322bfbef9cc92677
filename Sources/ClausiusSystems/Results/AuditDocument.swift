import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// One law checked on one master equation's steady state.
public struct AuditCheck: Codable, Sendable, Equatable {
  /// firstLaw, clausius, clausiusGlobalHeat, zeroCurrentAtEqualTemperatures, positivity.
  public var name: String
  /// The law in symbols.
  public var law: String
  /// The audited number (its meaning is in `law`).
  public var value: Double
  /// The bound it is compared with.
  public var tolerance: Double
  public var passed: Bool
  /// "law": a violation is an error of this method (exit status 1); "finding": a known limitation of
  /// this approximate equation, reported but not an error.
  public var severity: String
  public var note: String
}

/// The audit of one master equation.
public struct AuditMethod: Codable, Sendable, Equatable {
  public var equation: String
  /// Why it could not be audited (no steady state, not applicable).
  public var error: String?
  public var checks: [AuditCheck]
}

/// The JSON document of `clausius audit`.
public struct AuditDocument: Codable, Sendable {
  public var file: String
  public var title: String
  /// The common temperature used for the zero-current check (mean of the bath temperatures).
  public var equalTemperature: Double
  public var methods: [AuditMethod]
  /// False when a "law" check failed.
  public var passed: Bool
}
