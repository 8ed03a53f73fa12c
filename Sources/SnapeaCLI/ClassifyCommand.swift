import Foundation
import Golden
import Reporting
import Workloads

let classifyCommand = Command(
    name: "classify",
    summary: "SqueezeNet v1.0's top-5 classes of images, float and fixed point side by side, with the true label when known",
    usage: "IMAGE.ppm... | --images DIR [--shard K/N] [--mode exact|predictive --table t.json] [--data DIR]",
    options: [
        imagesOption, shardOption,
        .value("mode", "MODE", "fixed-point mode of the tunable layers: exact (default) or predictive (needs --table)"),
        predictiveTableOption,
        .value("data", "DIR", "real data folder holding squeezenet/ (default: $SNAPEA_DATA or ../shared/data)"),
        .value("limit", "N", "with --images and no IMAGE: only the first N images of the folder (or of the shard)"),
    ],
    examples: [
        "snapea classify ../shared/data/images/chelsea.ppm",
        "snapea classify --images ../shared/data/imagenet-sample --limit 20",
        "snapea tune --model squeezenet --out t.json && snapea classify --images ../shared/data/imagenet-sample --mode predictive --table t.json",
    ],
    run: { args, context in try runClassify(args, context: context) })

/// One classified image: float and fixed-point top-5 and the true label when known.
struct ClassifiedImage: Encodable {
    struct Guess: Encodable { let label: Int; let name: String; let score: Double }
    let image: String
    let trueLabel: Int?
    let float: [Guess]
    let fixed: [Guess]
}

private func runClassify(_ args: ParsedArguments, context: CommandContext) throws {
    // Everything the user gave is checked before the network is loaded.
    let mode: Mode
    switch args.value("mode") ?? (args.value("table") != nil ? "predictive" : "exact") {
    case "exact": mode = .exact
    case "predictive": mode = .predictive
    case let other: throw CLIError.usage("--mode: expected exact or predictive, got '\(other)'")
    }
    if mode == .predictive && args.value("table") == nil { throw CLIError.usage("--mode predictive needs --table FILE (from `snapea tune --out`)") }
    if mode == .exact && args.value("table") != nil { throw CLIError.usage("--table applies to --mode predictive, not exact") }
    let shard = try shardValue(args)
    let limit = try args.value("limit").map { _ in try args.int("limit", default: 1, range: 1...1_000_000) }
    let paths = args.positionals
    if paths.isEmpty && args.value("images") == nil { throw CLIError.usage("snapea classify: give IMAGE files or --images DIR") }
    if !paths.isEmpty && (shard != nil || limit != nil) { throw CLIError.usage("--shard and --limit select images of --images DIR; not with IMAGE files") }
    for p in paths where !FileManager.default.isReadableFile(atPath: p) { throw CLIError.failure("\(p): no such image file") }
    let folder = try labelledFolder(args, useDefault: false)

    // The images: the given files (true label from --images, or from a labels.csv beside the file),
    // else the folder's rows (its shard, its first `limit`).
    var items: [(path: String, label: Int?)] = []
    if paths.isEmpty, let f = folder {
        var rows = shard.map { f.shard($0) } ?? f.images
        if let l = limit { rows = Array(rows.prefix(l)) }
        items = rows.map { (f.path(of: $0), $0.label) }
    } else {
        var beside: [String: LabelledImageFolder?] = [:]
        for p in paths {
            let dir = URL(fileURLWithPath: p).deletingLastPathComponent().path
            if beside[dir] == nil {
                let csv = (dir as NSString).appendingPathComponent(LabelledImageFolder.labelsFile)
                beside[dir] = FileManager.default.fileExists(atPath: csv) ? try? LabelledImageFolder.load(path: dir) : .some(nil)
            }
            let known = folder?.entry(forPath: p) ?? beside[dir]!?.entry(forPath: p)
            items.append((p, known?.label))
        }
    }

    let dir = try dataDirectory(args)
    context.progress("loading SqueezeNet v1.0 from \(dir.path)")
    let workload: SqueezeNetWorkload
    do { workload = try SqueezeNetWorkload.load(dataDirectory: dir) } catch let e as MissingDataFile {
        throw CLIError.failure(e.description)
    }
    var compilers: [String: Compiler] = [:]
    if mode == .predictive, let plans = try predictiveTablePlans(args, layers: workload.tunableLayers) {
        for (layer, plan) in zip(workload.tunableLayers, plans) { compilers[layer.spec.name] = plan.compiler }
    }
    let classes = ImageNetClasses.embedded
    func guesses(_ c: Classification) -> [ClassifiedImage.Guess] {
        c.top.map { .init(label: $0.label, name: classes.name($0.label), score: $0.score) }
    }
    var results: [ClassifiedImage] = []
    var tally = AccuracyTally()
    let started = Date()
    for (i, item) in items.enumerated() {
        let image: RGBImage
        do { image = try PPM.load(path: item.path) } catch { throw CLIError.failure("\(item.path): \(error)") }
        let float = try workload.classifyFloat(image: image)
        let fixed = Classification(scores: workload.scores(try workload.run(try workload.quantizedInput(image), mode: mode,
                                                                             compilers: compilers)))
        let r = ClassifiedImage(image: item.path, trueLabel: item.label, float: guesses(float), fixed: guesses(fixed))
        results.append(r)
        if let t = item.label { tally.add(truth: t, float: float.labels, fixed: fixed.labels) }
        if items.count > 1 { context.progress("image \(i + 1)/\(items.count) (\(Format.fixed(Date().timeIntervalSince(started), 1)) s)") }
        if items.count <= 20 || paths.count == items.count {
            context.say(classificationText(r, mode: mode, classes: classes))
        }
    }
    if tally.images > 0 {
        context.say(tally.summary(mode: mode))
    }
    struct Output: Encodable { let mode: String; let images: [ClassifiedImage]; let accuracy: AccuracyTally? }
    try context.emitJSON(Output(mode: mode.rawValue, images: results, accuracy: tally.images > 0 ? tally : nil))
}

