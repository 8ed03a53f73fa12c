import Foundation
import Workloads

let trainDigitsCommand = Command(
    name: "train-digits",
    summary: "train the digits CNN (plain and SnaPEA-aware; deterministic) and write its weight files",
    usage: "[--variant plain|snapea|both] --out DIR",
    options: [
        .value("variant", "NAME", "plain, snapea (activation-sparsity penalty) or both (default)"),
        .value("out", "DIR", "existing folder for digits-plain.json / digits-snapea.json"),
    ],
    examples: ["snapea train-digits --out Sources/Workloads/Resources", "snapea train-digits --variant plain --out /tmp"],
    run: { args, context in
        guard let out = args.value("out") else { throw CLIError.usage("train-digits needs --out DIR") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError.failure("--out: no such folder \(out)")
        }
        let variants: [DigitsModelFile.Embedded]
        switch args.value("variant") ?? "both" {
        case "plain": variants = [.plain]
        case "snapea": variants = [.snapeaAware]
        case "both": variants = [.plain, .snapeaAware]
        case let v: throw CLIError.usage("--variant: expected plain, snapea or both, got '\(v)'")
        }
        for v in variants {
            context.progress("training \(v.rawValue) (\(DigitsTrainer.options(for: v).summary))")
            let final = URL(fileURLWithPath: out).appendingPathComponent("\(v.rawValue).json")
            let staging = URL(fileURLWithPath: out).appendingPathComponent(".\(v.rawValue).json.tmp-\(getpid())")
            defer { try? FileManager.default.removeItem(at: staging) }
            let model = try DigitsTrainer.trainAndSave(v, to: staging)
            if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
            try FileManager.default.moveItem(at: staging, to: final)
            context.say("wrote \(final.path) (\(model.provenance["floatTestAccuracy"] ?? "?") float test accuracy)")
        }
    })
