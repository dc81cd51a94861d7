#!/bin/bash
# ../run.sh (target 0.86, 4 seeds, two JVMs at a time) again on ede3021's jar (the same as
# ../on-ede3021/), 2026-12-02 03:26-03:52 UTC, nothing else running.
# Last line: goodput_time_to_target_ratio_to_best=1.5729.
TARGET=0.86 exec bash "$(dirname "$0")/../../full-mlp/run.sh"
