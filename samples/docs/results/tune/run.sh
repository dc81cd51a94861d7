#!/bin/bash
# The committed tune table: the full benchmark (8 workloads, quiet and under the benchmark's own
# on/off load), 3 referee rounds over the grid and every pick, then 6 more over the picks and the
# grid sizes within 20 % of the best. Run on commit c00df75's jar (its ThroughputMaximize,
# EpochTimeMinimize and GpuUsageMaximize are unchanged since da04aa6; c00df75 changes the
# referee), 2026-12-02 08:23-09:00 UTC, nothing else running.
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune
