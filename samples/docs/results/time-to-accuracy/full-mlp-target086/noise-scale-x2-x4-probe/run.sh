#!/bin/bash
# Probe: adaptive goodput with its noise scale multiplied by k in the efficiency (experiment.patch, system
# property t4j.bscale), k = 1, 2, 4, on the full-data MLP to 0.86, 3 epochs, 8 seeds; blocks of two
# seeds, two JVMs at a time, the order of k rotated per seed pair; grids 512/1024 as controls.
# 2026-12-03 10:19-10:36 UTC on 1d55938 + experiment.patch, nothing else running. Then:
# python3 ../paired.py rows.txt goodput-adaptive grid-512 grid-1024 > analysis.txt
J=${J:?the jar built with experiment.patch applied (git apply; mvn -B -q package -DskipTests)}
ONLY=goodput-adaptive,grid-512,grid-1024
source "$(dirname "${BASH_SOURCE[0]}")/../mlp-block.sh"
k() { # k seeds...
  local k=$1
  shift
  block k$k "$J" -Dt4j.bscale=$k -- "$@"
}
echo "start $(date -u +%T)" > blocks.log
k 1 1 2; k 2 1 2; k 4 1 2
k 4 3 4; k 1 3 4; k 2 3 4
k 2 5 6; k 4 5 6; k 1 5 6
k 1 7 8; k 4 7 8; k 2 7 8
echo all done >> blocks.log
