import ClausiusNumerics
import Foundation
import Numerics

/// An operator written as text in a model file, e.g. `"g * sp(c) * sm(h) * sp(w) + h.c."` or
/// `"U/2 * ad(1) * ad(1) * a(1) * a(1)"`, parsed into a tree and evaluated on a `FockSpace`.
///
/// Grammar (docs/model-format.md, "kind = open-system"):
///
///     sum      := product (("+" | "-") product)*          "h.c." may stand as a product: the adjoint of
///                                                          the other products of the same sum
///     product  := unary (("*" | "/") unary)*
///     unary    := ("-" | "+") unary | power
///     power    := primary ("^" integer)?                    integer ≥ 0
///     primary  := number | "i" | name | call | "(" sum ")"
///     call     := op "(" subsystem ")" | "proj" "(" subsystem "," integer "," integer ")"
///     op       := a | ad | b | bd | n | x | p | sx | sy | sz | sp | sm | jx | jy | jz | jp | jm | id
///
/// `name` is a parameter of the file's `[parameters]` table (a real number); `i` is the imaginary unit;
/// a subsystem is named by its `name` (or its 0-based index). Operators act on the subsystem named:
/// a = Σ √n |n−1⟩⟨n| and ad = a† (b, bd: aliases), n = a†a, x = (a + a†)/√2, p = (a − a†)/(i√2) on oscillators;
/// σx, σy, σz, σ⁺ = |e⟩⟨g|, σ⁻ = |g⟩⟨e| on qubits (σz = |e⟩⟨e| − |g⟩⟨g|); J_x, J_y, J_z, J_±
/// on spins; proj(s, i, j) = |i⟩⟨j| on any subsystem (levels counted from 0 = ground); id = the identity.
public indirect enum OperatorExpression: Sendable, Equatable {
  case number(Complex<Double>)
  case parameter(String)
  case local(LocalOperator, subsystem: String)
  case sum([OperatorExpression])
  case product([OperatorExpression])
  case quotient(OperatorExpression, OperatorExpression)
  case negation(OperatorExpression)
  case power(OperatorExpression, Int)
  /// `h.c.` inside a sum: the adjoint of the sum's other terms.
  case hermitianConjugate

  /// A single-subsystem operator.
  public enum LocalOperator: Sendable, Equatable {
    case a, ad, n, x, p, sx, sy, sz, sp, sm, jx, jy, jz, jp, jm, id
    case projector(Int, Int)

    static let names: [String: LocalOperator] = [
      "a": .a, "ad": .ad, "b": .a, "bd": .ad, "n": .n, "x": .x, "p": .p, "sx": .sx, "sy": .sy, "sz": .sz, "sp": .sp, "sm": .sm,
      "jx": .jx, "jy": .jy, "jz": .jz, "jp": .jp, "jm": .jm, "id": .id,
    ]

    var name: String {
      switch self {
      case .a: return "a"
      case .ad: return "ad"
      case .n: return "n"
      case .x: return "x"
      case .p: return "p"
      case .sx: return "sx"
      case .sy: return "sy"
      case .sz: return "sz"
      case .sp: return "sp"
      case .sm: return "sm"
      case .jx: return "jx"
      case .jy: return "jy"
      case .jz: return "jz"
      case .jp: return "jp"
      case .jm: return "jm"
      case .id: return "id"
      case let .projector(i, j): return "proj(·, \(i), \(j))"
      }
    }
  }

  /// A parse or evaluation error at a column (1-based) of the expression text.
  public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String
    public init(column: Int, message: String) { self.column = column; self.message = message }
    public var description: String { "column \(column): \(message)" }
  }

  /// Parses `text`.
  public static func parse(_ text: String) throws -> OperatorExpression {
    var p = Parser(text)
    let e = try p.sum()
    p.skipSpaces()
    guard p.atEnd else { throw ParseError(column: p.column, message: "unexpected '\(p.peekText)'; expected an operator (+, -, *, /, ^) or the end") }
    return e
  }

  /// The subsystems the expression refers to.
  public var subsystems: Set<String> {
    switch self {
    case .number, .parameter, .hermitianConjugate: return []
    case let .local(_, s): return [s]
    case let .sum(xs), let .product(xs): return xs.reduce(into: Set<String>()) { $0.formUnion($1.subsystems) }
    case let .quotient(a, b): return a.subsystems.union(b.subsystems)
    case let .negation(a), let .power(a, _): return a.subsystems
    }
  }

  /// The parameters the expression refers to.
  public var parameters: Set<String> {
    switch self {
    case .number, .local, .hermitianConjugate: return []
    case let .parameter(n): return [n]
    case let .sum(xs), let .product(xs): return xs.reduce(into: Set<String>()) { $0.formUnion($1.parameters) }
    case let .quotient(a, b): return a.parameters.union(b.parameters)
    case let .negation(a), let .power(a, _): return a.parameters
    }
  }

  /// The operator on `space` (subsystems looked up by name, or by index written as a name "0", "1", …).
  /// Errors: unknown subsystem or parameter, an operator that does not exist on that subsystem's type, a
  /// division by an operator or by zero, a non-finite value.
  public func evaluate(on space: FockSpace, parameters: [String: Double]) throws -> SparseMatrix {
    switch try value(space, parameters) {
    case let .scalar(c): return c * space.identity
    case let .operator(m): return m
    }
  }

  enum Value {
    case scalar(Complex<Double>)
    case `operator`(SparseMatrix)

    func matrix(_ d: Int) -> SparseMatrix {
      switch self {
      case let .scalar(c): return c * SparseMatrix.identity(d)
      case let .operator(m): return m
      }
    }
  }

  func value(_ space: FockSpace, _ parameters: [String: Double]) throws -> Value {
    let d = space.dimension
    switch self {
    case let .number(c): return .scalar(c)
    case let .parameter(name):
      guard let v = parameters[name] else {
        throw ParseError(column: 0, message: "unknown parameter '\(name)'; defined: \(parameters.keys.sorted().joined(separator: ", "))")
      }
      return .scalar(Complex(v, 0))
    case let .local(op, name):
      let s: Int
      if let i = space.subsystems.firstIndex(where: { $0.name == name }) { s = i } else if let i = Int(name), space.subsystems.indices.contains(i) { s = i } else {
        throw ParseError(column: 0, message: "no subsystem '\(name)'; subsystems: \(space.subsystems.map(\.name).joined(separator: ", "))")
      }
      return .operator(space.embed(try Self.localMatrix(op, space.subsystems[s]), on: s))
    case let .negation(a):
      switch try a.value(space, parameters) {
      case let .scalar(c): return .scalar(-c)
      case let .operator(m): return .operator(-1.0 * m)
      }
    case let .power(a, k):
      var result = Value.scalar(Complex(1, 0))
      let base = try a.value(space, parameters)
      for _ in 0..<k { result = Self.multiply(result, base) }
      return result
    case let .quotient(a, b):
      guard case let .scalar(c) = try b.value(space, parameters) else {
        throw ParseError(column: 0, message: "division by an operator; only numbers and parameters may divide")
      }
      guard c.length > 0 else { throw ParseError(column: 0, message: "division by zero") }
      switch try a.value(space, parameters) {
      case let .scalar(x): return .scalar(x / c)
      case let .operator(m): return .operator((Complex(1, 0) / c) * m)
      }
    case let .product(xs):
      var result = Value.scalar(Complex(1, 0))
      for x in xs { result = Self.multiply(result, try x.value(space, parameters)) }
      return result
    case let .sum(xs):
      var scalar = Complex<Double>(0, 0)
      var total: SparseMatrix?
      var conjugate = false
      for x in xs {
        if case .hermitianConjugate = x { conjugate = true; continue }
        switch try x.value(space, parameters) {
        case let .scalar(c): scalar += c
        case let .operator(m): total = total.map { $0 + m } ?? m
        }
      }
      if conjugate {
        scalar += scalar.conjugate
        total = total.map { $0 + $0.adjoint }
      }
      guard let t = total else { return .scalar(scalar) }
      return scalar == .zero ? .operator(t) : .operator(t + scalar * SparseMatrix.identity(d))
    case .hermitianConjugate:
      throw ParseError(column: 0, message: "'h.c.' stands only as a term of a sum (A + h.c. = A + A†)")
    }
  }

  static func multiply(_ a: Value, _ b: Value) -> Value {
    switch (a, b) {
    case let (.scalar(x), .scalar(y)): return .scalar(x * y)
    case let (.scalar(x), .operator(m)), let (.operator(m), .scalar(x)): return .operator(x * m)
    case let (.operator(m), .operator(k)): return .operator(m * k)
    }
  }

  /// The matrix of `op` on one subsystem (d × d), or an error naming what the subsystem accepts.
  static func localMatrix(_ op: LocalOperator, _ sub: FockSubsystem) throws -> SparseMatrix {
    let d = sub.dimension
    let lowering = FockOperators.lowering(sub)
    let r2 = 1 / 2.0.squareRoot()
    let raising = lowering.adjoint
    let difference: SparseMatrix = lowering + (-1.0) * raising   // lowering − raising
    func refuse(_ allowed: String) -> ParseError {
      ParseError(column: 0, message: "\(op.name)(\(sub.name)): not an operator of a \(sub.kindName) (allowed: \(allowed), proj, id)")
    }
    switch op {
    case .id: return .identity(d)
    case let .projector(a, b):
      guard (0..<d).contains(a), (0..<d).contains(b) else {
        throw ParseError(column: 0, message: "proj(\(sub.name), \(a), \(b)): levels must be in 0…\(d - 1)")
      }
      return SparseMatrix(rows: d, columns: d, triplets: [(row: a, column: b, value: Complex(1, 0))])
    case .a, .ad, .n, .x, .p:
      guard sub.kind == .oscillator else { throw refuse(sub.kind == .twoLevel ? "sx, sy, sz, sp, sm" : "jx, jy, jz, jp, jm") }
      switch op {
      case .a: return lowering
      case .ad: return raising
      case .n: return FockOperators.number(d)
      case .x: return r2 * (lowering + raising)
      default: return Complex<Double>(0, -r2) * difference   // p = (a − a†)/(i√2)
      }
    case .sx, .sy, .sz, .sp, .sm:
      guard sub.kind == .twoLevel else { throw refuse(sub.kind == .oscillator ? "a, ad, n, x, p" : "jx, jy, jz, jp, jm") }
      switch op {
      case .sm: return lowering
      case .sp: return raising
      case .sx: return lowering + lowering.adjoint
      case .sy: return Complex<Double>(0, 1) * difference   // σy = i(σ⁻ − σ⁺) = −iσ⁺ + iσ⁻
      default: return .diagonal([Complex(-1, 0), Complex(1, 0)])
      }
    case .jx, .jy, .jz, .jp, .jm:
      guard sub.kind == .spin || sub.kind == .twoLevel else { throw refuse("a, ad, n, x, p") }
      let j = Double(d - 1) / 2
      switch op {
      case .jm: return lowering
      case .jp: return raising
      case .jx: return 0.5 * (lowering + raising)
      case .jy: return Complex<Double>(0, 0.5) * difference   // J_y = (J⁺ − J⁻)/(2i) = (i/2)(J⁻ − J⁺)
      default: return .diagonal((0..<d).map { Complex(Double($0) - j, 0) })
      }
    }
  }
}

