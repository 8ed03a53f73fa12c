import Foundation

/// An output folder written atomically: files go into a hidden temporary sibling, which is renamed
/// onto the final path only by `commit()`. An error midway leaves nothing at the final path, and an
/// existing folder is replaced only with `force`.
final class OutputFolder {
    let finalURL: URL
    let stagingURL: URL
    private var committed = false

    init(path: String, force: Bool) throws {
        finalURL = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: finalURL.path, isDirectory: &isDir) && !force {
            throw CLIError.failure("output folder \(finalURL.path) already exists (use --force to replace it)")
        }
        let parent = finalURL.deletingLastPathComponent()
        if !fm.fileExists(atPath: parent.path) {
            throw CLIError.failure("cannot write \(finalURL.path): parent folder \(parent.path) does not exist")
        }
        guard fm.isWritableFile(atPath: parent.path) else {
            throw CLIError.failure("cannot write \(finalURL.path): folder \(parent.path) is not writable")
        }
        stagingURL = parent.appendingPathComponent(".\(finalURL.lastPathComponent).tmp-\(getpid())")
        try? fm.removeItem(at: stagingURL)
        do {
            try fm.createDirectory(at: stagingURL, withIntermediateDirectories: false)
        } catch {
            throw CLIError.failure("cannot create \(stagingURL.path): \(error.localizedDescription)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: stagingURL) }
    }

    /// The staging URL for `relativePath`; refuses paths that would leave the folder.
    func url(for relativePath: String) throws -> URL {
        let parts = relativePath.split(separator: "/")
        guard !relativePath.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else {
            throw CLIError.failure("refusing to write '\(relativePath)': not a plain relative path inside the output folder")
        }
        let url = stagingURL.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, to relativePath: String) throws {
        try Data(text.utf8).write(to: url(for: relativePath))
    }

    func write(_ data: Data, to relativePath: String) throws {
        try data.write(to: url(for: relativePath))
    }

    /// Moves the finished folder into place (replacing an existing one, which `init` allowed only with `force`).
    func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: finalURL.path) {
            try fm.removeItem(at: finalURL)
        }
        try fm.moveItem(at: stagingURL, to: finalURL)
        committed = true
    }
}
