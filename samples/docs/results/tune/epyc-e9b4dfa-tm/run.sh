#!/bin/bash
# The referee's short alternating windows (e9b4dfa) on the same benchmark as ../epyc-950285b-tm/:
# 8 workloads, quiet and under the benchmark's on/off load, ThroughputMaximize only, the jar of
# e9b4dfa (the search of 0b1f002), an AMD EPYC with 2 CPUs, 2026-12-06 08:44-09:17 UTC, nothing
# else running: referee_anchor_against_itself_worst=1.0536, tuner_worst_ratio_to_best=1.3583.
# Run from the repository root after `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --strategies tm --out "$OUT" \
  > "$OUT.log" 2>&1