extension FockSubsystem {
  var kindName: String {
    switch kind {
    case .oscillator: return "oscillator"
    case .twoLevel: return "qubit"
    case .spin: return "spin"
    case .levels: return "n-level system"
    }
  }
}

/// Recursive-descent parser of `OperatorExpression` (columns are 1-based, in characters).
struct Parser {
  let chars: [Character]
  var pos = 0

  init(_ text: String) { chars = Array(text) }

  var atEnd: Bool { pos >= chars.count }
  var column: Int { pos + 1 }
  var peekText: String { atEnd ? "end of text" : String(chars[pos]) }

  mutating func skipSpaces() { while pos < chars.count, chars[pos].isWhitespace { pos += 1 } }

  mutating func accept(_ c: Character) -> Bool {
    skipSpaces()
    if pos < chars.count, chars[pos] == c { pos += 1; return true }
    return false
  }

  func fail(_ message: String, at column: Int? = nil) -> OperatorExpression.ParseError {
    OperatorExpression.ParseError(column: column ?? self.column, message: message)
  }

  mutating func sum() throws -> OperatorExpression {
    var terms = [try signedProduct(first: true)]
    while true {
      skipSpaces()
      if accept("+") { terms.append(try signedProduct(first: false)) } else if accept("-") {
        let t = try product()
        if t == .hermitianConjugate { throw fail("'- h.c.' is not allowed; write (A - A†) explicitly") }
        terms.append(.negation(t))
      } else { break }
    }
    if terms.filter({ $0 == .hermitianConjugate }).count > 1 { throw fail("'h.c.' twice in one sum") }
    if terms.count == 1, terms[0] == .hermitianConjugate { throw fail("'h.c.' needs other terms in its sum (A + h.c.)") }
    return terms.count == 1 ? terms[0] : .sum(terms)
  }

