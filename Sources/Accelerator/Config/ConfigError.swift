/// A configuration (or a tile for a configuration) that the hardware cannot accept.
/// `field` names the offending `AcceleratorConfig` field.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `AcceleratorConfig` field at fault (e.g. `lanesPerPE`).
    public var field: String
    /// What is wrong, in one line.
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "invalid accelerator config: \(field): \(message)" }
}
