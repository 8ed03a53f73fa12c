#!/usr/bin/env bash
# Logic area of a design whose memories are SRAM macros: Yosys synthesises the Verilog of a file
# list against the Nangate45 liberty with every module of the memory list as a black box
# (`blackbox`), the same flow as Sources/Estimation/YosysArea.swift:
#
#   read_verilog -sv <files>; blackbox <memory modules>; synth -flatten -top <top>;
#   dfflibmap -liberty L; abc -liberty L; stat -liberty L
#
# and prints the logic area. The macros' area comes from the Swift model (SramMacroModel;
# BlackboxSynthesis.run adds it to this figure, and `snapea macros MEMORIES.json --files DESIGN.f`
# prints logic + macros + total; docs/ESTIMATION.md).
#
# Usage: scripts/synth_blackbox.sh [--liberty FILE] [--top MODULE] [--json] DESIGN.f MEMORIES.json
#   --liberty  Nangate45 liberty (.lib or .lib.gz); default:
#              $SNAPEA_DATA/nangate45/nangate45_typ.lib.gz, else ../shared/data/nangate45/nangate45_typ.lib.gz
#              beside the package
#   --top      top module (default: the memory list's "top")
#   --json     print {"top": ..., "logicUm2": ..., "blackboxes": [...]} instead of text
# A .f file lists one Verilog file per line, relative to the .f's folder; blank lines and
# '//' or '#' comments are skipped.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(dirname "$here")"
liberty="" top="" json=0
while [ $# -gt 0 ]; do
    case "$1" in
        --liberty) liberty="$2"; shift 2 ;;
        --top) top="$2"; shift 2 ;;
        --json) json=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "synth_blackbox: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ $# -ne 2 ]; then
    echo "usage: scripts/synth_blackbox.sh [--liberty FILE] [--top MODULE] [--json] DESIGN.f MEMORIES.json" >&2
    exit 2
fi
flist="$1" mems="$2"
[ -f "$flist" ] || { echo "synth_blackbox: file list $flist not found" >&2; exit 1; }
[ -f "$mems" ] || { echo "synth_blackbox: memory list $mems not found" >&2; exit 1; }
command -v yosys >/dev/null 2>&1 || { echo "synth_blackbox: yosys not found on PATH (scripts/setup.sh installs it)" >&2; exit 1; }

if [ -z "$liberty" ]; then
    for c in "${SNAPEA_DATA:+$SNAPEA_DATA/nangate45/nangate45_typ.lib.gz}" \
             "$(dirname "$pkg")/shared/data/nangate45/nangate45_typ.lib.gz"; do
        if [ -n "$c" ] && [ -f "$c" ]; then liberty="$c"; break; fi
    done
fi
[ -n "$liberty" ] && [ -f "$liberty" ] || {
    echo "synth_blackbox: Nangate45 liberty not found: pass --liberty, set SNAPEA_DATA," \
         "or put ../shared/data/nangate45/nangate45_typ.lib.gz beside the package (see ../shared/docs/data.md)" >&2
    exit 1
}

# Module names and top from the memory list (flat JSON as the HDL emitter writes it).
modules="$(grep -o '"module"[[:space:]]*:[[:space:]]*"[^"]*"' "$mems" | sed 's/.*"\([^"]*\)"$/\1/' | tr '\n' ' ')"
if [ -z "$top" ]; then
    top="$(grep -o '"top"[[:space:]]*:[[:space:]]*"[^"]*"' "$mems" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
fi
[ -n "$top" ] || { echo "synth_blackbox: no top module (memory list has no \"top\"; pass --top)" >&2; exit 1; }

# Verilog files of the list, relative to its folder.
fdir="$(cd "$(dirname "$flist")" && pwd)"
files=""
while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%//*}"
    case "$line" in \#*) continue ;; esac
    line="$(printf '%s' "$line" | tr -d '[:space:]')"
    [ -z "$line" ] && continue
    case "$line" in /*) files="$files $line" ;; *) files="$files $fdir/$line" ;; esac
done < "$flist"
[ -n "$files" ] || { echo "synth_blackbox: $flist names no file" >&2; exit 1; }

for m in $modules; do
    # shellcheck disable=SC2086
    grep -qE "^[[:space:]]*module[[:space:]]+$m\b" $files ||
        echo "synth_blackbox: warning: memory module $m is defined in no file of $flist" >&2
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
lib="$liberty"
case "$liberty" in *.gz) gzip -dc "$liberty" > "$tmp/nangate45.lib"; lib="$tmp/nangate45.lib" ;; esac
boxes=""
[ -n "$modules" ] && boxes="blackbox $modules; "
yosys -q -l "$tmp/yosys.log" -p "read_verilog -sv$files; ${boxes}synth -flatten -top $top; dfflibmap -liberty $lib; abc -liberty $lib; tee -q -o $tmp/stat.txt stat -liberty $lib" \
    >/dev/null 2>&1 || { echo "synth_blackbox: yosys failed:" >&2; grep -E "ERROR|Error" "$tmp/yosys.log" | tail -5 >&2; exit 1; }
area="$(grep 'Chip area for module' "$tmp/stat.txt" | awk '{print $NF}' | tail -1)"
[ -n "$area" ] || { echo "synth_blackbox: yosys stat printed no chip area" >&2; exit 1; }

if [ "$json" -eq 1 ]; then
    list=""
    for m in $modules; do list="$list${list:+, }\"$m\""; done
    printf '{"top": "%s", "logicUm2": %s, "blackboxes": [%s]}\n' "$top" "$area" "$list"
else
    echo "top: $top"
    echo "blackboxes: ${modules:-none}"
    echo "logic area (Nangate45, um^2): $area"
    echo "SRAM macro area: priced by SramMacroModel (snapea macros $mems --files $flist adds it)"
fi
