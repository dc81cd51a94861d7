#!/bin/bash
# Runs an A/B of two jars on the full-data MLP to validation 0.86 (3 epochs, 8 seeds) in the
# directory it is called from: blocks of two seeds, two JVMs at a time, alternating old/new
# (ABBA: old 1-2, new 1-2, new 3-4, old 3-4, old 5-6, new 5-6, new 7-8, old 7-8), so that a drift of
# the machine's load falls on both arms. OLD and NEW are the jars (each with its lib/ beside it),
# ONLY the contenders; outputs go to old/ and new/, block end times to blocks.log.
: "${OLD:?OLD jar}" "${NEW:?NEW jar}" "${ONLY:?ONLY contenders}"
source "$(dirname "${BASH_SOURCE[0]}")/mlp-block.sh"
echo "start $(date -u +%T)" > blocks.log
block old "$OLD" -- 1 2
block new "$NEW" -- 1 2
block new "$NEW" -- 3 4
block old "$OLD" -- 3 4
block old "$OLD" -- 5 6
block new "$NEW" -- 5 6
block new "$NEW" -- 7 8
block old "$OLD" -- 7 8
echo all done >> blocks.log
