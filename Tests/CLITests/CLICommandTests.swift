import Foundation
import SnapeaTesting
import XCTest

/// End-to-end tests of the subcommands: exit codes, outputs and error messages of the built executable.
final class CLICommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("snapea-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func testEveryCommandHasHelpWithExamples() throws {
        for command in ["demo", "generate", "simulate", "cosim", "estimate", "tune", "report", "train-digits", "bench"] {
            let r = try SnapeaProcess.run([command, "--help"])
            XCTAssertEqual(r.status, 0, command)
            XCTAssertTrue(r.stdout.contains("usage: snapea \(command)"), command)
            XCTAssertTrue(r.stdout.contains("examples:"), command)
        }
    }

    func testGenerateWritesOneModulePerFileAndRefusesToOverwrite() throws {
        let out = scratch.appendingPathComponent("rtl").path
        let r = try SnapeaProcess.run(["generate", "--preset", "small", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        XCTAssertTrue(files.contains("SnapeaArray.f"))
        let list = try String(contentsOfFile: out + "/SnapeaArray.f", encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        XCTAssertEqual(Set(list), Set(files.filter { $0.hasSuffix(".v") }), "the file list names every emitted module")
        for file in files where file.hasSuffix(".v") {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            XCTAssertEqual(text.components(separatedBy: "\nmodule ").count - 1, 1, "one module in \(file)")
            XCTAssertTrue(text.contains("`default_nettype none"), file)
        }
        let again = try SnapeaProcess.run(["generate", "--preset", "small", "--out", out])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already exists") && again.stderr.contains("--force"), again.stderr)
        XCTAssertEqual(try SnapeaProcess.run(["generate", "--preset", "small", "--out", out, "--force"]).status, 0)
    }

    func testBadPresetIsAUsageErrorWithSuggestion() throws {
        let r = try SnapeaProcess.run(["generate", "--preset", "defualt256", "--out", scratch.appendingPathComponent("x").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--preset") && r.stderr.contains("did you mean 'default256'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("x").path), "nothing written")
    }

    func testConfigFileErrors() throws {
        let missing = try SnapeaProcess.run(["generate", "--config", scratch.appendingPathComponent("none.json").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--config") && missing.stderr.contains("no such file"), missing.stderr)

        let corrupt = scratch.appendingPathComponent("bad.json")
        try Data("{\"pes\": 2, \"lanesPerPE\": ".utf8).write(to: corrupt)
        let r = try SnapeaProcess.run(["generate", "--config", corrupt.path, "--out", scratch.appendingPathComponent("y").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains(corrupt.path), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one-line error: \(r.stderr)")

        // A structurally valid config with 0 lanes names the field.
        let printed = try SnapeaProcess.run(["generate", "--preset", "small", "--print-config"])
        XCTAssertEqual(printed.status, 0)
        let zeroLanes = printed.stdout.replacingOccurrences(of: "\"lanesPerPE\" : 4", with: "\"lanesPerPE\" : 0")
        XCTAssertNotEqual(zeroLanes, printed.stdout, "the printed config names lanesPerPE")
        let zeroFile = scratch.appendingPathComponent("zero.json")
        try Data(zeroLanes.utf8).write(to: zeroFile)
        let z = try SnapeaProcess.run(["generate", "--config", zeroFile.path, "--out", scratch.appendingPathComponent("z").path])
        XCTAssertEqual(z.status, 1)
        XCTAssertTrue(z.stderr.contains("lanesPerPE"), z.stderr)
    }

    func testOutputFolderWhoseParentIsMissingFails() throws {
        let r = try SnapeaProcess.run(["generate", "--preset", "small", "--out", scratch.path + "/no/such/dir"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("does not exist"), r.stderr)
    }

    func testBadBudgetsAndCounts() throws {
        let negative = try SnapeaProcess.run(["tune", "--budget", "-3%"])
        XCTAssertEqual(negative.status, 2)
        XCTAssertTrue(negative.stderr.contains("--budget"), negative.stderr)
        let word = try SnapeaProcess.run(["tune", "--budget", "lots"])
        XCTAssertEqual(word.status, 2)
        XCTAssertTrue(word.stderr.contains("--budget"), word.stderr)
        let samples = try SnapeaProcess.run(["simulate", "--samples", "0"])
        XCTAssertEqual(samples.status, 2)
        XCTAssertTrue(samples.stderr.contains("--samples"), samples.stderr)
        let model = try SnapeaProcess.run(["simulate", "--model", "squeeznet"])
        XCTAssertEqual(model.status, 2)
        XCTAssertTrue(model.stderr.contains("did you mean 'squeezenet'"), model.stderr)
    }

    func testBadTunerOptions() throws {
        for (args, name) in [(["tune", "--rule", "maybe"], "--rule"), (["tune", "--confidence", "1.5"], "--confidence"),
                             (["tune", "--confidence", "high"], "--confidence"), (["tune", "--proxy", "huge"], "--proxy"),
                             (["tune", "--refine", "-1"], "--refine"), (["tune", "--labels", "crop"], "--labels")] {
            let r = try SnapeaProcess.run(args)
            XCTAssertEqual(r.status, 2, "\(args)")
            XCTAssertTrue(r.stderr.contains(name), r.stderr)
        }
    }

    func testMissingDataFolderIsNamed() throws {
        let r = try SnapeaProcess.run(["simulate", "--model", "squeezenet", "--data", scratch.path + "/absent"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("--data") && r.stderr.contains("absent"), r.stderr)
        // An existing folder without the model files: the missing file is named.
        let empty = try SnapeaProcess.run(["simulate", "--model", "squeezenet", "--data", scratch.path])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("SqueezeNet") || empty.stderr.contains("prototxt") || empty.stderr.contains(".net"),
                      empty.stderr)
    }

    /// The dense op count of the digits layers follows from their shapes alone:
    /// outC × (8×8 positions, pad 1) × inC×3×3 × samples; and exact ≤ zeroSkip ≤ dense.
    func testSimulateDigitsOpCountsFollowFromShapes() throws {
        let r = try SnapeaProcess.run(["simulate", "--samples", "3", "--json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let layers = try XCTUnwrap(json["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.count, 2)
        let expectedDense = [8 * 64 * (1 * 9) * 3, 16 * 64 * (8 * 9) * 3]
        for (layer, dense) in zip(layers, expectedDense) {
            XCTAssertEqual(layer["denseOps"] as? Int, dense)
            let modes = try XCTUnwrap(layer["modes"] as? [[String: Any]])
            func ops(_ m: String) -> Int { modes.first { $0["mode"] as? String == m }?["executedOps"] as? Int ?? -1 }
            XCTAssertEqual(ops("dense"), dense)
            XCTAssertLessThanOrEqual(ops("exact"), ops("zeroSkip"))
            XCTAssertLessThanOrEqual(ops("zeroSkip"), ops("dense"))
            XCTAssertGreaterThan(ops("exact"), 0)
        }
    }

    /// `--preset stream256` runs the same ops as the register-file organisation (the golden
    /// model's counts) with its own cycle counts; `generate` writes its Verilog and memory list.
    func testStreamPresetSimulatesTheSameOpsAndGenerates() throws {
        func layers(_ preset: String) throws -> [[String: Any]] {
            let r = try SnapeaProcess.run(["simulate", "--samples", "3", "--preset", preset, "--json", "--quiet"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["config"] as? String, preset)
            return try XCTUnwrap(json["layers"] as? [[String: Any]])
        }
        let stream = try layers("stream256"), registers = try layers("default256")
        XCTAssertEqual(stream.count, 2)
        func figure(_ layer: [String: Any], _ mode: String, _ key: String) -> Int {
            ((layer["modes"] as? [[String: Any]])?.first { $0["mode"] as? String == mode }?[key] as? Int) ?? -1
        }
        for (a, b) in zip(stream, registers) {
            for mode in ["dense", "zeroSkip", "exact"] {
                XCTAssertEqual(figure(a, mode, "executedOps"), figure(b, mode, "executedOps"), mode)
                XCTAssertGreaterThan(figure(a, mode, "cycles"), 0, mode)
            }
        }
        let out = scratch.appendingPathComponent("rtl-stream").path
        let g = try SnapeaProcess.run(["generate", "--preset", "stream256", "--out", out, "--quiet"])
        XCTAssertEqual(g.status, 0, g.stderr)
        let list = try String(contentsOfFile: out + "/SnapeaArray.memories.json", encoding: .utf8)
        XCTAssertTrue(list.contains("sram_1rw_1024x16") && list.contains("sram_1r1w_32x92"), list)
        let both = try SnapeaProcess.run(["simulate", "--preset", "stream256", "--config", "x.json"])
        XCTAssertEqual(both.status, 2, "--preset and --config together are a usage error")
        // estimate: the area of the SRAM-macro design, its PAU overhead, and the macros priced.
        let e = try SnapeaProcess.run(["estimate", "--preset", "stream256", "--json", "--quiet"])
        XCTAssertEqual(e.status, 0, e.stderr)
        let est = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        let area = try XCTUnwrap(est["areaUm2"] as? Double), base = try XCTUnwrap(est["baselineAreaUm2"] as? Double)
        let macros = try XCTUnwrap(est["macroUm2"] as? Double)
        XCTAssertLessThan(area, 6e6, "issue 13: a 256-MAC design of at most 6 mm^2")
        XCTAssertGreaterThan(area, base, "PAUs add area")
        XCTAssertEqual(est["pauOverhead"] as? Double ?? -1, (area - base) / base, accuracy: 1e-9)
        XCTAssertLessThan(macros, area)
    }

    func testCosimSmallPresetIsBitAndCycleExact() throws {
        try Gate.requireTool("verilator")
        let r = try SnapeaProcess.run(["cosim", "--preset", "small", "--tiles", "1", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("bit-exact and cycle-exact"), r.stdout)
    }

    /// The table `tune --out` writes is what `simulate --table` and `cosim --table` run: predictive
    /// ops never exceed exact ops (rule 1 only stops earlier, checked per layer from the JSON),
    /// the run is bit- and cycle-exact on the RTL, and a table made for another network or a
    /// truncated file is refused naming the file and the layer.
    func testTuneTableDrivesSimulateAndCosim() throws {
        let table = scratch.appendingPathComponent("aware.json").path
        let tune = try SnapeaProcess.run(["tune", "--budget", "3%", "--out", table, "--quiet"])
        XCTAssertEqual(tune.status, 0, tune.stderr)

        let sim = try SnapeaProcess.run(["simulate", "--samples", "4", "--table", table, "--json", "--quiet"])
        XCTAssertEqual(sim.status, 0, sim.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sim.stdout.utf8)) as? [String: Any])
        let layers = try XCTUnwrap(json["layers"] as? [[String: Any]])
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: table))) as? [String: Any])
        let tableLayers = try XCTUnwrap(written["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.count, tableLayers.count)
        var predictiveLayers = 0
        for (layer, entry) in zip(layers, tableLayers) {
            let modes = try XCTUnwrap(layer["modes"] as? [[String: Any]])
            func ops(_ m: String) -> Int { modes.first { $0["mode"] as? String == m }?["executedOps"] as? Int ?? -1 }
            XCTAssertGreaterThan(ops("predictive"), 0)
            XCTAssertLessThanOrEqual(ops("predictive"), ops("exact"))
            // kernels whose table entry can fire, counted from the file itself
            let kernels = try XCTUnwrap(entry["kernels"] as? [[String: Any]])
            let firing = kernels.filter { ($0["specN"] as? Int ?? 0) >= 1 }.count
            XCTAssertEqual(layer["predictiveKernels"] as? Int, entry["mode"] as? String == "predictive" ? firing : 0)
            if entry["mode"] as? String == "predictive" { predictiveLayers += 1 }
        }
        XCTAssertGreaterThan(predictiveLayers, 0, "the 3 % table runs some layer predictive")

        try Gate.requireTool("verilator")
        let cosim = try SnapeaProcess.run(["cosim", "--preset", "small", "--tiles", "1", "--table", table, "--json", "--quiet"])
        XCTAssertEqual(cosim.status, 0, cosim.stderr)
        let c = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cosim.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(c["tiles"] as? Int, 4, "one tile in each of the four modes")
        XCTAssertEqual(c["passed"] as? Bool, true)
        XCTAssertEqual(c["rtlCycles"] as? [Int], c["modelCycles"] as? [Int])

        // The SnaPEA-aware table on the plain network: same layer names, other weights.
        let wrong = try SnapeaProcess.run(["simulate", "--model", "digits-plain", "--table", table, "--quiet"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("--table") && wrong.stderr.contains("layer 'conv1'"), wrong.stderr)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: table))
        let truncated = scratch.appendingPathComponent("truncated.json")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let bad = try SnapeaProcess.run(["cosim", "--preset", "small", "--table", truncated.path, "--quiet"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--table: truncated.json"), bad.stderr)

        let missing = try SnapeaProcess.run(["simulate", "--table", scratch.appendingPathComponent("nope.json").path, "--quiet"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--table") && missing.stderr.contains("nope.json"), missing.stderr)
    }

    func testReportWritesEveryFileAtomically() throws {
        let out = scratch.appendingPathComponent("report").path
        let r = try SnapeaProcess.run(["report", "--preset", "small", "--samples", "2", "--no-squeezenet", "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        for f in ["report.md", "report.json", "layers.csv", "area.svg", "area.csv", "area.json", "pareto.svg"] {
            XCTAssertTrue(files.contains(f), "missing \(f) in \(files)")
        }
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as? [String: Any])
        XCTAssertEqual((json["networks"] as? [Any])?.count, 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "no staging folder left behind")
    }
}
