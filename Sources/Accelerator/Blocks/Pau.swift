/// PAU (prediction activation unit): on the new partial sum `sum` of op `opIndex`, fires
/// `terminate` (output 0) when
/// 1. the threshold check is on, `N >= 1`, `opIndex == N - 1` and `sum <= Th`, or
/// 2. the sign check is on, `opIndex >= C` and `sum < 0`.
/// Purely combinational; absent in the baseline (`withPAU == false`).
struct Pau {
    let config: AcceleratorConfig
    static let name = "Pau"

    func verilog() -> String {
        let a = config.accumulatorWidth, c = config.opCountWidth
        return """
        module Pau (
            input  wire enable,
            input  wire signCheck,
            input  wire thresholdCheck,
            input  wire [\(c - 1):0] opIndex,
            input  wire [\(c - 1):0] checkFrom,
            input  wire [\(c - 1):0] specN,
            input  wire [\(a - 1):0] threshold,
            input  wire [\(a - 1):0] sum,
            output wire terminate
        );
            wire [\(c - 1):0] executed = opIndex + \(c)'d1;
            wire predicted = enable && thresholdCheck && (specN != \(c)'d0) && (executed == specN)
                && ($signed(sum) <= $signed(threshold));
            wire negative = enable && signCheck && (opIndex >= checkFrom) && sum[\(a - 1)];
            assign terminate = predicted || negative;
        endmodule

        """
    }
}
