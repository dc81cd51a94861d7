#!/bin/bash
# The committed tune table: the full benchmark in one run (8 workloads, quiet and under the
# benchmark's own on/off load), every strategy and peer rule, nothing else running on the 2-CPU
# machine. The newest runs are in epyc-4f88d19/ (2026-12-06, the AMD EPYC, every strategy, the
# current referee; the loaded CNN not run, see its run.sh) and, ThroughputMaximize only, in
# epyc-fd94567-tm/ and epyc-6a60997-loaded-rep/. The whole runs on older referees (intel-0b1f002,
# epyc-87574da and others) were deleted on 2026-12-06; they are in git at 4f88d19.
# A whole run of every strategy takes about 3 hours here: each loaded workload's referee 15-60 min.
# Run from the repository root after `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --background-load --out "$OUT" \
  > "$OUT.log" 2>&1
