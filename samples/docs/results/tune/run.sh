#!/bin/bash
# The committed tune table: the full benchmark (8 workloads, quiet and under the benchmark's own
# on/off load), 3 referee rounds over the grid and every pick, then 6 more over the picks and the
# grid sizes within 20 % of the best. Run on the jar of 0644332 (ThroughputMaximize's scan may time
# the next rung past its budget when still gaining and predicted to save 10x its cost), nothing
# else running; the previous table (ca1a1bd) is in on-ca1a1bd/.
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune
