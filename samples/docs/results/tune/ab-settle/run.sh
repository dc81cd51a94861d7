#!/bin/bash
# A/B of the wait before each search in the tune benchmark (ProcessSettle after the memory release):
# OLD = the jar of b661d81 (tune without the wait), NEW = the jar with it. The quiet tiny and
# loading-bound workloads (the rows whose probing passed 3 % of the planned training), ThroughputMaximize
# only, each search in a fresh JVM after the benchmark's warm-up (whose memory release is what the
# search started under), 3 referee rounds and no confirming rounds (the pick is read against the
# committed run's best grid size, 512 on both), 5 rounds with the four runs in a shuffled order each.
# AMD EPYC, 2 CPUs, one ND4J thread, nothing else running. summary.py reads the runs.
# NEW was built from b661d81 with settle.patch (the tune benchmark waits before each search, the
# background load's own threads left out of the count; its tests). Run 2026-12-07 10:30-10:39 UTC.
# Result (summary.txt): probing median 3.53 % (NEW) against 3.11 % (OLD) of the planned training on
# the tiny dataset, 2.82 % against 2.69 % on the loading-bound MLP; the CPU waits ProbeRun logged were
# 0-0.05 s in both arms but one OLD run (0.215 s, 11.6 %, which picked 256; every other pick 512).
# No gain on the probing share: not adopted, the patch is kept here.
OLD=${OLD:?jar}; NEW=${NEW:?jar}; cd "${DIR:?an empty folder}"
export OMP_NUM_THREADS=1
for round in 1 2 3 4 5; do
  for run in $(printf '%s\n' OLD:tiny OLD:loading NEW:tiny NEW:loading | shuf --random-source=<(yes $round)); do
    arm=${run%%:*}; w=${run##*:}; jar=${!arm}
    java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g -jar $jar tune \
      --workloads $w --strategies tm --rounds 3 --confirm-rounds 0 --out $arm-$w-r$round > $arm-$w-r$round.log 2>&1
  done
  echo "round $round done $(date -u +%T)" >> blocks.log
done
