import Clausius
import ClausiusIO

// The `document` value of each command's JSON (docs/output-format.md; the JSON Schema dispatches on it).
extension SolveDocument: ClausiusOutputDocument { public static var documentType: String { "solve" } }
extension AuditDocument: ClausiusOutputDocument { public static var documentType: String { "audit" } }
extension SweepDocument: ClausiusOutputDocument { public static var documentType: String { "sweep" } }
extension CompareDocument: ClausiusOutputDocument { public static var documentType: String { "compare" } }
extension FockCompareDocument: ClausiusOutputDocument { public static var documentType: String { "compare-optomechanical" } }
extension RouteCompareDocument: ClausiusOutputDocument { public static var documentType: String { "compare-routes" } }
extension ReproductionDocument: ClausiusOutputDocument { public static var documentType: String { "reproduction" } }
extension AdvisorGrading.Summary: ClausiusOutputDocument { public static var documentType: String { "advisor-grade" } }
extension EvolveDocument: ClausiusOutputDocument { public static var documentType: String { "evolve" } }
