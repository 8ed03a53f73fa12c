import Estimation

/// Hand-written Verilog designs that stand for one lane, one MAC+PAU, one 4-lane 8-bit datapath,
/// with the inventory the HDL core would report for each (written from the Verilog by hand).
enum ValidationDesigns {
    struct Design {
        var name: String
        var top: String
        var verilog: String
        var inventory: Inventory
    }

    /// One compute lane: MAC, PAU, op counter, requantisation (W=8, A=30, C=13).
    static let lane: Design = {
        let w = 8, a = 30, c = 13
        var inv = Inventory()
        inv.add(.mac(width: w, accumulator: a), block: .mac, path: "lane.mac")
        inv.add(.register(width: a, reset: false, enable: true), block: .mac, path: "lane.acc")
        inv.add(.mux(width: a, inputs: 2), block: .mac, path: "lane.acc_load")
        inv.add(.pau(accumulator: a, counter: c), block: .pau, path: "lane.pau")
        inv.add(.register(width: c, reset: true, enable: true), block: .laneControl, path: "lane.i")
        inv.add(.incrementer(width: c), block: .laneControl, path: "lane.i_next")
        inv.add(.comparator(.equal, width: c), block: .laneControl, path: "lane.last")
        inv.add(.register(width: 1, reset: true, enable: true), block: .laneControl, path: "lane.done")
        inv.add(.logic(width: a), block: .laneControl, path: "lane.relu")
        inv.add(.logic(width: a), block: .laneControl, path: "lane.half")
        inv.add(.adder(width: a), block: .laneControl, path: "lane.round")
        inv.add(.shifter(width: a, shiftBits: 6), block: .laneControl, path: "lane.shift")
        inv.add(.comparator(.lessThanUnsigned, width: a), block: .laneControl, path: "lane.sat")
        inv.add(.register(width: w, reset: false, enable: true), block: .laneControl, path: "lane.out")
        inv.add(.mux(width: w, inputs: 2), block: .laneControl, path: "lane.out_sat")
        return Design(name: "lane W=8", top: "lane", verilog: laneVerilog, inventory: inv)
    }()

    /// One MAC + PAU with accumulator register (W=16, A=46, C=13).
    static let macPau16: Design = {
        let w = 16, a = 46, c = 13
        var inv = Inventory()
        inv.add(.mac(width: w, accumulator: a), block: .mac, path: "macpau.mac")
        inv.add(.register(width: a, reset: false, enable: true), block: .mac, path: "macpau.acc")
        inv.add(.mux(width: a, inputs: 2), block: .mac, path: "macpau.acc_load")
        inv.add(.pau(accumulator: a, counter: c), block: .pau, path: "macpau.pau")
        return Design(name: "MAC+PAU W=16", top: "macpau", verilog: macPauVerilog, inventory: inv)
    }()

    /// Four 8-bit lanes sharing a weight register and a 16x8 input register file (4 read ports).
    static let pe4: Design = {
        let w = 8, a = 30, c = 13, lanes = 4
        var lane = Inventory()
        lane.add(.mac(width: w, accumulator: a), block: .mac, path: "mac")
        lane.add(.register(width: a, reset: false, enable: true), block: .mac, path: "acc")
        lane.add(.mux(width: a, inputs: 2), block: .mac, path: "acc_load")
        lane.add(.pau(accumulator: a, counter: c), block: .pau, path: "pau")
        var inv = lane.replicated(lanes, pathPrefix: "pe4.ln")
        inv.add(.memory(depth: 16, width: w, readPorts: lanes), block: .buffers, path: "pe4.mem")
        inv.add(.register(width: w, reset: false, enable: true), block: .buffers, path: "pe4.wgt")
        return Design(name: "4 lanes W=8", top: "pe4", verilog: pe4Verilog, inventory: inv)
    }()

