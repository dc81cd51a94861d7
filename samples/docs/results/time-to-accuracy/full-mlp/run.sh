#!/bin/bash
# Full Fashion-MNIST MLP (the tune benchmark's), time to 0.88 validation within 3 epochs,
# one process per seed, started together; every contender (existing strategies with lr rules
# none and sqrt, goodput one-shot and adaptive, fixed 32, grid 32..1024 with sqrt).
# Committed: commit 816023f, 2026-12-01, seeds 1 and 2 together (01:52-02:09 UTC), then seeds 3
# and 4 together (02:09-02:26 UTC), merged over all four (shard-seed*.*, merge.log, merged.json),
# on a machine about 2.5x slower than the 9c1f72a run's. on-fe12ff1/: seeds 1-2 on fe12ff1 (one
# change earlier), 01:32-01:49 UTC; on-696f98c/: seeds 1-2 on 696f98c (before the step past the
# timed sizes), 2026-11-30 23:47 - 00:04 UTC; on-9c1f72a/: 20:31-20:40 UTC (before the warm-up and
# the paired windows); on-6600a91/: 19:51-20:00 UTC (before the ghost shards and the budget
# extension). TARGET (default 0.88) sets the validation target: ../full-mlp-target086/run.sh
# runs this script with 0.86. ONLY (a comma-separated contender list, as `--only`) restricts the
# contenders.
export OMP_NUM_THREADS=1
TARGET=${TARGET:-0.88}
J=${J:-samples/target/trainer4j-samples.jar}
run_pair() {
for s in "$@"; do
  (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
    -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target $TARGET --seeds $s \
    --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt ${ONLY:+--only $ONLY} \
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
