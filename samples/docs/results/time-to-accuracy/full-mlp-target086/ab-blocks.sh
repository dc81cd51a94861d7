#!/bin/bash
# Runs an A/B of two jars on the full-data MLP to validation 0.86 (3 epochs, 8 seeds) in the
# directory it is called from: blocks of two seeds, two JVMs at a time, alternating old/new
# (ABBA: old 1-2, new 1-2, new 3-4, old 3-4, old 5-6, new 5-6, new 7-8, old 7-8), so that a drift of
# the machine's load falls on both arms. OLD and NEW are the jars (each with its lib/ beside it),
# ONLY the contenders; outputs go to old/ and new/, block end times to blocks.log.
: "${OLD:?OLD jar}" "${NEW:?NEW jar}" "${ONLY:?ONLY contenders}"
export OMP_NUM_THREADS=1
block() { # jar tag seeds...
  J=$1; tag=$2; shift 2
  for s in "$@"; do
    (java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
      -jar $J time-to-accuracy --full --workloads mlp --epochs 3 --target 0.86 --seeds $s \
      --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt --only $ONLY \
      --out $tag/s$s > $tag/s$s.log 2>&1) &
  done
  wait
  echo "$tag $* done $(date -u +%T)" >> blocks.log
}
mkdir -p old new
echo "start $(date -u +%T)" > blocks.log
block "$OLD" old 1 2
block "$NEW" new 1 2
block "$NEW" new 3 4
block "$OLD" old 3 4
block "$OLD" old 5 6
block "$NEW" new 5 6
block "$NEW" new 7 8
block "$OLD" old 7 8
echo all done >> blocks.log
