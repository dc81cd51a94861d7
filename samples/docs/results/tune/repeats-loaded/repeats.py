"""Summarizes repeated tune runs of one workload: python3 repeats.py FILE.json ....

Each file is a `tune --workloads W --strategies tm --confirm-rounds 0 --seed N` run's
tune_results.json. Prints one row per run (seed, pick, ratio to the best grid size with its
min-max over the referee's 3 rounds, probing share of the planned training, the search's detail)
and then how often each size was picked."""
import collections, json, os, sys

picks = collections.Counter()
for folder in sys.argv[1:]:
    d = json.load(open(folder))
    for x in d["results"]:
        if x["strategy"] != "ThroughputMaximize":
            continue
        lo, hi = x["ratio_interval"]
        picks[x["chosen"]] += 1
        sizes = " ".join(f"{st['batch_size']}:{st['epoch_seconds']:.3g}" for st in x["search"]["steps"])
        print(f"{os.path.basename(folder):26s} {x['workload']:24s} pick {x['chosen']:5d} best {x['best_grid_size']:5d}"
              f"  ratio {x['ratio_to_best']:.3f} [{lo:.3f}, {hi:.3f}]"
              f"  probing {100 * x['probe_fraction_of_planned_training']:.1f} %  scan {sizes}")
print("picks:", dict(sorted(picks.items())))
