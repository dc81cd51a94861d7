#!/bin/bash
# Full Fashion-MNIST CNN, time to 0.90 within 3 epochs, one process per seed, started together.
# run from an empty directory; J is the built jar; GRID and ONLY narrow the grid and the contenders
# (adam-floor-b1a9491/run.sh does).
export OMP_NUM_THREADS=1
J=${J:-samples/target/trainer4j-samples.jar}
GRID=${GRID:-32,64}
ONLY=${ONLY:-throughput,goodput,goodput-adaptive,grid-32,grid-64}
for s in 1 2; do
  (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
    -jar $J time-to-accuracy --full --workloads cnn --epochs 3 --target 0.90 --seeds $s \
    --one-seed-shard --grid $GRID --lr-rule none --search-cap 60 \
    --only $ONLY --out s$s > s$s.log 2>&1; date > s$s.done) &
done
wait
java -jar $J time-to-accuracy --merge s1/time_to_accuracy.json,s2/time_to_accuracy.json --out merged > merge.log 2>&1
date > all.done
