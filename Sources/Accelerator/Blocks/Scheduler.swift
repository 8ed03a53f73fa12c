/// Scheduler of one PE: hands out work-list entries to lanes.
///
/// A lane is free in a cycle when it is idle or stops in this cycle (and every lane is free in
/// the cycle that samples `start`). Free lanes take the next entries in lane-index order:
/// lane `l` gets entry `next + (free lanes below l)` if that is below the work-list length.
/// `next` is 0 on `start`, else the pointer register, which advances by the number taken.
struct Scheduler {
    let config: AcceleratorConfig
    static let name = "Scheduler"

    func verilog() -> String {
        let c = config
        let k = c.lanesPerPE, n = c.workCountWidth, oa = c.workAddressWidth
        let pw = bitsFor(k), iw = n + pw
        var body = ""
        body += "    reg [\(n - 1):0] next;\n"
        body += "    reg active;\n"
        body += "    wire [\(n - 1):0] first = start ? \(n)'d0 : next;\n"
        body += "    wire [\(iw - 1):0] firstWide = \(VerilogText.zext("first", from: n, to: iw));\n"
        body += "    wire [\(iw - 1):0] lengthWide = \(VerilogText.zext("length", from: n, to: iw));\n"
        body += "    wire [\(k - 1):0] freeNow = start ? {\(k){1'b1}} : free;\n"
        for l in 0..<k {
            let prev = l == 0 ? "\(pw)'d0" : "prefix\(l - 1) + \(VerilogText.zext("freeNow[\(l - 1)]", from: 1, to: pw))"
            body += "    wire [\(pw - 1):0] prefix\(l) = \(prev);\n"
            body += "    wire [\(iw - 1):0] index\(l) = firstWide + \(VerilogText.zext("prefix\(l)", from: pw, to: iw));\n"
            body += "    assign take[\(l)] = freeNow[\(l)] && (index\(l) < lengthWide);\n"
            body += "    assign \(VerilogText.slice("entryIndex", index: l, width: oa)) = index\(l)[\(oa - 1):0];\n"
        }
        let countTerms = (0..<k).map { VerilogText.zext("take[\($0)]", from: 1, to: iw) }.joined(separator: " + ")
        body += "    wire [\(iw - 1):0] taken = \(countTerms);\n"
        body += "    wire [\(iw - 1):0] nextWide = firstWide + taken;\n"
        if iw > n {
            body += "    wire unused_nextHigh = |nextWide[\(iw - 1):\(n)];\n"
        }
        body += """
            assign running = active;
            assign exhausted = next == length;
            always @(posedge clk) begin
                if (rst) begin
                    next <= \(n)'d0;
                    active <= 1'b0;
                end else begin
                    next <= nextWide[\(n - 1):0];
                    if (start) active <= 1'b1;
                end
            end

        """
        return """
        module Scheduler (
            input  wire clk,
            input  wire rst,
            input  wire start,
            input  wire [\(k - 1):0] free,
            input  wire [\(n - 1):0] length,
            output wire [\(k - 1):0] take,
            output wire [\(k * oa - 1):0] entryIndex,
            output wire running,
            output wire exhausted
        );
        \(body)endmodule

        """
    }
}
