#!/usr/bin/env python3
"""Replaces the workloads a later tune run measured in an earlier table: merge.py BASE.json NEW.json
OUTDIR. BASE is runs 1-2 as rescore.py scored them (the committed referee's rule), NEW a run of a
later jar, which scores by the same rule itself; every workload NEW has replaces BASE's, rows and
referee alike, and the others are kept. Writes OUTDIR/tune_results.json and OUTDIR/tune_table.md
and prints the table, then tuner_worst_ratio_to_best over ThroughputMaximize's rows."""
import json, sys

base, new = (json.load(open(p)) for p in sys.argv[1:3])
out = sys.argv[3]
replaced = {w["workload"] for w in new["workloads"]}
merged = dict(base)
merged["scored_by"] = ("merge.py: runs 1-2 scored by rescore.py, the workloads of run 3 ("
                       + ", ".join(sorted(replaced)) + ") as run 3's jar scored them")
merged["runs"] = base["runs"] + [new["command"] + " (" + new["date"] + ")"]
merged["workloads"] = [w for w in base["workloads"] if w["workload"] not in replaced] + new["workloads"]
merged["results"] = [r for r in base["results"] if r["workload"] not in replaced] + new["results"]
tm = [r for r in merged["results"] if r["strategy"] == "ThroughputMaximize"]
merged["tuner_worst_ratio_to_best"] = max(r["ratio_interval"][1] for r in tm)
json.dump(merged, open(out + "/tune_results.json", "w"), indent=2)

rows = ["| workload | strategy | init -> bs | loops | stop | probe [s] | probe/planned | probe/epoch"
        " | epoch/best [interval] | coverage | tie | from the anchor passes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|"]
for r in merged["results"]:
    lo, hi = r["ratio_interval"]
    anchored = r.get("ratio_from_anchor_passes")
    rows.append("| %s | %s | %d -> %d | %d | %s | %.2f | %.1f%% | %.1f%% | %.3f [%.3f, %.3f] | %.1f%% | %s | %s |" % (
        r["workload"], r["strategy"], r["initial"], r["chosen"], r["loops"], r["stop_reason"],
        r["probe_seconds"], 100 * r["probe_fraction_of_planned_training"],
        100 * r["probe_fraction_of_epoch"], r["ratio_to_best"], lo, hi,
        100 * r["ratio_interval_coverage"], "tie" if r["tie"] else "",
        "%.3f [%.3f, %.3f]" % tuple(anchored) if anchored else ""))
for w in merged["workloads"]:
    rows.append("best grid size %s: %s (%.3f s per epoch; anchor %s)" % (
        w["workload"], w["best_grid_size"], w["best_epoch_seconds"], w["confirming_rounds_anchor"]))
open(out + "/tune_table.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
print("tuner_worst_ratio_to_best=%.4f" % merged["tuner_worst_ratio_to_best"])
