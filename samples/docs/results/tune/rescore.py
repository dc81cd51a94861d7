#!/usr/bin/env python3
"""Merges this round's two tune runs (run 1 was killed by the kernel after three workloads; run 2
ran the other five with --workloads cnn+load,tiny,loading) and scores them by the referee's rule
of the committed code, from the per-round epoch times the runs recorded: the best grid size is the
contender (a grid size within 20 % of the best after the first three rounds, by median or by its
fastest round) with the lowest median over all its rounds, and each pick's ratio to it is paired
by round, the median with the distribution-free interval of MedianInterval.java. The runs' own jar
took the best and the ratios from the times relative to the anchor's passes instead; both kept in
the JSON (ratio_from_anchor_passes). Usage: rescore.py RUN1.json RUN2.json OUTDIR"""
import json, sys

import tune_table

def median(v):
    s = sorted(v); n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2

def coverage(n, k):
    tail, term = 0.0, 0.5 ** n
    for j in range(k):
        tail += term
        term = term * (n - j) / (j + 1)
    return max(0.0, 1 - 2 * tail)

def interval(values):
    s = sorted(values); n = len(s); k = 1
    while k + 1 <= (n + 1) // 2 and coverage(n, k + 1) >= 0.95:
        k += 1
    return median(s), s[k - 1], s[n - k], coverage(n, k)

def score(w, margin):
    times = {t["batch_size"]: t["epoch_seconds_per_round"] for t in w["referee"]}
    grid = w["oracle_grid"]
    first = {b: times[b][:3] for b in grid}
    best_first = grid[0]
    for b in grid:
        if median(first[b]) < median(first[best_first]):
            best_first = b
    fastest = min(min(first[b]) for b in grid)
    finalists = [b for b in grid if median(first[b]) <= (1 + margin) * median(first[best_first])
                 or min(first[b]) <= (1 + margin) * fastest]
    best = finalists[0]
    for b in finalists:
        if median(times[b]) < median(times[best]):
            best = b
    return times, best

parts = [json.load(open(p)) for p in sys.argv[1:3]]
out = sys.argv[3]
merged = dict(parts[1])
merged["scored_by"] = "rescore.py: the committed referee's rule, from the recorded per-round times"
merged["runs"] = [p["command"] + " (" + p["date"] + ")" for p in parts]
merged["workloads"], merged["results"] = [], []
for part in parts:
    margin = part["contention_margin"]
    for w in part["workloads"]:
        times, best = score(w, margin)
        w = dict(w)
        w["best_grid_size_by_anchor_passes"] = w["best_grid_size"]
        w["best_grid_size"] = best
        w["best_epoch_seconds"] = median(times[best])
        merged["workloads"].append(w)
        for r in part["results"]:
            if r["workload"] != w["workload"]:
                continue
            r = dict(r)
            mine, theirs = times[r["chosen"]], times[best]
            m, lo, hi, cov = interval([a / b for a, b in zip(mine, theirs)])
            # The jar computed the same paired ratio to its own best (ratio_paired_by_round): this
            # script's arithmetic must agree with it there.
            old = times[w["best_grid_size_by_anchor_passes"]]
            check = interval([a / b for a, b in zip(mine, old)])
            assert all(abs(x - y) < 1e-9 for x, y in zip(check[:3], r["ratio_paired_by_round"])), (
                r["workload"], r["strategy"], check, r["ratio_paired_by_round"])
            r["ratio_from_anchor_passes"] = [r["ratio_to_best"]] + r["ratio_interval"]
            del r["ratio_paired_by_round"]
            r["ratio_to_best"], r["ratio_interval"], r["ratio_interval_coverage"] = m, [lo, hi], cov
            r["tie"] = lo <= 1.0 <= hi
            r["best_grid_size"] = best
            r["probe_fraction_of_planned_training"] = r["probe_seconds"] / (
                r["probe_seconds"] / r["probe_fraction_of_planned_training"]
                * median(times[best]) / median(times[w["best_grid_size_by_anchor_passes"]]))
            merged["results"].append(r)
merged["tuner_worst_ratio_to_best"] = tune_table.worst_ratio(merged["results"])
json.dump(merged, open(out + "/tune_results.json", "w"), indent=2)

rows = tune_table.rows(merged["results"], "as the run scored it (anchor passes)")
for w in merged["workloads"]:
    rows.append("best grid size %s: %s (%.3f s per epoch; anchor %s; best by anchor passes %s)" % (
        w["workload"], w["best_grid_size"], w["best_epoch_seconds"],
        w["confirming_rounds_anchor"], w["best_grid_size_by_anchor_passes"]))
open(out + "/tune_table.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
# The two estimates over the same rounds and the same best (the runs' jar's): its ratio from the
# anchor passes and its ratio paired by round.
for name, keep in (("quiet", lambda r: "+load" not in r["workload"]),
                   ("loaded", lambda r: "+load" in r["workload"]), ("all", lambda r: True)):
    sel = [r for part in parts for r in part["results"] if keep(r)]
    a = sorted(r["ratio_interval"][1] - r["ratio_interval"][0] for r in sel)
    p = sorted(r["ratio_paired_by_round"][2] - r["ratio_paired_by_round"][1] for r in sel)
    print("%s rows (%d), the runs' own best: median interval width from the anchor passes %.3f,"
          " paired by round %.3f" % (name, len(sel), a[len(a) // 2], p[len(p) // 2]))
print("as the runs' jar scored them (best and ratio from the anchor passes): worst upper end %.4f"
      % max(r["ratio_interval"][1] for part in parts for r in part["results"]
            if r["strategy"] == "ThroughputMaximize"))
print("tuner_worst_ratio_to_best=%.4f" % merged["tuner_worst_ratio_to_best"])
