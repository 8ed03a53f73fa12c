/// Cycle-level model of the *stream organisation* of the lanes (docs/ARCHITECTURE.md, "Stream
/// organisation"): the memory system a chip can have, proposed to replace per-lane read ports.
///
/// - A group of `lanes` lanes shares one **kernel stream**: for each kernel of the tile a bias
///   header entry, a threshold header entry (predictive mode only), then its ops `(weight, offset,
///   flags)` (an empty kernel carries one zero-weight op so that its outputs are written). A
///   producer reads the stream from one synchronous SRAM, `streamRate` entries per row, and writes
///   each row into every lane's **op queue** (a `queueDepth`-entry two-port SRAM) when every queue
///   has room.
/// - Each lane holds `slots` output positions (its own input bank, so inputs need no shared port)
///   and applies every op of the stream to each of its live positions, one MAC per cycle. A
///   position stops by the PAU rules; a kernel whose positions have all stopped is skipped by a
///   jump of the queue's read pointer.
///
/// Register-transfer semantics (what the RTL must do, cycle for cycle), cycle `t` reading the
/// registered state at its start:
/// - **Producer**: if a row is held and every queue has room for it (`written + streamRate -
///   read_l <= queueDepth`), it is written (rows are whole; the last one is padded); a new row is
///   read when none is held or the held one is written (the stream SRAM's read data arrives the
///   next cycle).
/// - **Fetch**: a lane whose entry register is empty (or that consumes its entry) fetches entry
///   `read_l` if it has been written (`read_l < written`); the entry is in its register the next
///   cycle.
/// - **Issue**: a bias header sets the live mask to the valid positions (threshold headers only
///   pass); an op issues the lowest live position at or after the cursor (the input bank read);
///   the entry is consumed when no live position remains after it. With no live position at all,
///   the lane jumps to the next kernel's first entry (an idle cycle).
/// - **Execute**: the op issued the cycle before is executed if its position is still live in
///   the registered mask, else it is *wasted* (its position stopped on the op before: the mask is
///   not forwarded into the issue stage).
///
/// `cycles = computeCycles + handshakeOverhead`, `computeCycles` = the last cycle in which a lane
/// still works (cycle 1 is the first after the `start` edge).
public struct StreamCycleModel: Sendable, Equatable {
    /// Lanes fed by one stream.
    public var lanes: Int
    /// Output positions per lane (`M`).
    public var slots: Int
    /// Op-queue entries per lane (`F`).
    public var queueDepth: Int
    /// Stream entries written per producer row (`R`).
    public var streamRate: Int
    public var handshakeOverhead: Int
    /// Kernel state (bias, threshold) in header entries of their own (one issue cycle each)
    /// instead of riding on the kernel's first op entry (wider queue entries).
    public var separateHeaders: Bool

    public init(lanes: Int, slots: Int, queueDepth: Int = 64, streamRate: Int = 2, separateHeaders: Bool = false,
                handshakeOverhead: Int = CycleModel.defaultHandshakeOverhead) {
        precondition(lanes >= 1 && slots >= 1 && slots <= 64 && streamRate >= 1 && queueDepth >= streamRate && queueDepth % streamRate == 0)
        self.lanes = lanes
        self.slots = slots
        self.queueDepth = queueDepth
        self.streamRate = streamRate
        self.handshakeOverhead = handshakeOverhead
        self.separateHeaders = separateHeaders
    }

    /// Timing of one stream.
    public struct Timing: Sendable, Equatable {
        public var computeCycles: Int
        public var cycles: Int
        /// Σ executed ops (the golden model's op counts).
        public var executedOps: Int
        /// Issued ops discarded because their position had just stopped.
        public var wastedIssues: Int
        /// Zero-weight ops of empty kernels.
        public var emptyKernelOps: Int
        /// Lane cycles (summed over lanes, up to each lane's end) without an issue, by cause: a
        /// header entry, an op entry with no live slot left (a stopped slot or the jump to the next
        /// kernel), no entry to work on (the queue empty or the fetch latency). The rest of
        /// `lanes × computeCycles` is issues and the wait of finished lanes for the slowest.
        public var headerCycles = 0
        public var deadSlotCycles = 0
        public var starvedCycles = 0
        /// `executedOps / (lanes × computeCycles)`.
        public var efficiency: Double
    }

