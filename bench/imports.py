"""Measure `import_figures` on a registry of 100,000 figures: rows a second and peak memory.

    uv run python -m bench.imports --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench
                                   [--rows 100000] [--seed 7] [--keep FOLDER]

It writes, reproducibly from the seed, a YAML file of units, 40 categories and 2,000 documents,
and a CSV file of --rows figures (every column of the reference format, 10% of the rows relating
to an earlier figure: subset of, supersedes, disjoint with). It then makes the database afresh
(DROP and CREATE: give a database of its own), migrates it, imports the YAML file, and times,
each in a process of its own so that its peak memory is its own:

- **first import**: the CSV file into a registry that has none of its figures;
- **re-import**: the same file again, which changes nothing and must write nothing;
- **one change**: the file with one figure's value changed.

For each it prints the seconds the import took (not counting the process's start), the figure
rows a second, the CPU seconds the import used (which other processes on a busy machine do not
inflate; the database server's work is not in it), the CPU seconds of the PostgreSQL backend that
served the import (read from /proc when the server runs on this machine, else "-"), the peak
resident memory of the process (ru_maxrss), and what the importer reported (new, changed). On a
quiet machine the seconds lie between the larger of the two CPU times and their sum: the closer
to the larger, the more the two processes worked at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

UNITS = {
    "children": ["children", "child", "kids", "minors"],
    "sponsors": ["sponsors", "sponsor", "caregivers"],
    "calls": ["calls", "phone calls", "concerns"],
    "cases": ["cases", "case files", "files"],
}
KINDS = ["oversight_audit", "statistical_release", "testimony", "agency_announcement"]
QUALIFIERS = ["exact", "more than", "about", "at least", "nearly"]
RELATIONS = ["subset_of", "supersedes", "disjoint_with"]
COLUMNS = [
    "id",
    "kind",
    "value",
    "qualifier",
    "unit",
    "category",
    "population",
    "period",
    "period_start",
    "period_end",
    "as_of",
    "as_of_date",
    "agency",
    "document",
    "page",
    "quote",
    "confidence",
    "notes",
    *RELATIONS,
]


def registry_yaml(*, categories: int, documents: int) -> str:
    lines = ["units:"]
    for slug, words in UNITS.items():
        lines += [f"- id: {slug}", f"  words: [{', '.join(words)}]"]
    lines.append("categories:")
    for n in range(categories):
        lines += [
            f"- id: cat_{n}",
            f"  label: Category {n}",
            f"  means: What category {n} counts.",
            f"  does_not_mean: What category {n} does not count.",
            f"  lay_terms: [term {n}, words {n}]",
        ]
    lines.append("documents:")
    for n in range(documents):
        lines += [
            f"- id: doc_{n}",
            f"  title: Report number {n} on the program",
            f"  agency: Agency {n % 12}",
            f"  kind: {KINDS[n % len(KINDS)]}",
            f"  report_number: R-{n:05d}",
            f"  date: {2015 + n % 10}-{1 + n % 12:02d}-15",
            f"  url: https://example.org/reports/{n}.pdf",
            "  tier: 1",
        ]
    return "\n".join(lines) + "\n"


def figure_rows(
    count: int,
    *,
    categories: int,
    documents: int,
    seed: int,
    category_slugs: list[str] | None = None,
    document_slugs: list[str] | None = None,
    prefix: str = "fig",
) -> list[dict]:
    """Figure rows of the generated registry, or of the given categories and documents."""
    rng = random.Random(seed)
    category_slugs = category_slugs or [f"cat_{n}" for n in range(categories)]
    document_slugs = document_slugs or [f"doc_{n}" for n in range(documents)]
    rows = []
    for n in range(count):
        year = 2015 + rng.randrange(10)
        unit = rng.choice(list(UNITS))
        row = {
            "id": f"{prefix}_{n:06d}",
            "kind": "announcement" if rng.random() < 0.1 else "figure",
            "value": str(rng.randrange(1, 2_000_000)),
            "qualifier": rng.choice(QUALIFIERS),
            "unit": unit,
            "category": rng.choice(category_slugs),
            "population": f"{unit} referred in fiscal year {year}",
            "period": f"FY{year}",
            "period_start": f"{year - 1}-10-01",
            "period_end": f"{year}-09-30",
            "as_of": f"September {year}",
            "as_of_date": f"{year}-09-30",
            "agency": f"Agency {rng.randrange(12)}",
            "document": rng.choice(document_slugs),
            "page": str(rng.randrange(1, 200)),
            "quote": f"The program counted {n} {unit} in the year under review.",
            "confidence": rng.choice(["primary", "secondary"]),
            "notes": "" if rng.random() < 0.7 else f"Note on figure {n}.",
        }
        for kind in RELATIONS:
            row[kind] = ""
        if n > 10 and rng.random() < 0.1:
            row[rng.choice(RELATIONS)] = f"{prefix}_{rng.randrange(n):06d}"
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("Give a database of its own on this machine (it is dropped and made).")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def child(path: str) -> None:
    """Run in a process of its own: import one file, print what happened as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.db import connection

    from datasets.importer import import_path

    server = _server_process(connection)
    started, cpu = time.perf_counter(), time.process_time()
    server_cpu = _process_cpu(server)
    report = import_path(Path(path))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if server_cpu is not None:
        after = _process_cpu(server)
        server_cpu = None if after is None else after - server_cpu
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "server_cpu_seconds": server_cpu,
                "created": report.total_created,
                "changed": report.total_changed,
            }
        )
    )


