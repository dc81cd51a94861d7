#!/bin/bash
# The committed tune table: the full benchmark (8 workloads, quiet and under the benchmark's own
# on/off load), 3 referee rounds over the grid and every pick, then 6 more over the picks and the
# grid sizes within 20 % of the best. Run on commit ca1a1bd's jar (ThroughputMaximize rechecks a
# scan size timed implausibly slow beside the incumbent), 2026-12-02 14:22-15:02 UTC, nothing else
# running. Printed tuner_worst_ratio_to_best=1.3065.
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune
