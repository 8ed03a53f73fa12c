import Foundation

/// One option a command accepts: `--name VALUE` when `takesValue`, otherwise a boolean flag.
struct OptionSpec: Sendable {
    let name: String
    let takesValue: Bool
    let valueName: String
    let help: String

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, takesValue: false, valueName: "", help: help)
    }
    static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, takesValue: true, valueName: valueName, help: help)
    }
}

/// A usage error (exit code 2) or a failure (exit code 1), each a one-line message.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case failure(String)

    var description: String {
        switch self {
        case .usage(let m), .failure(let m): return m
        }
    }
    var exitCode: Int32 {
        switch self {
        case .usage: return 2
        case .failure: return 1
        }
    }
}

/// The parsed command line of one subcommand.
struct ParsedArguments: Sendable {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name] }

    /// An integer option, with `--name` in the error when it is not a valid number in range.
    func int(_ name: String, default def: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = values[name] else { return def }
        guard let v = Int(text), range.contains(v) else {
            throw CLIError.usage("--\(name): expected an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// A percentage such as `3%`, `3` or `0.5%`, returned as a fraction (0.03).
    func percent(_ name: String, default def: Double) throws -> Double {
        guard let text = values[name] else { return def }
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let v = Double(trimmed), v.isFinite, v >= 0, v <= 100 else {
            throw CLIError.usage("--\(name): expected a percentage between 0% and 100%, got '\(text)'")
        }
        return v / 100
    }
}

/// Options every command accepts.
let globalOptions: [OptionSpec] = [
    .flag("help", "show this help"),
    .flag("quiet", "no progress output"),
    .flag("json", "print the result as JSON on stdout"),
]

/// Parses `arguments` against `options` (plus the global options). Unknown flags are a usage error
/// that suggests the closest known flag.
func parseArguments(_ arguments: [String], options: [OptionSpec], command: String) throws -> ParsedArguments {
    let all = options + globalOptions
    var result = ParsedArguments()
    var i = 0
    while i < arguments.count {
        let arg = arguments[i]
        if arg == "--" {
            result.positionals += arguments[(i + 1)...]
            break
        }
        if arg.hasPrefix("--") {
            var name = String(arg.dropFirst(2))
            var inlineValue: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = all.first(where: { $0.name == name }) else {
                let hint = closest(to: name, among: all.map(\.name)).map { " (did you mean --\($0)?)" } ?? ""
                throw CLIError.usage("snapea \(command): unknown option --\(name)\(hint)")
            }
            if spec.takesValue {
                if let v = inlineValue {
                    result.values[name] = v
                } else {
                    guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                        throw CLIError.usage("snapea \(command): --\(name) needs a value (\(spec.valueName))")
                    }
                    result.values[name] = arguments[i + 1]
                    i += 1
                }
            } else {
                guard inlineValue == nil else {
                    throw CLIError.usage("snapea \(command): --\(name) takes no value")
                }
                result.flags.insert(name)
            }
        } else if arg.hasPrefix("-") && arg.count > 1 && Double(arg) == nil {
            throw CLIError.usage("snapea \(command): unknown option \(arg) (options are spelled --name)")
        } else {
            result.positionals.append(arg)
        }
        i += 1
    }
    return result
}

/// The candidate with the smallest edit distance to `word`, when it is close enough to be a typo.
func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

/// Levenshtein distance between two strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
