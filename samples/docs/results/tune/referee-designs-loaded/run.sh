#!/bin/bash
# Three referee designs under the tune benchmark's on/off load on the project's Fashion-MNIST CNN
# (2026-12-06 09:30-09:46 UTC, AMD EPYC, 2 CPUs, nothing else running, jar of e9b4dfa): 128
# against itself and 128 against 32, ten interleaved rounds. From this folder, with the samples jar
# built: bash run.sh > designs.txt
# With "mlp": the tune benchmark's MLP at 2048, where the benchmark's loaded referee read its worst
# resolution (fd94567): whole-period windows (L) against one window of two periods (D), 2048
# against itself and 512 against 2048 (2026-12-06 11:45-11:58 UTC, same machine, nothing else
# running, jar of 2ff4036): bash run.sh mlp > designs-mlp.txt
set -e
CP=$(java -jar ../../../../target/trainer4j-samples.jar classpath | tail -1)
export OMP_NUM_THREADS=1
if [ "$1" = mlp ]; then
  java -Dmodel=mlp -Dpairs=2048:2048,2048:512 -Ddesigns=LD -cp "$CP" LoadedWindows.java 2>&1 \
    | grep -v " INFO \| WARN "
  exit
fi
java -cp "$CP" LoadedWindows.java 2>&1 | grep -v " INFO \| WARN "
