// snapea Verilator harness: drives SnapeaArray from a stimulus file (docs/ACCELERATOR.md,
// "Stimulus and result files") and prints results on stdout.
//   usage: snapea_sim <stimulus.txt> [--trace out.vcd]   (tracing needs a --trace build)
#include "VSnapeaArray.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

static VSnapeaArray* top = nullptr;
static uint64_t edges = 0;
static uint64_t simTime = 0;
#if VM_TRACE
static VerilatedVcdC* tfp = nullptr;
#endif

static void evalDump() {
    top->eval();
#if VM_TRACE
    if (tfp) tfp->dump(simTime);
#endif
    simTime++;
}

// One full clock cycle: falling half then the rising edge.
static void tick() {
    top->clk = 0;
    evalDump();
    top->clk = 1;
    evalDump();
    edges++;
}

static void fail(long line, const char* msg) {
    std::printf("error line %ld: %s\n", line, msg);
    std::fprintf(stderr, "error line %ld: %s\n", line, msg);
    std::fflush(stdout);
    std::exit(2);
}

int main(int argc, char** argv) {
    const char* stimPath = nullptr;
    const char* tracePath = nullptr;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--trace") == 0 && i + 1 < argc) tracePath = argv[++i];
        else if (argv[i][0] != '+' && !stimPath) stimPath = argv[i];
    }
    if (!stimPath) {
        std::fprintf(stderr, "usage: %s <stimulus.txt> [--trace out.vcd]\n", argv[0]);
        return 2;
    }
    std::ifstream in(stimPath);
    if (!in) {
        std::printf("error line 0: cannot open %s\n", stimPath);
        std::fprintf(stderr, "error line 0: cannot open %s\n", stimPath);
        return 2;
    }
    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    top = new VSnapeaArray{ctx.get()};
#if VM_TRACE
    if (tracePath) {
        ctx->traceEverOn(true);
        tfp = new VerilatedVcdC;
        top->trace(tfp, 99);
        tfp->open(tracePath);
    }
#else
    if (tracePath) {
        std::printf("error line 0: this build has no tracing (build with --trace)\n");
        return 2;
    }
#endif
    top->clk = 0;
    top->reset = 1;
    top->ldValid = 0;
    top->ldBroadcast = 0;
    top->start = 0;
    tick();
    tick();
    top->reset = 0;

    uint64_t maxCycles = 1000000;
    bool computing = false;  // between P (start) and the edge after which done reads high
    uint64_t cycles = 0;
    long startLine = 0;
    std::string line;
    long lineNo = 0;
    // After every edge while computing: count it and check done (and the timeout).
    auto afterEdge = [&]() {
        if (!computing) return;
        cycles++;
        if (top->done) {
            std::printf("cycles %llu\n", (unsigned long long)cycles);
            computing = false;
        } else if (cycles >= maxCycles) {
            std::printf("error line %ld: timeout after %llu cycles\n", startLine, (unsigned long long)cycles);
            std::fprintf(stderr, "error line %ld: timeout after %llu cycles\n", startLine, (unsigned long long)cycles);
            std::fflush(stdout);
            std::exit(3);
        }
    };
    while (std::getline(in, line)) {
        lineNo++;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ls(line);
        std::string cmd;
        ls >> cmd;
        if (cmd == "W" || cmd == "B") {
            unsigned long long pe = 0, target = 0, addr = 0, value = 0;
            if (cmd == "W") ls >> target >> pe >> addr >> value;
            else ls >> target >> addr >> value;
            if (ls.fail()) fail(lineNo, "malformed write");
            top->ldValid = 1;
            top->ldBroadcast = cmd == "B";
            top->ldPe = pe;
            top->ldTarget = target;
            top->ldAddr = addr;
            top->ldData = value;
            tick();
            top->ldValid = 0;
            top->ldBroadcast = 0;
            top->eval();
            afterEdge();
        } else if (cmd == "C") {
            ls >> maxCycles;
            if (ls.fail()) fail(lineNo, "malformed timeout");
        } else if (cmd == "S" || cmd == "P") {
            if (computing) fail(lineNo, "start while the previous tile is computing");
            top->start = 1;
            tick();
            top->start = 0;
            top->eval();
            computing = true;
            cycles = 0;
            startLine = lineNo;
            afterEdge();
            if (cmd == "S") {
                while (computing) {
                    tick();
                    afterEdge();
                }
            }
        } else if (cmd == "D") {
            while (computing) {
                tick();
                afterEdge();
            }
        } else if (cmd == "R" || cmd == "Q") {
            // R: combinational read port; Q: synchronous read port (address, one edge, data).
            if (computing) fail(lineNo, "read while computing (missing D)");
            unsigned long long pe = 0, count = 0;
            ls >> pe >> count;
            if (ls.fail()) fail(lineNo, "malformed read");
            for (unsigned long long a = 0; a < count; a++) {
                top->rdPe = pe;
                top->rdAddr = a;
                if (cmd == "Q") tick();
                else top->eval();
                std::printf("out %llu %llu %llu\n", pe, a, (unsigned long long)top->rdData);
            }
        } else if (cmd == "E") {
            break;
        } else {
            fail(lineNo, "unknown command");
        }
    }
    if (computing) fail(lineNo, "stimulus ended while computing (missing D)");
    std::printf("edges %llu\n", (unsigned long long)edges);
#if VM_TRACE
    if (tfp) tfp->close();
#endif
    top->final();
    delete top;
    return 0;
}
