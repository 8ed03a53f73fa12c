import Foundation
import Golden

/// Wall-clock timing of one SqueezeNet image through the float reference and the golden model
/// in each mode (for the CLI and the report; tests never assert on time).
public struct SqueezeNetBenchmark: Sendable {
    /// Seconds per run, by label (`float` = golden float path, `floatRef` = the independent
    /// float interpreter, `dense`, `zeroSkip`, `exact` = golden fixed point).
    public let seconds: [(label: String, seconds: Double, ops: Int)]

    /// Runs `image` `repeats` times per configuration and keeps the fastest run.
    public static func run(_ workload: SqueezeNetWorkload, image: RGBImage, repeats: Int = 1) throws -> SqueezeNetBenchmark {
        var out: [(String, Double, Int)] = []
        func time(_ body: () throws -> Int) rethrows -> (Double, Int) {
            var best = Double.infinity, ops = 0
            for _ in 0..<max(1, repeats) {
                let t = Date()
                ops = try body()
                best = min(best, Date().timeIntervalSince(t))
            }
            return (best, ops)
        }
        let x = try workload.input(image)
        let (tf, _) = try time { _ = try workload.network.forward(x); return 0 }
        out.append(("float", tf, 0))
        let (tr, _) = try time { _ = try workload.reference.output(x.data); return 0 }
        out.append(("floatRef", tr, 0))
        let q = try workload.quantized.quantizeInput(x)
        for m in [Mode.dense, .zeroSkip, .exact] {
            let (t, ops) = try time { try workload.run(q, mode: m).layerStats.reduce(0) { $0 + $1.total.executedOps } }
            out.append((m.rawValue, t, ops))
        }
        return SqueezeNetBenchmark(seconds: out)
    }

    /// One line per configuration: seconds and executed ops per second.
    public var summary: String {
        seconds.map { r in
            r.ops > 0 ? String(format: "%-9@ %7.3f s  %6.1f Mops/s (%d ops)", r.label, r.seconds, Double(r.ops) / r.seconds / 1e6, r.ops)
                      : String(format: "%-9@ %7.3f s", r.label, r.seconds)
        }.joined(separator: "\n")
    }
}
