#!/bin/bash
# Repeat of the quiet pair, in the opposite order: fixed 32 (2 epochs), then the default train,
# stopped once its epoch-2 validation is logged (its planned training stays 15 epochs, so its
# search budget is the default's). Same clean-clone jar (8aa94d1), nothing else running.
while [ ! -f /work/runs/ci15.done ]; do sleep 5; done
cd /work/runs/run2
J=samples/target/trainer4j-samples.jar
date -u > /work/runs/pair2.start
java -jar $J train --tune NONE --batch-size 32 --epochs 2 --out result-fixed32-b > /work/runs/pair2-fixed32.log 2>&1
date -u > /work/runs/pair2.fixed32.done
java -jar $J train --out result-b > /work/runs/pair2-goodput.log 2>&1 &
PID=$!
while kill -0 $PID 2>/dev/null; do
  if python3 -c "import json,sys; l=json.load(open('result-b/log')); sys.exit(0 if any(e.get('epoch')==2 for e in l) else 1)" 2>/dev/null; then
    kill $PID; break
  fi
  sleep 2
done
wait $PID
date -u > /work/runs/pair2.done
