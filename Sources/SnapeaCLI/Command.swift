import Foundation

/// What a command gets besides its arguments: where to print progress and results.
struct CommandContext: Sendable {
    let quiet: Bool
    let json: Bool

    /// Progress on stderr, silenced by `--quiet`.
    func progress(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// A result line on stdout (suppressed in `--json` mode, where only the JSON document is printed).
    func say(_ message: String) {
        guard !json else { return }
        print(message)
    }

    /// Prints `object` as pretty JSON when `--json` was given.
    func emitJSON<T: Encodable>(_ object: T) throws {
        guard json else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(object)
        print(String(decoding: data, as: UTF8.self))
    }
}

/// A subcommand of `snapea`.
struct Command: Sendable {
    let name: String
    let summary: String
    let usage: String
    let options: [OptionSpec]
    let examples: [String]
    let run: @Sendable (ParsedArguments, CommandContext) throws -> Void

    var help: String {
        var lines = ["snapea \(name) — \(summary)", "", "usage: snapea \(name) \(usage)", "", "options:"]
        for option in options + globalOptions {
            let left = option.takesValue ? "--\(option.name) \(option.valueName)" : "--\(option.name)"
            lines.append("  " + left.padding(toLength: max(24, left.count + 2), withPad: " ", startingAt: 0) + option.help)
        }
        if !examples.isEmpty {
            lines.append("")
            lines.append("examples:")
            lines += examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
