import ClausiusNumerics
import Foundation
import Numerics

/// A normal-ordered polynomial in the ladder operators of N oscillators, Σ c_{k,l} Π_i (a_i†)^{k_i} (a_i)^{l_i},
/// built exactly (no truncation) from an `OperatorExpression` with the canonical commutator [a_i, a_j†] = δ_ij.
/// Products are normal-ordered mode by mode with a^l (a†)^k = Σ_j C(l, j) C(k, j) j! (a†)^{k−j} a^{l−j}
/// (Wick's theorem for one mode); different modes commute.
struct LadderPolynomial {
  /// Monomial key: [k_0, l_0, k_1, l_1, …] (powers of a_i† and a_i).
  var terms: [[Int]: Complex<Double>]
  let modes: Int

  static func constant(_ c: Complex<Double>, modes: Int) -> LadderPolynomial {
    LadderPolynomial(terms: c == .zero ? [:] : [[Int](repeating: 0, count: 2 * modes): c], modes: modes)
  }
  static func ladder(mode: Int, creation: Bool, modes: Int, coefficient: Complex<Double> = Complex(1, 0)) -> LadderPolynomial {
    var key = [Int](repeating: 0, count: 2 * modes)
    key[2 * mode + (creation ? 0 : 1)] = 1
    return LadderPolynomial(terms: [key: coefficient], modes: modes)
  }

  var degree: Int { terms.keys.map { $0.reduce(0, +) }.max() ?? 0 }
  var adjoint: LadderPolynomial {
    var out: [[Int]: Complex<Double>] = [:]
    for (k, c) in terms {
      var key = k
      for i in 0..<modes { key[2 * i] = k[2 * i + 1]; key[2 * i + 1] = k[2 * i] }
      out[key, default: .zero] += c.conjugate
    }
    return LadderPolynomial(terms: out, modes: modes)
  }
  func coefficient(_ key: [Int]) -> Complex<Double> { terms[key] ?? .zero }

  static func + (x: LadderPolynomial, y: LadderPolynomial) -> LadderPolynomial {
    var t = x.terms
    for (k, c) in y.terms { t[k, default: .zero] += c }
    return LadderPolynomial(terms: t, modes: x.modes)
  }
  static func * (s: Complex<Double>, x: LadderPolynomial) -> LadderPolynomial {
    LadderPolynomial(terms: x.terms.mapValues { s * $0 }, modes: x.modes)
  }
  static func * (x: LadderPolynomial, y: LadderPolynomial) -> LadderPolynomial {
    var out: [[Int]: Complex<Double>] = [:]
    for (kx, cx) in x.terms {
      for (ky, cy) in y.terms {
        // Mode by mode: (a†^k1 a^l1)(a†^k2 a^l2) = Σ_j C(l1,j) C(k2,j) j! a†^{k1+k2−j} a^{l1+l2−j}.
        var partial: [([Int], Double)] = [([], 1)]
        for i in 0..<x.modes {
          let k1 = kx[2 * i], l1 = kx[2 * i + 1], k2 = ky[2 * i], l2 = ky[2 * i + 1]
          var next: [([Int], Double)] = []
          for j in 0...min(l1, k2) {
            let w = binomial(l1, j) * binomial(k2, j) * factorial(j)
            for (p, c) in partial { next.append((p + [k1 + k2 - j, l1 + l2 - j], c * w)) }
          }
          partial = next
        }
        for (key, w) in partial { out[key, default: .zero] += Complex(w, 0) * cx * cy }
      }
    }
    return LadderPolynomial(terms: out, modes: x.modes)
  }

  static func binomial(_ n: Int, _ k: Int) -> Double {
    var r = 1.0
    for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
    return r
  }
  static func factorial(_ n: Int) -> Double { (0..<n).reduce(1.0) { $0 * Double($1 + 1) } }

  /// Coefficients below `relative` × the largest one dropped (round-off of cancelling terms).
  func pruned(relative: Double = 1e-13) -> LadderPolynomial {
    let big = terms.values.map(\.length).max() ?? 0
    return LadderPolynomial(terms: terms.filter { $0.value.length > relative * big }, modes: modes)
  }
}

extension OperatorExpression {
  /// Why an expression is not a polynomial in the ladder operators of the listed oscillators.
  struct NotLadderPolynomial: Error { let reason: String }

