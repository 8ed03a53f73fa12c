#!/usr/bin/env bash
# Installs the external tools snapea uses (Verilator, Yosys, Icarus Verilog) from Debian
# packages, skipping what is already present, then builds the package.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v verilator >/dev/null 2>&1 || need+=(verilator)
command -v yosys     >/dev/null 2>&1 || need+=(yosys)
command -v iverilog  >/dev/null 2>&1 || need+=(iverilog)
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${need[@]}"
else
    echo "setup: verilator, yosys and iverilog already installed"
fi
verilator --version
yosys -V
{ iverilog -V 2>&1 || true; } | head -1

echo "setup: building snapea (release)"
swift build -c release
