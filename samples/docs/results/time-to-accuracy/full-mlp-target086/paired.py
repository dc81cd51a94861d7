"""Per-seed ratios of an experiment's arms: python3 paired.py rows.txt contender...

rows.txt: one run per line, "<arm> <seed> <contender> <final size> <seconds to target>"; the first
arm in the file is the baseline (old in an A/B, k1 in a probe). Prints each contender's runs per
arm, then for each named contender and each other arm the ratios arm/baseline by seed, their median
with a 95 % bootstrap interval (4,000 resamples, fixed seed) and on how many seeds the arm was
faster."""
import collections, random, statistics, sys

rows = [l.split() for l in open(sys.argv[1])]
arms = list(dict.fromkeys(r[0] for r in rows))
base = arms[0]
d = collections.defaultdict(lambda: collections.defaultdict(dict))
for t, s, c, b, x in rows:
    d[c][t][int(s)] = (int(b), float(x))
for c in sorted(d):
    print(c)
    for t in arms:
        v = d[c][t]
        xs = [v[s][1] for s in sorted(v)]
        print(f"  {t}: " + " ".join(f"{v[s][1]:5.1f}({v[s][0]})" for s in sorted(v))
              + f"  median {statistics.median(xs):.2f} mean {statistics.mean(xs):.2f}")
for c in sys.argv[2:]:
    for t in arms[1:]:
        o = d[c][base]; n = d[c][t]
        r = [n[s][1] / o[s][1] for s in sorted(o) if s in n]
        random.seed(1)
        boots = sorted(statistics.median(random.choices(r, k=len(r))) for _ in range(4000))
        print(c, f'{t}/{base} per seed', [round(x, 2) for x in r], 'median',
              round(statistics.median(r), 3), '95% boot', round(boots[100], 3),
              round(boots[3899], 3), f'{t} faster on', sum(x < 1 for x in r), 'of', len(r))
