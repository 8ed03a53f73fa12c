import Foundation

/// The `snapea` entry point: dispatches to a subcommand, maps errors to exit codes
/// (2 for usage errors, 1 for failures) with a one-line message on stderr.
let snapeaVersion = "snapea 0.1.0"

func topLevelHelp(_ commands: [Command]) -> String {
    var lines = [
        "snapea — a SnaPEA (Predictive Early Activation) accelerator generator",
        "",
        "usage: snapea <command> [options]      snapea <command> --help",
        "",
        "commands:",
    ]
    for command in commands {
        lines.append("  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0) + command.summary)
    }
    lines += ["", "  --version   print the version", "  --help      show this help"]
    return lines.joined(separator: "\n")
}

func fail(_ error: CLIError) -> Never {
    FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
    exit(error.exitCode)
}

let commands = allCommands()
var arguments = Array(CommandLine.arguments.dropFirst())

if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
    print(topLevelHelp(commands))
    exit(arguments.isEmpty ? 2 : 0)
}
if arguments == ["--version"] {
    print(snapeaVersion)
    exit(0)
}
let name = arguments.removeFirst()
guard let command = commands.first(where: { $0.name == name }) else {
    let hint = closest(to: name.hasPrefix("-") ? String(name.drop(while: { $0 == "-" })) : name,
                       among: commands.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
    fail(.usage("unknown command '\(name)'\(hint); run 'snapea --help' for the list"))
}
do {
    let parsed = try parseArguments(arguments, options: command.options, command: command.name)
    if parsed.flag("help") {
        print(command.help)
        exit(0)
    }
    let context = CommandContext(quiet: parsed.flag("quiet"), json: parsed.flag("json"))
    try command.run(parsed, context)
} catch let error as CLIError {
    fail(error)
} catch {
    fail(.failure(String(describing: error)))
}
