#!/bin/bash
# The committed tune table: the full benchmark in one run (8 workloads, quiet and under the
# benchmark's own on/off load), every strategy and peer rule, nothing else running on the 2-CPU
# machine. The newest run is in intel-0b1f002/ (2026-12-05 19:12-20:13 UTC, jar of 0b1f002:
# tuner_worst_ratio_to_best=1.0000), and a whole run on the AMD EPYC in epyc-87574da/ (2026-12-06,
# 1.1352); the run of e376f9c (1.0573) was deleted after it, and the runs
# of d6a8264 (1.1691) and 710ba85 (1.0000) when 5a6a46b changed how a timing is priced under a load.
# Both were refereed before e9b4dfa (passes, not the alternating windows); the runs with
# ThroughputMaximize only in epyc-950285b-tm/ and epyc-e9b4dfa-tm/ compare the two referees, and
# epyc-fd94567-tm/ the whole-period windows under the load that followed.
# Run from the repository root after `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --out "$OUT" \
  > "$OUT.log" 2>&1
