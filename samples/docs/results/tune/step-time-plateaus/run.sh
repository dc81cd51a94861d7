#!/bin/bash
# Step-time plateaus at a fixed size in a warm JVM (2026-12-06, AMD EPYC, 2 CPUs, nothing else
# running). From this folder, with the samples jar built: bash run.sh > plateaus.txt
set -e
CP=$(java -jar ../../../../target/trainer4j-samples.jar classpath | tail -1)
export OMP_NUM_THREADS=1
for arm in framework raw framework raw; do
  echo "## $arm, default GC (G1)"
  java -cp "$CP" PlateauProbe.java $arm 2>&1 | grep -v " INFO \| WARN "
done
