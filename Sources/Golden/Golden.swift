/// The bit-exact golden model of the SnaPEA accelerator (see docs/ARCHITECTURE.md).
public enum Golden {
    public static let version = "0.1.0"
}
