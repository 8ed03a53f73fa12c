/// Requantiser: `min(2^(W-1) - 1, s > 0 ? (max(a,0) + 2^(s-1)) >> s : max(a,0))`, computed as
/// `((max(a,0) >> (s-1)) + 1) >> 1` for `s > 0` (the same value, no wide adder constant).
struct Requantizer {
    let config: AcceleratorConfig
    static let name = "Requantizer"

    func verilog() -> String {
        let a = config.accumulatorWidth, w = config.dataWidth, s = config.shiftWidth
        let maxOut = "{1'b0, {\(w - 1){1'b1}}}"
        return """
        module Requantizer (
            input  wire [\(a - 1):0] acc,
            input  wire [\(s - 1):0] shift,
            output wire [\(w - 1):0] result
        );
            wire [\(a - 1):0] positive = acc[\(a - 1)] ? \(a)'d0 : acc;
            wire [\(a - 1):0] halved = positive >> (shift - \(s)'d1);
            wire [\(a - 1):0] rounded = (shift == \(s)'d0) ? positive : ((halved + \(a)'d1) >> 1);
            wire saturate = rounded[\(a - 1):\(w - 1)] != \(a - w + 1)'d0;
            assign result = saturate ? \(maxOut) : rounded[\(w - 1):0];
        endmodule

        """
    }
}
