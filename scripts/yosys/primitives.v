// Parametrised primitives characterised by scripts/calibrate_area.sh with Yosys + Nangate45.
// Every module is named after a table entry kind; parameters are set with `chparam`.
// Outputs are registered nowhere except in the register/regfile/mac_reg primitives, so that
// combinational entries measure only the logic named.

module add #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output [W-1:0] y);
  assign y = a + b;
endmodule

module sub #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output [W-1:0] y);
  assign y = a - b;
endmodule

module inc #(parameter W = 8) (input [W-1:0] a, output [W-1:0] y);
  assign y = a + 1'b1;
endmodule

module mul_s #(parameter W = 8) (input signed [W-1:0] a, input signed [W-1:0] b, output signed [2*W-1:0] y);
  assign y = a * b;
endmodule

module mul_u #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output [2*W-1:0] y);
  assign y = a * b;
endmodule

// Signed W x W multiply + A-bit accumulate (combinational part of a MAC).
module mac #(parameter W = 8, parameter A = 24) (input signed [W-1:0] a, input signed [W-1:0] b,
    input signed [A-1:0] acc, output signed [A-1:0] y);
  wire signed [2*W-1:0] p = a * b;
  assign y = acc + {{(A-2*W){p[2*W-1]}}, p};
endmodule

module lt_s #(parameter W = 8) (input signed [W-1:0] a, input signed [W-1:0] b, output y);
  assign y = a < b;
endmodule

module lt_u #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output y);
  assign y = a < b;
endmodule

module le_s #(parameter W = 8) (input signed [W-1:0] a, input signed [W-1:0] b, output y);
  assign y = a <= b;
endmodule

module eq #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output y);
  assign y = a == b;
endmodule

module mux2 #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, input s, output [W-1:0] y);
  assign y = s ? b : a;
endmodule

// N:1 multiplexer of W-bit words (N a power of two).
module muxn #(parameter W = 8, parameter N = 4) (input [N*W-1:0] d, input [$clog2(N)-1:0] s, output [W-1:0] y);
  assign y = d[s*W +: W];
endmodule

module reg_plain #(parameter W = 8) (input clk, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) q <= d;
endmodule

module reg_rst #(parameter W = 8) (input clk, input rst, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) if (rst) q <= {W{1'b0}}; else q <= d;
endmodule

module reg_en #(parameter W = 8) (input clk, input en, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) if (en) q <= d;
endmodule

module reg_rst_en #(parameter W = 8) (input clk, input rst, input en, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) if (rst) q <= {W{1'b0}}; else if (en) q <= d;
endmodule

// Bitwise logic (one 2-input gate per bit), for glue logic.
module logic_and #(parameter W = 8) (input [W-1:0] a, input [W-1:0] b, output [W-1:0] y);
  assign y = a & b;
endmodule

// Arithmetic right shift by a variable amount (requantisation shifter).
module shr_s #(parameter W = 32, parameter S = 6) (input signed [W-1:0] a, input [S-1:0] s, output signed [W-1:0] y);
  assign y = a >>> s;
endmodule

// PAU-like block: sign check, A-bit signed <= threshold, op-counter compares.
module pau #(parameter A = 32, parameter C = 8) (input signed [A-1:0] acc, input signed [A-1:0] th,
    input [C-1:0] i, input [C-1:0] nm1, input [C-1:0] cfrom, input pred_on, input sign_on,
    output stop, output predicted);
  wire thr = pred_on && (i == nm1) && (acc <= th);
  wire sgn = sign_on && (i >= cfrom) && acc[A-1];
  assign predicted = thr;
  assign stop = thr | sgn;
endmodule

// Register file: D words of W bits, one synchronous write port, R asynchronous read ports.
module regfile #(parameter D = 8, parameter W = 8, parameter R = 1) (input clk, input we,
    input [$clog2(D)-1:0] wa, input [W-1:0] wd, input [R*$clog2(D)-1:0] ra, output [R*W-1:0] rd);
  reg [W-1:0] mem [0:D-1];
  always @(posedge clk) if (we) mem[wa] <= wd;
  genvar g;
  generate for (g = 0; g < R; g = g + 1) begin : rp
    assign rd[g*W +: W] = mem[ra[g*$clog2(D) +: $clog2(D)]];
  end endgenerate
endmodule

// Logical (zero-fill) right shift by a variable amount, keeping only the low D result bits
// (D = W: the whole shifter). Requantisation shifts a ReLU-clamped accumulator right and keeps
// only the output word, so the bits above D are never built.
module shr_u #(parameter W = 32, parameter S = 5, parameter D = 32) (input [W-1:0] a, input [S-1:0] s, output [D-1:0] y);
  wire [W-1:0] t = a >> s;
  assign y = t[D-1:0];
endmodule
