"""Per-seed ratios of the noise-scale probe (run.sh): python3 analyse.py rows.txt > analysis.txt"""
import collections, random, statistics, sys

rows = [l.split() for l in open(sys.argv[1])]
d = collections.defaultdict(dict)
for k, s, c, b, x in rows:
    d[(k, c)][int(s)] = (int(b), float(x))
contenders = ('goodput-adaptive', 'grid-512', 'grid-1024')
for c in contenders:
    for k in ('k1', 'k2', 'k4'):
        v = d[(k, c)]
        xs = [v[s][1] for s in sorted(v)]
        print(c, k, " ".join(f"{v[s][1]:5.1f}({v[s][0]})" for s in sorted(v)),
              'median', round(statistics.median(xs), 2))
for c in contenders:
    for k in ('k2', 'k4'):
        r = [d[(k, c)][s][1] / d[('k1', c)][s][1] for s in range(1, 9)]
        random.seed(1)
        boots = sorted(statistics.median(random.choices(r, k=8)) for _ in range(4000))
        print(c, k + '/k1 per seed', [round(x, 2) for x in r], 'median', round(statistics.median(r), 3),
              '95% boot', round(boots[100], 3), round(boots[3899], 3), 'faster on', sum(x < 1 for x in r), 'of 8')
