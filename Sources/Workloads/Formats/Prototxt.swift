/// A parsed protobuf text-format message (the subset Caffe's `.prototxt` files use):
/// `name: scalar`, `name { ... }` and `name: { ... }`, `#` comments, double- or single-quoted
/// strings, bare identifiers (enum values) and numbers. Field order and line numbers are kept
/// so that later checks can point at the offending line.
public struct PrototxtMessage: Sendable, Equatable {
    /// One field occurrence.
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: Value
        /// 1-based line of the field name.
        public let line: Int
    }

    /// A field value: a scalar token or a nested message.
    public enum Value: Sendable, Equatable {
        /// A quoted string (unescaped).
        case string(String)
        /// An unquoted token: a number, an enum value, `true` / `false`.
        case bare(String)
        case message(PrototxtMessage)
    }

    /// Fields in file order (repeated fields appear several times).
    public var fields: [Field]
    /// Line of the opening brace (1 for the top level).
    public let line: Int

    /// All occurrences of field `name`.
    public func all(_ name: String) -> [Field] { fields.filter { $0.name == name } }

    /// Parses protobuf text format. `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws -> PrototxtMessage {
        var parser = PrototxtParser(tokens: try PrototxtLexer.tokens(text, file: file), file: file)
        return try parser.parseTopLevel()
    }
}

/// A lexical token with its line.
struct PrototxtToken: Equatable {
    enum Kind: Equatable { case word, string, openBrace, closeBrace, colon, separator, end }
    let kind: Kind
    let text: String
    let line: Int
}

enum PrototxtLexer {
    static func tokens(_ text: String, file: String) throws -> [PrototxtToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [PrototxtToken] = []
        var i = 0
        var line = 1
        func isWordChar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." || c == "-" || c == "+"
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\n":
                line += 1; i += 1
            case " ", "\t", "\r", "\u{0B}", "\u{0C}":
                i += 1
            case "#":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "{": tokens.append(.init(kind: .openBrace, text: "{", line: line)); i += 1
            case "}": tokens.append(.init(kind: .closeBrace, text: "}", line: line)); i += 1
            case ":": tokens.append(.init(kind: .colon, text: ":", line: line)); i += 1
            case ";", ",": tokens.append(.init(kind: .separator, text: String(c), line: line)); i += 1
            case "\"", "'":
                let quote = c
                let startLine = line
                var s = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == quote { closed = true; i += 1; break }
                    if d == "\n" { break }
                    if d == "\\" {
                        guard i + 1 < chars.count else { break }
                        let e = chars[i + 1]
                        switch e {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "\\", "\"", "'": s.append(e)
                        default:
                            throw FormatError(file: file, line: line, message: "unsupported escape '\\\(e)' in string")
                        }
                        i += 2
                        continue
                    }
                    s.append(d); i += 1
                }
                guard closed else {
                    throw FormatError(file: file, line: startLine, message: "unterminated string")
                }
                tokens.append(.init(kind: .string, text: String(s), line: startLine))
            default:
                guard isWordChar(c) else {
                    throw FormatError(file: file, line: line, message: "unexpected character '\(c)'")
                }
                var s = String.UnicodeScalarView()
                while i < chars.count, isWordChar(chars[i]) { s.append(chars[i]); i += 1 }
                tokens.append(.init(kind: .word, text: String(s), line: line))
            }
        }
        tokens.append(.init(kind: .end, text: "end of file", line: line))
        return tokens
    }
}

struct PrototxtParser {
    let tokens: [PrototxtToken]
    let file: String
    var index = 0
    /// Current nesting depth of `{ }`; limited so hostile input cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 64

    init(tokens: [PrototxtToken], file: String) {
        self.tokens = tokens
        self.file = file
    }

    var current: PrototxtToken { tokens[index] }

    mutating func parseTopLevel() throws -> PrototxtMessage {
        let fields = try parseFields(closingLine: nil)
        return PrototxtMessage(fields: fields, line: 1)
    }

    /// Parses fields until `}` (when `closingLine` is the opening brace's line) or end of file.
    mutating func parseFields(closingLine: Int?) throws -> [PrototxtMessage.Field] {
        var fields: [PrototxtMessage.Field] = []
        while true {
            let t = current
            switch t.kind {
            case .end:
                if let closingLine {
                    throw FormatError(file: file, line: t.line,
                                      message: "missing '}' for the '{' opened on line \(closingLine)")
                }
                return fields
            case .closeBrace:
                guard closingLine != nil else {
                    throw FormatError(file: file, line: t.line, message: "unexpected '}'")
                }
                index += 1
                return fields
            case .separator:
                index += 1
            case .word:
                guard let first = t.text.unicodeScalars.first,
                      first.properties.isAlphabetic || first == "_" else {
                    throw FormatError(file: file, line: t.line, message: "expected a field name, found '\(t.text)'")
                }
                index += 1
                var sawColon = false
                if current.kind == .colon { sawColon = true; index += 1 }
                let v = current
                switch v.kind {
                case .openBrace:
                    index += 1
                    guard depth < Self.maxDepth else {
                        throw FormatError(file: file, line: v.line, message: "messages nested deeper than \(Self.maxDepth) levels")
                    }
                    depth += 1
                    let sub = try parseFields(closingLine: v.line)
                    depth -= 1
                    fields.append(.init(name: t.text, value: .message(PrototxtMessage(fields: sub, line: v.line)), line: t.line))
                case .word where sawColon:
                    index += 1
                    fields.append(.init(name: t.text, value: .bare(v.text), line: t.line))
                case .string where sawColon:
                    index += 1
                    // Adjacent string literals concatenate, as in protobuf.
                    var s = v.text
                    while current.kind == .string { s += current.text; index += 1 }
                    fields.append(.init(name: t.text, value: .string(s), line: t.line))
                default:
                    let expected = sawColon ? "a value or '{'" : "':' or '{'"
                    throw FormatError(file: file, line: v.line,
                                      message: "expected \(expected) after '\(t.text)', found '\(v.text)'")
                }
            default:
                throw FormatError(file: file, line: t.line, message: "expected a field name, found '\(t.text)'")
            }
        }
    }
}