  mutating func signedProduct(first: Bool) throws -> OperatorExpression {
    skipSpaces()
    if hasHC() { pos += 4; return .hermitianConjugate }
    return try product()
  }

  func hasHC() -> Bool {
    pos + 4 <= chars.count && String(chars[pos..<pos + 4]) == "h.c."
  }

  mutating func product() throws -> OperatorExpression {
    skipSpaces()
    if hasHC() { pos += 4; return .hermitianConjugate }
    var result = try unary()
    var factors = [result]
    while true {
      if accept("*") { factors.append(try unary()) } else if accept("/") {
        let den = try unary()
        result = factors.count == 1 ? factors[0] : .product(factors)
        factors = [.quotient(result, den)]
      } else { break }
    }
    result = factors.count == 1 ? factors[0] : .product(factors)
    return result
  }

  mutating func unary() throws -> OperatorExpression {
    if accept("-") { return .negation(try unary()) }
    if accept("+") { return try unary() }
    return try power()
  }

  mutating func power() throws -> OperatorExpression {
    let base = try primary()
    if accept("^") {
      skipSpaces()
      let start = pos
      while pos < chars.count, chars[pos].isNumber { pos += 1 }
      guard pos > start, let k = Int(String(chars[start..<pos])), k <= 64 else { throw fail("expected an integer exponent 0…64 after '^'", at: start + 1) }
      return .power(base, k)
    }
    return base
  }

