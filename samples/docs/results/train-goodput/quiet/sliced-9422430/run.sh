#!/bin/bash
# Time-sliced pair 14 of the README's default `train` and fixed 32, the method and scripts of
# ../sliced-c00df75 (see its run.sh), on the jar of 9422430 (the search of 9dede05's pairs: no change
# since), on the AMD EPYC with 2 CPUs, nothing else running, ND4J's default threads; 2026-12-06
# 07:06-07:30 UTC (1.1868: the default's epoch-2 validation read 0.8980). Files as for
# ../sliced-0854b4d; snapshots left out.
cd "$(dirname "$0")"
../sliced-c00df75/pairs.sh pair14
