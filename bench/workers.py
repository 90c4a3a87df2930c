"""Time the first request of fresh gunicorn workers on a large registry, and their memory.

    uv run python -m bench.workers --database-url postgres://postgres@127.0.0.1:5432/factcheck_workers
                                   [--figures 100000] [--workers 4] [--seed 7] [--no-shared]
                                   [--keep FOLDER]

It remakes the given database (DROP and CREATE: give it one of its own), migrates it and imports
a generated registry of --figures figures (bench/imports.py: units, 40 categories, a document
for every fifteen figures, 10% of the figures related to an earlier one). Then it starts
gunicorn on 127.0.0.1 with production settings and --workers sync workers, and:

1. **cold**: sends one quote to `/api/check` from --workers clients at the same moment, the
   first request every worker serves, with no built registry anywhere: one process builds it
   (under the lock of ENGINE_CACHE_DIR), the others wait and load it;
2. **restarted**: restarts every worker (SIGHUP: gunicorn starts fresh processes) and sends
   the same requests again: the new workers load the registry the first ones left.

For each round it prints every request's seconds, and for each worker the CPU time it has used
(a busy machine inflates the seconds, not the CPU time), its resident memory after the round and
its peak (VmRSS and VmHWM from /proc). --reuse keeps the database a previous run filled. With
--no-shared, ENGINE_CACHE_DIR is empty: every worker builds its own registry, as before the
registry was shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.imports import figure_rows, fresh_database, registry_yaml, write_csv
from bench.load import free_port, production_env, worker_pids

QUOTE = "Officials said 48,000 migrant children were released to sponsors in 2021."


def prepare(env: dict[str, str], figures: int, seed: int, folder: Path) -> None:
    categories, documents = 40, max(1, figures // 15)
    registry = folder / "registry.yaml"
    registry.write_text(registry_yaml(categories=categories, documents=documents))
    rows = folder / "figures.csv"
    write_csv(rows, figure_rows(figures, categories=categories, documents=documents, seed=seed))
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "-v0"], ["import_figures", str(registry), "-v0"]):
        subprocess.run([*manage, *args], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "import_figures", str(rows), "-v0"], env=env, check=True)  # noqa: S603


def start(env: dict[str, str], *, port: int, workers: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "600", "--log-level", "warning",
        ],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_for_workers(process, workers)
    return process


def wait_for_workers(process: subprocess.Popen, workers: int, *, old: set[int] = frozenset()):
    """Until the master has `workers` children, none of them in `old`, each past its start."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}): is the port taken?")
        pids = worker_pids(process.pid)
        if len(pids) == workers and not old & set(pids):
            time.sleep(3)  # the workers import the application before they accept
            return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start its workers within two minutes")


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used (user and system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def first_requests(port: int, clients: int) -> list[tuple[float, int]]:
    """Seconds and status of `clients` checks sent at the same moment."""
    url = f"http://127.0.0.1:{port}/api/check?" + urllib.parse.urlencode({"q": QUOTE})
    barrier = threading.Barrier(clients)
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def ask() -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=900) as response:
                json.loads(response.read())
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            results.append((time.perf_counter() - started, status))

    threads = [threading.Thread(target=ask) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


def report(label: str, results: list[tuple[float, int]], master: int) -> None:
    times = ", ".join(f"{seconds:.2f} s ({status})" for seconds, status in results)
    print(f"{label}: first requests {times}")
    for pid in sorted(worker_pids(master)):
        rss, peak = memory(pid)
        print(
            f"    worker {pid}: {cpu_seconds(pid):.1f} s CPU, {rss:.0f} MB resident,"
            f" peak {peak:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="A database of its own: remade.")
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-shared", action="store_true", help="Each worker builds its own.")
    parser.add_argument("--keep", type=Path, help="Keep the files and the log here.")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the database a previous run filled."
    )
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="workers-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        fresh_database(args.database_url)
    shutil.rmtree(folder / "engine", ignore_errors=True)  # the cold round finds no registry
    env = production_env(args.database_url) | {
        "IMPORT_MAX_ROWS": str(max(args.figures, 250_000)),
        "ENGINE_CACHE_DIR": "" if args.no_shared else str(folder / "engine"),
        # The check API's rate limit counts per client address: every client here is one.
        "LOG_LEVEL": "WARNING",
    }
    if not args.reuse:
        started = time.perf_counter()
        prepare(env, args.figures, args.seed, folder)
        print(f"{args.figures:,} figures imported in {time.perf_counter() - started:.0f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
    gunicorn = start(env, port=(port := free_port()), workers=args.workers, log=folder / "log")
    try:
        report("cold", first_requests(port, args.workers), gunicorn.pid)
        old = set(worker_pids(gunicorn.pid))
        gunicorn.send_signal(signal.SIGHUP)
        wait_for_workers(gunicorn, args.workers, old=old)
        report("restarted", first_requests(port, args.workers), gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)
    print(f"load average {os.getloadavg()[0]:.2f}; gunicorn's log: {folder / 'log'}")


if __name__ == "__main__":
    main()
