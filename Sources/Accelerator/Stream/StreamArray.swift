import HDL

/// Array top of the stream organisation (module `SnapeaArray`, the ports the co-simulation
/// harnesses drive): the kernel-stream buffer and its producer, `P × K` lanes, the load port,
/// `start`/`done` and the output read port. `ldPe`/`rdPe` select a *lane* (global index
/// `pe * K + lane`); `ldBroadcast` writes lane inputs and slots into every lane.
///
/// Kernel-stream buffer: `streamRate` one-entry-wide columns (entry `e` in column `e mod R`, row
/// `e / R`), read a row at a time. Producer, each cycle: a held row is written into every lane's
/// queue (row `(written / R) mod (F / R)`) when every lane has room; a new row is read when none
/// is held or the held one is being written. `done` is a register: it rises one edge after every
/// lane has finished (`O = 2`).
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

    let streamColumns: [SRAMMacro]
    let streamLength: Signal
    let shift: Signal
    let written: Signal
    let nextRow: Signal
    let held = Reg(.bool, reset: 0)
    let rowCount: Signal
    let allRoom = Wire(.bool)
    let canWrite = Wire(.bool)
    let readRow = Wire(.bool)
    let doneReg = Reg(.bool, reset: 0)
    let lanes: [StreamLane]

    override var moduleName: String { "SnapeaArray" }

    init(_ c: StreamConfig) {
        let lw = c.laneIndexWidth, sw = c.streamIndexWidth, r = c.streamRate, e = c.entryWidth
        let rw = addressWidth(c.streamRows)
        ldPe = Input(.uint(lw))
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        rdPe = Input(.uint(lw))
        rdAddr = Input(.uint(c.outputAddressWidth))
        rdData = Output(.uint(c.dataWidth))
        streamColumns = (0..<r).map { _ in SRAM(depth: c.streamRows, type: .uint(e), ports: .oneReadWrite) }
        streamLength = Reg(.uint(sw), reset: 0)
        shift = Reg(.uint(c.shiftWidth), reset: 0)
        written = Reg(.uint(sw), reset: 0)
        nextRow = Reg(.uint(sw), reset: 0)
        rowCount = Wire(.uint(sw))
        lanes = (0..<c.lanes).map { l in instance(StreamLane(c), name: "lane\(l)") }
        super.init()

        // Load port.
        let target = { (t: StreamLoadTarget) in self.ldValid && self.ldTarget == t.rawValue }
        let rs = c.rowSelectWidth
        when(target(.control) && !ldAddr[0]) { streamLength.assign(ldData[sw - 1, 0]) }
        when(target(.control) && ldAddr[0]) { shift.assign(ldData[c.shiftWidth - 1, 0]) }

        // Producer.
        rowCount.assign((streamLength + lit(r - 1, .uint(sw))) >> rs)
        allRoom.assign(lanes.dropFirst().reduce(lanes[0].room) { $0 && $1.room })
        canWrite.assign(held && allRoom)
        readRow.assign(nextRow < rowCount && (!held || canWrite))
        // Each column's one port: load-port writes between tiles, producer reads while computing.
        let entryAddr = ldAddr[addressWidth(c.streamEntries) - 1, 0]
        let columnData = streamColumns.enumerated().map { col, mem in
            let hit = rs == 0 ? target(.streamEntry) : target(.streamEntry) && entryAddr[rs - 1, 0] == lit(col, .uint(rs))
            return mem.port(address: mux(hit, entryAddr[rs + rw - 1, rs], nextRow[rw - 1, 0]), writeEnable: hit,
                            writeData: ldData[e - 1, 0], enable: hit || readRow)
        }
        let rowData = cat(columnData.reversed())
        when(start) {
            written.assign(0)
            nextRow.assign(0)
            held.assign(0)
        }.otherwise {
            when(canWrite) { written.assign(written + lit(r, .uint(sw))) }
            when(readRow) {
                nextRow.assign(nextRow + 1)
                held.assign(1)
            }.elsewhen(canWrite) {
                held.assign(0)
            }
        }
        let queueRow = written[rs + c.queueRowWidth - 1, rs]

        // Lanes.
        for (l, lane) in lanes.enumerated() {
            let mine = ldBroadcast || ldPe == lit(l, .uint(lw))
            lane.start.assign(start)
            lane.written.assign(written)
            lane.streamLength.assign(streamLength)
            lane.queueWrite.assign(canWrite && !start)
            lane.queueRow.assign(queueRow)
            lane.queueData.assign(rowData)
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
    /// Kernel-stream entry `ldAddr` (all lanes).
    case streamEntry = 2
    /// Control register `ldAddr`: 0 stream length, 1 requantiser shift.
    case control = 3
}
