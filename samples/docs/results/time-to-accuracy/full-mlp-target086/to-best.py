"""Each goodput run's time against the faster of grid 512 and grid 1024 on the same seed and arm:
python3 to-best.py rows.txt (rows as paired.py reads them). Prints, per arm and goodput contender,
the median of the eight per-seed ratios with a 95 % bootstrap interval (2,000 resamples, seed 1),
the worst ratio and how many runs took more than 15 s to the target."""
import random
import statistics
import sys

times = {}
for line in open(sys.argv[1]):
    arm, seed, contender, _size, seconds = line.split()
    times[(arm, int(seed), contender)] = float(seconds)
arms = list(dict.fromkeys(k[0] for k in times))
seeds = sorted({k[1] for k in times})
random.seed(1)
for arm in arms:
    for contender in ("goodput-adaptive", "goodput-adaptive-adam"):
        runs = [times[(arm, s, contender)] for s in seeds]
        best = [min(times[(arm, s, "grid-512")], times[(arm, s, "grid-1024")]) for s in seeds]
        ratios = [r / b for r, b in zip(runs, best)]
        boot = sorted(
            statistics.median(random.choices(ratios, k=len(ratios))) for _ in range(2000)
        )
        print(
            "%s %s: to the best grid median %.2f [%.2f, %.2f], worst %.2f, %d of %d over 15 s"
            % (arm, contender, statistics.median(ratios), boot[50], boot[1949], max(ratios),
               sum(r > 15 for r in runs), len(runs))
        )
