#!/bin/bash
# first goodput search of train in Adam's geometry, with a floor on sqrt(v) of c x the block's rms
cd /work/runs/s22/exp
for c in "$@"; do
  java -Dt4j.vfloor=$c -Dt4j.vdiag=1 -jar trainer4j-samples.jar train --noise-geometry optimizer --out out-$c > log-$c.txt 2> diag-$c.txt &
  pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -q "batch size 32 ->\|kept batch size" log-$c.txt diag-$c.txt; do sleep 2; done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  echo "c=$c"; grep -h "batch size 32 ->\|kept batch size" log-$c.txt diag-$c.txt | cut -c1-500
done
