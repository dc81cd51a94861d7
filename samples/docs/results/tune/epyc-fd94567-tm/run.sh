#!/bin/bash
# Under the benchmark's load the referee's confirming windows last a whole load period (fd94567),
# otherwise the same benchmark as e9b4dfa's run (deleted; in git at 4f88d19): 8 workloads, quiet and under the on/off
# load, ThroughputMaximize only, the jar of fd94567 (the search of 0b1f002), an AMD EPYC with 2
# CPUs, 2026-12-06 10:30-11:29 UTC, nothing else running:
# referee_anchor_against_itself_worst=1.1725, tuner_worst_ratio_to_best=1.1054.
# Run from the repository root after `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --strategies tm --out "$OUT" \
  > "$OUT.log" 2>&1