/// The block printed for one image.
func classificationText(_ r: ClassifiedImage, mode: Mode, classes: ImageNetClasses) -> String {
    var t = Table(headers: ["rank", "float (golden)", "score", "fixed point 16-bit, \(mode.rawValue)", "score"])
    for k in 0..<max(r.float.count, r.fixed.count) {
        let f = k < r.float.count ? r.float[k] : nil, q = k < r.fixed.count ? r.fixed[k] : nil
        t.append(["\(k + 1)", f.map { "\($0.label) \($0.name)" } ?? "", f.map { Format.fixed($0.score, 3) } ?? "",
                  q.map { "\($0.label) \($0.name)" } ?? "", q.map { Format.fixed($0.score, 3) } ?? ""])
    }
    let truth = r.trueLabel.map { "true label \($0) \(classes.name($0))" } ?? "true label unknown (no labels.csv row)"
    return "\(r.image): \(truth)\n" + t.markdown
}

/// Top-1 / top-5 counts against true labels, float and fixed point.
struct AccuracyTally: Encodable {
    var images = 0
    var floatTop1 = 0, floatTop5 = 0, fixedTop1 = 0, fixedTop5 = 0

    mutating func add(truth: Int, float: [Int], fixed: [Int]) {
        images += 1
        if float.first == truth { floatTop1 += 1 }
        if float.prefix(5).contains(truth) { floatTop5 += 1 }
        if fixed.first == truth { fixedTop1 += 1 }
        if fixed.prefix(5).contains(truth) { fixedTop5 += 1 }
    }

    func summary(mode: Mode) -> String {
        func p(_ n: Int) -> String { "\(n)/\(images) (\(Format.percent(Double(n) / Double(images), 1)))" }
        return "accuracy on \(images) labelled image(s): float top-1 \(p(floatTop1)), top-5 \(p(floatTop5)); "
            + "fixed point (16-bit, \(mode.rawValue)) top-1 \(p(fixedTop1)), top-5 \(p(fixedTop5))"
    }
}
