import ArgumentParser
public struct Audit: ParsableCommand { public init() {}; public func run() throws {} }
