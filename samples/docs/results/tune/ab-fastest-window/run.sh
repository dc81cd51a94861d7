#!/bin/bash
# An A/B of breaking the scan's close call by the fastest windows (B) against the medians (A, the
# code before), ThroughputMaximize only, the referee's 3 first rounds, the arms alternating per seed
# (ABBA), nothing else running, 2026-12-04 16:39-16:50 UTC. JAR_A: the jar of ffd1889 with the
# debug/trace lines of 9e04092 (search unchanged); JAR_B: the jar of 9e04092 (its trace line not yet
# guarded). Result: A kept 256 in 3 of 12 (tiny seeds 4 and 7, loading seed 2: ratios 1.095, 1.195,
# 1.142 to each run's best grid size), B picked 512 in 12 of 12 (ratios 0.884-1.048, every interval
# holding 1.0); the contest had no round in any of the 24 searches. The .log files hold each run's
# console (no debug logging).
# Summaries: python3 ../repeats-loaded/repeats.py A-*.json; python3 ../repeats-loaded/repeats.py B-*.json
export OMP_NUM_THREADS=1
run() { # arm jar workload seed [extra]
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar $2/trainer4j-samples.jar tune --workloads $3 --strategies tm --confirm-rounds 0 --seed $4 $5 \
    --out /tmp/abf-$1-$3-$4 > $1-$3-seed$4.log 2>&1
  cp /tmp/abf-$1-$3-$4/tune_results.json $1-$3-seed$4.json
}
pair() { # workload seed
  if [ $(($2 % 2)) = 1 ]; then run A $JAR_A $1 $2; run B $JAR_B $1 $2
  else run B $JAR_B $1 $2; run A $JAR_A $1 $2; fi
}
for s in ${TINY_SEEDS:-1 2 3 4 5 6 7 8}; do pair tiny $s; done
for s in ${LOADING_SEEDS:-1 2 3 4}; do pair loading $s; done
echo done
