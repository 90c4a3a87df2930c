"""Time and weigh building the engine's registry, writing it for other processes and loading it.

    uv run python -m bench.registry [--sizes 10000 100000] [--seed 7] [--checks 300]

For each size, in processes of their own (so that each peak of memory is its own), on the
synthetic registry of bench/engine.py:

- **build**: everything checks derive from the records (the index with its pairs, lexicon,
  shares and changes, series index: claims.registry_cache.prepared), CPU and wall-clock
  seconds, and the process's peak resident memory (ru_maxrss) before and after;
- **file**: writing it as ENGINE_CACHE_DIR keeps it (claims/registry_file.py; seconds, MB);
- **load**: a fresh process loading that file, as a worker does on its first request:
  wall-clock and CPU seconds, and its peak and final resident memory;
- **checks**: p50 and p95 of `check()` in that loaded process (quotes of bench/engine.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(size: int, seed: int, path: Path) -> dict:
    from bench.engine import synthetic_registry
    from claims.registry_cache import prepared
    from claims.registry_file import write_registry

    registry = synthetic_registry(size, random.Random(seed))
    before = _peak_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    prepared(registry)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = _peak_mb()
    written = time.perf_counter()
    with open(path, "wb") as file:
        write_registry(registry, file)
    written = time.perf_counter() - written
    return {
        "build_cpu": cpu,
        "build_wall": wall,
        "records_mb": before,
        "build_peak_mb": peak,
        "write_s": written,
        "file_mb": path.stat().st_size / 1024 / 1024,
    }


def load(size: int, seed: int, path: Path, checks: int) -> dict:
    from bench.engine import quotes, synthetic_registry
    from claims.engine import check
    from claims.engine.registry import no_collection
    from claims.registry_file import read_registry

    start = _peak_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as file, no_collection():
        registry = read_registry(file)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak, resident = _peak_mb(), _resident_mb()
    # The same quotes as bench/engine.py draws for this seed (from a registry made alike).
    rng = random.Random(seed)
    synthetic_registry(size, rng)
    claims = quotes(registry, checks, rng)
    times = []
    for claim in claims:
        begin = time.thread_time()
        check(claim, registry)
        times.append((time.thread_time() - begin) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return {
        "start_mb": start,
        "load_s": wall,
        "load_cpu": cpu,
        "load_peak_mb": peak,
        "loaded_mb": resident,
        "cpu_p50": cuts[49],
        "cpu_p95": cuts[94],
    }


def child(kind: str, size: int, seed: int, path: Path, checks: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    result = build(size, seed, path) if kind == "build" else load(size, seed, path, checks)
    print(json.dumps(result))


def run(kind: str, size: int, seed: int, path: Path, checks: int) -> dict:
    command = [sys.executable, "-m", "bench.registry", "--child", kind, "--sizes", str(size)]
    command += ["--seed", str(seed), "--file", str(path), "--checks", str(checks)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--checks", type=int, default=300, help="checks timed after the load")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.sizes[0], args.seed, args.file, args.checks)
        return
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(
        f"{'figures':>8} {'build CPU':>10} {'build wall':>11} {'records':>8} {'build peak':>11}"
        f" {'write':>7} {'file':>7} {'load':>7} {'load CPU':>9} {'load peak':>10} {'loaded':>8}"
        f" {'CPU p50':>8} {'CPU p95':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="registry-bench-") as folder:
        for size in args.sizes:
            path = Path(folder) / f"registry-{size}"
            built = run("build", size, args.seed, path, args.checks)
            loaded = run("load", size, args.seed, path, args.checks)
            print(
                f"{size:>8,} {built['build_cpu']:>8.2f} s {built['build_wall']:>9.2f} s"
                f" {built['records_mb']:>5.0f} MB {built['build_peak_mb']:>8.0f} MB"
                f" {built['write_s']:>5.2f} s {built['file_mb']:>4.0f} MB"
                f" {loaded['load_s']:>5.2f} s {loaded['load_cpu']:>7.2f} s"
                f" {loaded['load_peak_mb']:>7.0f} MB"
                f" {loaded['loaded_mb']:>5.0f} MB {loaded['cpu_p50']:>5.2f} ms"
                f" {loaded['cpu_p95']:>5.2f} ms",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
