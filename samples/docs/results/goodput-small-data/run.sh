#!/bin/bash
# Three runs of SmallDataReestimates.java with the jar at $J (its lib/ beside it), one ND4J thread,
# each log into $DIR; then the count of log lines that name a step-time cliff and the final size.
# Run 2026-12-07 16:18-16:21 UTC on the AMD EPYC (2 CPUs), nothing else running: the jar of e2da852
# (before training's intervals left the searches out) as pre1-3, then the jar with that change as
# post1-3 (logs gzipped here). Result (summary.txt): before, final sizes 975, 128 and 898 (103, 0
# and 80 log lines naming a cliff); after, 2000 in all three (21, 0 and 0).
J=${J:?the samples jar}; DIR=${DIR:?a folder for the logs}; ARM=${ARM:-run}
CP="$(java -jar "$J" classpath)"
for i in 1 2 3; do
  OMP_NUM_THREADS=1 java --class-path "$CP" "$(dirname "$0")/SmallDataReestimates.java" > "$DIR/$ARM$i.log" 2>&1
  echo "$ARM$i cliff lines $(grep -c 'a cliff' "$DIR/$ARM$i.log"), $(tail -1 "$DIR/$ARM$i.log")"
done
