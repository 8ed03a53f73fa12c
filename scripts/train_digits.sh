#!/usr/bin/env bash
# Reproduces the committed digits CNN weights (deterministic, fixed seeds):
#   Sources/Workloads/Resources/digits-plain.json   plain training
#   Sources/Workloads/Resources/digits-snapea.json  SnaPEA-aware training (activation-sparsity penalty)
# Usage: scripts/train_digits.sh [output-dir]   (default: Sources/Workloads/Resources)
# Takes about 4 minutes on one core. Uses `snapea train-digits` when the CLI offers it, otherwise the
# XCTest entry point DigitsTrainScriptTests (same public API: DigitsTrainer.trainAndSave).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-Sources/Workloads/Resources}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if swift run -c release snapea help 2>/dev/null | grep -q train-digits; then
    swift run -c release snapea train-digits --out "$out"
else
    SNAPEA_TRAIN_DIGITS_OUT="$out" swift test -c release --filter DigitsTrainScriptTests
fi
ls -l "$out"/digits-plain.json "$out"/digits-snapea.json
