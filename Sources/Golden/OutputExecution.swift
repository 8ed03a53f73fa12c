/// Why the computation of one output stopped (docs/ARCHITECTURE.md, "Execution of one output").
public enum StopReason: UInt8, Sendable, Equatable {
    /// Rule 3 (or an empty op list): the output is `requant(acc)`.
    case complete
    /// Rule 2: sign check, the output is 0 (exactly).
    case sign
    /// Rule 1: threshold check, the output is predicted 0.
    case predicted
}

/// The result of computing one output.
public struct OutputResult: Sendable, Equatable {
    /// Accumulator at the stop.
    public var accumulator: Int64
    /// Executed ops (`i + 1` at the stop, 0 for an empty list).
    public var ops: Int
    public var stop: StopReason
    /// The output value: `requant(accumulator, s)` if complete, else 0.
    public var value: Int32
}

/// Unchecked-sendable wrapper for raw pointers shared by concurrent workers that write
/// disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
}

/// The op loop shared by every executor. `predIdx` is `N - 1` (or `Int.max` when the
/// threshold check is off), `signFrom` is `C` (or `Int.max` when the sign check is off).
@inline(__always)
func runOps(_ w: UnsafePointer<Int32>, _ off: UnsafePointer<Int32>, count: Int, bias: Int64,
            predIdx: Int, signFrom: Int, threshold: Int64, input x: UnsafePointer<Int32>)
    -> (acc: Int64, ops: Int, stop: StopReason) {
    var a = bias
    let firstCheck = min(predIdx, signFrom, count)
    var i = 0
    while i < firstCheck {
        a &+= Int64(w[i]) &* Int64(x[Int(off[i])])
        i += 1
    }
    while i < count {
        a &+= Int64(w[i]) &* Int64(x[Int(off[i])])
        if i == predIdx && a <= threshold { return (a, i + 1, .predicted) }
        if i >= signFrom && a < 0 { return (a, i + 1, .sign) }
        i += 1
    }
    return (a, count, .complete)
}

/// Sum of the ops `from..<count` (used to recover the true value of a predicted output).
@inline(__always)
func sumOps(_ w: UnsafePointer<Int32>, _ off: UnsafePointer<Int32>, from: Int, count: Int,
            input x: UnsafePointer<Int32>) -> Int64 {
    var a: Int64 = 0
    var i = from
    while i < count {
        a &+= Int64(w[i]) &* Int64(x[Int(off[i])])
        i += 1
    }
    return a
}

extension KernelProgram {
    /// Computes one output at input base `base` of a flat input tile (bounds-checked; slow path
    /// for stimulus generation and tests). `mode` selects which checks are on.
    public func execute(input: [Int32], base: Int, mode: Mode, shift: Int, width: Int) -> OutputResult {
        precondition(offsets.allSatisfy { base + Int($0) >= 0 && base + Int($0) < input.count },
                     "kernel program reads outside the input tile")
        return executeUnchecked(input: input, base: base, mode: mode, shift: shift, width: width)
    }

    /// `execute` without the bounds check (the caller has validated the offsets).
    func executeUnchecked(input: [Int32], base: Int, mode: Mode, shift: Int, width: Int) -> OutputResult {
        let r = weights.withUnsafeBufferPointer { w in
            offsets.withUnsafeBufferPointer { o in
                input.withUnsafeBufferPointer { x in
                    runOps(w.baseAddress ?? UnsafePointer(bitPattern: 8)!, o.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                           count: count, bias: bias,
                           predIdx: mode.thresholdCheck && specN >= 1 ? specN - 1 : Int.max,
                           signFrom: mode.signCheck ? checkFrom : Int.max, threshold: threshold,
                           input: (x.baseAddress ?? UnsafePointer(bitPattern: 8)!) + base)
                }
            }
        }
        let v = r.stop == .complete ? FixedPoint.requant(r.acc, shift: shift, width: width) : 0
        return OutputResult(accumulator: r.acc, ops: r.ops, stop: r.stop, value: v)
    }
}