    static let laneVerilog = """
    module lane #(parameter W = 8, parameter A = 30, parameter C = 13) (
      input clk, input rst, input start, input en,
      input signed [W-1:0] wgt, input signed [W-1:0] act,
      input signed [A-1:0] bias, input signed [A-1:0] th,
      input [C-1:0] nm1, input [C-1:0] cfrom, input [C-1:0] last,
      input pred_on, input sign_on, input [5:0] shift,
      output reg [W-1:0] out, output reg done);
      reg signed [A-1:0] acc;
      reg [C-1:0] i;
      wire signed [2*W-1:0] p = wgt * act;
      wire signed [A-1:0] nxt = acc + {{(A-2*W){p[2*W-1]}}, p};
      wire thr = pred_on && (i == nm1) && (nxt <= th);
      wire sgn = sign_on && (i >= cfrom) && nxt[A-1];
      wire stop = thr | sgn | (i == last);
      wire [A-1:0] relu = (nxt[A-1] | thr) ? {A{1'b0}} : nxt;
      wire [A-1:0] half = (shift == 6'd0) ? {A{1'b0}} : ({{(A-1){1'b0}}, 1'b1} << (shift - 6'd1));
      wire [A-1:0] rounded = relu + half;
      wire [A-1:0] shifted = rounded >> shift;
      wire sat = shifted > {{(A-W+1){1'b0}}, {(W-1){1'b1}}};
      always @(posedge clk) begin
        if (rst) begin i <= {C{1'b0}}; done <= 1'b0; end
        else if (start) begin i <= {C{1'b0}}; done <= 1'b0; end
        else if (en) begin i <= i + 1'b1; done <= stop; end
        if (start) acc <= bias; else if (en) acc <= nxt;
        if (en && stop) out <= sat ? {1'b0, {(W-1){1'b1}}} : shifted[W-1:0];
      end
    endmodule

    """

    static let macPauVerilog = """
    module macpau #(parameter W = 16, parameter A = 46, parameter C = 13) (
      input clk, input start, input en,
      input signed [W-1:0] wgt, input signed [W-1:0] act,
      input signed [A-1:0] bias, input signed [A-1:0] th,
      input [C-1:0] i, input [C-1:0] nm1, input [C-1:0] cfrom, input pred_on, input sign_on,
      output reg signed [A-1:0] acc, output stop, output predicted);
      wire signed [2*W-1:0] p = wgt * act;
      wire signed [A-1:0] nxt = acc + {{(A-2*W){p[2*W-1]}}, p};
      wire thr = pred_on && (i == nm1) && (nxt <= th);
      wire sgn = sign_on && (i >= cfrom) && nxt[A-1];
      assign predicted = thr;
      assign stop = thr | sgn;
      always @(posedge clk) if (start) acc <= bias; else if (en) acc <= nxt;
    endmodule

    """

    static let pe4Verilog = """
    module pe4 #(parameter W = 8, parameter A = 30, parameter C = 13, parameter L = 4, parameter D = 16) (
      input clk, input start, input en, input we,
      input [3:0] wa, input signed [W-1:0] wd,
      input [L*4-1:0] ra, input signed [W-1:0] wgt_in,
      input signed [A-1:0] bias, input signed [A-1:0] th,
      input [C-1:0] i, input [C-1:0] nm1, input [C-1:0] cfrom, input pred_on, input sign_on,
      output [L-1:0] stop, output [L*A-1:0] accs);
      reg signed [W-1:0] mem [0:D-1];
      reg signed [W-1:0] wgt;
      always @(posedge clk) begin
        if (we) mem[wa] <= wd;
        if (en) wgt <= wgt_in;
      end
      genvar g;
      generate for (g = 0; g < L; g = g + 1) begin : ln
        wire signed [W-1:0] act = mem[ra[g*4 +: 4]];
        reg signed [A-1:0] acc;
        wire signed [2*W-1:0] p = wgt * act;
        wire signed [A-1:0] nxt = acc + {{(A-2*W){p[2*W-1]}}, p};
        wire thr = pred_on && (i == nm1) && (nxt <= th);
        wire sgn = sign_on && (i >= cfrom) && nxt[A-1];
        assign stop[g] = thr | sgn;
        assign accs[g*A +: A] = acc;
        always @(posedge clk) if (start) acc <= bias; else if (en) acc <= nxt;
      end endgenerate
    endmodule

    """
}
