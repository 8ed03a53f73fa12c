// snapea Icarus Verilog testbench: reads the same stimulus file as the Verilator harness
// (docs/ACCELERATOR.md, "Stimulus and result files") and prints the same result lines.
//   iverilog -g2012 -DPEW=.. -DLA=.. -DLD=.. -DOA=.. -DW=.. -s snapea_tb -o sim snapea_tb.v <design>.v
//   vvp sim +stim=stimulus.txt
// (PEW: PE-select bits, LA: load address bits, LD: load data bits, OA: output address bits,
// W: data width; the Swift side prepends them as `define lines instead.)
`timescale 1ns/1ps
module snapea_tb;
    reg clk = 1'b0;
    reg reset = 1'b1;
    reg ldValid = 1'b0;
    reg ldBroadcast = 1'b0;
    reg [`PEW-1:0] ldPe = 0;
    reg [3:0] ldTarget = 4'd0;
    reg [`LA-1:0] ldAddr = 0;
    reg [`LD-1:0] ldData = 0;
    reg start = 1'b0;
    reg [`PEW-1:0] rdPe = 0;
    reg [`OA-1:0] rdAddr = 0;
    wire done;
    wire [`W-1:0] rdData;

    SnapeaArray dut (
        .clk(clk), .reset(reset), .ldValid(ldValid), .ldBroadcast(ldBroadcast), .ldPe(ldPe),
        .ldTarget(ldTarget), .ldAddr(ldAddr), .ldData(ldData), .start(start), .done(done),
        .rdPe(rdPe), .rdAddr(rdAddr), .rdData(rdData)
    );

    reg [63:0] edges = 0;
    task tick;
        begin
            #1 clk = 1'b1;
            #1 clk = 1'b0;
            edges = edges + 1;
        end
    endtask

    reg [8*1024:1] stimPath;
    reg [8*16:1] cmd;
    reg [8*1024:1] rest;
    integer fd, r, lineNo;
    reg [63:0] a0, a1, a2, a3, maxCycles, cycles, i;
    reg running;
    reg computing = 1'b0;
    integer startLine;

    // After every edge while computing: count it and check done (and the timeout).
    task after_edge;
        begin
            if (computing) begin
                cycles = cycles + 1;
                if (done) begin
                    $display("cycles %0d", cycles);
                    computing = 1'b0;
                end else if (cycles >= maxCycles) begin
                    $display("error line %0d: timeout after %0d cycles", startLine, cycles);
                    $finish;
                end
            end
        end
    endtask

    initial begin
        if (!$value$plusargs("stim=%s", stimPath)) begin
            $display("error line 0: missing +stim=<file>");
            $finish;
        end
        fd = $fopen(stimPath, "r");
        if (fd == 0) begin
            $display("error line 0: cannot open stimulus");
            $finish;
        end
        tick;
        tick;
        reset = 1'b0;
        maxCycles = 1000000;
        lineNo = 0;
        running = 1'b1;
        while (running && !$feof(fd)) begin
            r = $fscanf(fd, "%s", cmd);
            lineNo = lineNo + 1;
            if (r != 1) begin
                running = 1'b0;
            end else if (cmd == "#") begin
                r = $fgets(rest, fd);
            end else if (cmd == "W" || cmd == "B") begin
                if (cmd == "W") r = $fscanf(fd, "%d %d %d %d", a0, a1, a2, a3);
                else begin
                    r = $fscanf(fd, "%d %d %d", a0, a2, a3) + 1;
                    a1 = 0;
                end
                if (r != 4) begin
                    $display("error line %0d: malformed write", lineNo);
                    $finish;
                end
                ldValid = 1'b1;
                ldBroadcast = (cmd == "B");
                ldTarget = a0[3:0];
                ldPe = a1[`PEW-1:0];
                ldAddr = a2[`LA-1:0];
                ldData = a3[`LD-1:0];
                tick;
                ldValid = 1'b0;
                ldBroadcast = 1'b0;
                #0;
                after_edge;
            end else if (cmd == "C") begin
                r = $fscanf(fd, "%d", maxCycles);
            end else if (cmd == "S" || cmd == "P") begin
                if (computing) begin
                    $display("error line %0d: start while the previous tile is computing", lineNo);
                    $finish;
                end
                start = 1'b1;
                tick;
                start = 1'b0;
                #0;
                computing = 1'b1;
                cycles = 0;
                startLine = lineNo;
                after_edge;
                if (cmd == "S") begin
                    while (computing) begin
                        tick;
                        after_edge;
                    end
                end
            end else if (cmd == "D") begin
                while (computing) begin
                    tick;
                    after_edge;
                end
            end else if (cmd == "R" || cmd == "Q") begin
                // R: combinational read port; Q: synchronous read port (address, one edge, data)
                if (computing) begin
                    $display("error line %0d: read while computing (missing D)", lineNo);
                    $finish;
                end
                r = $fscanf(fd, "%d %d", a0, a1);
                for (i = 0; i < a1; i = i + 1) begin
                    rdPe = a0[`PEW-1:0];
                    rdAddr = i[`OA-1:0];
                    if (cmd == "Q") tick;
                    #1;
                    $display("out %0d %0d %0d", a0, i, rdData);
                end
            end else if (cmd == "E") begin
                running = 1'b0;
            end else begin
                $display("error line %0d: unknown command", lineNo);
                $finish;
            end
        end
        if (computing) begin
            $display("error line %0d: stimulus ended while computing (missing D)", lineNo);
            $finish;
        end
        $display("edges %0d", edges);
        $finish;
    end
endmodule
