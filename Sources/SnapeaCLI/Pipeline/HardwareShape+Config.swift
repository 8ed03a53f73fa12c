import Accelerator
import Estimation

extension HardwareShape {
    /// The energy model's view of an accelerator configuration (one PE's buffers; the energy of an
    /// access depends on the size of the buffer accessed, not on how many PEs hold one).
    init(config c: AcceleratorConfig, areaUm2: Double) {
        self.init(dataBits: c.dataWidth, accumulatorBits: c.accumulatorWidth, counterBits: c.opCountWidth,
                  indexBits: c.inputAddressWidth,
                  weightBuffer: Buffer(depth: c.weightBufferOps, width: c.dataWidth),
                  indexBuffer: Buffer(depth: c.weightBufferOps, width: c.inputAddressWidth),
                  inputBuffer: Buffer(depth: c.inputWordsPerBank, width: c.dataWidth),
                  outputBuffer: Buffer(depth: c.workListEntries, width: c.dataWidth),
                  workList: Buffer(depth: c.workListEntries, width: c.kernelIndexWidth + c.inputAddressWidth),
                  kernelTable: Buffer(depth: c.kernelTableEntries,
                                      width: c.weightAddressWidth + 3 * c.opCountWidth + 2 * c.accumulatorWidth),
                  clockMHz: c.clockMHz, areaUm2: areaUm2)
    }
}
