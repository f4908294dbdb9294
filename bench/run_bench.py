#!/usr/bin/python3
"""Speed benchmark driver: the engine against the PyTorch reference, side by side.

    /usr/bin/python3 bench/run_bench.py [BUILD_DIR]      (default: build)

Builds nothing: it expects BUILD_DIR/bench/lstm-ner-bench. Each measurement is its own
process (so peak RSS is per configuration); for every configuration the engine and PyTorch
run alternately, REPEATS times each, and the median is reported. Prints a markdown table
(metric | engine | PyTorch | ratio | target) and writes bench/results.json. Standard
library only. See bench/README.md for what is measured and how to read the table.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
DATA_NAMES = ("military_ner.train.jsonl", "military_ner.dev.jsonl", "military_ner.test.jsonl")

# Targets of the speed issue: engine/PyTorch training throughput, analyse() latency.
TRAIN_TARGETS = {16: 10.0, 1: 20.0}
LATENCY_TARGET_MS = 1.0


def find_data_dir(given):
    candidates = [Path(given)] if given else [REPO.parent / "shared" / "data",
                                              Path("/work/shared/data")]
    for d in candidates:
        if (d / DATA_NAMES[0]).is_file():
            return d
    sys.exit("run_bench: military_ner.train.jsonl not found in "
             + ", ".join(str(c) for c in candidates) + " (give --data-dir)")


def configurations(args):
    """(key, label, common flags, engine-only flags, pytorch-only flags)."""
    configs = []
    for output in ("softmax", "crf"):
        for batch in (16, 1):
            flags = ["--mode", "train", "--output", output, "--batch", str(batch),
                     "--epochs", str(args.epochs)]
            subset = args.subset if batch == 1 else 0
            if subset:
                flags += ["--sentences", str(subset)]
            configs.append((f"train_b{batch}_{output}", flags, [], []))
    for output in ("softmax", "crf"):
        for batch in (1, 16):
            configs.append((f"tag_b{batch}_{output}",
                            ["--mode", "tag", "--output", output, "--batch", str(batch),
                             "--min-seconds", str(args.min_seconds)], [], []))
    for output in ("softmax", "crf"):
        configs.append((f"latency_{output}", ["--mode", "latency", "--output", output],
                        ["--runs", str(args.engine_runs), "--warmup", "200"],
                        ["--runs", str(args.pytorch_runs), "--warmup", "20"]))
    return configs


def run_one(command, env):
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        sys.exit(f"run_bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = time.perf_counter() - start
    result["load_at_start"] = load
    return result


def median_of(runs, key):
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def summarise(results):
    """Rows of the table: (metric, engine, pytorch, ratio, target text, met or None).
    Ratios are always "times better for the engine": engine/PyTorch for rates,
    PyTorch/engine for latency and memory."""
    rows = []

    def medians(key, stat):
        return tuple(median_of(results[key][side], stat) for side in ("engine", "pytorch"))

    for output in ("softmax", "crf"):
        for batch in (16, 1):
            key = f"train_b{batch}_{output}"
            if key not in results:
                continue
            e, p = medians(key, "tokens_per_second")
            ratio = e / p if e and p else None
            target = TRAIN_TARGETS[batch]
            n = results[key]["engine"][0]["sentences"]
            rows.append((f"training tok/s, batch {batch}, {output} ({n} sentences)", fmt(e),
                         fmt(p), ratio, f"≥ {target:g}×", ratio is not None and ratio >= target))
    for output in ("softmax", "crf"):
        for batch in (1, 16):
            key = f"tag_b{batch}_{output}"
            if key in results:
                e, p = medians(key, "tokens_per_second")
                rows.append((f"tagging tok/s, batch {batch}, {output}", fmt(e), fmt(p),
                             e / p if e and p else None, "", None))
    for output in ("softmax", "crf"):
        key = f"latency_{output}"
        if key not in results:
            continue
        for stat in ("median_ms", "p90_ms"):
            e, p = medians(key, stat)
            met = e <= LATENCY_TARGET_MS if stat == "median_ms" else None
            rows.append((f"analyse() 100 chars, {output}, {stat[:-3]} ms", fmt(e, 3), fmt(p, 3),
                         p / e if e and p else None,
                         f"≤ {LATENCY_TARGET_MS:g} ms (engine)" if met is not None else "", met))
    for key in results:
        e, p = medians(key, "peak_rss_mib")
        rows.append((f"peak RSS MiB, {key}", fmt(e, 1), fmt(p, 1), p / e if e and p else None,
                     "", None))
    return rows


def print_table(rows):
    print("| metric | engine | PyTorch | ratio | target |")
    print("|---|---:|---:|---:|---|")
    for metric, e, p, ratio, target, met in rows:
        verdict = "" if met is None else (" ✔" if met else " ✘")
        r = f"{ratio:.2f}×" if ratio is not None else "–"
        print(f"| {metric} | {e} | {p} | {r} | {target}{verdict} |")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir", nargs="?", default="build")
    ap.add_argument("--data-dir", help="folder with military_ner.{train,dev,test}.jsonl")
    ap.add_argument("--python", default="/usr/bin/python3", help="Python with torch")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--subset", type=int, default=150,
                    help="batch-1 training uses the first N sentences (0: all)")
    ap.add_argument("--min-seconds", type=float, default=1.0)
    ap.add_argument("--engine-runs", type=int, default=2000)
    ap.add_argument("--pytorch-runs", type=int, default=500)
    ap.add_argument("--omp-wait-policy", choices=["auto", "unset", "active", "passive"],
                    default="auto",
                    help="OMP_WAIT_POLICY for both sides; auto: passive when the 1-minute "
                         "load average is at least the core count (spinning threads collapse "
                         "on a busy machine), else left unset")
    ap.add_argument("--only", help="comma-separated configuration keys (for a quick look)")
    ap.add_argument("--output-json", default=str(BENCH_DIR / "results.json"))
    return ap.parse_args()


def environment(policy, load, cores):
    """The environment both sides run in: ours, with OMP_WAIT_POLICY chosen by policy."""
    env = dict(os.environ)
    if policy == "auto":
        policy = "passive" if load >= cores else "unset"
    if policy == "unset":
        env.pop("OMP_WAIT_POLICY", None)
    else:
        env["OMP_WAIT_POLICY"] = policy.upper()
    return env


def run_configurations(configs, engine, args, data_flags, env):
    """Every configuration REPEATS times per side, engine and PyTorch alternately."""
    results = {}
    for key, flags, engine_flags, torch_flags in configs:
        results[key] = {"engine": [], "pytorch": []}
        commands = {
            "engine": [str(engine)] + flags + engine_flags + data_flags,
            "pytorch": [args.python, str(BENCH_DIR / "pytorch_reference.py")] + flags
                       + torch_flags + data_flags,
        }
        for rep in range(args.repeats):
            # Alternate who goes first, so that drift in the machine's load is shared.
            for side in (("engine", "pytorch") if rep % 2 == 0 else ("pytorch", "engine")):
                r = run_one(commands[side], env)
                results[key][side].append(r)
                value = r.get("tokens_per_second", r.get("median_ms"))
                print(f"  {key:20s} {side:8s} rep {rep + 1}: {value:,.3f} "
                      f"({r['wall_seconds']:.1f} s, load {r['load_at_start']:.1f})", flush=True)
    return results


def print_rates(results, gemm, flops):
    """SGEMM rates, the engine's training GFLOP/s as a share of them, and torch's BLAS."""
    peak = max(gemm["square_1024"], gemm["square_2048"])
    print(f"Eigen SGEMM, 1 thread: 1024³ {gemm['square_1024']:.1f} GFLOP/s, "
          f"2048³ {gemm['square_2048']:.1f} GFLOP/s; LSTM shapes: (512×228)·(228×16) "
          f"{gemm['lstm_step_b16']:.1f}, (512×128)·(128×16) {gemm['recurrent_b16']:.1f}, "
          f"(512×128)·(128×1) {gemm['recurrent_b1']:.1f} GFLOP/s")
    print(f"Training FLOPs per token = 6·dirs·4H·(D+H) + 6·K·dirs·H = {flops:,.0f}")
    training = {}
    for key in (k for k in results if k.startswith("train_")):
        gflops = median_of(results[key]["engine"], "tokens_per_second") * flops / 1e9
        training[key] = {"gflops": gflops, "fraction_of_1_core_gemm": gflops / peak,
                         "fraction_of_2_core_gemm": gflops / (2 * peak)}
        print(f"engine {key}: {gflops:.2f} GFLOP/s = {100 * gflops / peak:.1f} % of one core's "
              f"SGEMM peak ({100 * gflops / (2 * peak):.1f} % of two cores')")
    torch_facts = next(iter(results.values()))["pytorch"][0]
    print(f"PyTorch {torch_facts.get('torch_version')}, BLAS: {torch_facts.get('openblas_config')}"
          f" (core {torch_facts.get('openblas_core')}, {torch_facts.get('openblas_threads')} "
          f"threads), libraries {torch_facts.get('blas_libraries')}")
    return training


def main():
    args = parse_args()
    engine = Path(args.build_dir).resolve() / "bench" / "lstm-ner-bench"
    if not engine.is_file():
        sys.exit(f"run_bench: {engine} not found: build first (cmake --build {args.build_dir})")
    data = find_data_dir(args.data_dir)
    data_flags = ["--train", str(data / DATA_NAMES[0])]
    if (data / DATA_NAMES[1]).is_file() and (data / DATA_NAMES[2]).is_file():
        data_flags += ["--dev", str(data / DATA_NAMES[1]), "--test", str(data / DATA_NAMES[2])]
    configs = configurations(args)
    if args.only:
        configs = [c for c in configs if c[0] in set(args.only.split(","))]
    if not configs:
        sys.exit("run_bench: no configuration selected")

    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    env = environment(args.omp_wait_policy, load_before[0], cores)
    print(f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} on "
          f"{cores} cores; OMP_WAIT_POLICY={env.get('OMP_WAIT_POLICY', '(unset)')}", flush=True)
    if load_before[0] > 0.5:
        print("warning: the machine is busy; figures are indicative only", flush=True)

    started = time.perf_counter()
    results = run_configurations(configs, engine, args, data_flags, env)
    gemm_runs = [run_one([str(engine), "--mode", "gemm"], env) for _ in range(args.repeats)]
    gemm = {name: statistics.median(g["gflops"][name] for g in gemm_runs)
            for name in gemm_runs[0]["gflops"]}
    load_after = os.getloadavg()

    check_same_work(results)
    flops = next(iter(results.values()))["engine"][0]["flops_per_token"]
    rows = summarise(results)
    print()
    print_table(rows)
    print()
    training = print_rates(results, gemm, flops)
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
          f"total {time.perf_counter() - started:.0f} s")

    report = {
        "machine": {"cores": cores, "processor": cpu_model(), "platform": platform.platform(),
                    "load_average_before": load_before, "load_average_after": load_after},
        "settings": {"repeats": args.repeats, "epochs": args.epochs,
                     "batch1_training_sentences": args.subset, "data_dir": str(data),
                     "omp_wait_policy": env.get("OMP_WAIT_POLICY"),
                     "openblas_coretype": env.get("OPENBLAS_CORETYPE")},
        "flops_per_token": flops,
        "gemm_gflops": gemm,
        "engine_training_gflops": training,
        "table": [{"metric": m, "engine": e, "pytorch": p, "ratio": r, "target": t, "met": ok}
                  for m, e, p, r, t, ok in rows],
        "runs": results,
        "gemm_runs": gemm_runs,
    }
    Path(args.output_json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    print(f"wrote {args.output_json}")


def check_same_work(results):
    """Both sides must have built the same model and seen the same data."""
    for key, sides in results.items():
        e, p = sides["engine"][0], sides["pytorch"][0]
        fields = ["vocabulary", "tags", "flops_per_token", "sentences"]
        if key.startswith("train_"):
            fields += ["tokens", "batches_per_epoch"]
        for field in fields:
            if field in e and e[field] != p.get(field):
                print(f"warning: {key}: {field} differs: engine {e[field]}, "
                      f"PyTorch {p.get(field)}", flush=True)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor()


if __name__ == "__main__":
    main()
