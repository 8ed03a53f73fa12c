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
/// labelled images; reports say so. Labels: `acceptanceLabels(_:labels:)`.
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
    /// Index (in `workload.images`) of the image each acceptance input was derived from.
    public let acceptanceSources: [Int]

    /// Where the proxy labels come from.
    public enum Labels: String, Sendable, CaseIterable {
        /// Each variant's label is the unmodified network's top-1 on the *uncropped image* it was
        /// derived from (for chelsea and coffee that is the true class, data.md); harm = a
        /// variant the unmodified network labels like its image and the predictive one does not
        /// (the paper's accuracy-loss notion; variants already "misclassified" cannot be harmed).
        case image
        /// Each variant's label is the unmodified network's top-1 on that variant: harm = any
        /// top-1 change (stricter; near-ties on weak crops flip at any perturbation).
        case variant
    }

    /// Labels of the acceptance inputs for `labels` (nil for `.variant`: the tuner then counts
    /// top-1 changes against its own exact runs). `.image` costs one exact run per image.
    public func acceptanceLabels(_ workload: SqueezeNetWorkload, labels: Labels) throws -> [Int]? {
        guard labels == .image else { return nil }
        let imageTop1 = try workload.images.map { try workload.classify(image: $0.image, mode: .exact).top1 }
        return acceptanceSources.map { imageTop1[$0] }
    }

    /// Builds the proxy (no network runs: only preprocessing and quantisation of the variants).
    public static func make(_ workload: SqueezeNetWorkload, size: Size) throws -> SqueezeNetTuningProxy {
        var profNames: [String] = [], prof: [QTensor] = []
        var perImage: [[(String, QTensor, Int)]] = []
        for (index, named) in workload.images.enumerated() {
            let variants: [ImageVariant]
            switch size {
            case .demo: variants = ImageVariants.of(named.image, named: named.name, crops: 5)
            case .full: variants = ImageVariants.of(named.image, named: named.name, crops: 5,
                                                    scales: [ImageVariants.cropFraction, 0.75, 0.625], flipCrops: true)
            }
            var accept: [(String, QTensor, Int)] = []
            for v in variants {
                let isProfiling = v.name == named.name || (size == .full && v.name == named.name + "/flip")
                let x = try workload.quantizedInput(v.image)
                if isProfiling { profNames.append(v.name); prof.append(x) } else { accept.append((v.name, x, index)) }
            }
            perImage.append(accept)
        }
        var accNames: [String] = [], acc: [QTensor] = [], sources: [Int] = []
        let longest = perImage.map(\.count).max() ?? 0
        for i in 0..<longest {
            for img in perImage where i < img.count {
                accNames.append(img[i].0)
                acc.append(img[i].1)
                sources.append(img[i].2)
            }
        }
        return SqueezeNetTuningProxy(size: size, profilingNames: profNames, profiling: prof,
                                     acceptanceNames: accNames, acceptance: acc, acceptanceSources: sources)
    }

    /// One line for reports.
    public var description: String {
        "PROXY \(size.rawValue): profiling on \(profiling.count) inputs (\(size == .full ? "the 4 images and their mirror images" : "the 4 images")), "
            + "acceptance on \(acceptance.count) other variants (\(size == .full ? "5 crops at 7/8, 3/4, 5/8 of the side, each also mirrored" : "mirror images and 5 crops at 7/8"))"
    }
}
