// Module re-exports of the layer below (one-way dependencies, see docs/architecture.md).
import ClausiusNumerics
