#!/bin/bash
# A/B: adaptive goodput's searches with (A) and without (B, -Dexp.noext=true) budget extensions.
# Two processes side by side, one core each, the same contenders and seeds; jar of noext.patch
# (5771217 with a system property that skips BudgetExtension.forSize in GoodputMaximize; the noise
# estimates' extension stays). Run 2026-12-07 04:20-04:30 UTC, the AMD EPYC, nothing else running.
# Result (docs/results.md): adaptive goodput B/A paired by seed 1.00 (0.84), 0.99 (0.85), 0.99
# (0.86), B faster on 4 of 8 at each target: a tie; B's first searches 0.50-0.79 s against A's
# 0.59-1.15 s, picking 128 against 256-512. Not adopted.
J=${J:?the jar built with noext.patch applied}
export OMP_NUM_THREADS=1
run() { java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G $2 -jar $J time-to-accuracy \
    --full --workloads mlp --epochs 3 --target 0.86 --seeds 1,2,3,4,5,6,7,8 --grid 256,512,1024 \
    --strategy-lr-rules none,sqrt --only goodput-adaptive,goodput-explore,grid-256,grid-512,grid-1024 --out $1 > $1.log 2>&1; }
run A "" &
run B "-Dexp.noext=true" &
wait
echo done $(date -u +%T) >> blocks.log
