#!/bin/bash
# A repeat of the two loaded rows that set ../epyc-fd94567-tm/'s headline (the loaded CNN and the
# loaded loading-bound MLP), the same referee (whole-period windows under the load) and search,
# the jar of 6a60997 (the referee of fd94567 plus the per-round resolution in the JSON), an AMD
# EPYC with 2 CPUs, 2026-12-06 12:10-12:39 UTC, nothing else running:
# referee_anchor_against_itself_worst=1.0962, tuner_worst_ratio_to_best=1.0298 (two rows only).
# Run from the repository root after `mvn -B -q install -DskipTests`; OUT is a folder.
: "${OUT:?OUT folder}"
export OMP_NUM_THREADS=1
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --workloads cnn+load,loading+load \
  --strategies tm --out "$OUT" > "$OUT.log" 2>&1
