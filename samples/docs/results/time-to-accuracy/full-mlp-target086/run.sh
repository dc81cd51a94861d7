#!/bin/bash
# Full Fashion-MNIST MLP (the tune benchmark's), time to validation 0.86 within 3 epochs, every
# contender (existing strategies with lr rules none and sqrt, goodput one-shot, adaptive and
# adaptive in Adam's geometry, fixed 32, grid 32..1024 with sqrt), 8 seeds, one JVM per seed, two
# at a time (seeds 1-2, 3-4, 5-6, 7-8), nothing else running; then merged over all eight.
# Committed: the jar of 0b1f002 (HEAD's search on 2026-12-05), 2026-12-05 20:33-21:06 UTC (Intel
# Xeon, 2 CPUs, AVX512; about 2x faster than the machine of the runs in ad369a3/): 1.4066. The run
# of 2ef38ba (1.7053) it replaced is in the git history. Each run's searches are in traces/seedN/.
# J is the jar (default samples/target/...). Other runs of this workload reuse the script: OUT_DIR
# is where the shards go (default this folder), CONTENDERS the contender arguments (default the
# grid and the strategies' rules below).
HERE=$(cd "$(dirname "$0")" && pwd)
J=${J:-$HERE/../../../../target/trainer4j-samples.jar}
CONTENDERS=${CONTENDERS:---grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt}
cd "${OUT_DIR:-$HERE}"
export OMP_NUM_THREADS=1
for pair in "1 2" "3 4" "5 6" "7 8"; do
  for s in $pair; do
    (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
      -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target 0.86 --seeds $s \
      --one-seed-shard $CONTENDERS --out s$s > shard-seed$s.log 2>&1; cp s$s/time_to_accuracy.json shard-seed$s.json) &
  done
  wait
done
java -jar $J time-to-accuracy --out merged --merge \
  $(for s in 1 2 3 4 5 6 7 8; do printf 'shard-seed%s.json,' $s; done | sed 's/,$//') > merge.log 2>&1
cp merged/time_to_accuracy.json merged.json
