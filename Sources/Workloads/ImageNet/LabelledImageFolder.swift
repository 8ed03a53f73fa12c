import Foundation

/// One image of a labelled folder (a row of its `labels.csv`).
public struct LabelledImage: Sendable, Equatable {
    /// File name inside the folder (no path separators).
    public let file: String
    /// ILSVRC-2012 class index 0...999 (SqueezeNet's output order).
    public let label: Int
    public let synset: String
    /// Class name as the file spells it (underscores for spaces, e.g. `Siamese_cat`).
    public let name: String

    public init(file: String, label: Int, synset: String, name: String) {
        self.file = file
        self.label = label
        self.synset = synset
        self.name = name
    }
}

/// A folder of labelled images: `labels.csv` (`file,class,synset,name`) and the PPM files it lists,
/// such as `../shared/data/imagenet-sample` (500 ImageNet images, one per even class; its README).
///
/// Loading checks everything before any image is decoded: the header, every row (4 fields, a
/// plain `.ppm` file name, a class index in `0..<classes`, a synset `n` + 8 digits, a name),
/// duplicate files, and that every listed file exists. Errors are one line with `file:line`
/// (`FormatError`), or `MissingDataFile` for `labels.csv` itself or a listed image.
public struct LabelledImageFolder: Sendable {
    public static let labelsFile = "labels.csv"
    /// The folder's name inside the data folder (`DataDirectory`).
    public static let defaultSubfolder = "imagenet-sample"
    public static let origin = "500 labelled ImageNet images prepared as Caffe evaluates (imagenet-sample/README)"

    public let path: String
    /// The rows of `labels.csv`, in file order.
    public let images: [LabelledImage]

    /// Loads `labels.csv` of `path` and checks that every listed image exists.
    public static func load(path: String, classes: Int = 1000) throws -> LabelledImageFolder {
        let labelsPath = (path as NSString).appendingPathComponent(labelsFile)
        guard FileManager.default.isReadableFile(atPath: labelsPath) else {
            throw MissingDataFile(path: labelsPath, origin: origin)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: labelsPath))
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: labelsPath, message: "not UTF-8 text")
        }
        let images = try parse(text, file: labelsPath, classes: classes)
        for image in images {
            let full = (path as NSString).appendingPathComponent(image.file)
            guard FileManager.default.isReadableFile(atPath: full) else {
                throw MissingDataFile(path: full, origin: "listed in \(labelsPath)")
            }
        }
        return LabelledImageFolder(path: path, images: images)
    }

    /// Parses the text of a `labels.csv` (`file` names it in errors).
    public static func parse(_ text: String, file: String, classes: Int = 1000) throws -> [LabelledImage] {
        // "\r\n" is one Character in Swift: split on both line ends
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "file,class,synset,name" else {
            throw FormatError(file: file, line: 1, message: "expected the header 'file,class,synset,name', got '\(lines.first ?? "")'")
        }
        var out: [LabelledImage] = []
        var seen: [String: Int] = [:]
        for (i, line) in lines.enumerated().dropFirst() {
            let n = i + 1
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else {
                throw FormatError(file: file, line: n, message: "expected 4 fields (file,class,synset,name), got \(f.count)")
            }
            let name = f[0]
            guard name.hasSuffix(".ppm"), name.count > 4, !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".") else {
                throw FormatError(file: file, line: n, message: "file '\(name)' is not a plain .ppm file name in the folder")
            }
            guard let label = Int(f[1]), (0..<classes).contains(label) else {
                throw FormatError(file: file, line: n, message: "class '\(f[1])' is not an integer in 0...\(classes - 1)")
            }
            let synset = f[2]
            guard synset.count == 9, synset.first == "n", synset.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw FormatError(file: file, line: n, message: "synset '\(synset)' is not n followed by 8 digits")
            }
            guard !f[3].isEmpty else { throw FormatError(file: file, line: n, message: "empty class name") }
            if let first = seen[name] {
                throw FormatError(file: file, line: n, message: "file '\(name)' is listed twice (first on line \(first))")
            }
            seen[name] = n
            out.append(LabelledImage(file: name, label: label, synset: synset, name: f[3]))
        }
        guard !out.isEmpty else { throw FormatError(file: file, line: 1, message: "no images listed") }
        return out
    }

    /// Full path of `image`.
    public func path(of image: LabelledImage) -> String { (path as NSString).appendingPathComponent(image.file) }

    /// Decodes `image`.
    public func load(_ image: LabelledImage) throws -> RGBImage { try PPM.load(path: path(of: image)) }

    /// The row of the file at `path` when it lies in this folder (same file name and folder).
    public func entry(forPath other: String) -> LabelledImage? {
        let url = URL(fileURLWithPath: other).standardizedFileURL
        guard url.deletingLastPathComponent().path == URL(fileURLWithPath: path).standardizedFileURL.path else { return nil }
        return images.first { $0.file == url.lastPathComponent }
    }

    /// Rows `range` of an image range `k/n` (`shard`): contiguous, in file order.
    public func shard(_ shard: Shard) -> [LabelledImage] { Array(images[shard.range(of: images.count)]) }
}

/// Part `index` (1-based) of `count` equal contiguous parts of a list (`--shard k/n`).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw FormatError(file: "--shard", message: "expected k/n with 1 <= k <= n, got \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `k/n`.
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw FormatError(file: "--shard", message: "expected k/n (e.g. 1/4), got '\(text)'")
        }
        return try Shard(index: k, count: n)
    }

    public static let whole = try! Shard(index: 1, count: 1)

    /// The element range of this part of `total` elements (part sizes differ by at most one).
    public func range(of total: Int) -> Range<Int> {
        (total * (index - 1) / count)..<(total * index / count)
    }

    public var description: String { "\(index)/\(count)" }
}
