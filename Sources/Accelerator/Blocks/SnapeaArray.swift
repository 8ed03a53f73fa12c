/// Array top: `P` PEs, the load port (PE select or broadcast), `start`/`done` (done = every PE
/// done) and the output read port (`rd_pe`, `rd_addr` → `rd_data`, combinational).
struct SnapeaArray {
    let config: AcceleratorConfig
    static let name = "SnapeaArray"

    func verilog() -> String {
        let c = config
        let p = c.pes, w = c.dataWidth, oa = c.workAddressWidth, pw = c.peIndexWidth
        let la = c.loadAddressWidth, ld = c.loadDataWidth
        func r(_ x: Int) -> String { VerilogText.range(x) }
        var v = """
        module SnapeaArray (
            input  wire clk,
            input  wire rst,
            input  wire ld_valid,
            input  wire ld_broadcast,
            input  wire \(r(pw)) ld_pe,
            input  wire [3:0] ld_target,
            input  wire \(r(la)) ld_addr,
            input  wire \(r(ld)) ld_data,
            input  wire start,
            output wire done,
            input  wire \(r(pw)) rd_pe,
            input  wire \(r(oa)) rd_addr,
            output wire \(r(w)) rd_data
        );
            wire \(r(p)) peDone;

        """
        for j in 0..<p {
            v += "    wire \(r(w)) pe\(j)Data;\n"
            v += """
                ProcessingElement pe\(j) (
                    .clk(clk),
                    .rst(rst),
                    .ld_valid(ld_valid && (ld_broadcast || ld_pe == \(pw)'d\(j))),
                    .ld_target(ld_target),
                    .ld_addr(ld_addr),
                    .ld_data(ld_data),
                    .start(start),
                    .done(peDone[\(j)]),
                    .rd_addr(rd_addr),
                    .rd_data(pe\(j)Data)
                );

            """
        }
        var mux = "\(w)'d0"
        for j in (0..<p).reversed() {
            mux = "(rd_pe == \(pw)'d\(j)) ? pe\(j)Data :\n        " + mux
        }
        v += "    assign rd_data = \(mux);\n"
        v += "    assign done = &peDone;\n"
        v += "endmodule\n\n"
        return v
    }
}
