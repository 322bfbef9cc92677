/// Disjoint sets over 0 ..< n (union–find with path halving): the connected components of a graph given edge by edge,
/// e.g. the independent Lyapunov blocks of (A, D) or the blocks of a sparse Hamiltonian.
public struct DisjointSets: Sendable {
  var parent: [Int]

  public init(count n: Int) { parent = Array(0..<n) }

  /// The representative of x's set.
  public mutating func find(_ x: Int) -> Int {
    var x = x
    while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
    return x
  }

  /// Joins the sets of a and b; true when they were different.
  @discardableResult public mutating func union(_ a: Int, _ b: Int) -> Bool {
    let x = find(a), y = find(b)
    guard x != y else { return false }
    parent[max(x, y)] = min(x, y)
    return true
  }

  /// The sets, each ascending, ordered by their smallest element.
  public mutating func groups() -> [[Int]] {
    var members: [Int: [Int]] = [:]
    for i in parent.indices { members[find(i), default: []].append(i) }
    return members.values.sorted { $0[0] < $1[0] }
  }

  /// The index of each element's set in `groups()` order.
  public mutating func labels() -> [Int] {
    var label = [Int](repeating: 0, count: parent.count)
    for (k, g) in groups().enumerated() { for i in g { label[i] = k } }
    return label
  }
}
