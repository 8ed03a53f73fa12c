import Golden

/// Profiling and acceptance inputs for tuning predictive mode on SqueezeNet — a PROXY for a
/// labelled validation set (only four unlabelled images exist): variants of the four images
/// (`ImageVariants`), with harm = top-1 changed against the unmodified fixed-point network (the
/// tuner computes those reference labels itself, `TunerSession(labels: nil)`).
///
/// Profiling (threshold fitting) and acceptance use disjoint variants: the profiling set is the
/// images themselves (and, for `.full`, their mirror images); the acceptance set is crops (and
/// mirrored crops) that the profiler never saw. Crops of one image are correlated with the
/// image and with each other, so the acceptance set is weaker evidence than n independent
/// labelled images; reports say so.
public struct SqueezeNetTuningProxy: Sendable {
    /// Proxy sizes.
    public enum Size: String, Sendable, CaseIterable {
        /// Profiling: the 4 images; acceptance: their 4 flips + 5 crops (7/8) of each = 24.
        case demo
        /// Profiling: the 4 images + flips = 8; acceptance: 5 crops at scales 7/8, 3/4, 5/8 and
        /// their mirror images, 30 per image = 120.
        case full
    }

    public let size: Size
    public let profilingNames: [String]
    public let profiling: [QTensor]
    /// Acceptance inputs, interleaved across images (image 1's first variant, image 2's first, …)
    /// so that an early-stopping check sees every image early.
    public let acceptanceNames: [String]
    public let acceptance: [QTensor]

    /// Builds the proxy (no network runs: only preprocessing and quantisation of the variants).
    public static func make(_ workload: SqueezeNetWorkload, size: Size) throws -> SqueezeNetTuningProxy {
        var profNames: [String] = [], prof: [QTensor] = []
        var perImage: [[(String, QTensor)]] = []
        for named in workload.images {
            let variants: [ImageVariant]
            switch size {
            case .demo: variants = ImageVariants.of(named.image, named: named.name, crops: 5)
            case .full: variants = ImageVariants.of(named.image, named: named.name, crops: 5,
                                                    scales: [ImageVariants.cropFraction, 0.75, 0.625], flipCrops: true)
            }
            var accept: [(String, QTensor)] = []
            for v in variants {
                let isProfiling = v.name == named.name || (size == .full && v.name == named.name + "/flip")
                let x = try workload.quantizedInput(v.image)
                if isProfiling { profNames.append(v.name); prof.append(x) } else { accept.append((v.name, x)) }
            }
            perImage.append(accept)
        }
        var accNames: [String] = [], acc: [QTensor] = []
        let longest = perImage.map(\.count).max() ?? 0
        for i in 0..<longest {
            for img in perImage where i < img.count {
                accNames.append(img[i].0)
                acc.append(img[i].1)
            }
        }
        return SqueezeNetTuningProxy(size: size, profilingNames: profNames, profiling: prof,
                                     acceptanceNames: accNames, acceptance: acc)
    }

    /// One line for reports.
    public var description: String {
        "PROXY \(size.rawValue): profiling on \(profiling.count) inputs (\(size == .full ? "the 4 images and their mirror images" : "the 4 images")), "
            + "acceptance on \(acceptance.count) other variants (\(size == .full ? "5 crops at 7/8, 3/4, 5/8 of the side, each also mirrored" : "mirror images and 5 crops at 7/8")); "
            + "labels = the unmodified fixed-point network's top-1"
    }
}
