#!/bin/bash
# A tune run of commit 0644332's jar (the scan may time the next rung past its budget when still
# gaining and predicted to save 10x its cost), 2026-12-04 05:05-05:43 UTC, nothing else running.
# Printed tuner_worst_ratio_to_best=2.4251: the memory ceiling refused every size above 64 on the
# quiet tiny dataset while the JVM held 24 GB of uncollected buffers (fixed by e3173af).
export OMP_NUM_THREADS=1
java -jar samples/target/trainer4j-samples.jar tune --background-load --out samples/docs/results/tune/on-0644332
