"""Page throughput: each page's requests a second beside /healthz/'s, in one run, one server.

    uv run python -m bench.pages --database-url postgres://postgres@127.0.0.1:5432/factcheck_pages
                                 [--seconds 10] [--connections 16] [--workers 2]
                                 [--documents 6716] [--rounds 1] [--port 0]

Loopback only. Like bench/load.py it remakes the given database (DROP and CREATE: give it one of
its own), prepares it with `quickstart --no-serve` (the reference registry and the published demo
rulings), collects the static files and starts gunicorn on 127.0.0.1 with production settings
(DEBUG off, the cached template loader, WhiteNoise's manifest), --workers processes of 4 threads.
With `--documents N` it first imports N more source documents, so that a page whose size or cost
grew with the registry shows it.

Then `wrk` (`apt-get install -y wrk`) loads each page in turn, --connections connections on 2
threads for --seconds, after a warm-up of its own (runs of two seconds until one completes a
request per connection: the first requests of a worker load the registry). bench/pages.lua
adds the headers (a journalist's session cookie for the newsroom's pages, `HX-Request` for the
htmx region) and prints the requests, the non-2xx answers and the p50 and p95 latencies. wrk
keeps its connections open (keep-alive), as a browser does.

- /healthz/: the yardstick (a view that asks the database one question);
- /check/?q=…: the quick check, full page, as a logged-in journalist;
- /check/?q=… with HX-Request: the result region htmx swaps in;
- /claims/: the claims list (logged in: the newsroom's drafts and the filter);
- /claims/<id>/: the ruling page, for the journalist (with its history) and for a reader (the
  published ruling, anonymous);
- /api/check?q=…: the engine's JSON. The API is public; its per-address limit
  (API_CHECK_RATE, 30/min in production) is raised to 1000000/min for the run, so that no answer
  is a 429. The count is still kept, as in production.

It prints a table of requests a second, the ratio to /healthz/ and the latencies, the bytes of
each page, the CPU seconds the gunicorn workers used, and the load average. With `--rounds N`
every page (/healthz/ included) is loaded N times in turn, each page's ratio is taken against
/healthz/ of the same round, and the table gives the medians: on a machine that other work
shares, one round's ratios move with whatever else ran during it. It also gives each page's best
round beside /healthz/'s best ("best of rounds"): wrk opens its connections once, at the start
of a run, and when most of them land on one of the two workers that run answers about half as
many requests, whatever the page (`/healthz/` too); the best round is the run whose connections
were spread.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.imports import fresh_database
from bench.load import (
    fetch_json,
    free_port,
    logged_in_jar,
    manage,
    prepare,
    production_env,
    start_gunicorn,
    worker_pids,
)

QUOTE = "They lost 325,000 migrant children."
LUA = Path(__file__).with_name("pages.lua")
BENCH_RATE = "1000000/min"
WARM_UP_SECONDS = 120


def documents_yaml(count: int) -> str:
    """`count` source documents of the registry's own format, none cited by a figure."""
    kinds = ["oversight_audit", "statistical_release", "testimony", "agency_announcement"]
    lines = ["documents:"]
    for n in range(count):
        lines += [
            f"- id: bench-doc-{n}",
            f"  title: Bench report number {n} on the program",
            f"  agency: Agency {n % 12}",
            f"  kind: {kinds[n % len(kinds)]}",
            f"  report_number: B-{n:05d}",
            f"  date: {2015 + n % 10}-{1 + n % 12:02d}-15",
            f"  url: https://example.org/bench/{n}.pdf",
            "  tier: 1",
        ]
    return "\n".join(lines) + "\n"


def wrk(
    base: str,
    path: str,
    *,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    workers: list[int],
) -> dict:
    """Load one page with wrk: warm-up runs of two seconds until one completes a request per
    connection (every worker thread has then answered it: a first request may load the
    registry), at most WARM_UP_SECONDS, then the measured run. The result has the CPU seconds
    the gunicorn workers used during the measured run."""
    environment = os.environ | {"BENCH_HEADERS": json.dumps(headers)}

    def run(duration: float) -> dict:
        command = [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{duration:g}s",
            "--timeout",
            "30s",
            "--script",
            str(LUA),
            base + path,
        ]
        result = subprocess.run(  # noqa: S603 - wrk on our own loopback server
            command, env=environment, check=True, capture_output=True, text=True
        )
        lines = [text for text in result.stdout.splitlines() if text.startswith("BENCH ")]
        if not lines:
            raise SystemExit(f"wrk printed no result for {path}:\n{result.stdout}{result.stderr}")
        return json.loads(lines[0].removeprefix("BENCH "))

    until = time.monotonic() + WARM_UP_SECONDS
    while run(2)["requests"] < connections and time.monotonic() < until:
        pass
    before = cpu_seconds(workers)
    return run(seconds) | {"cpu": cpu_seconds(workers) - before}


