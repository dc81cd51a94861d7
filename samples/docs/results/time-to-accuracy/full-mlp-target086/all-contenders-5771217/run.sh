#!/bin/bash
# Full-data MLP to validation 0.86, every contender (each existing strategy with lr none and sqrt),
# seeds 1-4 and 5-8 as two shards side by side (one JVM and one ND4J thread each on the 2-CPU AMD
# EPYC, nothing else running), then merged. Run 2026-12-07 04:31-05:04 UTC on the jar of 5771217
# (the search as on 28fd449). The two JVMs make each other's probes wait for a CPU (2-68 % of their
# wall-clock time, ProbeRun's lines in the shard logs), as fixed sizes' steps do too.
J=${J:?the jar}; cd "${DIR:?an empty folder}"
export OMP_NUM_THREADS=1
for half in "1,2,3,4" "5,6,7,8"; do
  (java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G -jar $J time-to-accuracy \
    --full --workloads mlp --epochs 3 --target 0.86 --seeds $half --grid 256,512,1024 \
    --strategy-lr-rules none,sqrt --out shard-${half//,/} > shard-${half//,/}.log 2>&1) &
done
wait
java -jar $J time-to-accuracy --out merged --merge shard-1234/time_to_accuracy.json,shard-5678/time_to_accuracy.json > merge.log 2>&1
echo done $(date -u +%T) >> blocks.log
