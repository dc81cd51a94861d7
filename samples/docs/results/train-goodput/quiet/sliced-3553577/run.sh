#!/bin/bash
# Time-sliced pair 17 of the README's default `train` and fixed 32, the method and scripts of
# ../sliced-c00df75 (see its run.sh), on the jar of 3553577 (the search as on 28fd449: a checked
# pick is kept unless the model predicts 2 % more goodput elsewhere), on the AMD EPYC with 2 CPUs,
# nothing else running, ND4J's default threads; 2026-12-07 07:30-07:53 UTC, right after the quiet
# 15-epoch run of ../../clean-clone-3553577. Printed time_to_target_ratio=0.7669: the default
# (32 -> 154 -> 156, validation 0.8906 and 0.9044) reached 0.90 at epoch 2 after 427.7 active
# seconds, fixed 32 (0.8926, 0.9124) at epoch 2 after 557.8. Files as for ../sliced-0854b4d;
# snapshots left out.
cd "$(dirname "$0")"
../sliced-c00df75/pairs.sh pair17
