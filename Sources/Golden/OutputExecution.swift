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

/// Where the op loop reads op `i`'s product from.
protocol OpStream {
    func product<XT: FixedWidthInteger>(_ i: Int, _ x: UnsafePointer<XT>) -> Int64
}

/// Weights and offsets in two arrays.
struct SplitOps<WT: FixedWidthInteger>: OpStream {
    let w: UnsafePointer<WT>
    let off: UnsafePointer<Int32>
    @inline(__always)
    func product<XT: FixedWidthInteger>(_ i: Int, _ x: UnsafePointer<XT>) -> Int64 {
        Int64(w[i]) &* Int64(x[Int(off[i])])
    }
}

/// One 32-bit word per op: offset in the high 16 bits, 16-bit weight in the low 16 bits
/// (one program load per op instead of two).
struct PackedOps: OpStream {
    let p: UnsafePointer<UInt32>
    @inline(__always)
    func product<XT: FixedWidthInteger>(_ i: Int, _ x: UnsafePointer<XT>) -> Int64 {
        let v = p[i]
        return Int64(Int16(truncatingIfNeeded: v)) &* Int64(x[Int(v >> 16)])
    }
}

/// The op loop shared by every executor. `predIdx` is `N - 1` (or `Int.max` when the
/// threshold check is off), `signFrom` is `C` (or `Int.max` when the sign check is off).
/// Split into check-free stretches so that the hot loops carry at most one branch per op.
///
/// `monotone` may be set only when every input is non-negative: then, from op `C` on, every
/// product is <= 0, the partial sum never increases, and the sign check can be evaluated once
/// per block of four ops (locating the exact stop op inside a block that ends negative). The
/// result is identical to checking after every op.
@inline(__always)
func runOps<S: OpStream, XT: FixedWidthInteger>(
    _ ops: S, count: Int, bias: Int64,
    predIdx: Int, signFrom: Int, threshold: Int64, input x: UnsafePointer<XT>, monotone: Bool = false
) -> (acc: Int64, ops: Int, stop: StopReason) {
    var a = bias
    var i = 0
    if predIdx < count {
        // ops before the threshold check; sign-checked from signFrom on
        let free = min(predIdx, signFrom)
        a &+= sumOps(ops, from: 0, count: free, input: x)
        i = free
        while i < predIdx {
            a &+= ops.product(i, x)
            if a < 0 { return (a, i + 1, .sign) }
            i += 1
        }
        a &+= ops.product(i, x)
        if a <= threshold { return (a, i + 1, .predicted) }
        if i >= signFrom && a < 0 { return (a, i + 1, .sign) }
        i += 1
    }
    if signFrom < count {
        if i < signFrom {
            a &+= sumOps(ops, from: i, count: signFrom, input: x)
            i = signFrom
        }
        if monotone {
            while i &+ 4 <= count {
                let p0 = ops.product(i, x)
                let p1 = ops.product(i + 1, x)
                let p2 = ops.product(i + 2, x)
                let p3 = ops.product(i + 3, x)
                let end = a &+ ((p0 &+ p1) &+ (p2 &+ p3))
                if end >= 0 {
                    a = end
                    i += 4
                    continue
                }
                a &+= p0
                if a < 0 { return (a, i + 1, .sign) }
                a &+= p1
                if a < 0 { return (a, i + 2, .sign) }
                a &+= p2
                if a < 0 { return (a, i + 3, .sign) }
                return (end, i + 4, .sign)
            }
        }
        while i < count {
            a &+= ops.product(i, x)
            if a < 0 { return (a, i + 1, .sign) }
            i += 1
        }
        return (a, count, .complete)
    }
    a &+= sumOps(ops, from: i, count: count, input: x)
    return (a, count, .complete)
}

/// Sum of the ops `from..<count` (four products per step).
@inline(__always)
func sumOps<S: OpStream, XT: FixedWidthInteger>(
    _ ops: S, from: Int, count: Int, input x: UnsafePointer<XT>
) -> Int64 {
    var a: Int64 = 0
    var i = from
    while i &+ 4 <= count {
        let p0 = ops.product(i, x)
        let p1 = ops.product(i + 1, x)
        let p2 = ops.product(i + 2, x)
        let p3 = ops.product(i + 3, x)
        a &+= (p0 &+ p1) &+ (p2 &+ p3)
        i += 4
    }
    while i < count {
        a &+= ops.product(i, x)
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
                    runOps(SplitOps(w: w.baseAddress ?? UnsafePointer<Int32>(bitPattern: 8)!,
                                    off: o.baseAddress ?? UnsafePointer(bitPattern: 8)!),
                           count: count, bias: bias,
                           predIdx: mode.thresholdCheck && specN >= 1 ? specN - 1 : Int.max,
                           signFrom: mode.signCheck ? checkFrom : Int.max, threshold: threshold,
                           input: (x.baseAddress ?? UnsafePointer<Int32>(bitPattern: 8)!) + base)
                }
            }
        }
        let v = r.stop == .complete ? FixedPoint.requant(r.acc, shift: shift, width: width) : 0
        return OutputResult(accumulator: r.acc, ops: r.ops, stop: r.stop, value: v)
    }
}
