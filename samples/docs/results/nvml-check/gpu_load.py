"""A GPU load that follows the `monitor --phases` schedule, for the NVML check (run.sh).

Phase names say what runs: idle* sleeps, busy* runs bf16 matrix products back to back, duty*
alternates 0.2 s of products with 0.2 s of sleep (about half the time busy), memory* holds 20 GiB
and computes nothing. Each phase's actual start is printed as epoch milliseconds.
"""
import argparse
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phases", required=True)
    parser.add_argument("--start-at-ms", type=int, required=True)
    args = parser.parse_args()
    phases = [(n, float(s)) for n, s in (p.rsplit(":", 1) for p in args.phases.split(","))]

    a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    (a @ b).sum().item()  # warm-up before the schedule starts
    print(f"ready {torch.cuda.get_device_name()} at {time.time() * 1000:.0f}", flush=True)

    def products_until(deadline):
        count = 0
        while time.time() < deadline:
            a @ b
            torch.cuda.synchronize()  # so that the phase ends on time, not with a queue
            count += 1
        return count

    end = args.start_at_ms / 1000
    time.sleep(max(0.0, end - time.time()))
    for name, seconds in phases:
        begin, end = end, end + seconds
        print(f"phase {name} starts {time.time() * 1000:.0f} (planned {begin * 1000:.0f})", flush=True)
        count = 0
        if name.startswith("busy"):
            count = products_until(end)
        elif name.startswith("duty"):
            while time.time() < end:
                count += products_until(min(time.time() + 0.2, end))
                time.sleep(max(0.0, min(0.2, end - time.time())))
        elif name.startswith("memory"):
            held = torch.empty(20 << 30, dtype=torch.uint8, device="cuda")
            torch.cuda.synchronize()
            time.sleep(max(0.0, end - time.time()))
            del held
            torch.cuda.empty_cache()
        else:
            time.sleep(max(0.0, end - time.time()))
        print(f"phase {name} ends {time.time() * 1000:.0f}: {count} products", flush=True)


if __name__ == "__main__":
    main()