  /// The expression as a normal-ordered ladder polynomial; `oscillators` maps subsystem names (and 0-based index
  /// strings) to mode numbers. Non-oscillator operators, projectors or degrees above `maximumDegree` throw.
  func ladderPolynomial(oscillators: [String: Int], modes: Int, parameters: [String: Double], maximumDegree: Int = 8) throws -> LadderPolynomial {
    func scalar(_ c: Complex<Double>) -> LadderPolynomial { .constant(c, modes: modes) }
    switch self {
    case let .number(c): return scalar(c)
    case let .parameter(n):
      guard let v = parameters[n] else { throw NotLadderPolynomial(reason: "unknown parameter '\(n)'") }
      return scalar(Complex(v, 0))
    case let .local(op, name):
      guard let m = oscillators[name] else { throw NotLadderPolynomial(reason: "\(op.name)(\(name)) does not act on an oscillator") }
      let r2 = 1 / 2.0.squareRoot()
      let a = LadderPolynomial.ladder(mode: m, creation: false, modes: modes), ad = LadderPolynomial.ladder(mode: m, creation: true, modes: modes)
      switch op {
      case .id: return scalar(Complex(1, 0))
      case .a: return a
      case .ad: return ad
      case .n: return ad * a
      case .x: return Complex(r2, 0) * (a + ad)                                   // x = (a + a†)/√2
      case .p: return Complex(0, -r2) * a + Complex(0, r2) * ad                   // p = (a − a†)/(i√2)
      default: throw NotLadderPolynomial(reason: "\(op.name)(\(name)) is not a ladder operator")
      }
    case let .negation(x):
      return Complex(-1, 0) * (try x.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree))
    case let .power(x, k):
      let base = try x.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree)
      var r = scalar(Complex(1, 0))
      for _ in 0..<k {
        r = r * base
        guard r.degree <= maximumDegree else { throw NotLadderPolynomial(reason: "degree above \(maximumDegree)") }
      }
      return r
    case let .quotient(x, y):
      let d = try y.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree)
      guard d.degree == 0, let c = d.terms.values.first, c.length > 0 else { throw NotLadderPolynomial(reason: "division by an operator or by zero") }
      return (Complex(1, 0) / c) * (try x.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree))
    case let .product(xs):
      var r = scalar(Complex(1, 0))
      for x in xs {
        r = r * (try x.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree))
        guard r.degree <= maximumDegree else { throw NotLadderPolynomial(reason: "degree above \(maximumDegree)") }
      }
      return r
    case let .sum(xs):
      var r = scalar(.zero)
      var conjugate = false
      for x in xs {
        if case .hermitianConjugate = x { conjugate = true; continue }
        r = r + (try x.ladderPolynomial(oscillators: oscillators, modes: modes, parameters: parameters, maximumDegree: maximumDegree))
      }
      return conjugate ? r + r.adjoint : r
    case .hermitianConjugate:
      throw NotLadderPolynomial(reason: "'h.c.' outside a sum")
    }
  }
}

