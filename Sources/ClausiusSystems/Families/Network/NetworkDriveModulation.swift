import ClausiusModels
import Numerics

/// A network drive amplitude F(t) = F_re(t) + i F_im(t) given as functions of time (`[[drives]] amplitude`,
/// docs/model-format.md, "Time-dependent parameters"): H ∋ F(t) a_j† + F(t)* a_j, linear in Re F and Im F.
public struct DriveModulation: Sendable, Equatable {
  public let real: TimeFunction
  public let imaginary: TimeFunction

  /// F(t).
  public func callAsFunction(_ t: Double) -> Complex<Double> { Complex(real(t), imaginary(t)) }
  /// F′(t).
  public func derivative(_ t: Double) -> Complex<Double> { Complex(real.derivative(t), imaginary.derivative(t)) }
  /// The static value (`solve`): each component's.
  public var staticValue: Complex<Double> { Complex(real.staticValue, imaginary.staticValue) }
  public var isConstant: Bool { real.isConstant && imaginary.isConstant }
  /// Both components (their breakpoints, jumps and periods).
  public var functions: [TimeFunction] { [real, imaginary] }
}

extension Reader {
  static let driveAmplitudeHint = "F (a real number), [Re F, Im F], a time function of a real F (\(timeFunctionHint)), or [Re F, Im F] with either a number or such a time function"

  /// `[[drives]] amplitude`: a real number (units accepted), [Re F, Im F] (plain numbers), or time functions — an inline
  /// table (real F(t)) or a pair whose entries are numbers or inline tables. Returns the static amplitude and, when
  /// something depends on time, the modulation. Errors name the file, line (the `amplitude` line) and key
  /// (`drives.k.amplitude`, `….amplitude.0` for Re F, `….amplitude.1` for Im F).
  /// `key` (default "amplitude"): the same syntax for another complex frequency, e.g. a cascade's `hopping_to_next`.
  func driveAmplitude(_ t: [String: ModelValue], _ p: [String], key: String = "amplitude", units: FrequencyUnit,
                      frequency: @escaping ([String: ModelValue], [String], String) throws -> Double) throws -> (Complex<Double>, DriveModulation?) {
    guard let a = t[key] else { throw missing(p + [key], expected: "F (real) or [Re F, Im F], in \(units.frequencyName)") }
    func isTable(_ v: ModelValue) -> Bool { if case .table = v { return true }; return false }
    let functions: (TimeFunction, TimeFunction)
    switch a {
    case .table:
      functions = (try timeFunction(t, p, key, scalar: frequency), .constant(0))
    case let .array(parts) where parts.count == 2 && parts.contains(where: isTable):
      let q = p + [key]
      let re = try timeFunction(["0": parts[0]], q, "0", scalar: frequency)
      let im = try timeFunction(["1": parts[1]], q, "1", scalar: frequency)
      functions = (re, im)
    case let .array(parts):
      guard parts.count == 2, let re = parts[0].asDouble, let im = parts[1].asDouble, re.isFinite, im.isFinite else {
        throw outOfRange(p + [key], value: a.description, allowed: Self.driveAmplitudeHint, message: "bad \(key == "amplitude" ? "drive amplitude" : key)")
      }
      for x in [re, im] { try check(x, p + [key], a.description, positive: false, nonNegative: false, unitHint: "in \(units.frequencyName)") }
      return (Complex(re, im), nil)
    default:
      return (Complex(try frequency(t, p, key), 0), nil)
    }
    let m = DriveModulation(real: functions.0, imaginary: functions.1)
    return (m.staticValue, m.isConstant ? nil : m)
  }
}
