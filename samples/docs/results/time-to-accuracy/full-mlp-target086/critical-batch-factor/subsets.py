"""k = 4 over k = 1 on the subsets, paired by seed: median with a bootstrap 95 % interval."""
import json, random, statistics as st

def load(d, w):
    j = json.load(open(d + '/time_to_accuracy.json'))[w]
    return {c['contender']: {r['seed']: r['secondsToTarget'] for r in c['runs']} for c in j['contenders']}

def boot(xs, n=10000, seed=1):
    rnd = random.Random(seed)
    m = sorted(st.median([rnd.choice(xs) for _ in xs]) for _ in range(n))
    return m[int(0.025 * n)], m[int(0.975 * n) - 1]

for w, a, b in [('mlp', 'mlp-k4', 'mlp-k1'), ('cnn', 'cnn-k4', 'cnn-k1')]:
    A, B = load(a, w), load(b, w)
    for c in A:
        r = [A[c][s] / B[c][s] for s in A[c] if isinstance(A[c][s], float) and isinstance(B[c][s], float)]
        lo, hi = boot(r)
        print('%s %-17s k4/k1 paired median %.3f [%.3f, %.3f], k4 faster on %d of %d'
              % (w, c, st.median(r), lo, hi, sum(x < 1 for x in r), len(r)))
