/// Compute lane: the op walker around one MAC, one PAU and the requantiser.
///
/// On `load` (from the scheduler) the lane latches its work-list entry (input base, output
/// address) and the kernel-table entry (op-list start, `L`, `C`, `N`, `Th`), the MAC preloads the
/// bias and the op index resets. Every active cycle it executes op `i`: weight and offset are
/// read at `opAddress = start + i`, the activation at `gatherAddress = base + offset` (reads are
/// combinational, served by the PE), the MAC adds the product and the PAU and the last-op check
/// decide on the new sum. `stop` writes `result` to the output buffer at `outAddress` in the same
/// cycle; the scheduler may `load` the next entry on that very edge.
struct ComputeLane {
    let config: AcceleratorConfig
    static let name = "ComputeLane"

    func verilog() -> String {
        let c = config
        let a = c.accumulatorWidth, w = c.dataWidth, cw = c.opCountWidth
        let ia = c.inputAddressWidth, wa = c.weightAddressWidth, oa = c.workAddressWidth, sw = c.shiftWidth
        let pau = c.withPAU
        var ports = """
            input  wire clk,
            input  wire rst,
            input  wire load,
            input  wire [\(ia - 1):0] loadBase,
            input  wire [\(oa - 1):0] loadOutAddress,
            input  wire [\(wa - 1):0] loadStart,
            input  wire [\(cw - 1):0] loadLength,
            input  wire [\(a - 1):0] loadBias,

        """
        if pau {
            ports += """
                input  wire [\(cw - 1):0] loadCheckFrom,
                input  wire [\(cw - 1):0] loadSpecN,
                input  wire [\(a - 1):0] loadThreshold,
                input  wire signCheck,
                input  wire thresholdCheck,

            """
        }
        ports += """
            input  wire [\(sw - 1):0] shift,
            input  wire [\(w - 1):0] weight,
            input  wire [\(ia - 1):0] offset,
            input  wire [\(w - 1):0] activation,
            output wire [\(wa - 1):0] opAddress,
            output wire [\(ia - 1):0] gatherAddress,
            output wire busy,
            output wire stop,
            output wire [\(oa - 1):0] outAddress,
            output wire [\(w - 1):0] result
        """
        var regs = """
            reg active;
            reg [\(ia - 1):0] base;
            reg [\(oa - 1):0] outAddr;
            reg [\(wa - 1):0] opAddr;
            reg [\(cw - 1):0] opIndex;
            reg [\(cw - 1):0] length;

        """
        if pau {
            regs += """
                reg [\(cw - 1):0] checkFrom;
                reg [\(cw - 1):0] specN;
                reg [\(a - 1):0] threshold;

            """
        }
        let pauInst = pau ? """
            wire terminate;
            Pau pau (
                .enable(active && !empty),
                .signCheck(signCheck),
                .thresholdCheck(thresholdCheck),
                .opIndex(opIndex),
                .checkFrom(checkFrom),
                .specN(specN),
                .threshold(threshold),
                .sum(sum),
                    .terminate(terminate)
            );

        """ : """
            wire terminate = 1'b0;

        """
        let pauLoad = pau ? """
                    checkFrom <= loadCheckFrom;
                    specN <= loadSpecN;
                    threshold <= loadThreshold;

        """ : ""
        let pauReset = pau ? """
                    checkFrom <= \(cw)'d0;
                    specN <= \(cw)'d0;
                    threshold <= \(a)'d0;

        """ : ""
        return """
        module ComputeLane (
        \(ports)
        );
        \(regs)    wire empty = length == \(cw)'d0;
            wire last = (opIndex + \(cw)'d1) == length;
            wire [\(a - 1):0] sum;
                    wire [\(w - 1):0] requantized;
            Mac mac (
                .clk(clk),
                .rst(rst),
                .load(load),
                .bias(loadBias),
                .enable(active && !empty),
                .weight(weight),
                .activation(activation),
                .sum(sum)
            );
        \(pauInst)    Requantizer requantizer (
                .acc(sum),
                .shift(shift),
                .result(requantized)
            );
            assign opAddress = opAddr;
            assign gatherAddress = base + offset;
            assign busy = active;
            assign stop = active && (empty || last || terminate);
            assign outAddress = outAddr;
            assign result = terminate ? \(w)'d0 : requantized;
            always @(posedge clk) begin
                if (rst) begin
                    active <= 1'b0;
                    base <= \(ia)'d0;
                    outAddr <= \(oa)'d0;
                    opAddr <= \(wa)'d0;
                    opIndex <= \(cw)'d0;
                    length <= \(cw)'d0;
        \(pauReset)            end else if (load) begin
                    active <= 1'b1;
                    base <= loadBase;
                    outAddr <= loadOutAddress;
                    opAddr <= loadStart;
                    opIndex <= \(cw)'d0;
                    length <= loadLength;
        \(pauLoad)            end else if (stop) begin
                    active <= 1'b0;
                end else if (active) begin
                    opAddr <= opAddr + \(wa)'d1;
                    opIndex <= opIndex + \(cw)'d1;
                end
            end
        endmodule

        """
    }
}
