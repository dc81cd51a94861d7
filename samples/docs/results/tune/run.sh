#!/bin/bash
# The committed tune table: the full benchmark (8 workloads, quiet and under the benchmark's own
# on/off load), 3 referee rounds. Run on commit da04aa6's jar (its ThroughputMaximize,
# EpochTimeMinimize and GpuUsageMaximize are the final code's: later commits change only the
# goodput search), 2026-12-01 19:02-19:31 UTC, nothing else running.
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune
