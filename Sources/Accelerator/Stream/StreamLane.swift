import HDL

/// One lane of the stream organisation (golden `StreamCycleModel`, docs/ACCELERATOR.md "Stream
/// organisation"): an op queue fed by the kernel stream, `M` position slots with their
/// accumulators, a private input bank and output buffer, one MAC, one PAU, the requantiser.
///
/// Pipeline: **fetch** (queue read, entry in `entry` the next cycle) → **issue** (a bias header
/// loads every accumulator and the live mask, a threshold header loads `Th`, an op issues the
/// lowest live slot at or after `cursor`: the input-bank read) → **execute** (product, sum, PAU on
/// the sum, stop: output write and live bit cleared; else the accumulator is updated). An op
/// whose slot stopped on the previous op is discarded (the live mask is not forwarded).
final class StreamLane: Module {
    let start = Input(.bool)
    let written: Signal
    let streamLength: Signal
    let queueWrite = Input(.bool)
    let queueRow: Signal
    let queueData: Signal
    let ldInput = Input(.bool)
    let ldSlot = Input(.bool)
    let ldAddr: Signal
    let ldData: Signal
    let shift: Signal
    let rdAddr: Signal
    let room = Output(.bool)
    let finished = Output(.bool)
    let rdData: Signal

    let queue: SRAMMacro
    let inputBank: SRAMMacro
    let outBuffer: SRAMMacro
    let readPtr: Signal
    let entryValid = Reg(.bool, reset: 0)
    let entryIndex: Signal
    let entrySelect: Signal?
    let cursor: Signal
    let live: Signal
    let slotValid: Signal
    let slotBase: [Signal]
    let acc: [Signal]
    let threshold: Signal?
    let kernel: Signal
    let execValid = Reg(.bool, reset: 0)
    let execSlot: Signal
    let execWeight: Signal
    let execSignCheck: Signal?
    let execSpecEnd: Signal?
    let execLast = Reg(.bool, reset: 0)
    let execKernel: Signal

    let entry: Signal
    let isOp = Wire(.bool)
    let isBias = Wire(.bool)
    let isThreshold = Wire(.bool)
    let pending: Signal
    let issueSlot: Signal
    let later: Signal
    let issue = Wire(.bool)
    let consume = Wire(.bool)
    let jump = Wire(.bool)
    let nextRead: Signal
    let fetch = Wire(.bool)
    let execLive = Wire(.bool)
    let sum: Signal
    let stop = Wire(.bool)
    let zeroed = Wire(.bool)
    let killMask: Signal

    let mac: StreamMac
    let pau: StreamPau?
    let requantizer: Requantizer

