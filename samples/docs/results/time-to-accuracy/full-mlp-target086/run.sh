#!/bin/bash
# Full Fashion-MNIST MLP (the tune benchmark's), time to validation 0.86 within 3 epochs (every
# contender reaches it on every seed; 0.88 lies at the 3-epoch plateau). Every contender (existing
# strategies with lr rules none and sqrt, goodput one-shot and adaptive, fixed 32, grid 32..1024
# with sqrt), one process per seed, two at a time. Committed: commit b3412ce's search (a stalled
# measurement timed again, the first measurement's whole warm-up kept out of the budget),
# 2026-12-01, seeds 1 and 2 together (19:36-19:53 UTC), then seeds 3 and 4 together (19:53-20:10
# UTC), nothing else running; merged over all four. Each run's searches are in traces/.
export OMP_NUM_THREADS=1
J=${J:-samples/target/trainer4j-samples.jar}
run_pair() {
for s in "$@"; do
  (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
    -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target 0.86 --seeds $s \
    --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt \
    --out s$s > s$s.log 2>&1; date > s$s.done) &
done
wait
}
run_pair 1 2
run_pair 3 4
java -jar $J time-to-accuracy --out merged --merge \
  s1/time_to_accuracy.json,s2/time_to_accuracy.json,s3/time_to_accuracy.json,s4/time_to_accuracy.json \
  > merge.log 2>&1
date > all.done
