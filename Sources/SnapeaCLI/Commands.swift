/// Every subcommand, in the order `snapea --help` lists them.
func allCommands() -> [Command] {
    [demoCommand, generateCommand, simulateCommand, cosimCommand, estimateCommand, macrosCommand, tuneCommand, classifyCommand, reportCommand, trainDigitsCommand, benchCommand, versionCommand]
}

let versionCommand = Command(
    name: "version", summary: "print the version", usage: "", options: [], examples: ["snapea version"],
    run: { _, context in
        context.say(snapeaVersion)
        try context.emitJSON(["version": snapeaVersion])
    })
