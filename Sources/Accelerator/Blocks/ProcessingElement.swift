/// Processing element: input buffer (two banks, ping-pong), weight and index buffers, kernel
/// table, work list, output buffer, control registers, `K` compute lanes and the scheduler.
/// Every buffer is written through the PE's slice of the load port; lanes read them
/// combinationally (one read port per lane). Lanes that stop write the output buffer in the same
/// cycle (one write port per lane).
struct ProcessingElement {
    let config: AcceleratorConfig
    static let name = "ProcessingElement"

    func verilog() -> String {
        let c = config
        let k = c.lanesPerPE, w = c.dataWidth, a = c.accumulatorWidth, cw = c.opCountWidth
        let ia = c.inputAddressWidth, wa = c.weightAddressWidth, ki = c.kernelIndexWidth
        let oa = c.workAddressWidth, n = c.workCountWidth, sw = c.shiftWidth
        let la = c.loadAddressWidth, ld = c.loadDataWidth
        let pau = c.withPAU
        func r(_ x: Int) -> String { VerilogText.range(x) }
        func target(_ t: LoadTarget) -> String { "ld_valid && ld_target == 4'd\(t.rawValue)" }
        var v = """
        module ProcessingElement (
            input  wire clk,
            input  wire rst,
            input  wire ld_valid,
            input  wire [3:0] ld_target,
            input  wire \(r(la)) ld_addr,
            input  wire \(r(ld)) ld_data,
            input  wire start,
            output wire done,
            input  wire \(r(oa)) rd_addr,
            output wire \(r(w)) rd_data
        );
            reg \(r(w)) inBank0 [0:\(c.inputWordsPerBank - 1)];
            reg \(r(w)) inBank1 [0:\(c.inputWordsPerBank - 1)];
            reg \(r(w)) weights [0:\(c.weightBufferOps - 1)];
            reg \(r(ia)) offsets [0:\(c.weightBufferOps - 1)];
            reg \(r(wa)) kernelStart [0:\(c.kernelTableEntries - 1)];
            reg \(r(cw)) kernelLength [0:\(c.kernelTableEntries - 1)];
            reg \(r(a)) kernelBias [0:\(c.kernelTableEntries - 1)];
            reg \(r(ki)) workKernel [0:\(c.workListEntries - 1)];
            reg \(r(ia)) workBase [0:\(c.workListEntries - 1)];
            reg \(r(w)) outBuffer [0:\(c.workListEntries - 1)];
            reg \(r(sw)) shift;
            reg \(r(n)) workLength;
            reg bank;

        """
        if pau {
            v += """
                reg \(r(cw)) kernelCheckFrom [0:\(c.kernelTableEntries - 1)];
                reg \(r(cw)) kernelSpecN [0:\(c.kernelTableEntries - 1)];
                reg \(r(a)) kernelThreshold [0:\(c.kernelTableEntries - 1)];
                reg signCheck;
                reg thresholdCheck;

            """
        }
        // Load port.
        v += "    always @(posedge clk) begin\n"
        v += "        if (\(target(.inputBank0))) inBank0[ld_addr[\(ia - 1):0]] <= ld_data[\(w - 1):0];\n"
        v += "        if (\(target(.inputBank1))) inBank1[ld_addr[\(ia - 1):0]] <= ld_data[\(w - 1):0];\n"
        v += "        if (\(target(.weight))) weights[ld_addr[\(wa - 1):0]] <= ld_data[\(w - 1):0];\n"
        v += "        if (\(target(.offset))) offsets[ld_addr[\(wa - 1):0]] <= ld_data[\(ia - 1):0];\n"
        v += "        if (\(target(.kernelStart))) kernelStart[ld_addr[\(ki - 1):0]] <= ld_data[\(wa - 1):0];\n"
        v += "        if (\(target(.kernelLength))) kernelLength[ld_addr[\(ki - 1):0]] <= ld_data[\(cw - 1):0];\n"
        if pau {
            v += "        if (\(target(.kernelCheckFrom))) kernelCheckFrom[ld_addr[\(ki - 1):0]] <= ld_data[\(cw - 1):0];\n"
            v += "        if (\(target(.kernelSpecN))) kernelSpecN[ld_addr[\(ki - 1):0]] <= ld_data[\(cw - 1):0];\n"
            v += "        if (\(target(.kernelThreshold))) kernelThreshold[ld_addr[\(ki - 1):0]] <= ld_data[\(a - 1):0];\n"
        }
        v += "        if (\(target(.kernelBias))) kernelBias[ld_addr[\(ki - 1):0]] <= ld_data[\(a - 1):0];\n"
        v += "        if (\(target(.workKernel))) workKernel[ld_addr[\(oa - 1):0]] <= ld_data[\(ki - 1):0];\n"
        v += "        if (\(target(.workBase))) workBase[ld_addr[\(oa - 1):0]] <= ld_data[\(ia - 1):0];\n"
        v += "    end\n"
        let ctl = "ld_valid && ld_target == 4'd\(LoadTarget.control.rawValue)"
        v += "    wire \(r(2)) controlAddr = ld_addr[1:0];\n"
        if la > 2 { v += "    wire controlHigh = ld_addr[\(la - 1):2] != \(la - 2)'d0;\n" } else { v += "    wire controlHigh = 1'b0;\n" }
        v += "    always @(posedge clk) begin\n"
        v += "        if (rst) begin\n"
        if pau { v += "            signCheck <= 1'b0;\n            thresholdCheck <= 1'b0;\n" }
        v += "            shift <= \(sw)'d0;\n            workLength <= \(n)'d0;\n            bank <= 1'b0;\n"
        v += "        end else if (\(ctl) && !controlHigh) begin\n"
        v += "            case (controlAddr)\n"
        if pau {
            v += "                2'd0: begin signCheck <= ld_data[0]; thresholdCheck <= ld_data[1]; end\n"
        } else {
            v += "                2'd0: ;\n"
        }
        v += "                2'd1: shift <= ld_data[\(sw - 1):0];\n"
        v += "                2'd2: workLength <= ld_data[\(n - 1):0];\n"
        v += "                default: bank <= ld_data[0];\n"
        v += "            endcase\n"
        v += "        end\n"
        v += "    end\n"
        // Lanes.
        v += "    wire \(r(k)) free;\n    wire \(r(k)) take;\n    wire \(r(k)) busy;\n"
        v += "    wire \(r(k * oa)) entryIndex;\n    wire running;\n    wire exhausted;\n"
        v += """
            Scheduler scheduler (
                .clk(clk),
                .rst(rst),
                .start(start),
                .free(free),
                .length(workLength),
                .take(take),
                .entryIndex(entryIndex),
                .running(running),
                .exhausted(exhausted)
            );

        """
        for l in 0..<k {
            let p = "lane\(l)"
            v += "    wire \(r(oa)) \(p)Entry = \(VerilogText.slice("entryIndex", index: l, width: oa));\n"
            v += "    wire \(r(ki)) \(p)Kernel = workKernel[\(p)Entry];\n"
            v += "    wire \(r(wa)) \(p)OpAddress;\n    wire \(r(ia)) \(p)GatherAddress;\n"
            v += "    wire \(p)Stop;\n    wire \(r(oa)) \(p)OutAddress;\n    wire \(r(w)) \(p)Result;\n"
            v += "    wire \(r(w)) \(p)Activation = bank ? inBank1[\(p)GatherAddress] : inBank0[\(p)GatherAddress];\n"
            v += "    assign free[\(l)] = !busy[\(l)] || \(p)Stop;\n"
            var pins = [
                ".clk(clk)", ".rst(rst)", ".load(take[\(l)])",
                ".loadBase(workBase[\(p)Entry])", ".loadOutAddress(\(p)Entry)",
                ".loadStart(kernelStart[\(p)Kernel])", ".loadLength(kernelLength[\(p)Kernel])",
                ".loadBias(kernelBias[\(p)Kernel])",
            ]
            if pau {
                pins += [
                    ".loadCheckFrom(kernelCheckFrom[\(p)Kernel])", ".loadSpecN(kernelSpecN[\(p)Kernel])",
                    ".loadThreshold(kernelThreshold[\(p)Kernel])", ".signCheck(signCheck)",
                    ".thresholdCheck(thresholdCheck)",
                ]
            }
            pins += [
                ".shift(shift)", ".weight(weights[\(p)OpAddress])", ".offset(offsets[\(p)OpAddress])",
                ".activation(\(p)Activation)", ".opAddress(\(p)OpAddress)", ".gatherAddress(\(p)GatherAddress)",
                ".busy(busy[\(l)])", ".stop(\(p)Stop)", ".outAddress(\(p)OutAddress)", ".result(\(p)Result)",
            ]
            v += "    ComputeLane \(p) (\n        " + pins.joined(separator: ",\n        ") + "\n    );\n"
        }
        v += "    always @(posedge clk) begin\n"
        for l in 0..<k {
            v += "        if (lane\(l)Stop) outBuffer[lane\(l)OutAddress] <= lane\(l)Result;\n"
        }
        v += "    end\n"
        v += "    assign rd_data = outBuffer[rd_addr];\n"
        v += "    assign done = running && exhausted && busy == \(k)'d0;\n"
        v += "endmodule\n\n"
        return v
    }
}
