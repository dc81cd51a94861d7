#!/bin/bash
# The committed tune table: the full benchmark in one run (8 workloads, quiet and under the
# benchmark's own on/off load), every strategy and peer rule, on the jar of 9e04092 (the scan's
# close call by fastest windows), 2026-12-04 16:51-18:17 UTC, nothing else running on the 2-CPU
# machine. Last line: tuner_worst_ratio_to_best=1.1074. The table before it (fcd0dae, 1.1931) is
# in on-fcd0dae/.
export OMP_NUM_THREADS=1
OUT=samples/docs/results/tune
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --out /tmp/tune-run5 \
  > /tmp/tune-run5.log 2>&1
cp /tmp/tune-run5.log $OUT/run.log
cp /tmp/tune-run5/tune_results.json /tmp/tune-run5/tune_table.md $OUT/
