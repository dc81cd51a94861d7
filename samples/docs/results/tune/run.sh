#!/bin/bash
# The committed tune table: the full benchmark in one run (8 workloads, quiet and under the
# benchmark's own on/off load), every strategy and peer rule, on the jar of fcd0dae, 2026-12-04
# 14:32-15:45 UTC, nothing else running on the 2-CPU machine. Last line:
# tuner_worst_ratio_to_best=1.1931. The table before it (runs 1-3 of the same day, two jars,
# merged) is in on-merged-dc2aa29/ with its scripts.
export OMP_NUM_THREADS=1
OUT=samples/docs/results/tune
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --out /tmp/tune-run4 \
  | tee $OUT/run.log
cp /tmp/tune-run4/tune_results.json /tmp/tune-run4/tune_table.md $OUT/
