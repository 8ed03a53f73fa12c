/// MAC: `W x W` signed multiply, accumulate into the `A`-bit accumulator, bias preload.
/// `sum = acc + (enable ? weight * activation : 0)` is combinational so the PAU decides on the
/// new partial sum in the same cycle; `acc` takes `bias` on `load`, else `sum` when enabled.
struct Mac {
    let config: AcceleratorConfig
    static let name = "Mac"

    func verilog() -> String {
        let w = config.dataWidth, a = config.accumulatorWidth
        return """
        module Mac (
            input  wire clk,
            input  wire rst,
            input  wire load,
            input  wire [\(a - 1):0] bias,
            input  wire enable,
            input  wire [\(w - 1):0] weight,
            input  wire [\(w - 1):0] activation,
            output wire [\(a - 1):0] sum
        );
            reg  [\(a - 1):0] accReg;
            wire signed [\(2 * w - 1):0] product = $signed(weight) * $signed(activation);
            wire [\(a - 1):0] term = enable ? {{\(a - 2 * w){product[\(2 * w - 1)]}}, product} : \(a)'d0;
            assign sum = accReg + term;
            always @(posedge clk) begin
                if (rst) accReg <= \(a)'d0;
                else if (load) accReg <= bias;
                else if (enable) accReg <= sum;
            end
        endmodule

        """
    }
}
