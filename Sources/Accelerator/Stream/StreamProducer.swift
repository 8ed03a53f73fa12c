import HDL

/// One group's kernel stream: the stream buffer (`streamRate` one-entry-wide single-port SRAM
/// columns; entry `e` in column `e mod R`, row `e / R`) and the producer that writes it, a row at
/// a time, into the op queues of the group's lanes.
///
/// Each cycle: a held row is written into every queue (row `(written / R) mod (F / R)`) when all
/// the group's lanes have room (`allRoom`); a new row is read when none is held or the held one
/// is being written (its data arrives the next cycle). `start` restarts the stream.
final class StreamProducer: Module {
    let start = Input(.bool)
    let ldEntry = Input(.bool)
    let ldLength = Input(.bool)
    let ldAddr: Signal
    let ldData: Signal
    let allRoom = Input(.bool)
    let written: Signal
    let streamLength: Signal
    let queueWrite = Output(.bool)
    let queueRow: Signal
    let queueData: Signal

    let columns: [SRAMMacro]
    let count: Signal
    let nextRow: Signal
    let held = Reg(.bool, reset: 0)
    let length: Signal
    let rowCount: Signal
    let canWrite = Wire(.bool)
    let readRow = Wire(.bool)

    init(_ c: StreamConfig) {
        let sw = c.streamIndexWidth, r = c.streamRate, e = c.entryWidth, rs = c.rowSelectWidth
        let rw = addressWidth(c.streamRows), ew = addressWidth(c.groupStreamEntries)
        ldAddr = Input(.uint(c.loadAddressWidth))
        ldData = Input(.uint(c.loadDataWidth))
        written = Output(.uint(sw))
        streamLength = Output(.uint(sw))
        queueRow = Output(.uint(c.queueRowWidth))
        queueData = Output(.uint(r * e))
        columns = (0..<r).map { _ in SRAM(depth: c.streamRows, type: .uint(e), ports: .oneReadWrite) }
        count = Reg(.uint(sw), reset: 0)
        nextRow = Reg(.uint(sw), reset: 0)
        length = Reg(.uint(sw), reset: 0)
        rowCount = Wire(.uint(sw))
        super.init()

        when(ldLength) { length.assign(ldData[sw - 1, 0]) }
        rowCount.assign((length + lit(r - 1, .uint(sw))) >> rs)
        canWrite.assign(held && allRoom && !start)
        readRow.assign(nextRow < rowCount && (!held || canWrite))
        // Each column's one port: load-port writes between tiles, producer reads while computing.
        let entryAddr = ldAddr[ew - 1, 0]
        let data = columns.enumerated().map { col, mem in
            let hit = rs == 0 ? ldEntry : ldEntry && entryAddr[rs - 1, 0] == lit(col, .uint(rs))
            return mem.port(address: mux(hit, entryAddr[rs + rw - 1, rs], nextRow[rw - 1, 0]), writeEnable: hit,
                            writeData: ldData[e - 1, 0], enable: hit || readRow)
        }
        queueData.assign(cat(data.reversed()))
        when(start) {
            count.assign(0)
            nextRow.assign(0)
            held.assign(0)
        }.otherwise {
            when(canWrite) { count.assign(count + lit(r, .uint(sw))) }
            when(readRow) {
                nextRow.assign(nextRow + 1)
                held.assign(1)
            }.elsewhen(canWrite) {
                held.assign(0)
            }
        }
        written.assign(count)
        streamLength.assign(length)
        queueWrite.assign(canWrite)
        queueRow.assign(count[rs + c.queueRowWidth - 1, rs])
    }
}
