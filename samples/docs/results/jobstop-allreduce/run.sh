#!/bin/bash
# The latency of JobStop's collective (one double, MAX; Trainer asks it once per iteration in a
# multi-process job), 2 ranks under mpirun, 2000 calls after 200 warm-up calls, spinning and with
# mpi_yield_when_idle. `env java`: mpirun rewrites a bare `java -cp` (docs/parallel.md, Pitfalls).
# From the repository root after `mvn -B -q package -DskipTests`: bash samples/docs/results/jobstop-allreduce/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CP=$(java -jar samples/target/trainer4j-samples.jar classpath)
for yield in 0 1; do
  mpirun --allow-run-as-root --oversubscribe --mca mpi_yield_when_idle $yield -np 2 --bind-to none \
    -x OMP_NUM_THREADS=1 env java --class-path "$CP" "$here/AllReduceLatency.java" 2>&1 | grep ranks= \
    | sed "s/^/mpi_yield_when_idle=$yield /"
done
