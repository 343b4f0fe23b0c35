#!/usr/bin/python3
"""Fits the scaling curve measured by bench/scale_bench.sh and projects it.

    bench/scale_fit.py --results build/bench-results/scale --target 36000000 --cores 16 --out scale.json

Reads <results>/<N>/lexical.json (bench/lexical_bench.sh) and <results>/<N>/embed.json for
every size N, prints the measured points and, per figure, a least-squares fit of
log(y) = a + b·log(N) (a power law; b = 1 is linear growth) with its value at --target.
Ingest time at the target on --cores cores is projected from the largest size's per-thread
rate and the measured parallel efficiency of the largest thread count (speedup / threads),
assumed to hold up to --cores: a projection, not a measurement, and it says so.
"""

import argparse
import json
import math
import os
import sys


def fit(points):
    """Least squares of log y on log x; returns (a, b) or None with fewer than 2 points."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None
    b = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    return my - b * mx, b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--target", type=int, default=36_000_000)
    ap.add_argument("--cores", type=int, default=16)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    sizes = sorted(int(d) for d in os.listdir(args.results) if d.isdigit()
                   and os.path.exists(os.path.join(args.results, d, "lexical.json")))
    if not sizes:
        sys.exit("scale_fit: no <N>/lexical.json under " + args.results)
    points = {}
    for n in sizes:
        lex = json.load(open(os.path.join(args.results, str(n), "lexical.json")))
        row = {"records": n}
        ours = [r for r in lex["indexing"] if r["engine"] == "medsearch"]
        for r in ours:
            row[f"ingest_docs_per_s_{r['threads']}t"] = r["docs_per_s"]
            row[f"ingest_peak_rss_mb_{r['threads']}t"] = r["peak_rss_mb"]
            row["bytes_per_doc"] = r["bytes_per_doc"]
        xap = [r for r in lex["indexing"] if r["engine"] == "xapian"]
        if xap:
            row["xapian_docs_per_s"] = xap[0]["docs_per_s"]
        for entry in lex["search"].get("full", []):
            for engine, key in (("medsearch", "ours"), ("xapian", "xapian")):
                q = entry.get(key)
                if q:
                    row[f"{engine}_{entry['class']}_p50_ms"] = q["p50_ms"]
                    row[f"{engine}_{entry['class']}_p99_ms"] = q["p99_ms"]
        embed_path = os.path.join(args.results, str(n), "embed.json")
        if os.path.exists(embed_path):
            e = json.load(open(embed_path))
            row["embed_wall_s"] = round(e["wall_s"], 1)
            row["embed_peak_rss_mb"] = round(e["peak_rss_mb"], 1)
        points[n] = row

    keys = [k for k in points[sizes[-1]] if k != "records"]
    fits = {}
    print(f"{'figure':42s} " + " ".join(f"{n:>12,d}" for n in sizes) + f" {'exponent':>9s} {'at ' + format(args.target, ','):>16s}")
    for key in keys:
        series = [(n, points[n].get(key)) for n in sizes]
        f = fit([(n, y) for n, y in series if y is not None])
        projected = math.exp(f[0] + f[1] * math.log(args.target)) if f else None
        fits[key] = {"exponent": f[1] if f else None, "projected": projected}
        cells = " ".join(f"{y:>12.3f}" if isinstance(y, (int, float)) else f"{'-':>12s}" for _, y in series)
        print(f"{key:42s} {cells} {(f'{f[1]:.2f}' if f else '-'):>9s} {(f'{projected:.3f}' if projected else '-'):>16s}")

    # Ingest on the target machine: the largest size's per-thread rate × cores × efficiency.
    big = points[sizes[-1]]
    rates = {int(k.split("_")[-1][:-1]): v for k, v in big.items() if k.startswith("ingest_docs_per_s_")}
    projection = {}
    if rates:
        one = rates.get(1)
        most = max(rates)
        efficiency = (rates[most] / one / most) if one and most > 1 else 1.0
        rate = (one or rates[most] / most) * args.cores * min(1.0, efficiency)
        projection = {"per_thread_docs_per_s": one, "threads_measured": most, "parallel_efficiency": round(efficiency, 3),
                      "cores": args.cores, "projected_docs_per_s": round(rate), "projected_minutes": round(args.target / rate / 60, 1)}
        print(f"\ningest of {args.target:,} citations on {args.cores} cores (projection): {projection}")
    json.dump({"sizes": sizes, "points": points, "fits": fits, "ingest_projection": projection,
               "target": args.target}, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
