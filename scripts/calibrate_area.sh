#!/usr/bin/env bash
# Regenerates Sources/Estimation/Tables/area_nangate45.json (and .csv): the 45 nm logic area table.
#
# For every entry below it synthesises one parametrised primitive of scripts/yosys/primitives.v with
#   yosys -p "read_verilog -sv primitives.v; chparam ...; synth -top M; dfflibmap -liberty L; abc -liberty L; stat -liberty L"
# against the Nangate45 typical liberty (L), records the cell counts and area, sums the cells'
# leakage from the liberty, fits the simple models (scripts/yosys/fit_tables.py) and writes the table.
#
# Usage: scripts/calibrate_area.sh [--quick] [--data DIR | --liberty path/to/nangate45_typ.lib.gz] [--jobs N]
#   --data DIR   the data folder (default $SNAPEA_DATA, else ../shared/data beside the package);
#                the liberty is DIR/nangate45/nangate45_typ.lib.gz unless --liberty names another file
#   --quick   only a handful of entries (a smoke test of the flow; does NOT write the committed table
#             unless --out is given)
#   --out F   write the JSON table to F (default Sources/Estimation/Tables/area_nangate45.json)
#   --merge   keep the entries already in the output table and synthesise only the missing ones
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# the data folder is found like everywhere else: --data, else $SNAPEA_DATA, else ../shared/data beside the package
data="${SNAPEA_DATA:-$root/../shared/data}"
lib_gz=""
jobs=2
quick=0
merge=0
out="$root/Sources/Estimation/Tables/area_nangate45.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; out="${out%.json}.quick.json" ;;
    --data) data="$2"; shift ;;
    --liberty) lib_gz="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --out) out="$2"; shift ;;
    --merge) merge=1 ;;
    *) echo "calibrate_area.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

[ -n "$lib_gz" ] || lib_gz="$data/nangate45/nangate45_typ.lib.gz"
command -v yosys >/dev/null || { echo "calibrate_area.sh: yosys not found (install yosys 0.23, e.g. apt-get install yosys)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "calibrate_area.sh: python3 not found (needed for the fits)" >&2; exit 1; }
[ -f "$lib_gz" ] || { echo "calibrate_area.sh: liberty file not found: $lib_gz (Nangate45 typical, see ../shared/docs/data.md)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
lib="$work/nangate45_typ.lib"
case "$lib_gz" in *.gz) gzip -dc "$lib_gz" > "$lib" ;; *) cp "$lib_gz" "$lib" ;; esac

prims="$here/yosys/primitives.v"

# ---- the entries: "module param=value ..." -------------------------------------------------------
entries=()
if [ "$quick" = 1 ]; then
  entries+=("add W=8" "add W=16" "mul_s W=8" "reg_plain W=8" "mux2 W=8" "lt_s W=8")
else
  for w in 1 2 3 4 8 12 16 20 24 32 40 48 56 64; do
    entries+=("add W=$w" "sub W=$w" "inc W=$w" "lt_s W=$w" "lt_u W=$w" "le_s W=$w" "eq W=$w")
  done
  for w in 2 3 4 6 8 10 12 16 20 24 32; do entries+=("mul_s W=$w" "mul_u W=$w"); done
  for w in 4 8 12 16 24 32; do for g in 1 8 16; do entries+=("mac W=$w A=$((2*w+g))"); done; done
  for w in 1 4 8 16 32 64; do
    entries+=("reg_plain W=$w" "reg_rst W=$w" "reg_en W=$w" "reg_rst_en W=$w" "mux2 W=$w" "logic_and W=$w")
  done
  for n in 2 4 8 16; do for w in 8 16 32; do entries+=("muxn W=$w N=$n"); done; done
  for w in 16 32 48 64; do entries+=("shr_s W=$w S=6"); done
  # logical right shifter, amount of ceil(log2 W) bits, low D outputs kept (D = W: whole shifter)
  for ws in 8:3 16:4 24:5 32:5 40:6 48:6 56:6 64:6; do
    w=${ws%%:*}; s=${ws#*:}
    for d in 4 8 12 16 24 32 48 64; do if [ "$d" -lt "$w" ]; then entries+=("shr_u W=$w S=$s D=$d"); fi; done
    entries+=("shr_u W=$w S=$s D=$w")
  done
  for a in 16 24 32 40 48 56; do for c in 8 12 16; do entries+=("pau A=$a C=$c"); done; done
  for w in 8 16; do entries+=("regfile D=2 W=$w R=1" "regfile D=2 W=$w R=2"); done
  for d in 4 8 16 32 64; do for w in 8 16; do for r in 1 2 4 8 16; do
    entries+=("regfile D=$d W=$w R=$r")
  done; done; done
fi

# ---- synthesis, one yosys per entry ---------------------------------------------------------------
synth_one() {
  local entry="$1" prims="$2" lib="$3" work="$4"
  set -- $entry
  local m="$1"; shift
  local cp="" tag="$m"
  for p in "$@"; do cp="$cp chparam -set ${p%%=*} ${p#*=} $m;"; tag="${tag}_${p%%=*}${p#*=}"; done
  local script="read_verilog -sv primitives.v;${cp} synth -top $m; dfflibmap -liberty nangate45_typ.lib; abc -liberty nangate45_typ.lib; stat -liberty nangate45_typ.lib"
  local run="read_verilog -sv $prims;${cp} synth -top $m; dfflibmap -liberty $lib; abc -liberty $lib; tee -q -o $work/$tag.stat stat -liberty $lib"
  if ! yosys -q -p "$run" >"$work/$tag.log" 2>&1; then
    echo "calibrate_area.sh: yosys failed on '$entry' (log: $work/$tag.log)" >&2; cat "$work/$tag.log" >&2; return 1
  fi
  printf '%s\t%s\t%s\n' "$entry" "$work/$tag.stat" "$script" > "$work/$tag.idx"
  echo "  $entry: $(grep 'Chip area' "$work/$tag.stat" | awk '{print $NF}') um2" >&2
}
export -f synth_one

existing=()
if [ "$merge" = 1 ] && [ -f "$out" ]; then
  mapfile -t entries < <(printf '%s\n' "${entries[@]}" | python3 "$here/yosys/fit_tables.py" --missing-from "$out")
  existing=(--existing "$out")
fi
[ ${#entries[@]} -gt 0 ] || { echo "calibrate_area.sh: nothing to synthesise" >&2; exit 0; }
echo "calibrate_area.sh: ${#entries[@]} entries, $jobs parallel yosys runs, liberty $lib_gz" >&2
printf '%s\n' "${entries[@]}" | xargs -P "$jobs" -I{} bash -c 'synth_one "$@"' _ {} "$prims" "$lib" "$work"
cat "$work"/*.idx > "$work/index.tsv"

python3 "$here/yosys/fit_tables.py" \
  --index "$work/index.tsv" --liberty "$lib" --liberty-name "$(basename "$lib_gz")" \
  --liberty-sha256 "$(sha256sum "$lib_gz" | awk '{print $1}')" \
  --yosys-version "$(yosys -V)" --date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --out "$out" "${existing[@]}"
echo "calibrate_area.sh: wrote $out and ${out%.json}.csv" >&2
