import Clausius

extension SweepQuantity {
  /// The quantities a sweep of `d` shows, in table order: its family's (`ModelFamily.sweepQuantities`).
  static func headline(_ d: SweepDocument) -> [SweepQuantity] {
    let family = ModelFamilies.family(named: d.kind ?? ModelFile.kind) ?? ModelFile.self
    return family.sweepQuantities(baths: d.baths, units: d.units, methods: Array(d.points.lazy.flatMap(\.methods)))
  }
}