  mutating func primary() throws -> OperatorExpression {
    skipSpaces()
    guard !atEnd else { throw fail("unexpected end; expected a number, a parameter, an operator such as a(c) or sx(q), or '('") }
    let c = chars[pos]
    if c == "(" {
      pos += 1
      let e = try sum()
      guard accept(")") else { throw fail("expected ')'") }
      return e
    }
    if c.isNumber || c == "." { return try number() }
    if c.isLetter || c == "_" {
      let start = pos
      while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
      let name = String(chars[start..<pos])
      skipSpaces()
      if pos < chars.count, chars[pos] == "(" {
        pos += 1
        if name == "proj" {
          let s = try subsystemName()
          guard accept(",") else { throw fail("proj(subsystem, i, j): expected ','") }
          let i = try integer()
          guard accept(",") else { throw fail("proj(subsystem, i, j): expected ','") }
          let j = try integer()
          guard accept(")") else { throw fail("expected ')'") }
          return .local(.projector(i, j), subsystem: s)
        }
        guard let op = OperatorExpression.LocalOperator.names[name] else {
          throw fail("unknown operator '\(name)'; allowed: \(OperatorExpression.LocalOperator.names.keys.sorted().joined(separator: ", ")), proj", at: start + 1)
        }
        let s = try subsystemName()
        guard accept(")") else { throw fail("expected ')' after the subsystem of \(name)") }
        return .local(op, subsystem: s)
      }
      if name == "i" { return .number(Complex(0, 1)) }
      if OperatorExpression.LocalOperator.names[name] != nil {
        throw fail("operator '\(name)' needs its subsystem: \(name)(name)", at: start + 1)
      }
      return .parameter(name)
    }
    throw fail("unexpected '\(c)'; expected a number, a parameter, an operator such as a(c) or sx(q), or '('")
  }

  mutating func subsystemName() throws -> String {
    skipSpaces()
    let start = pos
    while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" || chars[pos] == "-" { pos += 1 }
    guard pos > start else { throw fail("expected a subsystem name") }
    return String(chars[start..<pos])
  }

  mutating func integer() throws -> Int {
    skipSpaces()
    let start = pos
    while pos < chars.count, chars[pos].isNumber { pos += 1 }
    guard pos > start, let k = Int(String(chars[start..<pos])) else { throw fail("expected a non-negative integer") }
    return k
  }

  mutating func number() throws -> OperatorExpression {
    let start = pos
    while pos < chars.count, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
    if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
      var q = pos + 1
      if q < chars.count, chars[q] == "+" || chars[q] == "-" { q += 1 }
      if q < chars.count, chars[q].isNumber {
        pos = q
        while pos < chars.count, chars[pos].isNumber { pos += 1 }
      }
    }
    guard let v = Double(String(chars[start..<pos])), v.isFinite else { throw fail("'\(String(chars[start..<pos]))' is not a finite number", at: start + 1) }
    return .number(Complex(v, 0))
  }
}
