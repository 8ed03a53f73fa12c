import XCTest
import HDL

/// The IR simulator against hand-written reference models of the examples.
final class SimulatorExampleTests: XCTestCase {
    func testCounterMatchesReference() throws {
        let sim = try Simulator(try Elaborator.elaborate(Counter(width: 4)))
        sim.reset()
        var ref = 0
        var rng = SplitMix(seed: 7)
        for _ in 0..<200 {
            let en = Int(rng.next() & 1), clr = rng.next() % 10 == 0 ? 1 : 0
            try sim.set("enable", en)
            try sim.set("clear", clr)
            XCTAssertEqual(try sim.getInt("count"), ref)
            XCTAssertEqual(try sim.getInt("wrap"), (clr == 0 && en == 1 && ref == 15) ? 1 : 0)
            sim.step()
            if clr == 1 { ref = 0 } else if en == 1 { ref = (ref + 1) & 15 }
        }
    }

    func testFIFOMatchesQueue() throws {
        for (depth, resetKind) in [(8, ResetKind.sync), (6, .async)] {
            let sim = try Simulator(try Elaborator.elaborate(FIFO(depth: depth, type: .sint(12)),
                                                            options: .init(defaultResetKind: resetKind)))
            sim.reset()
            var queue: [Int] = []
            var rng = SplitMix(seed: UInt64(depth))
            for _ in 0..<500 {
                let push = Int(rng.next() % 3 == 0 ? 0 : 1), pop = Int(rng.next() & 1)
                let data = Int(rng.next() % 4096) - 2048
                try sim.set("push", push)
                try sim.set("pop", pop)
                try sim.set("dataIn", data)
                XCTAssertEqual(try sim.getInt("empty"), queue.isEmpty ? 1 : 0)
                XCTAssertEqual(try sim.getInt("full"), queue.count == depth ? 1 : 0)
                if let head = queue.first { XCTAssertEqual(try sim.getInt("dataOut"), head) }
                let canPush = push == 1 && queue.count < depth, canPop = pop == 1 && !queue.isEmpty
                if canPop { queue.removeFirst() }
                if canPush { queue.append(data) }
                sim.step()
            }
        }
    }

    func testMACMatchesReference() throws {
        let sim = try Simulator(try Elaborator.elaborate(MAC(width: 16, accWidth: 43)))
        sim.reset()
        var acc = 0
        var rng = SplitMix(seed: 3)
        for _ in 0..<300 {
            let a = Int(Int16(truncatingIfNeeded: rng.next())), b = Int(Int16(truncatingIfNeeded: rng.next()))
            let load = rng.next() % 20 == 0 ? 1 : 0, valid = Int(rng.next() & 1)
            let bias = Int(rng.next() % (1 << 40)) - (1 << 39)
            for (n, v) in [("a", a), ("b", b), ("load", load), ("valid", valid), ("bias", bias)] { try sim.set(n, v) }
            XCTAssertEqual(try sim.getInt("acc"), acc)
            sim.step()
            if load == 1 { acc = bias } else if valid == 1 { acc += a * b }
            // 43-bit two's complement wrap (never reached with these magnitudes, checked anyway).
            acc = ((acc + (1 << 42)) & ((1 << 43) - 1)) - (1 << 42)
        }
        XCTAssertNotNil(try? sim.peek("mul.product"))
    }
}

/// A small deterministic PRNG for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
