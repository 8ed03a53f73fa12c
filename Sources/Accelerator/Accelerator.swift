import HDL
import Golden

/// The SnaPEA accelerator library: configuration, MAC, PAU, lane, PE, array.
public enum Accelerator {
    public static let version = "0.1.0"
}
