#!/bin/bash
# WarmUp.CHUNK_SECONDS 0.05 (committed) against 0.025, in simulation and on the machine, 2026-12-08 (jar-free:
# the harness of ../sim-probing-share-0854b4d/, which applies unchanged to 121c3d6). Per starting
# condition and curve, 60 seeds: the pick's median, 90th percentile and worst ratio to the best
# grid size, picks more than 5 % off, and probing's share of the planned training.
#   base.txt: as committed; chunk-025.txt: with CHUNK_SECONDS = 0.025.
# machine-ab.sh (tiny: the same with --workloads tiny) gave machine-tiny.txt and machine-loading.txt;
# cold-jvm/: ColdSearch.java run 3x per arm with each jar's class path. Not adopted
# (docs/minibatch-search.md, "Shorter warm-up chunks").
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
git apply samples/docs/results/tune/sim-probing-share-0854b4d/harness.patch
run() {
  OMP_NUM_THREADS=1 mvn -B -o test -pl extensions -Dspotless.check.skip=true -Dtest=TmpShareProbeTest \
    -Dsurefire.failIfNoSpecifiedTests=false | grep -E "^(WARM|FRESH)"
}
here=samples/docs/results/tune/sim-chunk-025
run > "$here/base.txt"
f=extensions/src/main/java/org/trainer4j/extensions/minibatch/WarmUp.java
sed -i 's/static final double CHUNK_SECONDS = 0.05;/static final double CHUNK_SECONDS = 0.025;/' "$f"
run > "$here/chunk-025.txt"
git checkout "$f"
rm extensions/src/test/java/org/trainer4j/extensions/minibatch/TmpShareProbeTest.java
