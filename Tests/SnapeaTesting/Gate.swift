import Foundation
import HDL
import SnapeaEnvironment
import XCTest

/// The one place where a test decides that it cannot run: a tool or a data file is missing, or the
/// test is opt-in. Locally a missing tool or data file skips the test; under CI
/// (`RunEnvironment.isCI`) it fails it. Every skip is recorded with its reason and the run ends
/// with a summary (`SkipLedger`).
public enum Gate {
    /// Why a test cannot run.
    public enum Kind: String, Sendable, CaseIterable {
        /// An external program (verilator, iverilog, vvp, yosys) is not on PATH.
        case tool
        /// A data file (../shared/data, `$SNAPEA_DATA`) is missing.
        case data
        /// The test runs only when an environment variable asks for it (benchmarks, experiments).
        case optIn = "opt-in"
    }

    /// The error a gated test throws under CI: a failure, not a skip.
    public struct RequiredUnderCI: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// What a missing requirement does to a test.
    public enum Outcome: Equatable, Sendable {
        /// Skipped, with this message.
        case skip(String)
        /// Failed (a missing tool or data file under CI), with this message.
        case fail(String)
    }

    /// The outcome of a missing `kind` requirement in `environment`: a skip locally or when opt-in;
    /// a failure for a tool or data file under CI (`RunEnvironment.isCI`).
    public static func outcome(_ kind: Kind, _ reason: String, environment: [String: String]) -> Outcome {
        if kind != .optIn && RunEnvironment.isCI(environment) {
            return .fail("\(kind.rawValue) required under CI (\(RunEnvironment.ciVariable)=\(environment[RunEnvironment.ciVariable] ?? "")): \(reason)")
        }
        return .skip("\(kind.rawValue): \(reason)")
    }

    /// The error to throw when a `kind` requirement is missing (`outcome` in this process's
    /// environment): an `XCTSkip`, or `RequiredUnderCI` (the test fails). The reason is recorded
    /// for the end-of-run summary.
    public static func unavailable(_ kind: Kind, _ reason: String) -> any Error {
        SkipLedger.shared.install()
        switch outcome(kind, reason, environment: ProcessInfo.processInfo.environment) {
        case .fail(let message):
            SkipLedger.shared.recordFailure(kind, reason)
            return RequiredUnderCI(message: message)
        case .skip(let message):
            SkipLedger.shared.recordSkip(kind, reason)
            return XCTSkip(message)
        }
    }

    /// The tool `name` on PATH, or the `unavailable(.tool, …)` error.
    @discardableResult
    public static func requireTool(_ name: String) throws -> ExternalTool {
        TestRun.prepare()
        if let t = ExternalTool.find(name) { return t }
        throw unavailable(.tool, "\(name) not found on PATH; install it with scripts/setup.sh (apt-get install -y verilator yosys iverilog)")
    }

    /// The value of `variable` when set (not empty); otherwise the test is skipped as opt-in (also
    /// under CI: opt-in tests are not part of the CI run).
    @discardableResult
    public static func optIn(_ variable: String, _ purpose: String) throws -> String {
        TestRun.prepare()
        if let v = ProcessInfo.processInfo.environment[variable], !v.isEmpty { return v }
        throw unavailable(.optIn, "set \(variable) to \(purpose)")
    }
}

/// Per-run set-up shared by every test that uses a tool: compiled simulators go to a fresh
/// temporary cache folder (`$SNAPEA_CACHE`), removed when the run ends, so no test reuses a
/// binary built by an earlier run or another tool version.
public enum TestRun {
    private static let cacheFolder: String = {
        let dir = NSTemporaryDirectory() + "snapea-test-cache-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        setenv("SNAPEA_CACHE", dir, 1)
        SkipLedger.shared.install()
        SkipLedger.shared.removeAtEnd(dir)
        return dir
    }()

    /// Sets `$SNAPEA_CACHE` to this run's temporary folder (once) and returns it.
    @discardableResult
    public static func prepare() -> String { cacheFolder }
}

/// Records every skip (and every gate failure under CI) with its reason and prints a summary when
/// the test bundle finishes: how many tests were skipped, by kind, and why.
public final class SkipLedger: NSObject, XCTestObservation, @unchecked Sendable {
    public static let shared = SkipLedger()

    private let lock = NSLock()
    private var installed = false
    private var pending: [(Gate.Kind, String, failed: Bool)] = []
    private var skipped: [(test: String, kind: String, reason: String)] = []
    private var failed: [(test: String, kind: String, reason: String)] = []
    private var cleanup: [String] = []

    /// Registers the observer once (idempotent).
    public func install() {
        lock.lock()
        let first = !installed
        installed = true
        lock.unlock()
        if first { XCTestObservationCenter.shared.addTestObserver(self) }
    }

    func recordSkip(_ kind: Gate.Kind, _ reason: String) {
        lock.lock(); pending.append((kind, reason, false)); lock.unlock()
    }

    func recordFailure(_ kind: Gate.Kind, _ reason: String) {
        lock.lock(); pending.append((kind, reason, true)); lock.unlock()
    }

    func removeAtEnd(_ path: String) {
        lock.lock(); cleanup.append(path); lock.unlock()
    }

    public func testCaseDidFinish(_ testCase: XCTestCase) {
        lock.lock()
        defer { lock.unlock() }
        let reasons = pending
        pending = []
        let name = testCase.name
        if testCase.testRun?.hasBeenSkipped == true {
            if let r = reasons.last(where: { !$0.failed }) {
                skipped.append((name, r.0.rawValue, r.1))
            } else {
                skipped.append((name, "unrecorded", "skipped without Gate (no reason recorded)"))
            }
        }
        for r in reasons where r.failed { failed.append((name, r.0.rawValue, r.1)) }
    }

    /// The summary lines (also used by tests of the ledger).
    public func summary() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        var lines = ["SKIPPED TESTS: \(skipped.count)"
            + (skipped.isEmpty ? "" : " (" + Dictionary(grouping: skipped, by: \.kind).sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value.count)" }.joined(separator: ", ") + ")")]
        for s in skipped { lines.append("  skipped \(s.test) [\(s.kind)]: \(s.reason)") }
        if !failed.isEmpty {
            lines.append("GATED TESTS FAILED UNDER CI: \(failed.count)")
            for f in failed { lines.append("  failed \(f.test) [\(f.kind)]: \(f.reason)") }
        }
        return lines
    }

    public func testBundleDidFinish(_ testBundle: Bundle) {
        print(summary().joined(separator: "\n"))
        lock.lock()
        let dirs = cleanup
        lock.unlock()
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
    }
}
