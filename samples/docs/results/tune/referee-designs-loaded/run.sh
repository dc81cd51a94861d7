#!/bin/bash
# Three referee designs under the tune benchmark's on/off load on the project's Fashion-MNIST CNN
# (2026-12-06 09:30-09:46 UTC, AMD EPYC, 2 CPUs, nothing else running, jar of e9b4dfa): 128
# against itself and 128 against 32, ten interleaved rounds. From this folder, with the samples jar
# built: bash run.sh > designs.txt
set -e
CP=$(java -jar ../../../../target/trainer4j-samples.jar classpath | tail -1)
export OMP_NUM_THREADS=1
java -cp "$CP" LoadedWindows.java 2>&1 | grep -v " INFO \| WARN "
