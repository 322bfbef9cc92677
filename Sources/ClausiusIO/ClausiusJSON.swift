import Foundation

/// The JSON dialect of every Clausius file: pretty-printed, sorted keys, unescaped slashes, and the
/// non-finite numbers a figure may contain (gaps, unstable regions) as the strings "nan", "inf",
/// "-inf". Decode Clausius JSON with `ClausiusJSON.decoder`, which reads those strings back.
public enum ClausiusJSON {
  public static var encoder: JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  public static var decoder: JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }
}
