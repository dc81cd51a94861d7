#!/usr/bin/env python3
"""Replaces the workloads a later tune run measured in an earlier table: merge.py BASE.json NEW.json
OUTDIR. BASE is runs 1-2 as rescore.py scored them (the committed referee's rule), NEW a run of a
later jar, which scores by the same rule itself; every workload NEW has replaces BASE's, rows and
referee alike, and the others are kept. Writes OUTDIR/tune_results.json and OUTDIR/tune_table.md
and prints the table, then tuner_worst_ratio_to_best over ThroughputMaximize's rows."""
import json, sys

import tune_table

base, new = (json.load(open(p)) for p in sys.argv[1:3])
out = sys.argv[3]
replaced = {w["workload"] for w in new["workloads"]}
merged = dict(base)
merged["scored_by"] = ("merge.py: runs 1-2 scored by rescore.py, the workloads of run 3 ("
                       + ", ".join(sorted(replaced)) + ") as run 3's jar scored them")
merged["runs"] = base["runs"] + [new["command"] + " (" + new["date"] + ")"]
merged["workloads"] = [w for w in base["workloads"] if w["workload"] not in replaced] + new["workloads"]
merged["results"] = [r for r in base["results"] if r["workload"] not in replaced] + new["results"]
merged["tuner_worst_ratio_to_best"] = tune_table.worst_ratio(merged["results"])
json.dump(merged, open(out + "/tune_results.json", "w"), indent=2)

rows = tune_table.rows(merged["results"], "from the anchor passes")
for w in merged["workloads"]:
    rows.append("best grid size %s: %s (%.3f s per epoch; anchor %s)" % (
        w["workload"], w["best_grid_size"], w["best_epoch_seconds"], w["confirming_rounds_anchor"]))
open(out + "/tune_table.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
print("tuner_worst_ratio_to_best=%.4f" % merged["tuner_worst_ratio_to_best"])
