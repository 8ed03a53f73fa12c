import Foundation
import SnapeaEnvironment

/// A data file the project needs but does not ship, with where it comes from.
public struct MissingDataFile: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path that was looked up.
    public let path: String
    /// Where the file comes from.
    public let origin: String
    public init(path: String, origin: String) {
        self.path = path
        self.origin = origin
    }

    public var description: String {
        "missing data file \(path): \(origin); see ../shared/docs/data.md (set the data directory with --data or \(DataDirectory.environmentVariable))"
    }
}

/// The directory holding the real data (`squeezenet/`, `images/`, …) described in
/// `../shared/docs/data.md`.
///
/// Resolution order (`DataFolder.resolve`, shared with the liberty lookup of the estimator): an
/// explicit path; else the environment variable `SNAPEA_DATA`; else `../shared/data` beside the
/// package.
public struct DataDirectory: Sendable, Equatable {
    /// Environment variable that overrides the default location.
    public static let environmentVariable = DataFolder.environmentVariable

    /// Absolute or relative path of the directory.
    public let path: String

    public init(path: String) { self.path = path }

    /// The directory to use: `explicit` if given, else `$SNAPEA_DATA`, else `../shared/data` beside
    /// the package (`DataFolder.resolve`).
    public static func resolve(_ explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        DataDirectory(path: DataFolder.resolve(explicit, environment: environment))
    }

    /// Whether the directory exists.
    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Path of `relative` inside the directory, or `MissingDataFile` naming it and its origin.
    public func file(_ relative: String, origin: String) throws -> String {
        let full = (path as NSString).appendingPathComponent(relative)
        guard FileManager.default.isReadableFile(atPath: full) else {
            throw MissingDataFile(path: full, origin: origin)
        }
        return full
    }

    /// Origins of the known files, as documented in `../shared/docs/data.md`.
    public enum Origin {
        public static let squeezeNet = "SqueezeNet v1.0 Deep Compression release, github.com/songhan/SqueezeNet-Deep-Compression (BSD)"
        public static let images = "scikit-image test images (BSD), converted to binary PPM"
    }

    /// `squeezenet/SqueezeNet_deploy.prototxt`.
    public func squeezeNetPrototxt() throws -> String {
        try file("squeezenet/SqueezeNet_deploy.prototxt", origin: Origin.squeezeNet)
    }

    /// `squeezenet/compressed_SqueezeNet.net`.
    public func squeezeNetWeights() throws -> String {
        try file("squeezenet/compressed_SqueezeNet.net", origin: Origin.squeezeNet)
    }

    /// `images/<name>.ppm`.
    public func image(_ name: String) throws -> String {
        try file("images/\(name).ppm", origin: Origin.images)
    }

    /// The four test images of the data set, in a fixed order.
    public static let imageNames = ["chelsea", "coffee", "astronaut", "rocket"]
}
