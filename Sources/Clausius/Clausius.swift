// Umbrella module: `import Clausius` brings every layer of the toolkit.
@_exported import ClausiusNumerics
@_exported import ClausiusModels
@_exported import ClausiusMasterEquations
@_exported import ClausiusSteadyState
@_exported import ClausiusThermodynamics
@_exported import ClausiusInformation
@_exported import ClausiusComparison
@_exported import ClausiusSystems
@_exported import ClausiusPapers
@_exported import ClausiusDynamics
@_exported import ClausiusIO
