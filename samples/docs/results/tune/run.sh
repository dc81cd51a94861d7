#!/bin/bash
# The committed tune table: the full benchmark (8 workloads, quiet and under the benchmark's own
# on/off load), 3 referee rounds over the grid and every pick, then 6 more over the picks and the
# grid sizes within 20 % of the best. Run on a jar of a00cbcb's code (built before its warm-up
# moved, unchanged, into TuneWarmUp: each workload trains a throwaway copy for 3 s before its
# first search), whose strategies are 769d6fc's, 2026-12-04 07:12-07:47 UTC, nothing else
# running. Printed tuner_worst_ratio_to_best=1.4287. The same head without the warm-up: on-769d6fc/.
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune
