/// The hardware facts the energy model needs: datapath widths, buffer geometries, clock, area.
/// (An `AcceleratorConfig` maps into this; see `docs/ESTIMATION.md`.)
public struct HardwareShape: Sendable, Hashable, Codable {
    /// A buffer's geometry (per instance: the energy of an access depends on one buffer's size).
    public struct Buffer: Sendable, Hashable, Codable {
        public var depth: Int
        public var width: Int
        public init(depth: Int, width: Int) { self.depth = depth; self.width = width }
    }

    /// Weight/activation width W.
    public var dataBits: Int
    /// Accumulator width A.
    public var accumulatorBits: Int
    /// Op-counter width (log2 of the longest op list, rounded up).
    public var counterBits: Int
    /// Index word width (input-offset width).
    public var indexBits: Int
    public var weightBuffer: Buffer
    public var indexBuffer: Buffer
    public var inputBuffer: Buffer
    public var outputBuffer: Buffer
    /// Work list (entries kernel+base) and kernel table (bias, C, N, Th per kernel).
    public var workList: Buffer
    public var kernelTable: Buffer
    /// Clock frequency, MHz (default 500).
    public var clockMHz: Double
    /// Total area for leakage, µm² (from an `AreaReport`).
    public var areaUm2: Double

    public init(dataBits: Int, accumulatorBits: Int, counterBits: Int, indexBits: Int,
                weightBuffer: Buffer, indexBuffer: Buffer, inputBuffer: Buffer, outputBuffer: Buffer,
                workList: Buffer? = nil, kernelTable: Buffer? = nil, clockMHz: Double = 500, areaUm2: Double) {
        self.dataBits = dataBits; self.accumulatorBits = accumulatorBits; self.counterBits = counterBits
        self.indexBits = indexBits; self.weightBuffer = weightBuffer; self.indexBuffer = indexBuffer
        self.inputBuffer = inputBuffer; self.outputBuffer = outputBuffer; self.clockMHz = clockMHz
        self.workList = workList ?? Buffer(depth: 64, width: 32)
        self.kernelTable = kernelTable ?? Buffer(depth: 16, width: 4 * accumulatorBits)
        self.areaUm2 = areaUm2
    }
}
