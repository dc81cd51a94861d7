"""Per arm and workload: ThroughputMaximize's pick, probing seconds and share of the planned
training, and the CPU wait ProbeRun logged, for each round; then the medians."""
import glob, json, re, statistics

rows = {}
for f in sorted(glob.glob("*-r*/tune_results.json")):
    run = f.split("/")[0]
    arm, workload, rnd = re.match(r"(OLD|NEW)-(\w+)-r(\d)", run).groups()
    r = json.load(open(f))["results"][0]
    log = open(run + ".log").read()
    wait = re.search(r"waited (\S+) s for a CPU \((\S+) %", log)
    settled = re.search(r"settled (\S+) s", log)
    rows.setdefault((workload, arm), []).append(
        (int(rnd), r["chosen"], r["probe_seconds"], 100 * r["probe_fraction_of_planned_training"],
         float(wait[1]) if wait else 0.0, float(wait[2]) if wait else 0.0,
         float(settled[1]) if settled else None))
for (workload, arm), rs in sorted(rows.items()):
    print(f"{workload} {arm}")
    for rnd, pick, sec, pct, w, wpct, st in sorted(rs):
        print(f"  r{rnd} pick {pick:4d}  probing {sec:.2f} s = {pct:.2f} % of the plan"
              f"  CPU wait {w:.3f} s ({wpct:.1f} %)" + (f"  settled {st} s" if st is not None else ""))
    print(f"  median probing {statistics.median(r[3] for r in rs):.2f} % (range"
          f" {min(r[3] for r in rs):.2f}-{max(r[3] for r in rs):.2f}), median CPU wait"
          f" {statistics.median(r[4] for r in rs):.3f} s, picks {sorted(r[1] for r in rs)}")
