/// Label-preserving variants of an image for the SqueezeNet proxy data set: the image, its
/// mirror image, and crops of 7/8 of each side at the four corners and the centre.
public struct ImageVariant: Sendable, Equatable {
    /// `<image>`, `<image>/flip`, `<image>/crop-tl|tr|bl|br|c`.
    public let name: String
    public let image: RGBImage
}

public enum ImageVariants {
    /// Crop side as a fraction of the image side.
    public static let cropFraction = 7.0 / 8.0

    /// The variants of `image`: original, horizontal flip, then `crops` (0…5) crops in the order
    /// centre, top-left, top-right, bottom-left, bottom-right.
    public static func of(_ image: RGBImage, named name: String, crops: Int = 5) -> [ImageVariant] {
        precondition((0...5).contains(crops), "crops must be 0...5")
        var out = [ImageVariant(name: name, image: image),
                   ImageVariant(name: name + "/flip", image: image.flippedHorizontally())]
        let w = max(1, Int((Double(image.width) * cropFraction).rounded())), h = max(1, Int((Double(image.height) * cropFraction).rounded()))
        let positions: [(String, Int, Int)] = [("c", (image.width - w) / 2, (image.height - h) / 2),
                                               ("tl", 0, 0), ("tr", image.width - w, 0),
                                               ("bl", 0, image.height - h), ("br", image.width - w, image.height - h)]
        for (tag, x, y) in positions.prefix(crops) {
            out.append(ImageVariant(name: "\(name)/crop-\(tag)", image: image.cropped(x: x, y: y, width: w, height: h)))
        }
        return out
    }
}
