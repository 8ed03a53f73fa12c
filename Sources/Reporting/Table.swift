import Foundation

/// A rectangular table of strings that renders as Markdown or CSV.
public struct Table: Sendable, Equatable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
        rows.append(row)
    }

    /// GitHub-flavoured Markdown; `|` inside cells is escaped.
    public var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        var out = [line(headers), "|" + String(repeating: "---|", count: headers.count)]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled.
    public var csv: String {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// Number formatting used across reports.
public enum Format {
    /// `value` with `digits` decimals (fixed, POSIX locale).
    public static func fixed(_ value: Double, _ digits: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)f", value)
    }
    /// A ratio such as `1.28x`.
    public static func ratio(_ value: Double) -> String { fixed(value, 2) + "x" }
    /// A fraction as a percentage such as `61.0 %`.
    public static func percent(_ fraction: Double, _ digits: Int = 1) -> String { fixed(fraction * 100, digits) + " %" }
}