    /// Simulates one stream. `kernelLengths[k]` is kernel `k`'s op-list length `L`;
    /// `executedOps[(lane * kernels + k) * slots + m]` is the golden op count of the output of
    /// kernel `k` at position `m` of `lane` (0 for an empty kernel), or -1 when the slot holds no
    /// position.
    public func run(kernelLengths: [Int], thresholdHeaders: Bool, executedOps: [Int32]) -> Timing {
        let kernels = kernelLengths.count
        precondition(executedOps.count == lanes * kernels * slots, "executedOps must be lanes × kernels × slots")
        // Stream layout: kind (0 op, 1 bias header, 2 threshold header), kernel, op index.
        var kind: [UInt8] = [], kernelOf: [Int32] = [], opIndex: [Int32] = [], nextKernel: [Int32] = []
        var firstEntry = [Int](repeating: 0, count: kernels + 1)
        for k in 0..<kernels {
            firstEntry[k] = kind.count
            if separateHeaders {
                kind.append(1); kernelOf.append(Int32(k)); opIndex.append(-1)
                if thresholdHeaders { kind.append(2); kernelOf.append(Int32(k)); opIndex.append(-1) }
            }
            for i in 0..<max(1, kernelLengths[k]) { kind.append(0); kernelOf.append(Int32(k)); opIndex.append(Int32(i)) }
        }
        let s = kind.count
        firstEntry[kernels] = s
        nextKernel = kernelOf.map { Int32(firstEntry[Int($0) + 1]) }
        let rows = (s + streamRate - 1) / streamRate

        // Per-lane registers.
        var valid = [UInt64](repeating: 0, count: lanes)
        var executed = 0
        for l in 0..<lanes {
            for m in 0..<slots where kernels > 0 && executedOps[(l * kernels) * slots + m] >= 0 {
                valid[l] |= 1 << UInt64(m)
            }
            for k in 0..<kernels {
                for m in 0..<slots {
                    let e = executedOps[(l * kernels + k) * slots + m]
                    if e >= 0 { executed += Int(e) }
                }
            }
        }
        var rd = [Int](repeating: 0, count: lanes)
        var cur = [Int](repeating: -1, count: lanes)
        var cursor = [Int](repeating: 0, count: lanes)
        var live = [UInt64](repeating: 0, count: lanes)
        var inflight = [Int](repeating: -1, count: lanes)      // slot
        var inflightEntry = [Int](repeating: 0, count: lanes)
        var finished = [Bool](repeating: kernels == 0, count: lanes)
        var remaining = kernels == 0 ? 0 : lanes
        var written = 0, held = -1, nextRow = 0
        var t = 0, wasted = 0, emptyOps = 0, last = 0, headers = 0, dead = 0, starved = 0

        while remaining > 0 {
            t += 1
            // Producer (reads the registered read pointers).
            let minRead = rd.min()!
            var newWritten = written
            var canWrite = false
            if held >= 0 && written + streamRate - minRead <= queueDepth {
                // Rows are whole: the last one is padded (its padding is never fetched).
                canWrite = true
                newWritten = written + streamRate
            }
            if nextRow < rows && (held < 0 || canWrite) {
                held = nextRow; nextRow += 1
            } else if canWrite {
                held = -1
            }
            // Lanes.
            for l in 0..<lanes where !finished[l] {
                let liveOld = live[l]
                var liveNew = liveOld
                // Execute.
                if inflight[l] >= 0 {
                    let m = inflight[l], e = inflightEntry[l]
                    let bit: UInt64 = 1 << UInt64(m)
                    if liveOld & bit != 0 {
                        let k = Int(kernelOf[e])
                        let ops = Int(executedOps[(l * kernels + k) * slots + m])
                        if kernelLengths[k] == 0 { emptyOps += 1 }
                        if Int(opIndex[e]) == max(0, ops - 1) { liveNew &= ~bit }
                    } else {
                        wasted += 1
                    }
                    inflight[l] = -1
                }
                // Issue / fetch.
                var fetch = false
                if cur[l] < 0 {
                    fetch = true
                    starved += 1
                } else {
                    let e = cur[l]
                    switch kind[e] {
                    case 1:
                        liveNew = valid[l]
                        fetch = true
                        headers += 1
                    case 2:
                        fetch = true
                        headers += 1
                    default:
                        var issueMask = liveOld
                        if !separateHeaders && opIndex[e] == 0 && cursor[l] == 0 {
                            // First op of a kernel: the kernel's state arrives with it.
                            issueMask = valid[l]
                            liveNew = valid[l]
                        }
                        let pending = cursor[l] >= 64 ? 0 : issueMask & (~0 << UInt64(cursor[l]))
                        if pending != 0 {
                            let m = pending.trailingZeroBitCount
                            inflight[l] = m
                            inflightEntry[l] = e
                            let after = m + 1 >= 64 ? 0 : pending & (~0 << UInt64(m + 1))
                            if after != 0 { cursor[l] = m + 1 } else { cursor[l] = 0; fetch = true }
                        } else {
                            cursor[l] = 0
                            if issueMask == 0 { rd[l] = max(rd[l], Int(nextKernel[e])) }
                            fetch = true
                            dead += 1
                        }
                    }
                }
                if fetch {
                    if rd[l] < s && rd[l] < written {
                        cur[l] = rd[l]; rd[l] += 1
                    } else {
                        cur[l] = -1
                    }
                }
                live[l] = liveNew
                if cur[l] < 0 && rd[l] >= s && inflight[l] < 0 {
                    finished[l] = true; remaining -= 1; last = t
                }
            }
            written = newWritten
        }
        let compute = last
        let eff = compute > 0 ? Double(executed) / Double(lanes * compute) : 0
        var timing = Timing(computeCycles: compute, cycles: compute + handshakeOverhead, executedOps: executed,
                            wastedIssues: wasted, emptyKernelOps: emptyOps, efficiency: eff)
        timing.headerCycles = headers
        timing.deadSlotCycles = dead
        timing.starvedCycles = starved
        return timing
    }
}
