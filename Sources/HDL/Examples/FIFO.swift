/// Example: a synchronous FIFO of `depth` (at least 2) words built on a memory with one
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
            writePtr.assign(FIFO.advance(writePtr, depth: depth))
        }
        when(doPop) { readPtr.assign(FIFO.advance(readPtr, depth: depth)) }
        when(doPush && !doPop) {
            used.assign(used + 1)
        }.elsewhen(doPop && !doPush) {
            used.assign(used - 1)
        }
        dataOut.assign(storage.read(readPtr))
        empty.assign(isEmpty)
        full.assign(isFull)
    }

    /// `ptr + 1`, wrapping to 0 after `depth - 1` (also for depths that are not powers of two).
    static func advance(_ ptr: Signal, depth: Int) -> Signal {
        if depth == 1 << ptr.width { return ptr + 1 }
        return mux(ptr == depth - 1, lit(0, ptr.type), ptr + 1)
    }

    public override var parameters: KeyValuePairs<String, Any> { ["D": depth, "W": type.width] }
}
