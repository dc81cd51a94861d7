#!/bin/bash
# A/B of the referee's pass length on the quiet MLP: 0.4 s (the default) against 2.0 s, runs in the order
# 0.4, 2.0, 2.0, 0.4 (2026-12-05 04:23-04:36 UTC, jar of 60bddb2 plus --pass-seconds, Intel Xeon, 2 CPUs;
# a helper ran single test classes beside it part of the time). Run from the repository root.
export OMP_NUM_THREADS=1
J=$PWD/samples/target/trainer4j-samples.jar
OUT=${OUT:-/tmp/ab-pass-seconds}; mkdir -p $OUT; cd $OUT
for i in 1 2; do
  for p in 0.4 2.0; do
    [ $i = 2 ] && [ $p = 0.4 ] && continue
    java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
      -jar $J tune --workloads mlp --strategies tm,peers --pass-seconds $p --out out-$p-$i > log-$p-$i.txt 2>&1
  done
done
for i in 2; do
  java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
    -jar $J tune --workloads mlp --strategies tm,peers --pass-seconds 0.4 --out out-0.4-$i > log-0.4-$i.txt 2>&1
done
echo done > finished
