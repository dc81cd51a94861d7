#!/bin/bash
# ThroughputMaximize with the sqrt rule on the full-data CNN to 0.90 (3 epochs), beside grid 64 (lr
# none, as in k4-31672d4), one process per seed started together; the flags of ../run.sh.
# Run 2026-12-07 05:16-05:47 UTC on the jar of 5771217, the AMD EPYC, nothing else running.
# Result: throughput-sqrt 1.35x grid 64 (seed 1: 64, 370 s vs 358 s; seed 2: 256, 784 s vs 495 s).
export OMP_NUM_THREADS=1
J=${J:?the jar}
for s in 1 2; do
  (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
    -jar $J time-to-accuracy --full --workloads cnn --epochs 3 --target 0.90 --seeds $s \
    --one-seed-shard --grid 64 --lr-rule none --strategy-lr-rules sqrt --search-cap 60 \
    --only throughput-sqrt,grid-64 --out s$s > s$s.log 2>&1; date > s$s.done) &
done
wait
java -jar $J time-to-accuracy --merge s1/time_to_accuracy.json,s2/time_to_accuracy.json --out merged > merge.log 2>&1
date > all.done