extension OpenSystem {
  /// Whether the model is a quadratic bosonic network, and if so the same model as a `BosonicNetwork` for the
  /// Gaussian engine (issue 14 §1): every subsystem an oscillator, H = Σ_ij h_ij a_i†a_j + Σ_{i<j}(η_ij a_i†a_j† + h.c.)
  /// + Σ_i (F_i a_i† + h.c.) + const (expanded exactly, normal-ordered, by `LadderPolynomial`), and every bath
  /// operator linear, S_α = Σ_i (c_i a_i + c_i* a_i†) = sᵀ r with s_{x_i} = √2 Re c_i, s_{p_i} = −√2 Im c_i
  /// (a = (x + ip)/√2, docs/conventions.md). The network holds ω_i = h_ii (> 0), hopping ε e^{iφ} = h_ij (i < j),
  /// real two-mode squeezing η_ij and drives F_i; the spectral densities and temperatures are the same objects.
  /// `.failure` says why not (a qubit, a Kerr term, single-mode squeezing a_i†², a complex η, a bath operator that is
  /// not linear, ω_i ≤ 0), so the caller can report it.
  public func quadraticNetwork() -> Result<BosonicNetwork, QuadraticRecognitionFailure> {
    var index: [String: Int] = [:]
    for (i, s) in subsystems.enumerated() {
      guard case .oscillator = s.kind else { return .failure(.init(reason: "subsystem '\(s.name)' is not an oscillator")) }
      index[s.name] = i; index["\(i)"] = index["\(i)"] ?? i
    }
    let n = subsystems.count
    func key(_ pairs: [(Int, Int)]) -> [Int] {   // (slot, power): slot 2i = a_i†, 2i + 1 = a_i
      var k = [Int](repeating: 0, count: 2 * n)
      for (s, p) in pairs { k[s] += p }
      return k
    }
    do {
      var h = LadderPolynomial.constant(.zero, modes: n)
      for t in terms { h = h + (try t.expression.ladderPolynomial(oscillators: index, modes: n, parameters: parameters)) }
      h = h.pruned()
      guard h.degree <= 2 else { return .failure(.init(reason: "H has terms of degree \(h.degree) in a, a† (e.g. a Kerr term); the Gaussian engine needs degree ≤ 2")) }
      let scale = h.terms.values.map(\.length).max() ?? 1
      let tiny = 1e-13 * scale
      var frequencies: [Double] = []
      var couplings: [Coupling] = []
      var drives: [CoherentDrive] = []
      for i in 0..<n {
        let w = h.coefficient(key([(2 * i, 1), (2 * i + 1, 1)])).real
        guard w > 0 else { return .failure(.init(reason: "the coefficient of a†a of '\(subsystems[i].name)' is \(w); the network needs ω > 0")) }
        frequencies.append(w)
        if h.coefficient(key([(2 * i, 2)])).length > tiny {
          return .failure(.init(reason: "H squeezes '\(subsystems[i].name)' alone (a†² term); the network has two-mode squeezing only"))
        }
        let f = h.coefficient(key([(2 * i, 1)]))
        if f.length > tiny { drives.append(CoherentDrive(mode: i, amplitude: f)) }
        for j in (i + 1)..<max(n, i + 1) {
          let hop = h.coefficient(key([(2 * i, 1), (2 * j + 1, 1)]))
          if hop.length > tiny { couplings.append(.hopping(i, j, epsilon: hop.length, phase: Double.atan2(y: hop.imaginary, x: hop.real))) }
          let sq = h.coefficient(key([(2 * i, 1), (2 * j, 1)]))
          if sq.length > tiny {
            guard abs(sq.imaginary) <= tiny else {
              return .failure(.init(reason: "two-mode squeezing of '\(subsystems[i].name)' and '\(subsystems[j].name)' has a complex coefficient \(sq); the network's η is real"))
            }
            couplings.append(.squeezing(i, j, eta: sq.real))
          }
        }
      }
      var networkBaths: [ClausiusModels.Bath] = []
      for b in baths {
        let s = try b.coupling.ladderPolynomial(oscillators: index, modes: n, parameters: parameters).pruned()
        let sScale = s.terms.values.map(\.length).max() ?? 0
        guard s.degree == 1, s.coefficient(key([])).length <= 1e-13 * sScale else {
          return .failure(.init(reason: "the operator of bath '\(b.name)' (\(b.operatorText)) is not linear in a, a† without a constant"))
        }
        var v = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
          let c = s.coefficient(key([(2 * i + 1, 1)]))
          v[2 * i] = 2.0.squareRoot() * c.real; v[2 * i + 1] = -2.0.squareRoot() * c.imaginary
        }
        networkBaths.append(ClausiusModels.Bath(name: b.name, temperature: b.temperature, spectralDensity: b.spectralDensity, coupling: .quadratures(v)))
      }
      return .success(try BosonicNetwork(frequencies: frequencies, couplings: couplings, drives: drives, baths: networkBaths))
    } catch let e as OperatorExpression.NotLadderPolynomial {
      return .failure(.init(reason: e.reason))
    } catch {
      return .failure(.init(reason: "\(error)"))
    }
  }
}

/// Why an `OpenSystem` is not solved on the Gaussian engine as well.
public struct QuadraticRecognitionFailure: Error, Sendable, CustomStringConvertible {
  public let reason: String
  public var description: String { reason }
}
