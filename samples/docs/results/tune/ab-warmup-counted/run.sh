#!/bin/bash
# An A/B of counting the first measurement's warm-up against the budget (B, warmup-counted.patch)
# against keeping it out (A, the code as committed), 2026-12-04 15:59-16:05 UTC, ThroughputMaximize only,
# the referee's 3 first rounds, A and B alternating per seed, nothing else running. Not adopted:
# six searches per arm decide nothing, and adopting it needs the tune table measured again.
# Summaries: python3 ../repeats-loaded/repeats.py A-*.json; python3 ../repeats-loaded/repeats.py B-*.json
export OMP_NUM_THREADS=1
# Run from this folder; JAR_A: a folder with the samples jar and lib/ of fcd0dae (the search code is
# unchanged since), JAR_B: the same with warmup-counted.patch applied.
run() { # arm jar workload seed
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar $2/trainer4j-samples.jar tune --workloads $3 --strategies tm --confirm-rounds 0 --seed $4 \
    --out /tmp/abw-$1-$3-$4 > $1-$3-seed$4.log 2>&1
  cp /tmp/abw-$1-$3-$4/tune_results.json $1-$3-seed$4.json
}
for s in 1 2 3 4; do
  if [ $((s % 2)) = 1 ]; then run A $JAR_A tiny $s; run B $JAR_B tiny $s
  else run B $JAR_B tiny $s; run A $JAR_A tiny $s; fi
done
for s in 1 2; do
  if [ $((s % 2)) = 1 ]; then run A $JAR_A loading $s; run B $JAR_B loading $s
  else run B $JAR_B loading $s; run A $JAR_A loading $s; fi
done
echo done
