#!/bin/bash
# A = WarmUp.CHUNK_SECONDS 0.05 (committed), B = 0.025; tiny workload, ThroughputMaximize, a fresh
# JVM per search, 5 rounds, arms in shuffled order within each round.
set -u
out=/work/runs/s62/ab-chunk-loading
for round in 1 2 3 4 5; do
  for arm in $(printf "A\nB\n" | shuf --random-source=<(yes $round)); do
    d=$out/$arm-r$round; rm -rf $d; mkdir -p $d
    OMP_NUM_THREADS=1 java -Xmx3g -jar /work/runs/s62/jar$arm/trainer4j-samples.jar tune --workloads loading \
      --strategies tm --rounds 3 --confirm-rounds 0 --out $d > $d/console.log 2>&1
    line=$(grep "^| loading-bound-mlp | ThroughputMaximize" $d/console.log)
    echo "$arm r$round $line" | tee -a $out/results.txt
  done
done
echo done >> $out/results.txt
