#!/bin/bash
# Repeated searches under the benchmark's on/off load, to see how often ThroughputMaximize's pick
# changes between runs of the same workload (the committed table has one search per workload).
# Each run is `tune` with ThroughputMaximize only and the referee's 3 first rounds (no confirming
# rounds: the ratios' intervals are min-max over 3 rounds), one --seed per run (model, data and
# the moment the load starts differ). before-dc2aa29/: the jar of 790e1cf (ThroughputMaximize as
# in 769d6fc), 2026-12-04 12:22-12:36 UTC; dc2aa29/: the jar of dc2aa29 (a granted scan extension
# is really measured), 12:46-12:52 UTC (tiny) and 13:43-13:50 UTC (loading-bound); nothing else running. JAR
# is the jar, OUT the folder; then
#   python3 repeats.py before-dc2aa29/tiny*.json; python3 repeats.py dc2aa29/tiny*.json
#   python3 repeats.py before-dc2aa29/loading*.json; python3 repeats.py dc2aa29/loading*.json
# d6a8264/: the jar of d6a8264 (run-queue waits left out of step times), 2026-12-05
# 15:08-15:22 UTC, nothing else running.
# 3443c12/: the jar of 3443c12 (budget note at the probes' pace; a refinement within the margin
# not taken without a contest round), 2026-12-05 18:20-18:34 UTC, nothing else running.
# tiny-load-seed1-debug.log: seed 1 again with DEBUG logging of the search (BudgetExtension's
# grant for 512 that the measurement then refused).
: "${JAR:?JAR}" "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
mkdir -p "$OUT"
for i in 1 2 3 4 5 6; do
  java -Xmx3g -jar "$JAR" tune --workloads tiny+load --strategies tm --confirm-rounds 0 --seed $i \
    --out /tmp/t$i > "$OUT/tiny-load-seed$i.log" 2>&1
  cp /tmp/t$i/tune_results.json "$OUT/tiny-load-seed$i.json"
done
for i in 1 2 3 4; do
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar "$JAR" tune --workloads loading+load --strategies tm --confirm-rounds 0 --seed $i \
    --out /tmp/l$i > "$OUT/loading-load-seed$i.log" 2>&1
  cp /tmp/l$i/tune_results.json "$OUT/loading-load-seed$i.json"
done
