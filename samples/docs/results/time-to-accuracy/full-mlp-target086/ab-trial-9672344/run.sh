#!/bin/bash
# A/B of the undecided trial checked after 100 training steps (9672344, with fb618a6 and 0ee5211):
# the jar of e0d4349 ("old") against the jar of 9672344 ("new"), each built with mvn -B -q package
# -DskipTests and copied with its lib/; give their paths as OLD and NEW. Full-data MLP, target 0.86,
# 3 epochs, 8 seeds; contenders adaptive goodput raw and in Adam's geometry, grid 512/1024 (sqrt) as
# controls. Blocks alternate old/new (ABBA), two JVMs at a time (../ab-blocks.sh; 2026-12-03
# 18:15-18:28 UTC, nothing else running; repeated as run2/ at 18:30-18:42). Then:
# python3 ../paired.py rows.txt goodput-adaptive goodput-adaptive-adam grid-512 grid-1024 > paired.txt
cd "$(dirname "$0")"
ONLY=goodput-adaptive,goodput-adaptive-adam,grid-512,grid-1024 ../ab-blocks.sh
