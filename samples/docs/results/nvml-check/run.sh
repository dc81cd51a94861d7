#!/usr/bin/env bash
# The NVML check, run on a machine with an NVIDIA GPU from the repository root, with the files of
# prepare.sh in .device/nvml-check. Checks that the default library lookup finds NVML (as
# DeviceMonitors.auto() does), then samples phases of a PyTorch load with `monitor --phases` while
# nvidia-smi logs every 250 ms, and prints both side by side. Writes into $OUT (or /tmp/nvml-check).
set -uo pipefail
out=${OUT:-/tmp/nvml-check}
mkdir -p "$out"
here=samples/docs/results/nvml-check
java=(.device/nvml-check/jre/bin/java -cp ".device/nvml-check/lib/*"
  org.trainer4j.samples.cli.MonitorCommand)
phases=idle:4,busy:6,duty:8,memory:5,after:4

nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv \
  | tee "$out/gpu.txt"
nvidia-smi --query-gpu=memory.reserved --format=csv 2>&1 | tee -a "$out/gpu.txt"
echo "libnvidia-ml: $(ldconfig -p | grep -m1 'libnvidia-ml.so.1' || echo 'not in ldconfig')" \
  | tee -a "$out/gpu.txt"
echo "== default lookup, 2 s idle ==" | tee "$out/monitor.txt"
"${java[@]}" --seconds 2 --interval-ms 500 --workload none 2>&1 | tee -a "$out/monitor.txt"
library=()
if ! grep -q '^monitor:  NVML' "$out/monitor.txt"; then
  found=$(find / -name 'libnvidia-ml.so.1' -not -path '/proc/*' 2>/dev/null | head -1)
  echo "default lookup did not load NVML; using ${found:-nothing found}" | tee -a "$out/monitor.txt"
  [ -n "$found" ] && library=(--nvml-library "$found")
fi

nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv,noheader,nounits \
  -lms 250 >"$out/smi.csv" &
smi=$!
start=$(($(date +%s%3N) + 15000))
PYTHONUNBUFFERED=1 python3 "$here/gpu_load.py" --phases "$phases" --start-at-ms "$start" \
  >"$out/load.log" 2>&1 &
load=$!
echo "== phases $phases ==" | tee -a "$out/monitor.txt"
"${java[@]}" --interval-ms 500 --phases "$phases" --start-at-ms "$start" "${library[@]}" 2>&1 \
  | tee -a "$out/monitor.txt"
wait "$load"
kill "$smi"
cat "$out/load.log"
python3 "$here/compare.py" --phases "$phases" --start-at-ms "$start" --monitor "$out/monitor.txt" \
  --smi "$out/smi.csv" | tee "$out/summary.md"
