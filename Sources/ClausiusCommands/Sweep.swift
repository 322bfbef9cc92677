import ArgumentParser
public struct Sweep: ParsableCommand { public init() {}; public func run() throws {} }
