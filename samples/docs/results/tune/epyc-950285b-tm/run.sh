#!/bin/bash
# The referee's resolution beside ThroughputMaximize's picks: the whole tune benchmark (8
# workloads, quiet and under the benchmark's on/off load) with ThroughputMaximize only, on the jar
# of 950285b (the search of 0b1f002; the referee adds "the anchor against itself"), an AMD EPYC
# with 2 CPUs, 2026-12-06 07:49-08:22 UTC, nothing else running: referee_anchor_against_itself_worst
# =1.3607, tuner_worst_ratio_to_best=1.2411. Run from the repository root after
# `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --strategies tm --out "$OUT" \
  > "$OUT.log" 2>&1