    init(_ c: StreamConfig) {
        let w = c.dataWidth, a = c.accumulatorWidth, ia = c.inputAddressWidth, sw = c.streamIndexWidth
        let m = c.slotsPerLane, cw = c.opCountWidth, e = c.entryWidth, r = c.streamRate, rs = c.rowSelectWidth
        let kw = c.kernelIndexWidth, mw = c.slotIndexWidth
        written = Input(.uint(sw))
        streamLength = Input(.uint(sw))
        queueRow = Input(.uint(c.queueRowWidth))
        queueData = Input(.uint(r * e))
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        shift = Input(.uint(c.shiftWidth))
        rdAddr = Input(.uint(c.outputAddressWidth))
        rdData = Output(.uint(w))
        queue = SRAM(depth: c.queueRows, type: .uint(r * e), ports: .oneReadOneWrite)
        inputBank = SRAM(depth: c.laneInputWords, type: .sint(w), ports: .oneReadWrite)
        outBuffer = SRAM(depth: c.laneOutputWords, type: .uint(w), ports: .oneReadWrite)
        readPtr = Reg(.uint(sw), reset: 0)
        entryIndex = Reg(.uint(sw), reset: 0)
        entrySelect = rs > 0 ? Reg(.uint(rs), reset: 0, name: "entrySelect") : nil
        cursor = Reg(.uint(c.cursorWidth), reset: 0)
        live = Reg(.uint(m), reset: 0)
        slotValid = Reg(.uint(m), reset: 0)
        slotBase = (0..<m).map { _ in Reg(.uint(ia), reset: 0) }
        acc = (0..<m).map { _ in Reg(.sint(a), reset: 0) }
        threshold = c.withPAU ? Reg(.sint(a), reset: 0, name: "threshold") : nil
        kernel = Reg(.uint(kw), reset: 0)
        execSlot = Reg(.uint(mw), reset: 0)
        execWeight = Reg(.sint(w), reset: 0)
        execSignCheck = c.withPAU ? Reg(.bool, reset: 0, name: "execSignCheck") : nil
        execSpecEnd = c.withPAU ? Reg(.bool, reset: 0, name: "execSpecEnd") : nil
        execKernel = Reg(.uint(kw), reset: 0)
        entry = Wire(.uint(e))
        pending = Wire(.uint(m))
        issueSlot = Wire(.uint(mw))
        later = Wire(.uint(m))
        nextRead = Wire(.uint(sw))
        sum = Wire(.sint(a))
        killMask = Wire(.uint(m))
        mac = instance(StreamMac(c), name: "mac")
        pau = c.withPAU ? instance(StreamPau(c), name: "pau") : nil
        requantizer = instance(Requantizer(c.datapath), name: "requantizer")
        super.init()

        // Queue: rows written by the producer, read by the fetch stage (registered read data).
        queue.write(queueRow, queueData, enable: queueWrite)
        let rowAddress = nextRead[rs + c.queueRowWidth - 1, rs]   // queueRows >= 2 (validate)
        let rowData = queue.read(rowAddress, enable: fetch)
        if let entrySelect {
            entry.assign(select(entrySelect, (0..<r).map { rowData[(($0 + 1) * e) - 1, $0 * e] }))
        } else {
            entry.assign(rowData)
        }
        let kind = entry[e - 1, e - 2]
        isOp.assign(entryValid && kind == 0)
        isBias.assign(entryValid && kind == 1)
        isThreshold.assign(entryValid && kind == 2)
        let opWeight = entry[w - 1, 0].asSInt
        let opOffset = entry[w + ia - 1, w]
        let opRemaining = entry[w + ia + cw - 1, w + ia]
        let opSignCheck = entry[w + ia + cw]
        let opSpecEnd = entry[w + ia + cw + 1]
        let headerValue = entry[a - 1, 0].asSInt

        // Issue: the lowest live slot at or after the cursor.
        pending.assign(cat((0..<m).reversed().map { s in live[s] && cursor <= lit(s, .uint(c.cursorWidth)) }))
        var lowest: Signal = lit(0, .uint(mw))
        for s in (0..<m).reversed() { lowest = mux(pending[s], lit(s, .uint(mw)), lowest) }
        issueSlot.assign(lowest)
        later.assign(cat((0..<m).reversed().map { s in pending[s] && issueSlot != lit(s, .uint(mw)) }))
        issue.assign(isOp && pending != 0)
        consume.assign(isBias || isThreshold || (isOp && later == 0))
        jump.assign(isOp && live == 0)
        nextRead.assign(mux(jump, entryIndex + 1 + opRemaining.zext(to: sw), readPtr))
        fetch.assign((!entryValid || consume) && nextRead < streamLength && nextRead < written)
        when(start) {
            readPtr.assign(0)
            entryValid.assign(0)
        }.otherwise {
            when(fetch) {
                readPtr.assign(nextRead + 1)
                entryIndex.assign(nextRead)
                if let entrySelect { entrySelect.assign(nextRead[rs - 1, 0]) }
            }.otherwise {
                readPtr.assign(nextRead)
            }
            when(!entryValid || consume) { entryValid.assign(fetch) }
        }
        when(start) {
            cursor.assign(0)
        }.elsewhen(issue && later != 0) {
            cursor.assign(issueSlot.zext(to: c.cursorWidth) + 1)
        }.elsewhen(consume) {
            cursor.assign(0)
        }
        let base = m == 1 ? slotBase[0] : select(issueSlot, slotBase)
        // The bank's one port: load-port writes between tiles, issue-stage reads while computing.
        let bankData = inputBank.port(address: mux(ldInput, ldAddr[ia - 1, 0], base + opOffset), writeEnable: ldInput,
                                      writeData: ldData[w - 1, 0].asSInt, enable: ldInput || issue)
        execValid.assign(!start && issue)
        when(issue) {
            execSlot.assign(issueSlot)
            execWeight.assign(opWeight)
            execLast.assign(opRemaining == 0)
            execKernel.assign(kernel)
            if let execSignCheck, let execSpecEnd {
                execSignCheck.assign(opSignCheck)
                execSpecEnd.assign(opSpecEnd)
            }
        }

        // Execute: MAC, PAU, output write.
        execLive.assign(execValid && (m == 1 ? live[0] : select(execSlot, (0..<m).map { live[$0] })))
        let accNow = m == 1 ? acc[0] : select(execSlot, acc)
        mac.acc.assign(accNow)
        mac.weight.assign(execWeight)
        mac.activation.assign(bankData)
        sum.assign(mac.sum)
        if let pau, let threshold, let execSignCheck, let execSpecEnd {
            pau.sum.assign(sum)
            pau.threshold.assign(threshold)
            pau.signCheck.assign(execSignCheck)
            pau.specEnd.assign(execSpecEnd)
            zeroed.assign(pau.zeroed)
        } else {
            zeroed.assign(0)
        }
        stop.assign(execLive && (zeroed || execLast))
        requantizer.acc.assign(sum)
        requantizer.shift.assign(shift)
        let outAddress = (execKernel * lit(m, .uint(mw + 1))).trunc(to: c.outputAddressWidth)
            + execSlot.zext(to: c.outputAddressWidth)
        // The output buffer's one port: stops write while computing, the read port reads otherwise.
        rdData.assign(outBuffer.port(address: mux(stop, outAddress, rdAddr), writeEnable: stop,
                                     writeData: mux(zeroed, lit(0, .uint(w)), requantizer.result)))
        killMask.assign(cat((0..<m).reversed().map { s in stop && execSlot == lit(s, .uint(mw)) }))
        for (s, reg) in acc.enumerated() {
            when(execLive && !stop && execSlot == lit(s, .uint(mw))) { reg.assign(sum) }
            when(isBias) { reg.assign(headerValue) }
        }
        when(start) {
            live.assign(0)
        }.elsewhen(isBias) {
            live.assign(slotValid)
        }.otherwise {
            live.assign(live & ~killMask)
        }
        when(start) {
            kernel.assign(lit((1 << kw) - 1, .uint(kw)))
        }.elsewhen(isBias) {
            kernel.assign(kernel + 1)
        }
        if let threshold { when(isThreshold) { threshold.assign(headerValue) } }

        // Load port: input words, slot registers (bit IA = valid, low bits = base).
        for s in 0..<m {
            when(ldSlot && ldAddr[mw - 1, 0] == lit(s, .uint(mw))) {
                slotBase[s].assign(ldData[ia - 1, 0])
            }
        }
        let slotBits = cat((0..<m).reversed().map { s in
            mux(ldSlot && ldAddr[mw - 1, 0] == lit(s, .uint(mw)), ldData[ia], slotValid[s])
        })
        slotValid.assign(slotBits)

        // Producer handshake: room for one more row, and done.
        let sw1 = sw + 1
        room.assign(written.zext(to: sw1) + lit(r, .uint(sw1)) <= readPtr.zext(to: sw1) + lit(c.queueDepth, .uint(sw1)))
        finished.assign(!entryValid && readPtr >= streamLength && !execValid)
    }
}
