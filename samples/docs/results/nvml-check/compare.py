"""Puts the `monitor --phases` figures beside nvidia-smi's over the same phases (run.sh).

nvidia-smi rows are `timestamp, utilization.gpu, memory.used` (local time, MiB); each is binned
into the phase its timestamp falls in, and its memory is the median of the phase's rows (ours is
the reading nearest the middle of the phase). The top-50 % mean is computed as UtilizationStats does
(the upper half of the sorted samples, the median included when the count is odd).
"""
import argparse
import datetime
import re
import statistics

PHASE = re.compile(
    r"phase (\S+) \(([\d.]+) s\): utilization %: n=(\d+) mean=([\d.]+) top50=([\d.]+)"
    r".*; memory mid-phase used ([\d.]+) (GiB|MiB) of")


def top50(values):
    ordered = sorted(values)
    return statistics.fmean(ordered[len(ordered) // 2:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phases", required=True)
    parser.add_argument("--start-at-ms", type=int, required=True)
    parser.add_argument("--monitor", required=True)
    parser.add_argument("--smi", required=True)
    args = parser.parse_args()

    ours = {}
    for line in open(args.monitor):
        m = PHASE.search(line)
        if m:
            mib = float(m[6]) * (1024 if m[7] == "GiB" else 1)
            ours[m[1]] = (int(m[3]), float(m[4]), float(m[5]), mib)

    smi = []
    for line in open(args.smi):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        stamp = datetime.datetime.strptime(parts[0], "%Y/%m/%d %H:%M:%S.%f").timestamp()
        smi.append((stamp, float(parts[1]), float(parts[2])))

    print("| phase | trainer4j n | mean % | top-50 % | memory MiB | nvidia-smi n | mean % |"
          " top-50 % | memory MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    end = args.start_at_ms / 1000
    for spec in args.phases.split(","):
        name, seconds = spec.rsplit(":", 1)
        begin, end = end, end + float(seconds)
        rows = [r for r in smi if begin <= r[0] < end]
        n, mean, t50, mib = ours.get(name, (0, float("nan"), float("nan"), float("nan")))
        if rows:
            util = [r[1] for r in rows]
            theirs = f"{len(rows)} | {statistics.fmean(util):.1f} | {top50(util):.1f} | {statistics.median(r[2] for r in rows):.0f}"
        else:
            theirs = "0 | - | - | -"
        print(f"| {name} | {n} | {mean:.1f} | {t50:.1f} | {mib:.0f} | {theirs} |")


if __name__ == "__main__":
    main()