def page_bytes(base: str, path: str, headers: dict[str, str]) -> tuple[int, int]:
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of these processes so far (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="A database of its own: remade.")
    parser.add_argument("--seconds", type=float, default=10, help="How long each page is loaded.")
    parser.add_argument("--connections", type=int, default=16, help="Concurrent connections.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
    parser.add_argument(
        "--documents", type=int, default=0, help="Source documents to add to the registry."
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="Times every page is loaded; medians are shown."
    )
    parser.add_argument(
        "--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)."
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds is 1 to 20")
    if not 1 <= args.seconds <= 300 or not 1 <= args.connections <= 256:
        parser.error("--seconds is 1 to 300 and --connections 1 to 256")
    if not 0 <= args.documents <= 100_000:
        parser.error("--documents is 0 to 100,000")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk).")

    port = args.port or free_port()
    env = production_env(args.database_url) | {"API_CHECK_RATE": BENCH_RATE}
    password = secrets.token_urlsafe(16)
    print("Preparing the database (quickstart --no-serve)…", flush=True)
    fresh_database(args.database_url)
    prepare(env, password)
    folder = Path(tempfile.mkdtemp(prefix="pages-"))
    if args.documents:
        registry = folder / "documents.yaml"
        registry.write_text(documents_yaml(args.documents), encoding="utf-8")
        manage(env, "import_figures", str(registry), "-v0")
        print(f"Added {args.documents:,} source documents.", flush=True)
    log = folder / "gunicorn.log"
    gunicorn = start_gunicorn(env, port=port, workers=args.workers, log=log)
    base = f"http://127.0.0.1:{port}"
    rounds: list[list[dict]] = []
    try:
        published = [c["id"] for c in fetch_json(base, "/api/claims?page_size=100")["items"]]
        claim = published[0]
        jar = logged_in_jar(base, password)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        journalist = {"Cookie": cookie}
        quote = urllib.parse.quote(QUOTE)
        pages = [
            ("/healthz/", "/healthz/", {}),
            ("quick check (full page)", f"/check/?q={quote}", journalist),
            ("quick check (htmx)", f"/check/?q={quote}", journalist | {"HX-Request": "true"}),
            ("claims list", "/claims/", journalist),
            ("ruling page (journalist)", f"/claims/{claim}/", journalist),
            ("published ruling (reader)", f"/claims/{claim}/", {}),
            ("/api/check", f"/api/check?q={quote}", {}),
        ]
        workers = worker_pids(gunicorn.pid)
        for number in range(args.rounds):
            if args.rounds > 1:
                print(f"Round {number + 1} of {args.rounds}", flush=True)
            rows = []
            for name, path, headers in pages:
                status, size = page_bytes(base, path, headers)
                if status != 200:
                    raise SystemExit(f"{name}: {path} answered {status}")
                result = wrk(
                    base,
                    path,
                    headers=headers,
                    seconds=args.seconds,
                    connections=args.connections,
                    workers=workers,
                )
                result |= {"name": name, "bytes": size}
                rows.append(result)
                rate = result["requests"] / result["seconds"]
                print(f"  {name}: {rate:,.1f} req/s", flush=True)
            rounds.append(rows)
        load = os.getloadavg()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)

    print(
        f"\ngunicorn {args.workers} workers x 4 threads, wrk {args.connections} connections, "
        f"{args.seconds:g} s a page, {args.rounds} round(s) (medians); {args.documents:,} "
        f"documents added; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    header = (
        f"| {'page':<27} | req/s | of /healthz/ | best of rounds | p50 ms | p95 ms | non-2xx "
        f"| bytes | CPU ms/req |"
    )
    best_yardstick = max(rows[0]["requests"] / rows[0]["seconds"] for rows in rounds)
    print(header)
    print(re.sub(r"[^|]", "-", header))
    for position, (name, _, _) in enumerate(pages):
        runs = [rows[position] for rows in rounds]
        rates = [row["requests"] / row["seconds"] for row in runs]
        ratios = [
            rate / (rows[0]["requests"] / rows[0]["seconds"])
            for rate, rows in zip(rates, rounds, strict=True)
        ]
        failed = sum(row["non2xx"] + row["broken"] for row in runs)
        cpu = statistics.median(1000 * row["cpu"] / max(row["requests"], 1) for row in runs)
        print(
            f"| {name:<27} | {statistics.median(rates):5.0f} | "
            f"{statistics.median(ratios):11.0%} | {max(rates) / best_yardstick:13.0%} | "
            f"{statistics.median(row['p50'] for row in runs) / 1000:6.1f} | "
            f"{statistics.median(row['p95'] for row in runs) / 1000:6.1f} | {failed:7d} | "
            f"{runs[-1]['bytes']:6d} | {cpu:10.1f} |"
        )
    print(f"gunicorn's log: {log}")


if __name__ == "__main__":
    main()
