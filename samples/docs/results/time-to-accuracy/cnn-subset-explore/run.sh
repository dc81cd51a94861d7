#!/bin/bash
# Adaptive goodput whose sizes only training times (contender goodput-explore) against adaptive
# goodput and grid 32/64/128 on the main job's CNN, bundled subset (3,000 training examples) to
# validation 0.80 in 2 epochs, 3 seeds in one JVM (contenders interleaved per seed in shuffled
# order), nothing else running, OMP_NUM_THREADS=1, AMD EPYC 2 CPUs, 2026-12-06.
#   3534caf/  18:23-18:33 UTC, the jar of 3534caf (no memory check before growing)
#   efee819/  18:49-18:57 UTC, the jar of efee819 (one step of a new size on the copy first)
#   on-5771217/  2026-12-07 06:00-06:08 UTC, the jar of 5771217 (the search as on 28fd449); JSON,
#             console and plot only
#   one-jvm-9f96dbe/  2026-12-07 10:53-11:01 UTC, the jar of 9f96dbe (the benchmark waits between
#             contenders, ProcessSettle; the search as on 28fd449); JSON, console and plot only
# Each folder: time_to_accuracy.json, the console, the plot, every contender's searches.
cd "$(dirname "$0")"
J=${J:-../../../../target/trainer4j-samples.jar}
OUT=${OUT:-efee819}
OMP_NUM_THREADS=1 java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6G -Dorg.bytedeco.javacpp.maxphysicalbytes=9G \
  -jar "$J" time-to-accuracy --workloads cnn --epochs 2 --seeds 1,2,3 --train-examples 3000 \
  --grid 32,64,128 --strategy-lr-rules none,sqrt \
  --only goodput-adaptive,goodput-explore,grid-32,grid-64,grid-128 --out "$OUT" > "$OUT.log" 2>&1
