import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process CPU time in seconds (all threads).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Measured speed of the layer executor.
public struct BenchmarkResult: Sendable, CustomStringConvertible {
    public var layer: String
    /// Dense MACs of the layer (`outC * Hout * Wout * inC*kH*kW`).
    public var denseMACs: Int
    /// Ops executed in exact mode.
    public var exactOps: Int
    /// Best wall time of a dense run, seconds.
    public var denseSeconds: Double
    /// Best wall time of an exact run, seconds.
    public var exactSeconds: Double
    /// CPU seconds (all threads) of the best dense and exact runs: robust to a loaded machine.
    public var denseCPUSeconds: Double
    public var exactCPUSeconds: Double
    /// Threads the executor used (`DispatchQueue.concurrentPerform` width).
    public var cores: Int
    /// Executed MAC/s in dense mode.
    public var denseMACsPerSecond: Double { Double(denseMACs) / denseSeconds }
    /// Executed MAC/s in exact mode.
    public var exactMACsPerSecond: Double { Double(exactOps) / exactSeconds }
    /// Dense-equivalent MAC/s in exact mode (dense MACs / exact time).
    public var exactEffectiveMACsPerSecond: Double { Double(denseMACs) / exactSeconds }
    /// Wall-time speedup of exact over dense, and the ideal one (`denseMACs / exactOps`).
    public var speedup: Double { denseSeconds / exactSeconds }
    public var idealSpeedup: Double { Double(denseMACs) / Double(exactOps) }

    public var description: String {
        func g(_ x: Double) -> String { String(Int((x / 1e6).rounded())) + " MMAC/s" }
        func x(_ v: Double) -> String { String(Double(Int((v * 100).rounded())) / 100) + "x" }
        return """
        \(layer): dense \(g(denseMACsPerSecond)) (\(denseMACs) MACs, \(Int(denseSeconds * 1000)) ms); \
        exact \(g(exactMACsPerSecond)) executed, \(g(exactEffectiveMACsPerSecond)) dense-equivalent \
        (\(exactOps) ops, \(Int(exactSeconds * 1000)) ms); exact/dense wall-time speedup \(x(speedup)) \
        (ideal \(x(idealSpeedup))); per CPU-second: dense \(g(Double(denseMACs) / denseCPUSeconds)), \
        exact \(g(Double(exactOps) / exactCPUSeconds)) executed; \(cores) cores
        """
    }
}

/// Benchmarks of the golden model (run from the CLI; never from tests that check timing).
public enum GoldenBenchmark {
    /// A SqueezeNet-sized layer: `channels` in × `channels` out × 3×3, pad 1, on `size`×`size`,
    /// W = 16, inputs post-ReLU with about half zeros, weights about half negative.
    /// `biasOffset` (accumulator units) is added to every bias: negative values make more outputs
    /// negative (SqueezeNet's 3×3 expand layers have 52–90 % negative outputs).
    public static func makeLayer(channels: Int = 128, size: Int = 27, seed: UInt64 = 1,
                                 biasOffset: Int64 = 0) throws -> (QuantizedConv, QTensor) {
        var s = seed
        func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let spec = ConvSpec(name: "bench\(channels)x\(channels)x3x3@\(size)", inC: channels, outC: channels, kernel: 3, pad: 1)
        let weights: [Int32] = (0..<(channels * spec.kernelSize)).map { _ in
            let m = Int32(next() % 2048)
            return next() % 2 == 0 ? -m : m
        }
        let bias: [Int64] = (0..<channels).map { _ in Int64(next() % 200_000) - 100_000 + biasOffset }
        let layer = try QuantizedConv(spec: spec, width: 16, weights: weights, bias: bias, shift: 12)
        let input: [Int32] = (0..<(channels * size * size)).map { _ in
            next() % 2 == 0 ? 0 : Int32(next() % 4096)
        }
        return (layer, try QTensor(channels: channels, height: size, width: size, fracBits: 0, data: input))
    }

    /// Runs dense and exact `repeats` times each and keeps the best wall time.
    public static func run(channels: Int = 128, size: Int = 27, repeats: Int = 5,
                           biasOffset: Int64 = 0) throws -> BenchmarkResult {
        let (layer, input) = try makeLayer(channels: channels, size: size, biasOffset: biasOffset)
        // dense and exact runs alternate so that both see the same machine load; best of `repeats`
        var best: [Mode: (wall: Double, cpu: Double, ops: Int)] = [:]
        for _ in 0..<max(1, repeats) {
            for mode in [Mode.dense, .exact] {
                let c0 = processCPUSeconds()
                let t0 = DispatchTime.now().uptimeNanoseconds
                let r = try LayerExecutor.run(layer, input: input, mode: mode)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let c1 = processCPUSeconds()
                let old = best[mode] ?? (Double.infinity, Double.infinity, 0)
                best[mode] = (min(old.wall, Double(t1 - t0) / 1e9), min(old.cpu, c1 - c0), r.stats.total.executedOps)
            }
        }
        let (td, cd, dense) = best[.dense]!
        let (te, ce, exact) = best[.exact]!
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return BenchmarkResult(layer: layer.spec.name, denseMACs: dense, exactOps: exact, denseSeconds: td, exactSeconds: te,
                               denseCPUSeconds: cd, exactCPUSeconds: ce, cores: cores)
    }
}
