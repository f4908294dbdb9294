#!/usr/bin/python3
"""Two builds of the engine side by side: is the newer one as fast as the older?

    /usr/bin/python3 bench/compare_builds.py OLD_BUILD NEW_BUILD [--repeats 5]

Runs each build's lstm-ner-bench on the same measurements, alternately (old, new, new, old,
…, so that drift in the machine's load hits both), each run its own process, and prints per
measurement the median of each build and the ratio new / old (above 1: the new build is
faster; for latency, old / new, so above 1 is faster too). The 1-minute load average is
printed before the sitting (start it on a quiet machine: below 0.5), and before every run
the number of other runnable processes is read from /proc/loadavg: a measurement during
which anything else wanted a core is marked. (The load average itself cannot tell during
the sitting: the benchmark's own two threads raise it.) Standard library only; nothing is
asserted.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

MEASUREMENTS = [
    # key, lstm-ner-bench flags, JSON field read, "rate" (higher is better) or "time"
    ("train, batch 16, CRF", ["--mode", "train", "--batch", "16"], "tokens_per_second", "rate"),
    ("train, batch 16, softmax", ["--mode", "train", "--batch", "16", "--output", "softmax"],
     "tokens_per_second", "rate"),
    ("train, batch 1, CRF (150 sentences)",
     ["--mode", "train", "--batch", "1", "--sentences", "150"], "tokens_per_second", "rate"),
    ("tag, batch 1, CRF", ["--mode", "tag", "--batch", "1"], "tokens_per_second", "rate"),
    ("tag, batch 16, CRF", ["--mode", "tag", "--batch", "16"], "tokens_per_second", "rate"),
    ("analyse, 100 characters (median ms)", ["--mode", "latency", "--runs", "500"], "median_ms",
     "time"),
]


def load_average():
    return os.getloadavg()[0]


def others_running():
    """Runnable processes besides this one, from /proc/loadavg's "running/total" field."""
    with open("/proc/loadavg") as f:
        running = int(f.read().split()[3].split("/")[0])
    return max(0, running - 1)


def run(binary, flags, data_dir):
    data = ["--train", f"{data_dir}/military_ner.train.jsonl", "--dev",
            f"{data_dir}/military_ner.dev.jsonl", "--test", f"{data_dir}/military_ner.test.jsonl"]
    out = subprocess.run([binary] + flags + data, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def value(result, field):
    if field in result:
        return result[field]
    if field == "tokens_per_second" and "tokens" in result and "seconds" in result:
        return result["tokens"] / result["seconds"]
    raise KeyError(field)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old_build")
    ap.add_argument("new_build")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    args = ap.parse_args()
    binaries = {side: str(Path(build) / "bench" / "lstm-ner-bench")
                for side, build in (("old", args.old_build), ("new", args.new_build))}
    for side, binary in binaries.items():
        if not os.access(binary, os.X_OK):
            sys.exit(f"compare_builds: no {binary} ({side}); build it first")
    print(f"load average before: {load_average():.2f}")
    rows = []
    for key, flags, field, kind in MEASUREMENTS:
        samples = {"old": [], "new": []}
        loads = []
        for k in range(args.repeats):
            order = ["old", "new"] if k % 2 == 0 else ["new", "old"]
            for side in order:
                loads.append(others_running())
                samples[side].append(value(run(binaries[side], flags, args.data_dir), field))
        old, new = statistics.median(samples["old"]), statistics.median(samples["new"])
        ratio = new / old if kind == "rate" else old / new
        rows.append((key, old, new, ratio, max(loads)))
        print(f"{key:40s} old {old:10.1f}  new {new:10.1f}  new/old {ratio:5.3f}"
              f"{'  (other processes ran)' if max(loads) > 0 else ''}", flush=True)
    print(f"load average after: {load_average():.2f}")
    print(json.dumps({"repeats": args.repeats, "rows": [
        {"measurement": r[0], "old": r[1], "new": r[2], "ratio": r[3], "others_running": r[4]}
        for r in rows]}))


if __name__ == "__main__":
    main()
