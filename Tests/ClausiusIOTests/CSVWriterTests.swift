import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

/// CSV output read back with an independent RFC 4180 parser: numbers must come back bit for bit.
@Suite("CSV figure data")
struct CSVWriterTests {
  /// RFC 4180 parser (quoted fields, doubled quotes, CRLF records), written for the test.
  static func parse(_ text: String) -> [[String]] {
    var records: [[String]] = [], record: [String] = [], field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
        } else { field.unicodeScalars.append(c) }
      } else if c == "\"" { quoted = true }
      else if c == "," { record.append(field); field = "" }
      else if c == "\r" && chars.first == "\n" { chars.removeFirst(); record.append(field); field = ""; records.append(record); record = [] }
      else { field.unicodeScalars.append(c) }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
  }

  static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

  @Test("numbers round-trip exactly; header names series, quantity and unit; RFC 4180 quoting")
  func roundTrip() throws {
    var g = SystemRandomNumberGenerator()
    let x = (0..<50).map { _ in Double.random(in: -1e-300...1e300, using: &g) * Double.random(in: 0...1, using: &g) }
    let y = (0..<50).map { Double($0) * 0.1 + 1e-17 } + [.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
    let e = y.map { abs($0) / 3 }
    let fig = Figure(id: "csv", title: "t", xAxis: Figure.Axis(label: "coupling ε", unit: "ω_a"), yAxis: Figure.Axis(label: "heat Q̇_{a}", unit: "ħω^2"),
                     series: [Figure.Series(label: "a, \"quoted\" series", x: x, y: Array(y.prefix(50))),
                              Figure.Series(label: "line\nbreak", x: y, y: y, yError: e)])
    let text = CSVWriter.csv(fig)
    #expect(text.hasSuffix("\r\n"))
    let rows = Self.parse(text)
    let header = try #require(rows.first)
    #expect(header == ["a, \"quoted\" series: coupling ε (ω_a)", "a, \"quoted\" series: heat Q̇_a (ħω^2)",
                       "line\nbreak: coupling ε (ω_a)", "line\nbreak: heat Q̇_a (ħω^2)", "line\nbreak: error of heat Q̇_a (ħω^2)"])
    #expect(rows.count == 1 + y.count)
    #expect(rows.dropFirst().allSatisfy { $0.count == 5 })
    for (i, row) in rows.dropFirst().enumerated() {
      if i < 50 {
        #expect(Self.same(try #require(Double(row[0])), x[i]))
        #expect(Self.same(try #require(Double(row[1])), y[i]))
      } else {
        #expect(row[0].isEmpty && row[1].isEmpty)  // the shorter series leaves empty cells
      }
      #expect(Self.same(try #require(Double(row[2])), y[i]))
      #expect(Self.same(try #require(Double(row[3])), y[i]))
      #expect(Self.same(try #require(Double(row[4])), e[i]))
    }
  }

  @Test("fields are quoted exactly when RFC 4180 requires it")
  func quoting() {
    #expect(CSVWriter.field("plain") == "plain")
    #expect(CSVWriter.field("a,b") == "\"a,b\"")
    #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVWriter.field("two\r\nlines") == "\"two\r\nlines\"")
  }
}
