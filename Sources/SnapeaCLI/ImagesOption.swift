import Foundation
import Workloads

/// `--images DIR`: a folder of labelled images (`labels.csv` + PPM files, e.g.
/// `../shared/data/imagenet-sample`), accepted by `simulate`, `tune`, `report` and `classify`.
let imagesOption = OptionSpec.value(
    "images", "DIR", "labelled image folder (labels.csv + PPM; default: imagenet-sample in the data folder when present)")

/// `--shard k/n`: the k-th of n contiguous image ranges.
let shardOption = OptionSpec.value("shard", "K/N", "process only the k-th of n equal image ranges (merge the parts with `snapea merge`)")

/// The labelled folder of `--images`, checked before any work (a missing folder, `labels.csv`,
/// listed image or a bad row is a one-line error). Without `--images`: the default folder
/// (`<data>/imagenet-sample`) when `useDefault` and it exists, else nil.
func labelledFolder(_ args: ParsedArguments, useDefault: Bool) throws -> LabelledImageFolder? {
    let path: String
    if let explicit = args.value("images") {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError.failure("--images: no such folder \(explicit)")
        }
        path = explicit
    } else {
        guard useDefault else { return nil }
        let dir = try dataDirectory(args)
        path = (dir.path as NSString).appendingPathComponent(LabelledImageFolder.defaultSubfolder)
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(LabelledImageFolder.labelsFile)) else {
            return nil
        }
    }
    do {
        return try LabelledImageFolder.load(path: path)
    } catch let e as MissingDataFile {
        throw CLIError.failure("--images: \(e.description)")
    } catch let e as FormatError {
        throw CLIError.failure("--images: \(e.description)")
    }
}

/// `--shard k/n` (nil when absent).
func shardValue(_ args: ParsedArguments) throws -> Shard? {
    guard let text = args.value("shard") else { return nil }
    do { return try Shard.parse(text) } catch let e as FormatError { throw CLIError.usage(e.description) }
}
