#!/bin/bash
# Full Fashion-MNIST MLP (the tune benchmark's), time to 0.88 validation within 3 epochs,
# one process per seed, started together; every contender (existing strategies with lr rules
# none and sqrt, goodput one-shot and adaptive, fixed 32, grid 32..1024 with sqrt).
# Committed: commit 696f98c, 2026-11-30 23:47 - 2026-12-01 00:04 UTC (shard-seed*.*, merge.log,
# merged.json), on a machine about 2x slower than the earlier runs'; on-9c1f72a/: the same script
# on 9c1f72a, 20:31-20:40 UTC (before the warm-up and the paired windows); on-6600a91/: on 6600a91
# (before the ghost shards and the budget extension), 19:51-20:00 UTC.
export OMP_NUM_THREADS=1
J=${J:-samples/target/trainer4j-samples.jar}
for s in 1 2; do
  (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
    -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target 0.88 --seeds $s \
    --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt \
    --out s$s > s$s.log 2>&1; date > s$s.done) &
done
wait
java -jar $J time-to-accuracy --merge s1/time_to_accuracy.json,s2/time_to_accuracy.json --out merged > merge.log 2>&1
date > all.done
