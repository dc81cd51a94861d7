#!/bin/bash
# Fixed 32 on the same quiet machine, while the goodput run (PID 19521) is stopped with SIGSTOP
# after its epoch 2; the same clean-clone jar, ND4J's default threads.
cd /work/runs/run2
date -u > /work/runs/fixed32q.start
java -jar samples/target/trainer4j-samples.jar train --tune NONE --batch-size 32 --epochs 2 --out result-fixed32 > /work/runs/fixed32q.log 2>&1
echo $? > /work/runs/fixed32q.rc; date -u > /work/runs/fixed32q.done
