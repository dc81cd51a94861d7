#!/bin/bash
# train's first goodput search in Adam's geometry, stopped once it has chosen, with each Adam entry's
# root second moment floored at c x its block's root mean square (c = 0: no floor), one run per c
# given as an argument; then once in the raw geometry. Needs the jar of 152a24e with
# experiment.patch applied (git apply experiment.patch; mvn -B -q package -DskipTests), given as J
# (default samples/target/trainer4j-samples.jar, with its lib/ beside it). Run from an empty
# directory. 2026-12-03: ./probe.sh 0 0.1 (08:04-08:05 UTC), then ./probe.sh 0.03 0.3 and the raw
# run (08:05-08:07 UTC), nothing else running.
J=${J:-samples/target/trainer4j-samples.jar}
first_search() { # tag, then java options and train options
  tag=$1
  shift
  java "$@" > "log-$tag.txt" 2> "vdiag-$tag.txt" &
  pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -q "batch size 32 ->\|kept batch size" "vdiag-$tag.txt"; do
    sleep 2
  done
  kill $pid 2>/dev/null
  wait $pid 2>/dev/null
  echo "$tag"
  grep -h "batch size 32 ->\|kept batch size" "vdiag-$tag.txt" | cut -c1-500
}
for c in "$@"; do
  first_search "floor-$c" -Dt4j.vfloor="$c" -Dt4j.vdiag=1 -jar "$J" train --noise-geometry optimizer --out "out-$c"
done
first_search raw-geometry -jar "$J" train --out out-raw
