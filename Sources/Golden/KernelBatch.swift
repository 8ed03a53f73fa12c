extension KernelProgram {
    /// Runs the program at every base of `bases` in each of `inputs` (flat padded tiles), in
    /// `mode`, with one bounds check for the whole batch instead of one per output (the fast path
    /// of kernel profiling). For each output, in input-major order, `body` gets the executed ops,
    /// the output value (`requant` when complete, else 0) and the partial sum after the first
    /// `partialOps` ops (bias included; `bias` when `partialOps` is 0).
    public func executeAll(inputs: [[Int32]], bases: [Int], mode: Mode, shift: Int, width: Int, partialOps: Int,
                           _ body: (_ ops: Int, _ value: Int32, _ partial: Int64) -> Void) {
        if let lo = offsets.min(), let hi = offsets.max(), let b0 = bases.min(), let b1 = bases.max() {
            precondition(b0 + Int(lo) >= 0 && inputs.allSatisfy { b1 + Int(hi) < $0.count },
                         "kernel program reads outside the input tile")
        }
        let n = min(max(0, partialOps), count)
        let predIdx = mode.thresholdCheck && specN >= 1 ? specN - 1 : Int.max
        let signFrom = mode.signCheck ? checkFrom : Int.max
        weights.withUnsafeBufferPointer { w in
            offsets.withUnsafeBufferPointer { o in
                let ops = SplitOps(w: w.baseAddress ?? UnsafePointer<Int32>(bitPattern: 8)!,
                                   off: o.baseAddress ?? UnsafePointer<Int32>(bitPattern: 8)!)
                for input in inputs {
                    input.withUnsafeBufferPointer { xb in
                        let x0 = xb.baseAddress ?? UnsafePointer<Int32>(bitPattern: 8)!
                        for b in bases {
                            let x = x0 + b
                            let r = runOps(ops, count: count, bias: bias, predIdx: predIdx, signFrom: signFrom,
                                           threshold: threshold, input: x)
                            let v = r.stop == .complete ? FixedPoint.requant(r.acc, shift: shift, width: width) : 0
                            let partial = n == 0 ? bias : bias &+ sumOps(ops, from: 0, count: n, input: x)
                            body(r.ops, v, partial)
                        }
                    }
                }
            }
        }
    }
}
