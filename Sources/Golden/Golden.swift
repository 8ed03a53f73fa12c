/// The bit-exact, cycle-exact golden model of the SnaPEA accelerator (docs/ARCHITECTURE.md).
///
/// Entry points:
/// - arithmetic: `FixedPoint`; layers: `ConvSpec`, `QuantizedConv`, `Tensor`, `QTensor`;
/// - compiler: `Mode`, `Compiler` (+ `ExactOrder`, `SpeculationStrategy`, `PredictiveSetting`,
///   `ChannelStatistics`) → `KernelProgram`;
/// - execution: `LayerExecutor.run` → `LayerRun` (`LayerStats`, `KernelStats`);
/// - hardware view: `LayerTiler` (`BufferCapacities`, `TilePlan`, `ActivityCounts`),
///   `TileProgram`, `CycleModel`, `LaneSimulator`;
/// - networks: `Network` (`LayerOp`, `ConvLayer`, `PoolSpec`), `Quantizer`, `QuantizedNetwork`;
/// - measurements: `OrderComparison`, `GoldenBenchmark`.
public enum Golden {
    public static let version = "0.1.0"
}
