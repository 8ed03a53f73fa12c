import XCTest
@testable import Golden

/// `StreamCycleModel` against timelines derived by hand from the register-transfer rules in its
/// documentation (cycle 1: stream row 0 read; cycle 2: row 0 written; cycle 3: first entry
/// fetched; cycle 4: first issue; cycle 5: first execute).
final class StreamCycleModelTests: XCTestCase {
    func testSingleOutputTimeline() {
        // One lane, one position, one kernel of 3 ops that runs to its end: issues at cycles
        // 4, 5, 6, the last op executes in cycle 7.
        let m = StreamCycleModel(lanes: 1, slots: 1, queueDepth: 4, streamRate: 1)
        let t = m.run(kernelLengths: [3], thresholdHeaders: false, executedOps: [3])
        XCTAssertEqual(t.computeCycles, 7)
        XCTAssertEqual(t.cycles, 7 + CycleModel.defaultHandshakeOverhead)
        XCTAssertEqual(t.executedOps, 3)
        XCTAssertEqual(t.wastedIssues, 0)
    }

    func testTerminationWastesOneIssueAndSkipsTheKernel() {
        // Kernel 0 (4 ops) stops after op 1: op 2 was already issued (cycle 6) and is wasted
        // (cycle 7), op 3 is skipped by the jump in cycle 7, kernel 1's four ops issue in cycles
        // 8-11 and the last executes in cycle 12.
        let m = StreamCycleModel(lanes: 1, slots: 1, queueDepth: 8, streamRate: 2)
        let t = m.run(kernelLengths: [4, 4], thresholdHeaders: false, executedOps: [2, 4])
        XCTAssertEqual(t.computeCycles, 12)
        XCTAssertEqual(t.executedOps, 6)
        XCTAssertEqual(t.wastedIssues, 1)
    }

    func testSeparateHeadersCostOneIssueCycleEach() {
        // The same single output with a bias header entry: one more cycle.
        let m = StreamCycleModel(lanes: 1, slots: 1, queueDepth: 4, streamRate: 1, separateHeaders: true)
        XCTAssertEqual(m.run(kernelLengths: [3], thresholdHeaders: false, executedOps: [3]).computeCycles, 8)
        XCTAssertEqual(m.run(kernelLengths: [3], thresholdHeaders: true, executedOps: [3]).computeCycles, 9)
    }

    func testFullRunsIssueEveryCycle() {
        // No early stop: each op entry issues once per position, back to back, so a lane with M
        // positions takes 4 + M·ΣL cycles whatever the kernel lengths (the stream keeps ahead).
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<20 {
            let slots = 1 + trial % 4
            let lengths = (0..<(1 + Int.random(in: 0..<6, using: &rng))).map { _ in Int.random(in: 1...9, using: &rng) }
            var ops: [Int32] = []
            for k in lengths { ops += [Int32](repeating: Int32(k), count: slots) }
            let m = StreamCycleModel(lanes: 1, slots: slots, queueDepth: 8, streamRate: 1)
            let t = m.run(kernelLengths: lengths, thresholdHeaders: false, executedOps: ops)
            XCTAssertEqual(t.computeCycles, 4 + slots * lengths.reduce(0, +), "slots \(slots) lengths \(lengths)")
            XCTAssertEqual(t.wastedIssues, 0)
            XCTAssertEqual(t.efficiency, Double(slots * lengths.reduce(0, +)) / Double(t.computeCycles), accuracy: 1e-12)
        }
    }

    func testEmptySlotsAndEmptyKernels() {
        // Two lanes: lane 1 has no position in slot 1 (-1). Kernel 1 is empty (L = 0): one
        // zero-weight op per position writes requant(bias).
        let m = StreamCycleModel(lanes: 2, slots: 2, queueDepth: 8, streamRate: 2)
        let ops: [Int32] = [3, 3, 0, 0,   // lane 0: kernel 0 slots 0,1; kernel 1 slots 0,1
                            3, -1, 0, -1] // lane 1
        let t = m.run(kernelLengths: [3, 0], thresholdHeaders: false, executedOps: ops)
        XCTAssertEqual(t.executedOps, 9)
        XCTAssertEqual(t.emptyKernelOps, 3)
        // Lane 0 issues 2·3 + 2 = 8 times from cycle 4: its last op executes in cycle 12.
        XCTAssertEqual(t.computeCycles, 12)
    }

    func testAShallowQueueCouplesTheLanes() {
        // Lane 0 has two full positions in kernel 0 and one in kernel 1 (its other position stops
        // after op 0); lane 1 the opposite. Each lane: one kernel at 2 × 5 issues, the other at
        // 2 issues for op 0, then op 1 issues slot 0 while slot 1's stop is decided, and finds no
        // live slot after it the next cycle (an idle cycle, not a wasted issue), then 3 issues:
        // 17 cycles from cycle 4, the last execute in cycle 21. A deep queue lets each lane run
        // at its own pace; a one-entry queue makes the stream wait for the slower lane on every
        // entry (lock step), which costs more.
        let lengths = [5, 5]
        let ops: [Int32] = [5, 5, 5, 1,
                            5, 1, 5, 5]
        let deep = StreamCycleModel(lanes: 2, slots: 2, queueDepth: 64, streamRate: 1)
            .run(kernelLengths: lengths, thresholdHeaders: false, executedOps: ops)
        let shallow = StreamCycleModel(lanes: 2, slots: 2, queueDepth: 1, streamRate: 1)
            .run(kernelLengths: lengths, thresholdHeaders: false, executedOps: ops)
        XCTAssertEqual(deep.computeCycles, 21)
        XCTAssertEqual(deep.wastedIssues, 0)
        XCTAssertEqual(deep.executedOps, 32)
        XCTAssertGreaterThan(shallow.computeCycles, deep.computeCycles)
    }
}
