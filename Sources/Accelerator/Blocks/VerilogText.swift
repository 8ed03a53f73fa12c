/// Small helpers for writing width-exact Verilog text (no implicit extension anywhere, so
/// `verilator -Wall` stays silent).
enum VerilogText {
    /// Zero-extends the `from`-bit expression `expr` to `to` bits.
    static func zext(_ expr: String, from: Int, to: Int) -> String {
        precondition(to >= from, "zext \(expr) from \(from) to \(to)")
        return to == from ? expr : "{\(to - from)'d0, \(expr)}"
    }

    /// `[hi:lo]` range text for a `width`-bit vector.
    static func range(_ width: Int) -> String { "[\(width - 1):0]" }

    /// Bit slice `name[width*index + width-1 : width*index]` of a flat bus.
    static func slice(_ name: String, index: Int, width: Int) -> String {
        "\(name)[\(width * index + width - 1):\(width * index)]"
    }
}
