/// Example: a synchronous FIFO of `depth` (a power of two) words built on a memory with one
/// write port and one combinational read port. `push` is ignored when full, `pop` when empty.
public final class FIFO: Module {
    public let depth: Int
    public let type: HWType
    public let push = Input(.bool)
    public let pop = Input(.bool)
    public let dataIn: Signal
    public let dataOut: Signal
    public let empty = Output(.bool)
    public let full = Output(.bool)
    let storage: Memory
    let readPtr: Signal
    let writePtr: Signal
    let used: Signal

    public init(depth: Int, type: HWType) {
        self.depth = depth
        self.type = type
        let aw = Memory.addressWidth(depth: depth)
        dataIn = Input(type)
        dataOut = Output(type)
        storage = Mem(depth: depth, type: type)
        readPtr = Reg(.uint(aw), reset: 0)
        writePtr = Reg(.uint(aw), reset: 0)
        used = Reg(.uint(aw + 1), reset: 0)
        super.init()
        let isEmpty = used == 0
        let isFull = used == depth
        let doPush = push && !isFull
        let doPop = pop && !isEmpty
        when(doPush) {
            storage.write(writePtr, dataIn)
            writePtr.assign(writePtr + 1)
        }
        when(doPop) { readPtr.assign(readPtr + 1) }
        when(doPush && !doPop) {
            used.assign(used + 1)
        }.elsewhen(doPop && !doPush) {
            used.assign(used - 1)
        }
        dataOut.assign(storage.read(readPtr))
        empty.assign(isEmpty)
        full.assign(isFull)
    }

    public override var parameters: KeyValuePairs<String, Any> { ["D": depth, "W": type.width] }
}
