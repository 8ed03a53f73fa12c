#!/usr/bin/env python3
"""Reads the yosys `stat -liberty` reports listed in an index, joins the cells with the liberty's
area/leakage, fits the simple area models and writes the committed JSON + CSV table.
Called by scripts/calibrate_area.sh; standard library only."""
import argparse, csv, json, re, sys

def parse_liberty(path):
    text = open(path).read()
    cells = {}
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'\n\s*cell\s*\(\s*"?([A-Za-z0-9_]+)"?\s*\)\s*\{', text)]
    for i, (pos, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[pos:end]
        area = re.search(r'\barea\s*:\s*([0-9.eE+-]+)', body)
        leak = re.search(r'cell_leakage_power\s*:\s*([0-9.eE+-]+)', body)
        cells[name] = {"area": float(area.group(1)) if area else 0.0,
                       "leakage_nW": float(leak.group(1)) if leak else 0.0, "_body": body}
    return cells

def pin_block(body, pin):
    m = re.search(r'\n\s*pin\s*\(\s*' + pin + r'\s*\)\s*\{', body)
    if not m:
        raise SystemExit(f"fit_tables.py: pin {pin} not found")
    rest = body[m.end():]
    nxt = re.search(r'\n\s*pin\s*\(', rest)
    return rest[:nxt.start()] if nxt else rest

def first_values(block, kind):
    out = []
    for m in re.finditer(kind + r'\s*\([^)]*\)\s*\{\s*(?:index_1[^;]*;\s*)?(?:index_2[^;]*;\s*)?values\s*\(\s*"([^"]*)"', block):
        out.append(float(m.group(1).split(',')[0]))
    return out

def dff_energy(cells):
    body = cells["DFF_X1"]["_body"]
    ck = pin_block(body, "CK")
    groups = ck.split("internal_power")[1:]
    per_cycle = []
    for g in groups:
        r = first_values(g, "rise_power"); f = first_values(g, "fall_power")
        per_cycle.append((r[0] if r else 0.0) + (f[0] if f else 0.0))
    q = pin_block(body, "Q")
    qr = first_values(q, "rise_power"); qf = first_values(q, "fall_power")
    return sum(per_cycle) / len(per_cycle), (sum(qr) / len(qr) + sum(qf) / len(qf)) / 2.0

def parse_stat(path):
    area = None; counts = {}
    for line in open(path):
        m = re.match(r'\s+([A-Z][A-Z0-9_]*_X[0-9]+)\s+([0-9]+)\s*$', line)
        if m: counts[m.group(1)] = int(m.group(2))
        m = re.search(r'Chip area for module .*:\s*([0-9.]+)', line)
        if m: area = float(m.group(1))
    if area is None:
        raise SystemExit(f"fit_tables.py: no 'Chip area' in {path}")
    return area, counts

def lstsq(rows, ys):
    """Least squares via normal equations (tiny systems), Gaussian elimination with pivoting."""
    n = len(rows[0])
    ata = [[sum(r[i] * r[j] for r in rows) for j in range(n)] for i in range(n)]
    aty = [sum(r[i] * y for r, y in zip(rows, ys)) for i in range(n)]
    m = [ata[i] + [aty[i]] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda k: abs(m[k][c]))
        m[c], m[p] = m[p], m[c]
        for k in range(n):
            if k != c and m[c][c] != 0:
                f = m[k][c] / m[c][c]
                m[k] = [a - f * b for a, b in zip(m[k], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]

TERMS = {  # term name -> function of params; the Swift table loader knows exactly these names
    "1": lambda p: 1.0, "W": lambda p: p["W"], "W*W": lambda p: p["W"] ** 2, "A": lambda p: p["A"],
    "C": lambda p: p["C"], "W*(N-1)": lambda p: p["W"] * (p["N"] - 1),
    "D*W": lambda p: p["D"] * p["W"], "R*W*(D-1)": lambda p: p["R"] * p["W"] * (p["D"] - 1),
    "D": lambda p: p["D"], "R*W": lambda p: p["R"] * p["W"],
}
MODELS = {
    "add": ["W", "1"], "sub": ["W", "1"], "inc": ["W", "1"], "lt_s": ["W", "1"], "lt_u": ["W", "1"],
    "le_s": ["W", "1"], "eq": ["W", "1"], "reg_plain": ["W", "1"], "reg_rst": ["W", "1"],
    "reg_en": ["W", "1"], "reg_rst_en": ["W", "1"], "mux2": ["W", "1"], "logic_and": ["W", "1"],
    "shr_s": ["W", "1"], "shr_u": ["D*W", "W", "D", "1"], "mul_s": ["W*W", "W"], "mul_u": ["W*W", "W"], "mac": ["W*W", "W", "A", "1"],
    "muxn": ["W*(N-1)", "W"], "pau": ["A", "C", "1"], "regfile": ["D*W", "R*W*(D-1)", "R*W", "D", "1"],
}

def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--missing-from":
        # filter mode: print the entries of stdin ("kind P=v ...") that the table lacks
        have = {(e["kind"], tuple(sorted(e["params"].items()))) for e in json.load(open(sys.argv[2]))["entries"]}
        for line in sys.stdin:
            parts = line.split()
            if not parts: continue
            key = (parts[0], tuple(sorted((k, int(v)) for k, v in (p.split("=") for p in parts[1:]))))
            if key not in have: print(line.strip())
        return
    ap = argparse.ArgumentParser()
    for a in ["index", "liberty", "liberty-name", "liberty-sha256", "yosys-version", "date", "out"]:
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--existing")
    args = ap.parse_args()
    cells = parse_liberty(args.liberty)
    entries = []
    for line in open(args.index):
        entry, stat, script = line.rstrip("\n").split("\t")
        parts = entry.split()
        params = {k: int(v) for k, v in (p.split("=") for p in parts[1:])}
        area, counts = parse_stat(stat)
        leak = sum(cells[c]["leakage_nW"] * n for c, n in counts.items())
        check = sum(cells[c]["area"] * n for c, n in counts.items())
        if abs(check - area) > 1e-3 * max(1.0, area):
            raise SystemExit(f"fit_tables.py: {entry}: cell areas {check} != stat area {area}")
        entries.append({"kind": parts[0], "params": params, "area_um2": round(area, 4),
                        "leakage_nW": round(leak, 3), "cells": dict(sorted(counts.items())),
                        "source": f"yosys -p \"{script}\" ({args.yosys_version}, {args.liberty_name}, {args.date})"})
    if args.existing:
        old = json.load(open(args.existing))
        if old["meta"]["liberty_sha256"] != args.liberty_sha256:
            raise SystemExit("fit_tables.py: --merge with a different liberty file; re-run without --merge")
        new_keys = {(e["kind"], tuple(sorted(e["params"].items()))) for e in entries}
        entries += [e for e in old["entries"] if (e["kind"], tuple(sorted(e["params"].items()))) not in new_keys]
    entries.sort(key=lambda e: (e["kind"], sorted(e["params"].items())))
    fits = {}
    for kind, terms in MODELS.items():
        pts = [e for e in entries if e["kind"] == kind]
        if len(pts) < len(terms):
            continue
        rows = [[TERMS[t](e["params"]) for t in terms] for e in pts]
        ys = [e["area_um2"] for e in pts]
        coef = lstsq(rows, ys)
        rel = [abs(sum(c * x for c, x in zip(coef, r)) - y) / y for r, y in zip(rows, ys)]
        fits[kind] = {"terms": terms, "coefficients": [round(c, 6) for c in coef],
                      "max_rel_error": round(max(rel), 4), "mean_rel_error": round(sum(rel) / len(rel), 4),
                      "points": len(pts), "method": "least squares over the entries of this kind"}
    total_area = sum(e["area_um2"] for e in entries)
    total_leak = sum(e["leakage_nW"] for e in entries)
    e_clk, e_q = dff_energy(cells)
    used = sorted({c for e in entries for c in e["cells"]})
    table = {
        "meta": {
            "description": "45 nm logic area table: parametrised primitives (scripts/yosys/primitives.v) "
                           "synthesised with Yosys and the Nangate45 Open Cell Library, typical corner.",
            "generator": "scripts/calibrate_area.sh", "flow": "read_verilog -sv; chparam; synth -top M; "
            "dfflibmap -liberty L; abc -liberty L; stat -liberty L",
            "yosys": args.yosys_version, "liberty": args.liberty_name, "liberty_sha256": args.liberty_sha256,
            "date": args.date if not args.existing else old["meta"]["date"] + " (entries added " + args.date + ")", "area_unit": "um^2", "leakage_unit": "nW (liberty cell_leakage_power, 1.1 V, 25 C)",
        },
        "liberty": {
            "leakage_nW_per_um2": round(total_leak / total_area, 4),
            "leakage_source": "sum over all calibration entries of cell count x cell_leakage_power, divided by their total area",
            "dff_clock_energy_fJ": round(e_clk, 4),
            "dff_clock_source": "DFF_X1 pin CK internal_power: rise+fall at the smallest input slew, mean over the when-conditions (fJ = fF*V^2)",
            "dff_q_toggle_energy_fJ": round(e_q, 4),
            "dff_q_source": "DFF_X1 pin Q internal_power (related CK): mean of rise and fall tables, per output transition",
            "cells": {c: {"area_um2": cells[c]["area"], "leakage_nW": cells[c]["leakage_nW"]} for c in used},
        },
        "fits": fits,
        "entries": entries,
    }
    with open(args.out, "w") as f:
        json.dump(table, f, indent=1, sort_keys=False)
        f.write("\n")
    csv_path = args.out[:-5] + ".csv" if args.out.endswith(".json") else args.out + ".csv"
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "params", "area_um2", "leakage_nW", "cells", "source"])
        for e in entries:
            w.writerow([e["kind"], " ".join(f"{k}={v}" for k, v in sorted(e["params"].items())),
                        e["area_um2"], e["leakage_nW"], sum(e["cells"].values()), e["source"]])
    for k, v in fits.items():
        print(f"  fit {k}: {v['terms']} = {v['coefficients']}  max rel err {v['max_rel_error']}", file=sys.stderr)

if __name__ == "__main__":
    main()
