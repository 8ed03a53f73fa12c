import XCTest
import HDL

/// Lines recorded by the faulty modules below (the expected error locations).
final class Lines: @unchecked Sendable {
    static let shared = Lines()
    var values: [String: Int] = [:]
    static func set(_ key: String, _ line: Int) { shared.values[key] = line }
    static func get(_ key: String) -> Int { shared.values[key] ?? -1 }
}

private let file = "CheckTests.swift"

/// Elaborates and returns the diagnostics of the expected failure.
private func errors<M: Module>(_ make: @autoclosure () -> M) -> [Diagnostic] {
    do {
        _ = try Elaborator.elaborate(make())
        XCTFail("elaboration succeeded but an error was expected")
        return []
    } catch let e as HDLError {
        return e.diagnostics
    } catch {
        XCTFail("unexpected error \(error)")
        return []
    }
}

private final class AssignWidth: Module {
    let a = Input(.uint(8))
    let y = Output(.uint(9))
    override init() {
        super.init()
        Lines.set("assignWidth", #line); y.assign(a)
    }
}

private final class AssignSign: Module {
    let a = Input(.sint(8))
    let y = Output(.uint(8))
    override init() {
        super.init()
        Lines.set("assignSign", #line); y.assign(a)
    }
}

private final class OperatorWidth: Module {
    let a = Input(.uint(8))
    let b = Input(.uint(9))
    let y = Output(.uint(8))
    override init() {
        super.init()
        Lines.set("opWidth", #line); y.assign(a + b)
    }
}

private final class OperatorSign: Module {
    let a = Input(.uint(8))
    let b = Input(.sint(8))
    let y = Output(.bool)
    override init() {
        super.init()
        Lines.set("opSign", #line); y.assign(a < b)
    }
}

private final class LiteralFit: Module {
    let y = Output(.uint(8))
    override init() {
        super.init()
        Lines.set("literal", #line); y.assign(lit(256, .uint(8)))
    }
}

private final class TwoDrivers: Module {
    let a = Input(.uint(4))
    let y = Output(.uint(4))
    override init() {
        super.init()
        Lines.set("driver1", #line); y.assign(a)
        Lines.set("driver2", #line); y.assign(a + 1)
    }
}

private final class Loop: Module {
    let x = Input(.uint(4))
    let y = Output(.uint(4))
    let first: Signal
    let second: Signal
    override init() {
        Lines.set("loopFirst", #line); first = Wire(.uint(4))
        Lines.set("loopSecond", #line); second = Wire(.uint(4))
        super.init()
        first.assign(second + 1)
        second.assign(first ^ x)
        y.assign(second)
    }
}

private final class UndrivenOutput: Module {
    let a = Input(.uint(4))
    let y: Signal
    let z = Output(.uint(4))
    override init() {
        Lines.set("undrivenOut", #line); y = Output(.uint(4))
        super.init()
        z.assign(a)
    }
}

private final class UndrivenWire: Module {
    let y = Output(.uint(4))
    let w: Signal
    override init() {
        Lines.set("undrivenWire", #line); w = Wire(.uint(4))
        super.init()
        y.assign(w)
    }
}

private final class UndrivenReg: Module {
    let y = Output(.uint(4))
    let r: Signal
    override init() {
        Lines.set("undrivenReg", #line); r = Reg(.uint(4), reset: 0)
        super.init()
        y.assign(r)
    }
}

private final class Child: Module {
    let i = Input(.uint(4))
    let o = Output(.uint(4))
    override init() {
        super.init()
        o.assign(i)
    }
}

private final class UndrivenChildInput: Module {
    let y = Output(.uint(4))
    let c: Child
    override init() {
        Lines.set("childInst", #line); c = instance(Child())
        super.init()
        y.assign(c.o)
    }
}

private final class Latch: Module {
    let en = Input(.bool)
    let a = Input(.uint(4))
    let y = Output(.uint(4))
    let w: Signal
    override init() {
        Lines.set("latchWire", #line); w = Wire(.uint(4))
        super.init()
        Lines.set("latchWhen", #line); when(en) { w.assign(a) }
        y.assign(w)
    }
}

private final class LatchElsewhen: Module {
    let p = Input(.bool)
    let q = Input(.bool)
    let y: Signal
    override init() {
        Lines.set("latchOut", #line); y = Output(.uint(2))
        super.init()
        when(p) { y.assign(1) }.elsewhen(q) { y.assign(2) }
    }
}

private final class NoLatchWithDefault: Module {
    let p = Input(.bool)
    let q = Input(.bool)
    let y = Output(.uint(2))
    override init() {
        super.init()
        y.assign(0)
        when(p) { y.assign(1) }.elsewhen(q) { y.assign(2) }
    }
}

private final class Unused: Module {
    let a: Signal
    let b = Input(.uint(4))
    let w: Signal
    let y = Output(.uint(4))
    override init() {
        Lines.set("unusedInput", #line); a = Input(.uint(4))
        Lines.set("unusedWire", #line); w = Wire(.uint(4))
        super.init()
        w.assign(b)
        y.assign(b)
    }
}

private final class ShiftRange: Module {
    let a = Input(.uint(4))
    let y = Output(.uint(4))
    override init() {
        super.init()
        Lines.set("shift", #line); y.assign(a << 4)
    }
}

private final class MemAddress: Module {
    let a = Input(.uint(4))
    let y = Output(.uint(8))
    let m = Mem(depth: 8, type: .uint(8))
    override init() {
        super.init()
        Lines.set("memAddr", #line); y.assign(m.read(a))
    }
}

final class CheckTests: XCTestCase {
    private func assertError(_ diags: [Diagnostic], _ key: String, contains text: String,
                             file f: StaticString = #filePath, line l: UInt = #line) {
        let where_ = "\(file):\(Lines.get(key))"
        let hit = diags.first { $0.severity == .error && $0.location.description == where_ && $0.message.contains(text) }
        XCTAssertNotNil(hit, "expected error at \(where_) containing '\(text)', got:\n\(diags.map(\.description).joined(separator: "\n"))", file: f, line: l)
        XCTAssertTrue(HDLError.elaboration(diags).description.contains("\(where_): error:"), file: f, line: l)
    }

    func testWidthMismatchInAssignment() {
        assertError(errors(AssignWidth()), "assignWidth", contains: "width mismatch in assignment")
    }

    func testSignednessMismatchInAssignment() {
        assertError(errors(AssignSign()), "assignSign", contains: "signedness mismatch in assignment")
    }

    func testWidthMismatchInOperator() {
        assertError(errors(OperatorWidth()), "opWidth", contains: "width mismatch in '+': UInt<8> vs UInt<9>")
    }

    func testSignednessMismatchInOperator() {
        assertError(errors(OperatorSign()), "opSign", contains: "signedness mismatch in '<'")
    }

    func testLiteralMustFit() {
        assertError(errors(LiteralFit()), "literal", contains: "literal 256 does not fit UInt<8>")
    }

    func testShiftAmountRange() {
        assertError(errors(ShiftRange()), "shift", contains: "shift amount 4 out of range")
    }

    func testMemoryAddressType() {
        assertError(errors(MemAddress()), "memAddr", contains: "memory address must be UInt<3>")
    }

    func testMultipleDrivers() {
        let d = errors(TwoDrivers())
        assertError(d, "driver2", contains: "driven from two places")
        XCTAssertTrue(d.contains { $0.message.contains("\(file):\(Lines.get("driver1"))") })
    }

    func testCombinationalLoopListsEverySignal() {
        let d = errors(Loop())
        let loop = d.first { $0.message.contains("combinational loop") }
        XCTAssertNotNil(loop)
        let msg = loop?.message ?? ""
        XCTAssertTrue(msg.contains("'first' (\(file):\(Lines.get("loopFirst")))"), msg)
        XCTAssertTrue(msg.contains("'second' (\(file):\(Lines.get("loopSecond")))"), msg)
        XCTAssertTrue(["\(file):\(Lines.get("loopFirst"))", "\(file):\(Lines.get("loopSecond"))"].contains(loop?.location.description ?? ""))
    }

    func testUndrivenOutput() {
        assertError(errors(UndrivenOutput()), "undrivenOut", contains: "output 'y' is never assigned")
    }

    func testUndrivenWire() {
        assertError(errors(UndrivenWire()), "undrivenWire", contains: "wire 'w' is never assigned")
    }

    func testUndrivenRegisterInput() {
        assertError(errors(UndrivenReg()), "undrivenReg", contains: "register 'r' is never assigned")
    }

    func testUndrivenChildInput() {
        assertError(errors(UndrivenChildInput()), "childInst", contains: "input 'i' of instance 'c' (Child) is never driven")
    }

    func testLatchIsRejected() {
        let d = errors(Latch())
        assertError(d, "latchWire", contains: "'w' is not assigned on every path")
        XCTAssertTrue(d.contains { $0.message.contains("when at \(file):\(Lines.get("latchWhen"))") })
    }

    func testLatchWithoutOtherwiseIsRejected() {
        assertError(errors(LatchElsewhen()), "latchOut", contains: "'y' is not assigned on every path")
    }

    func testDefaultThenOverrideIsAccepted() throws {
        let d = try Elaborator.elaborate(NoLatchWithDefault())
        XCTAssertEqual(d.warnings, [])
    }

    func testUnusedInputAndWireAreWarnings() throws {
        let d = try Elaborator.elaborate(Unused())
        XCTAssertTrue(d.warnings.contains(Diagnostic(.warning, SourceLocation(file: file, line: Lines.get("unusedInput")), "input 'a' is never used")), "\(d.warnings)")
        XCTAssertTrue(d.warnings.contains(Diagnostic(.warning, SourceLocation(file: file, line: Lines.get("unusedWire")), "wire 'w' is never used")), "\(d.warnings)")
        XCTAssertEqual(d.warnings.count, 2)
    }
}
