# Sourced by the full-data MLP experiments (ab-blocks.sh, noise-scale-x2-x4-probe/run.sh), with
# ONLY set to the contenders: `block TAG JAR [JAVA_OPTION...] -- SEED...` runs time-to-accuracy to
# validation 0.86 (3 epochs) once per seed, one JVM per seed at the same time, into TAG/sSEED, and
# notes the block's end in blocks.log.
export OMP_NUM_THREADS=1
block() {
  local tag=$1 jar=$2 opts=()
  shift 2
  while [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  mkdir -p "$tag"
  for s in "$@"; do
    (java "${opts[@]}" -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=5G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G \
      -jar $jar time-to-accuracy --full --workloads mlp --epochs 3 --target 0.86 --seeds $s \
      --one-seed-shard --grid 32,64,128,256,512,1024 --strategy-lr-rules none,sqrt --only $ONLY \
      --out $tag/s$s > $tag/s$s.log 2>&1) &
  done
  wait
  echo "$tag $* done $(date -u +%T)" >> blocks.log
}
