import HDL

/// Processing element: input buffer (two banks, ping-pong), weight and index buffers, kernel
/// table, work list, output buffer, control registers, `K` compute lanes and the scheduler.
/// Every buffer is written through the PE's slice of the load port; lanes read them
/// combinationally (one read port per lane). Lanes that stop write the output buffer in the
/// same cycle (one write port per lane).
final class ProcessingElement: Module {
    let ldValid = Input(.bool)
    let ldTarget = Input(.uint(4))
    let ldAddr: Signal
    let ldData: Signal
    let start = Input(.bool)
    let done = Output(.bool)
    let rdAddr: Signal
    let rdData: Signal

    let inBank0: Memory
    let inBank1: Memory
    let weights: Memory
    let offsets: Memory
    let kernelStart: Memory
    let kernelLength: Memory
    let kernelCheckFrom: Memory?
    let kernelSpecN: Memory?
    let kernelThreshold: Memory?
    let kernelBias: Memory
    let workKernel: Memory
    let workBase: Memory
    let outBuffer: Memory

    let signCheck: Signal?
    let thresholdCheck: Signal?
    let shift: Signal
    let workLength: Signal
    let bank = Reg(.bool, reset: 0)
    let controlWrite = Wire(.bool)

    let scheduler: Scheduler
    let lanes: [ComputeLane]
    let laneKernel: [Signal]

    init(_ c: AcceleratorConfig) {
        let k = c.lanesPerPE, w = c.dataWidth, a = c.accumulatorWidth, cw = c.opCountWidth
        let ia = c.inputAddressWidth, wa = c.weightAddressWidth, ki = c.kernelIndexWidth
        let oa = c.workAddressWidth, n = c.workCountWidth, sw = c.shiftWidth
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        rdAddr = Input(.uint(oa))
        rdData = Output(.uint(w))
        inBank0 = Mem(depth: c.inputWordsPerBank, type: .sint(w))
        inBank1 = Mem(depth: c.inputWordsPerBank, type: .sint(w))
        weights = Mem(depth: c.weightBufferOps, type: .sint(w))
        offsets = Mem(depth: c.weightBufferOps, type: .uint(ia))
        kernelStart = Mem(depth: c.kernelTableEntries, type: .uint(wa))
        kernelLength = Mem(depth: c.kernelTableEntries, type: .uint(cw))
        kernelBias = Mem(depth: c.kernelTableEntries, type: .sint(a))
        workKernel = Mem(depth: c.workListEntries, type: .uint(ki))
        workBase = Mem(depth: c.workListEntries, type: .uint(ia))
        outBuffer = Mem(depth: c.workListEntries, type: .uint(w))
        shift = Reg(.uint(sw), reset: 0)
        workLength = Reg(.uint(n), reset: 0)
        if c.withPAU {
            kernelCheckFrom = Mem(depth: c.kernelTableEntries, type: .uint(cw), name: "kernelCheckFrom")
            kernelSpecN = Mem(depth: c.kernelTableEntries, type: .uint(cw), name: "kernelSpecN")
            kernelThreshold = Mem(depth: c.kernelTableEntries, type: .sint(a), name: "kernelThreshold")
            signCheck = Reg(.bool, reset: 0, name: "signCheck")
            thresholdCheck = Reg(.bool, reset: 0, name: "thresholdCheck")
        } else {
            kernelCheckFrom = nil
            kernelSpecN = nil
            kernelThreshold = nil
            signCheck = nil
            thresholdCheck = nil
        }
        scheduler = instance(Scheduler(c), name: "scheduler")
        lanes = (0..<k).map { l in instance(ComputeLane(c), name: "lane\(l)") }
        laneKernel = (0..<k).map { _ in Wire(.uint(ki)) }
        super.init()

        // Load port: one write port per buffer, addressed by the low address bits.
        func write(_ mem: Memory, _ target: LoadTarget) {
            let data = ldData[mem.type.width - 1, 0]
            mem.write(ldAddr[mem.addrWidth - 1, 0], mem.type.isSigned ? data.asSInt : data,
                      enable: ldValid && ldTarget == target.rawValue)
        }
        write(inBank0, .inputBank0)
        write(inBank1, .inputBank1)
        write(weights, .weight)
        write(offsets, .offset)
        write(kernelStart, .kernelStart)
        write(kernelLength, .kernelLength)
        if let kernelCheckFrom, let kernelSpecN, let kernelThreshold {
            write(kernelCheckFrom, .kernelCheckFrom)
            write(kernelSpecN, .kernelSpecN)
            write(kernelThreshold, .kernelThreshold)
        }
        write(kernelBias, .kernelBias)
        write(workKernel, .workKernel)
        write(workBase, .workBase)

        // Control registers (addresses above 3 are ignored).
        let la = c.loadAddressWidth
        let high = la > 2 ? ldAddr[la - 1, 2] == 0 : lit(true)
        controlWrite.assign(ldValid && ldTarget == LoadTarget.control.rawValue && high)
        let reg = ldAddr[1, 0]
        when(controlWrite) {
            when(reg == ControlRegister.mode.rawValue) {
                if let signCheck, let thresholdCheck {
                    signCheck.assign(ldData[0])
                    thresholdCheck.assign(ldData[1])
                }
            }
            when(reg == ControlRegister.shift.rawValue) { shift.assign(ldData[sw - 1, 0]) }
            when(reg == ControlRegister.workLength.rawValue) { workLength.assign(ldData[n - 1, 0]) }
            when(reg == ControlRegister.bank.rawValue) { bank.assign(ldData[0]) }
        }

        // Scheduler and lanes.
        scheduler.start.assign(start)
        scheduler.length.assign(workLength)
        for (l, lane) in lanes.enumerated() {
            let entry = scheduler.entryIndex[l]
            let kernel = laneKernel[l]
            kernel.assign(workKernel.read(entry))
            scheduler.free[l].assign(!lane.busy || lane.stop)
            lane.load.assign(scheduler.take[l])
            lane.loadBase.assign(workBase.read(entry))
            lane.loadOutAddress.assign(entry)
            lane.loadStart.assign(kernelStart.read(kernel))
            lane.loadLength.assign(kernelLength.read(kernel))
            lane.loadBias.assign(kernelBias.read(kernel))
            if let kernelCheckFrom, let kernelSpecN, let kernelThreshold, let signCheck, let thresholdCheck,
               let lc = lane.loadCheckFrom, let ln = lane.loadSpecN, let lt = lane.loadThreshold,
               let ls = lane.signCheck, let lth = lane.thresholdCheck {
                lc.assign(kernelCheckFrom.read(kernel))
                ln.assign(kernelSpecN.read(kernel))
                lt.assign(kernelThreshold.read(kernel))
                ls.assign(signCheck)
                lth.assign(thresholdCheck)
            }
            lane.shift.assign(shift)
            lane.weight.assign(weights.read(lane.opAddress))
            lane.offset.assign(offsets.read(lane.opAddress))
            lane.activation.assign(mux(bank, inBank1.read(lane.gatherAddress), inBank0.read(lane.gatherAddress)))
            outBuffer.write(lane.outAddress, lane.result, enable: lane.stop)
        }
        rdData.assign(outBuffer.read(rdAddr))
        let anyBusy = lanes.dropFirst().reduce(lanes[0].busy) { $0 || $1.busy }
        done.assign(scheduler.running && scheduler.exhausted && !anyBusy)
    }
}
