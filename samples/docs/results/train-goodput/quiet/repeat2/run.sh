#!/bin/bash
# Third quiet pair, goodput first (as pair 1): the default train stopped after its epoch-2
# validation (planned training 15 epochs), then fixed 32 for 2 epochs. Same clean-clone jar.
cd /work/runs/run2
J=samples/target/trainer4j-samples.jar
date -u > /work/runs/pair3.start
java -jar $J train --out result-c > /work/runs/pair3-goodput.log 2>&1 &
PID=$!
while kill -0 $PID 2>/dev/null; do
  if python3 -c "import json,sys; l=json.load(open('result-c/log')); sys.exit(0 if any(e.get('epoch')==2 for e in l) else 1)" 2>/dev/null; then
    kill $PID; break
  fi
  sleep 2
done
wait $PID
date -u > /work/runs/pair3.goodput.done
java -jar $J train --tune NONE --batch-size 32 --epochs 2 --out result-fixed32-c > /work/runs/pair3-fixed32.log 2>&1
date -u > /work/runs/pair3.done
