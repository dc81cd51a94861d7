#!/bin/bash
# Three referee designs side by side on the project's Fashion-MNIST CNN (2026-12-06 08:23-08:35
# UTC, AMD EPYC, 2 CPUs, nothing else running, jar of 950285b): 64 against itself and 128 against
# 64, twelve interleaved rounds. From this folder, with the samples jar built:
# bash run.sh > designs.txt
set -e
CP=$(java -jar ../../../../target/trainer4j-samples.jar classpath | tail -1)
export OMP_NUM_THREADS=1
java -cp "$CP" RefereeEstimators.java 2>&1 | grep -v " INFO \| WARN "
