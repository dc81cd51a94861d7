#!/bin/bash
export OMP_NUM_THREADS=2
java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=10g \
  -jar samples/target/trainer4j-samples.jar tune --workloads mlp,tiny --strategies tm --out /tmp/tune-omp2/out > /tmp/tune-omp2/run.log 2>&1
