import HDL

/// Array top of the stream organisation (module `SnapeaArray`, the ports the co-simulation
/// harnesses drive): `G` kernel streams (`StreamProducer`), `P × K` lanes in `G` groups, the load port,
/// `start`/`done` and the output read port. `ldPe`/`rdPe` select a *lane* (global index
/// `pe * K + lane`); `ldBroadcast` writes lane inputs and slots into every lane.
///
/// `done` is a register: it rises one edge after every lane has finished (`O = 2`).
final class StreamArray: Module {
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

    let shift: Signal
    let producers: [StreamProducer]
    let doneReg = Reg(.bool, reset: 0)
    let lanes: [StreamLane]

    override var moduleName: String { "SnapeaArray" }

    init(_ c: StreamConfig) {
        let lw = c.laneIndexWidth, gw = c.groupIndexWidth
        ldPe = Input(.uint(lw))
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        rdPe = Input(.uint(lw))
        rdAddr = Input(.uint(c.outputAddressWidth))
        rdData = Output(.uint(c.dataWidth))
        shift = Reg(.uint(c.shiftWidth), reset: 0)
        producers = (0..<c.streamGroups).map { g in instance(StreamProducer(c), name: "stream\(g)") }
        lanes = (0..<c.lanes).map { l in instance(StreamLane(c), name: "lane\(l)") }
        super.init()

        // Load port: `ldPe` names a lane (inputs, slots) or a group (stream entries, stream length).
        let target = { (t: StreamLoadTarget) in self.ldValid && self.ldTarget == t.rawValue }
        when(target(.control) && ldAddr[0]) { shift.assign(ldData[c.shiftWidth - 1, 0]) }
        for (g, p) in producers.enumerated() {
            let mine = ldBroadcast || ldPe[gw - 1, 0] == lit(g, .uint(gw)) && (lw == gw ? lit(true) : ldPe[lw - 1, gw] == 0)
            p.start.assign(start)
            p.ldEntry.assign(target(.streamEntry) && mine)
            p.ldLength.assign(target(.control) && !ldAddr[0] && mine)
            p.ldAddr.assign(ldAddr)
            p.ldData.assign(ldData)
            let group = lanes[(g * c.lanesPerGroup)..<((g + 1) * c.lanesPerGroup)]
            p.allRoom.assign(group.dropFirst().reduce(group.first!.room) { $0 && $1.room })
        }

        // Lanes.
        for (l, lane) in lanes.enumerated() {
            let p = producers[l / c.lanesPerGroup]
            let mine = ldBroadcast || ldPe == lit(l, .uint(lw))
            lane.start.assign(start)
            lane.written.assign(p.written)
            lane.streamLength.assign(p.streamLength)
            lane.queueWrite.assign(p.queueWrite)
            lane.queueRow.assign(p.queueRow)
            lane.queueData.assign(p.queueData)
            lane.ldInput.assign(target(.laneInput) && mine)
            lane.ldSlot.assign(target(.slot) && mine)
            lane.ldAddr.assign(ldAddr)
            lane.ldData.assign(ldData)
            lane.shift.assign(shift)
            lane.rdAddr.assign(rdAddr)
        }
        // rdPe is registered so that it lines up with the lanes' registered read data.
        let rdLane = RegNext(rdPe, reset: 0)
        rdData.assign(lanes.count == 1 ? lanes[0].rdData : select(rdLane, lanes.map(\.rdData)))
        let allFinished = lanes.dropFirst().reduce(lanes[0].finished) { $0 && $1.finished }
        doneReg.assign(!start && allFinished)
        done.assign(doneReg)
    }

    /// Handshake overhead `O` (edges from `start` to `done` minus the compute cycles).
    static let handshakeOverhead = 2
}

/// `ldTarget` values of the stream organisation's load port.
enum StreamLoadTarget: Int {
    /// A word of lane `ldPe`'s input bank at `ldAddr`.
    case laneInput = 0
    /// Slot `ldAddr` of lane `ldPe`: bit `IA` of `ldData` = valid, low `IA` bits = input base.
    case slot = 1
    /// Kernel-stream entry `ldAddr` of group `ldPe` (`ldBroadcast`: every group).
    case streamEntry = 2
    /// Control register `ldAddr`: 0 stream length of group `ldPe` (`ldBroadcast`: every group),
    /// 1 requantiser shift.
    case control = 3
}
