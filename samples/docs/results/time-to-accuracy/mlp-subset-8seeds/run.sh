#!/bin/bash
# MLP on the bundled subset to validation 0.80 in 4 epochs, every contender, 8 seeds, one JVM per
# seed, two at a time (1-2, 3-4, 5-6, 7-8), nothing else running; then merged.
# Committed: the jar of 135201b (the search as on 09700cf), 2026-12-05 01:13-01:20 UTC, Intel Xeon 2 CPUs.
# DIR: where the runs go (default this folder); J: the jar (default the build's).
HERE="$(cd "$(dirname "$0")" && pwd)"
J=${J:-$HERE/../../../../target/trainer4j-samples.jar}
cd "${DIR:-$HERE}"
export OMP_NUM_THREADS=1
for pair in "1 2" "3 4" "5 6" "7 8"; do
  for s in $pair; do
    (java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
      -jar $J time-to-accuracy --workloads mlp --epochs 4 --seeds $s --one-seed-shard \
      --strategy-lr-rules none,linear,sqrt --out s$s > shard-seed$s.log 2>&1) &
  done
  wait
  echo "seeds $pair done $(date -u +%T)" >> blocks.log
done
java -jar $J time-to-accuracy --out merged --merge \
  $(for s in 1 2 3 4 5 6 7 8; do printf 's%s/time_to_accuracy.json,' $s; done | sed 's/,$//') > merge.log 2>&1
echo all done >> blocks.log
