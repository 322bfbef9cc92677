import Foundation

/// Escaping and the label markup of `Figure` (`_x`, `_{…}` subscripts, `^x`, `^{…}` superscripts).
public enum Markup {
  /// XML/HTML text and attribute escaping (&, <, >, ", ').
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\u{00A0}": out += "&#160;"
      default: out.append(c)
      }
    }
    return out
  }

  /// A run of label text: plain, subscript or superscript.
  enum Run: Equatable { case plain(String), sub(String), sup(String) }

  static func runs(_ label: String) -> [Run] {
    var result: [Run] = []
    var plain = ""
    var i = label.startIndex
    while i < label.endIndex {
      let c = label[i]
      let next = label.index(after: i)
      if (c == "_" || c == "^"), next < label.endIndex {
        var content = "", end = next
        if label[next] == "{", let close = label[next...].firstIndex(of: "}") {
          content = String(label[label.index(after: next)..<close]); end = label.index(after: close)
        } else if label[next] != " " {
          content = String(label[next]); end = label.index(after: next)
        }
        if !content.isEmpty {
          if !plain.isEmpty { result.append(.plain(plain)); plain = "" }
          result.append(c == "_" ? .sub(content) : .sup(content))
          i = end
          continue
        }
      }
      plain.append(c)
      i = next
    }
    if !plain.isEmpty { result.append(.plain(plain)) }
    return result
  }

  /// SVG text content for `label` at `fontSize`: escaped, scripts as `<tspan>` with baseline offsets
  /// (`dy`, understood by every SVG renderer). A space that begins or ends a run next to a script is written
  /// as a no-break space (U+00A0): renderers that trim the white space at the edges of each `<tspan>` (SVG's
  /// default `xml:space` handling applied per element) would otherwise print "T_c= 106 mK".
  public static func svgText(_ label: String, fontSize: Double) -> String {
    var out = "", offset = 0.0
    let small = fmt(0.72 * fontSize)
    let all = runs(label)
    for (k, run) in all.enumerated() {
      switch run {
      case var .plain(s):
        if k > 0, s.hasPrefix(" ") { s = "\u{00A0}" + s.dropFirst() }
        if k < all.count - 1, s.hasSuffix(" ") { s = s.dropLast() + "\u{00A0}" }
        if offset != 0 { out += "<tspan dy=\"\(fmt(-offset))\">\(escape(s))</tspan>"; offset = 0 } else { out += escape(s) }
      case let .sub(s):
        let target = 0.28 * fontSize
        out += "<tspan dy=\"\(fmt(target - offset))\" font-size=\"\(small)\">\(escape(s))</tspan>"; offset = target
      case let .sup(s):
        let target = -0.38 * fontSize
        out += "<tspan dy=\"\(fmt(target - offset))\" font-size=\"\(small)\">\(escape(s))</tspan>"; offset = target
      }
    }
    return out
  }

  /// HTML for `label`: escaped, scripts as `<sub>`/`<sup>`.
  public static func html(_ label: String) -> String {
    runs(label).map { run -> String in
      switch run {
      case let .plain(s): return escape(s)
      case let .sub(s): return "<sub>\(escape(s))</sub>"
      case let .sup(s): return "<sup>\(escape(s))</sup>"
      }
    }.joined()
  }

  /// Estimated rendered width of `label` in a sans-serif font of `fontSize` (for layout only).
  public static func width(_ label: String, fontSize: Double) -> Double {
    runs(label).reduce(0.0) { total, run in
      switch run {
      case let .plain(s): return total + charWidth(s) * fontSize
      case let .sub(s), let .sup(s): return total + charWidth(s) * 0.72 * fontSize
      }
    }
  }

  private static func charWidth(_ s: String) -> Double {
    s.unicodeScalars.reduce(0.0) { w, u in
      // Combining marks (the dot of Q̇) take no width; narrow letters and punctuation less than digits.
      if (0x300...0x36F).contains(u.value) { return w }
      if "ijlI.,:;|!'()[] ".unicodeScalars.contains(u) { return w + 0.33 }
      if "mwMW—".unicodeScalars.contains(u) { return w + 0.88 }
      if u.value >= 0x2070 && u.value <= 0x209F || "¹²³".unicodeScalars.contains(u) { return w + 0.42 }
      return w + 0.6
    }
  }

  static func fmt(_ x: Double) -> String {
    let s = String(format: "%.2f", x)
    var t = s
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t == "-0" ? "0" : t
  }
}
