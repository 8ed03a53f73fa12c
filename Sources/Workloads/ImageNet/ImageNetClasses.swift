import Foundation

/// The 1000 ILSVRC-2012 classes in the order of SqueezeNet's outputs (synsets sorted), embedded as
/// `Resources/imagenet-classes.csv` (`class,synset,name`; see `IMAGENET-CLASSES-ATTRIBUTION.md`).
public struct ImageNetClasses: Sendable {
    /// One class.
    public struct Entry: Sendable, Equatable {
        public let index: Int
        public let synset: String
        /// The first WordNet lemma, e.g. "Egyptian cat".
        public let name: String
    }

    /// Entries by class index (`entries[i].index == i`).
    public let entries: [Entry]

    /// The embedded table (parsed once).
    public static let embedded: ImageNetClasses = {
        guard let url = Bundle.module.url(forResource: "imagenet-classes", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("Workloads resource imagenet-classes.csv is missing from the bundle")
        }
        do { return try parse(text, file: "imagenet-classes.csv") } catch { fatalError("\(error)") }
    }()

    /// Parses the `class,synset,name` table: exactly the classes 0...n-1 in order.
    public static func parse(_ text: String, file: String) throws -> ImageNetClasses {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "class,synset,name" else {
            throw FormatError(file: file, line: 1, message: "expected the header 'class,synset,name'")
        }
        var entries: [Entry] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, Int(f[0]) == entries.count, !f[2].isEmpty else {
                throw FormatError(file: file, line: i + 1, message: "expected '\(entries.count),<synset>,<name>'")
            }
            entries.append(Entry(index: entries.count, synset: f[1], name: f[2]))
        }
        return ImageNetClasses(entries: entries)
    }

    /// The name of class `index` ("class N" when out of range).
    public func name(_ index: Int) -> String {
        entries.indices.contains(index) ? entries[index].name : "class \(index)"
    }
}
