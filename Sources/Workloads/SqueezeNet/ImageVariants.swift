/// Label-preserving variants of an image for the SqueezeNet proxy data set: the image, its
/// mirror image, and crops at the four corners and the centre (default: 7/8 of each side),
/// optionally at several scales and mirrored.
public struct ImageVariant: Sendable, Equatable {
    /// `<image>`, `<image>/flip`, `<image>/crop-c|tl|tr|bl|br` (default scale),
    /// `<image>/crop75-tl` (other scales, in percent), with `/flip` appended for mirrored crops.
    public let name: String
    public let image: RGBImage
}

public enum ImageVariants {
    /// Default crop side as a fraction of the image side.
    public static let cropFraction = 7.0 / 8.0

    /// The variants of `image`: original, horizontal flip, then for each scale in `scales`
    /// `crops` (0…5) crops in the order centre, top-left, top-right, bottom-left, bottom-right,
    /// each followed by its mirror image when `flipCrops`. Count: `2 + scales · crops · (flipCrops ? 2 : 1)`.
    public static func of(_ image: RGBImage, named name: String, crops: Int = 5,
                          scales: [Double] = [cropFraction], flipCrops: Bool = false) -> [ImageVariant] {
        precondition((0...5).contains(crops), "crops must be 0...5")
        precondition(scales.allSatisfy { $0 > 0 && $0 <= 1 }, "crop scales must be in (0, 1]")
        var out = [ImageVariant(name: name, image: image),
                   ImageVariant(name: name + "/flip", image: image.flippedHorizontally())]
        for scale in scales {
            let w = max(1, Int((Double(image.width) * scale).rounded())), h = max(1, Int((Double(image.height) * scale).rounded()))
            let tag = scale == cropFraction ? "crop" : "crop\(Int((scale * 100).rounded()))"
            let positions: [(String, Int, Int)] = [("c", (image.width - w) / 2, (image.height - h) / 2),
                                                   ("tl", 0, 0), ("tr", image.width - w, 0),
                                                   ("bl", 0, image.height - h), ("br", image.width - w, image.height - h)]
            for (corner, x, y) in positions.prefix(crops) {
                let crop = image.cropped(x: x, y: y, width: w, height: h)
                out.append(ImageVariant(name: "\(name)/\(tag)-\(corner)", image: crop))
                if flipCrops { out.append(ImageVariant(name: "\(name)/\(tag)-\(corner)/flip", image: crop.flippedHorizontally())) }
            }
        }
        return out
    }
}
