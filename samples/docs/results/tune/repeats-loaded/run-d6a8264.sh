#!/bin/bash
# Repeats of ThroughputMaximize's search on the loaded tiny and loading-bound workloads, as
# samples/docs/results/tune/repeats-loaded/run.sh, on the jar of d6a8264.
export OMP_NUM_THREADS=1
JAR=/work/runs/jar-d6a8264/trainer4j-samples.jar
OUT=/work/runs/repeats-d6a8264/out
mkdir -p "$OUT"
for i in 1 2 3 4 5 6; do
  java -Xmx3g -jar "$JAR" tune --workloads tiny+load --strategies tm --confirm-rounds 0 --seed $i \
    --out /tmp/rt$i > "$OUT/tiny-load-seed$i.log" 2>&1
  cp /tmp/rt$i/tune_results.json "$OUT/tiny-load-seed$i.json"
done
for i in 1 2 3 4; do
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar "$JAR" tune --workloads loading+load --strategies tm --confirm-rounds 0 --seed $i \
    --out /tmp/rl$i > "$OUT/loading-load-seed$i.log" 2>&1
  cp /tmp/rl$i/tune_results.json "$OUT/loading-load-seed$i.json"
done
echo done > /work/runs/repeats-d6a8264/finished
