import HDL

/// Compute lane: the op walker around one MAC, one PAU and the requantiser.
///
/// On `load` (from the scheduler) the lane latches its work-list entry (input base, output
/// address) and its kernel-table entry (op-list start, `L`, `C`, `N`, `Th`), the MAC preloads
/// the bias and the op index resets. Every active cycle it executes op `i`: weight and offset
/// are read at `opAddress = start + i`, the activation at `gatherAddress = base + offset`
/// (combinational reads served by the PE), the MAC adds the product and the PAU and the last-op
/// check decide on the new sum. `stop` writes `result` to the output buffer at `outAddress` in
/// the same cycle; the scheduler may `load` the next entry on that very edge.
final class ComputeLane: Module {
    let load = Input(.bool)
    let loadBase: Signal
    let loadOutAddress: Signal
    let loadStart: Signal
    let loadLength: Signal
    let loadBias: Signal
    let loadCheckFrom: Signal?
    let loadSpecN: Signal?
    let loadThreshold: Signal?
    let signCheck: Signal?
    let thresholdCheck: Signal?
    let shift: Signal
    let weight: Signal
    let offset: Signal
    let activation: Signal
    let opAddress: Signal
    let gatherAddress: Signal
    let busy = Output(.bool)
    let stop = Output(.bool)
    let outAddress: Signal
    let result: Signal

    let active = Reg(.bool, reset: 0)
    let base: Signal
    let outAddr: Signal
    let opAddr: Signal
    let opIndex: Signal
    let length: Signal
    let checkFrom: Signal?
    let specN: Signal?
    let threshold: Signal?
    let empty = Wire(.bool)
    let last = Wire(.bool)
    let terminate = Wire(.bool)

    let mac: Mac
    let pau: Pau?
    let requantizer: Requantizer

    init(_ c: AcceleratorConfig) {
        let a = c.accumulatorWidth, w = c.dataWidth, cw = c.opCountWidth
        let ia = c.inputAddressWidth, wa = c.weightAddressWidth, oa = c.workAddressWidth
        loadBase = Input(.uint(ia))
        loadOutAddress = Input(.uint(oa))
        loadStart = Input(.uint(wa))
        loadLength = Input(.uint(cw))
        loadBias = Input(.sint(a))
        if c.withPAU {
            loadCheckFrom = Input(.uint(cw), name: "loadCheckFrom")
            loadSpecN = Input(.uint(cw), name: "loadSpecN")
            loadThreshold = Input(.sint(a), name: "loadThreshold")
            signCheck = Input(.bool, name: "signCheck")
            thresholdCheck = Input(.bool, name: "thresholdCheck")
        } else {
            loadCheckFrom = nil
            loadSpecN = nil
            loadThreshold = nil
            signCheck = nil
            thresholdCheck = nil
        }
        shift = Input(.uint(c.shiftWidth))
        weight = Input(.sint(w))
        offset = Input(.uint(ia))
        activation = Input(.sint(w))
        opAddress = Output(.uint(wa))
        gatherAddress = Output(.uint(ia))
        outAddress = Output(.uint(oa))
        result = Output(.uint(w))
        base = Reg(.uint(ia), reset: 0)
        outAddr = Reg(.uint(oa), reset: 0)
        opAddr = Reg(.uint(wa), reset: 0)
        opIndex = Reg(.uint(cw), reset: 0)
        length = Reg(.uint(cw), reset: 0)
        if c.withPAU {
            checkFrom = Reg(.uint(cw), reset: 0, name: "checkFrom")
            specN = Reg(.uint(cw), reset: 0, name: "specN")
            threshold = Reg(.sint(a), reset: 0, name: "threshold")
        } else {
            checkFrom = nil
            specN = nil
            threshold = nil
        }
        mac = instance(Mac(c), name: "mac")
        pau = c.withPAU ? instance(Pau(c), name: "pau") : nil
        requantizer = instance(Requantizer(c), name: "requantizer")
        super.init()

        empty.assign(length == 0)
        last.assign(opIndex + 1 == length)
        mac.load.assign(load)
        mac.bias.assign(loadBias)
        mac.enable.assign(active && !empty)
        mac.weight.assign(weight)
        mac.activation.assign(activation)
        if let pau, let signCheck, let thresholdCheck, let checkFrom, let specN, let threshold {
            pau.enable.assign(active && !empty)
            pau.signCheck.assign(signCheck)
            pau.thresholdCheck.assign(thresholdCheck)
            pau.opIndex.assign(opIndex)
            pau.checkFrom.assign(checkFrom)
            pau.specN.assign(specN)
            pau.threshold.assign(threshold)
            pau.sum.assign(mac.sum)
            terminate.assign(pau.terminate)
        } else {
            terminate.assign(lit(false))
        }
        requantizer.acc.assign(mac.sum)
        requantizer.shift.assign(shift)

        opAddress.assign(opAddr)
        gatherAddress.assign(base + offset)
        busy.assign(active)
        stop.assign(active && (empty || last || terminate))
        outAddress.assign(outAddr)
        result.assign(mux(terminate, lit(0, .uint(w)), requantizer.result))

        when(load) {
            active.assign(1)
            base.assign(loadBase)
            outAddr.assign(loadOutAddress)
            opAddr.assign(loadStart)
            opIndex.assign(0)
            length.assign(loadLength)
            if let checkFrom, let specN, let threshold, let loadCheckFrom, let loadSpecN, let loadThreshold {
                checkFrom.assign(loadCheckFrom)
                specN.assign(loadSpecN)
                threshold.assign(loadThreshold)
            }
        }.elsewhen(stop) {
            active.assign(0)
        }.elsewhen(active) {
            opAddr.assign(opAddr + 1)
            opIndex.assign(opIndex + 1)
        }
    }
}
