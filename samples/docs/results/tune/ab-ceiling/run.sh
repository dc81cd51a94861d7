#!/bin/bash
# An A/B of one warm-up step after a change of size and an extension ceiling of 1.2x the budget,
# warm-up included (B, B.patch on e792234, reverted), against two warm-up steps and extensions to
# 2x the budget with the warm-up on top (A, the code of e792234), ThroughputMaximize only, the
# referee's 3 first rounds, the arms alternating per seed (ABBA), nothing else running,
# 2026-12-04 19:20-19:37 UTC. JAR_A: the jar of e792234; JAR_B: the jar of e792234 + B.patch.
# Result (loaded tiny dataset, seeds 1-6): A picked 512 (the best grid size) in 5 of 6, probing
# 3.4-4.6 % of the planned training; B 512 in 4 of 6 (256 twice: 1.159, 1.129), probing 3.0-4.1 %.
# Quiet tiny, seeds 1-2: A 512 and 256 (1.077), 2.9 and 3.4 %; B 512 twice, 3.1 and 2.4 %.
# Neither arm keeps probing within 3 % under the load: the search's first measurement (its warm-up,
# kept out of the budget) alone is 1.0-2.0 % of the plan. B was reverted.
# Summaries: python3 ../repeats-loaded/repeats.py A-*.json (and B-*.json).
export OMP_NUM_THREADS=1
run() { # arm jar workload seed
  [ -f $1-$3-seed$4.json ] && return
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar $2/trainer4j-samples.jar tune --workloads $3 --strategies tm --confirm-rounds 0 --seed $4 \
    --out /tmp/abc-$1-$3-$4 > $1-$3-seed$4.log 2>&1
  cp /tmp/abc-$1-$3-$4/tune_results.json $1-$3-seed$4.json
}
pair() { # workload seed
  if [ $(($2 % 2)) = 1 ]; then run A $JAR_A $1 $2; run B $JAR_B $1 $2
  else run B $JAR_B $1 $2; run A $JAR_A $1 $2; fi
}
# Each loaded loading-bound run takes about 4 minutes (the referee's passes over the full data), too
# long to repeat here: the full table's run on the change covers that workload.
for s in 1 2 3 4 5 6; do pair tiny+load $s; done
for s in 1 2; do pair tiny $s; done
echo done
