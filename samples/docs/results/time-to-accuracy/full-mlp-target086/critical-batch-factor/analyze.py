import json,random,statistics as st
def load(d):
    j=json.load(open(d+'/time_to_accuracy.json'))['mlp']
    return {c['contender']:{r['seed']:r['secondsToTarget'] for r in c['runs']} for c in j['contenders']}
runs={'k4':[load('k4-1943'),load('k4-2003')],'k1':[load('k1-1952'),load('k1-2013')]}
def boot(xs,n=10000,seed=1):
    rnd=random.Random(seed); m=[]
    for _ in range(n):
        s=[rnd.choice(xs) for _ in xs]; m.append(st.median(s))
    m.sort(); return m[int(0.025*n)], m[int(0.975*n)-1]
for k in ['k4','k1']:
    for c in ['goodput-explore','goodput-adaptive','grid-256','grid-1024']:
        r=[run[c][s]/run['grid-512'][s] for run in runs[k] for s in range(1,9)]
        med=[st.median(run[c].values())/st.median(run['grid-512'].values()) for run in runs[k]]
        lo,hi=boot(r)
        print(f"{k} {c:17s} ratio of medians per run {[round(x,3) for x in med]}  paired by seed (16) median {st.median(r):.3f} [{lo:.3f}, {hi:.3f}] faster than grid-512 in {sum(x<1 for x in r)}/16")
# k4 vs k1 paired by seed and run order
for c in ['goodput-explore','goodput-adaptive']:
    r=[runs['k4'][i][c][s]/runs['k1'][i][c][s] for i in range(2) for s in range(1,9)]
    lo,hi=boot(r); print(f"{c} k4/k1 paired (16): median {st.median(r):.3f} [{lo:.3f}, {hi:.3f}], k4 faster in {sum(x<1 for x in r)}/16")
    g=[runs['k4'][i]['grid-512'][s]/runs['k1'][i]['grid-512'][s] for i in range(2) for s in range(1,9)]
    lo,hi=boot(g); print(f"  control grid-512 k4-run/k1-run: median {st.median(g):.3f} [{lo:.3f}, {hi:.3f}]")
