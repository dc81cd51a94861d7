#!/bin/bash
# Probe: adaptive goodput with its noise scale multiplied by k in the efficiency (experiment.patch, system
# property t4j.bscale), k = 1, 2, 4, on the full-data MLP to 0.86, 3 epochs, 8 seeds; blocks of two
# seeds, two JVMs at a time, the order of k rotated per seed pair; grids 512/1024 as controls.
# 2026-12-03 10:19-10:36 UTC on 1d55938 + experiment.patch, nothing else running. Then: python3 analyse.py rows.txt
export OMP_NUM_THREADS=1
J=${J:?the jar built with experiment.patch applied (git apply; mvn -B -q package -DskipTests)}
ONLY=goodput-adaptive,grid-512,grid-1024
block() { # k seeds...
  k=$1; shift
  mkdir -p k$k
  for s in "$@"; do
    (java -Dt4j.bscale=$k -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
      -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target 0.86 --seeds $s \
      --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt --only $ONLY \
      --out k$k/s$s > k$k/s$s.log 2>&1) &
  done
  wait
  echo "k$k $* done $(date -u +%T)" >> blocks.log
}
echo "start $(date -u +%T)" > blocks.log
block 1 1 2; block 2 1 2; block 4 1 2
block 4 3 4; block 1 3 4; block 2 3 4
block 2 5 6; block 4 5 6; block 1 5 6
block 1 7 8; block 4 7 8; block 2 7 8
echo all done >> blocks.log
