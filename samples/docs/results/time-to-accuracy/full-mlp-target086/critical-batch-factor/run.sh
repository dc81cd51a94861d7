#!/bin/bash
# The critical batch factor k (the goodput model's critical batch = k x the measured noise scale), A/B
# before it was a setting: the jar of 91e9fa3 + experiment.patch (system property t4j.bscale = k in
# GradientNoise.efficiency, which every goodput model's efficiency goes through; k = 4 there is what
# GoodputSettings.DEFAULT does since f0de268), AMD EPYC with 2 CPUs, nothing else running, 2026-12-06.
#   Full-data MLP to 0.86, 3 epochs, 8 seeds in one JVM per run, contenders interleaved per seed:
#     k4-1943 (19:43-19:52 UTC), k1-1952 (19:52-20:03), k4-2003 (20:03-20:13), k1-2013 (20:13-20:24);
#     analysis.txt: python3 analyze.py (ratios to grid 512, paired by seed, bootstrap 95 % intervals).
#   Subsets, pinned to CPU 0 with taskset while builds ran on CPU 1 (slower than the unpinned runs,
#   both arms alike): CNN subset (3,000 examples, 0.80, 2 epochs, 3 seeds) cnn-k4 (20:24-20:32),
#   cnn-k1 (20:32-20:41); MLP subset (0.80, 4 epochs, 8 seeds) mlp-k4 (20:41-20:46), mlp-k1.
# committed-f0de268 (21:09-21:19 UTC): the jar of f0de268 with no property (k = 4 is its default), the
# full-data MLP as above: goodput_time_to_target_ratio_to_best=0.9488.
J=${J:?the jar built with experiment.patch applied}
run() { # k OUT workload-options...
  local k=$1 out=$2; shift 2
  OMP_NUM_THREADS=1 java -Dt4j.bscale=$k -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=5G \
    -Dorg.bytedeco.javacpp.maxphysicalbytes=7G -jar "$J" time-to-accuracy "$@" \
    --strategy-lr-rules none,sqrt --out "$out" > "$out.log" 2>&1
}
FULL=(--full --workloads mlp --epochs 3 --target 0.86 --seeds 1,2,3,4,5,6,7,8 --grid 256,512,1024
  --only goodput-adaptive,goodput-explore,grid-256,grid-512,grid-1024)
run 4 k4 "${FULL[@]}"; run 1 k1 "${FULL[@]}"; run 4 k4b "${FULL[@]}"; run 1 k1b "${FULL[@]}"
for k in 4 1; do
  run $k cnn-k$k --workloads cnn --epochs 2 --train-examples 3000 --grid 32,64,128 --seeds 1,2,3 \
    --only goodput-adaptive,goodput-explore,grid-32,grid-64,grid-128
done
for k in 4 1; do
  run $k mlp-k$k --workloads mlp --epochs 4 --seeds 1,2,3,4,5,6,7,8 \
    --only goodput-adaptive,goodput-explore,grid-32,grid-64,grid-128,grid-256,grid-512
done
