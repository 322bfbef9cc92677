import ClausiusModels
import Foundation

/// Time-dependent parameters in model files (docs/model-format.md, "Time-dependent parameters"): a number stays a
/// constant; an inline table is a function of time,
///
///     g = { value = 0.05, modulation = { kind = "sin", amplitude = 0.02, frequency = 0.3, phase = 0 } }
///         # g(t) = value + amplitude · sin(frequency · t + phase)   (kind = "cos": cos instead of sin)
///     g = { table = [[0, 0.0], [50, 0.05]], interpolation = "linear" }
///         # through the points [t, g]; "step" holds each value until the next time; constant outside the table
///
/// `frequency` is an angular frequency in the file's frequency unit, times are in 1/ω_u, `value`, `amplitude` and the
/// table's values in the unit of the parameter itself. `solve` (and everything but `evolve`) uses the static value:
/// `value` of a modulation, the first point of a table.
extension Reader {
  static let timeFunctionHint = "a number, { value = v, modulation = { kind = \"sin\" | \"cos\", amplitude = A, frequency = Ω, phase = φ } } or { table = [[t0, v0], [t1, v1], …], interpolation = \"linear\" | \"step\" }"

  /// Reads `t[key]` as a time function; `scalar` reads a plain value (with its units) from a table entry.
  func timeFunction(_ t: [String: ModelValue], _ p: [String], _ key: String,
                    scalar: ([String: ModelValue], [String], String) throws -> Double) throws -> TimeFunction {
    guard let v = t[key] else { throw missing(p + [key], expected: Self.timeFunctionHint) }
    guard case let .table(f) = v else { return .constant(try scalar(t, p, key)) }
    let q = p + [key]
    try allowKeys(f, q, ["value", "modulation", "table", "interpolation"])
    let result: TimeFunction
    if let tv = f["table"] {
      guard f["value"] == nil, f["modulation"] == nil else {
        throw outOfRange(q, value: v.description, allowed: "either value (+ modulation) or table, not both", message: "ambiguous time dependence")
      }
      guard case let .array(rows) = tv, !rows.isEmpty else { throw wrongType(q + ["table"], tv, expected: "an array of [time, value] pairs, e.g. [[0, 0.0], [50, 0.05]]") }
      var ts: [Double] = [], vs: [Double] = []
      for (i, row) in rows.enumerated() {
        guard case let .array(pair) = row, pair.count == 2, let time = pair[0].asDouble else {
          throw wrongType(q + ["table", "\(i)"], row, expected: "a pair [time, value] of numbers")
        }
        let value = try scalar(["v": pair[1]], q + ["table", "\(i)"], "v")
        try check(time, q + ["table", "\(i)"], row.description, positive: false, nonNegative: true, unitHint: "(time in 1/ω_u, ≥ 0)")
        if let last = ts.last, !(time > last) {
          throw outOfRange(q + ["table", "\(i)"], value: row.description, allowed: "times increasing strictly (previous \(last))", message: "table times out of order")
        }
        ts.append(time); vs.append(value)
      }
      let name = try string(f, q, "interpolation") ?? "linear"
      guard let interp = TimeFunction.Interpolation(rawValue: name) else {
        throw outOfRange(q + ["interpolation"], value: "\"\(name)\"", allowed: "\"linear\", \"step\"", message: "unknown interpolation")
      }
      result = .table(times: ts, values: vs, interpolation: interp)
    } else {
      guard f["value"] != nil else { throw missing(q + ["value"], expected: "the static value (the modulation is added to it)") }
      let value = try scalar(f, q, "value")
      guard let mv = f["modulation"] else { return .constant(value) }
      let m = try table(mv, q + ["modulation"])
      let mq = q + ["modulation"]
      try allowKeys(m, mq, ["kind", "amplitude", "frequency", "phase"])
      let kind = try string(m, mq, "kind") ?? "sin"
      guard kind == "sin" || kind == "cos" else {
        throw outOfRange(mq + ["kind"], value: "\"\(kind)\"", allowed: "\"sin\", \"cos\"", message: "unknown modulation")
      }
      guard m["amplitude"] != nil else { throw missing(mq + ["amplitude"], expected: "the modulation amplitude (units of the parameter)") }
      guard m["frequency"] != nil else { throw missing(mq + ["frequency"], expected: "the angular frequency Ω > 0 of the modulation (file's frequency unit)") }
      let amplitude = try scalar(m, mq, "amplitude")
      let omega = try number(m, mq, "frequency", positive: true, unitHint: "(angular frequency Ω in the file's frequency unit)")!
      let phase = try number(m, mq, "phase", unitHint: "(radians)") ?? 0
      result = .sinusoid(value: value, amplitude: amplitude, frequency: omega, phase: phase + (kind == "cos" ? Double.pi / 2 : 0))
    }
    if let problem = result.problem { throw outOfRange(q, value: v.description, allowed: Self.timeFunctionHint, message: problem) }
    return result
  }
}

extension TimeFunction {
  /// The value `solve` uses: a modulation's `value`, a table's first point.
  public var staticValue: Double {
    switch self {
    case let .constant(v): return v
    case let .sinusoid(v, _, _, _): return v
    case let .table(_, vs, _): return vs[0]
    }
  }
}