def _server_process(connection) -> int | None:
    """The process id of the PostgreSQL backend serving `connection` (which the import then
    uses), when the server runs on this machine."""
    if connection.vendor != "postgresql" or connection.settings_dict["HOST"] not in {
        "127.0.0.1",
        "localhost",
        "::1",
        "",
    }:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _process_cpu(pid: int | None) -> float | None:
    """CPU seconds (user and system) a process of this machine has used, from /proc."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(path: Path, env: dict) -> dict:
    """Run one import in a child process; add its peak memory (MB) to what it printed."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.imports", "--child", str(path)],
        env=env,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"The import of {path.name} failed (exit {process.returncode}).")
    result = json.loads(output.decode().strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="A PostgreSQL database of its own: it is remade.")
    parser.add_argument("--rows", type=int, default=100_000, help="Figure rows in the CSV file.")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generated registry.")
    parser.add_argument("--keep", type=Path, help="Write the files here and keep them.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not args.database_url:
        parser.error("--database-url is required")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    categories, documents = 40, 2_000
    registry = folder / "registry.yaml"
    registry.write_text(registry_yaml(categories=categories, documents=documents))
    rows = figure_rows(args.rows, categories=categories, documents=documents, seed=args.seed)
    figures = folder / "figures.csv"
    write_csv(figures, rows)
    rows[len(rows) // 2]["value"] = str(int(rows[len(rows) // 2]["value"]) + 1)
    one_change = folder / "figures-one-change.csv"
    write_csv(one_change, rows)
    print(f"{args.rows:,} figure rows, {figures.stat().st_size / 1024 / 1024:.1f} MB: {figures}")

    fresh_database(args.database_url)
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "IMPORT_MAX_ROWS": str(max(args.rows, 250_000)),
        # The imports run as in production (DEBUG off), which needs a key of their own.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "import_figures", str(registry), "-v0"], env=env, check=True)  # noqa: S603

    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        f"{'import':<14} {'seconds':>8} {'rows/s':>9} {'CPU s':>7} {'server CPU s':>13} "
        f"{'peak MB':>8} {'new':>8} {'changed':>8}"
    )
    for label, path in (
        ("first import", figures),
        ("re-import", figures),
        ("one change", one_change),
    ):
        result = measured(path, env)
        rate = args.rows / result["seconds"]
        server = result["server_cpu_seconds"]
        print(
            f"{label:<14} {result['seconds']:>8.2f} {rate:>9,.0f} {result['cpu_seconds']:>7.2f} "
            f"{'-' if server is None else f'{server:.2f}':>13} {result['peak_mb']:>8.0f} "
            f"{result['created']:>8,} {result['changed']:>8,}"
        )
    print("load average (1, 5, 15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
