#!/bin/bash
# Second 15-epoch run of the default main job, from a clean clone of HEAD, on a machine kept quiet
# (no OMP_NUM_THREADS set: ND4J uses both CPUs). The README's command, unchanged.
cd /work/runs/run2
date -u > /work/runs/run2.start
mvn -B -q package -DskipTests > /work/runs/run2.build.log 2>&1 && java -jar samples/target/trainer4j-samples.jar train > /work/runs/run2.log 2>&1
echo $? > /work/runs/run2.rc; date -u > /work/runs/run2.done
