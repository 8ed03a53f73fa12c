import HDL

/// Array top: `P` PEs, the load port (PE select or broadcast), `start`/`done` and the output
/// read port (`rdPe`, `rdAddr` → `rdData`, combinational). `done` is registered: it rises one
/// edge after every PE is done and is cleared by `start` (handshake overhead `O = 2`,
/// docs/ACCELERATOR.md).
final class SnapeaArray: Module {
    let ldValid = Input(.bool)
    let ldBroadcast = Input(.bool)
    let ldPe: Signal
    let ldTarget = Input(.uint(4))
    let ldAddr: Signal
    let ldData: Signal
    let start = Input(.bool)
    let done = Output(.bool)
    let rdPe: Signal
    let rdAddr: Signal
    let rdData: Signal

    let doneReg = Reg(.bool, reset: 0)
    let pes: [ProcessingElement]

    init(_ c: AcceleratorConfig) {
        let pw = c.peIndexWidth
        ldPe = Input(.uint(pw))
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        rdPe = Input(.uint(pw))
        rdAddr = Input(.uint(c.workAddressWidth))
        rdData = Output(.uint(c.dataWidth))
        pes = (0..<c.pes).map { j in instance(ProcessingElement(c), name: "pe\(j)") }
        super.init()
        for (j, pe) in pes.enumerated() {
            pe.ldValid.assign(ldValid && (ldBroadcast || ldPe == j))
            pe.ldTarget.assign(ldTarget)
            pe.ldAddr.assign(ldAddr)
            pe.ldData.assign(ldData)
            pe.start.assign(start)
            pe.rdAddr.assign(rdAddr)
        }
        rdData.assign(pes.count == 1 ? pes[0].rdData : select(rdPe, pes.map(\.rdData)))
        let allDone = pes.dropFirst().reduce(pes[0].done) { $0 && $1.done }
        doneReg.assign(!start && allDone)
        done.assign(doneReg)
    }

    /// Handshake overhead `O`: edges from the one sampling `start` through the one after
    /// which `done` reads high, minus the compute cycles `max_j T_j`.
    static let handshakeOverhead = 2
}
