"""Load test: simulated coordinators, SENCOs, teachers and parents against sendpath served
by gunicorn on PostgreSQL, on 127.0.0.1 only, bounded in users and time. Prints p50, p95
and errors, overall and per kind of page. Not a timed test: run it with `make bench` (after
the PostgreSQL figures, against the area just built) or alone:

    .venv/bin/python bench/load.py --users 200 --seconds 60 [--build-plans 20000]

Goal (issue 6): 200 users, p95 under 300 ms, zero errors. The figure depends on the
machine; the output says how many cores served it, and locust shares them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendpath_bench")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str]) -> str:
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.stderr.write(out.stdout[-3000:] + out.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return out.stdout


def wait_until_serving(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start serving within a minute")


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def figures(row: dict[str, str]) -> dict[str, float | int | str]:
    return {
        "name": row["Name"],
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "rps": round(float(row["Requests/s"]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument(
        "--build-plans", type=int, default=0, help="build a fresh area of this many plans first"
    )
    parser.add_argument("--json", action="store_true", help="print JSON only (for bench/run.py)")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL, the production database.")

    with tempfile.TemporaryDirectory(prefix="sendpath-load-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": args.database_url,
            "DEBUG": "0",
            "SECRET_KEY": "load-test-only-" + os.urandom(8).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "SENDPATH_VAR_DIR": tmp,
        }
        if args.build_plans:
            sys.path.insert(0, str(ROOT))
            from bench.run import reset_postgres

            if not reset_postgres(args.database_url):
                raise SystemExit("PostgreSQL is not reachable.")
            run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], env)
            run([PY, "manage.py", "make_demo_area", "--plans", str(args.build_plans), "--seed", "1"], env)
        people_file = Path(tmp) / "people.json"
        people_file.write_text(run([PY, "bench/load_sessions.py"], env))
        people = json.loads(people_file.read_text())["people"]
        if not people:
            raise SystemExit("No demo accounts to sign in as: build an area first (--build-plans).")
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "sendpath.wsgi",
                "--workers",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_serving(port)
            prefix = Path(tmp) / "stats"
            subprocess.run(
                [
                    PY,
                    "-m",
                    "locust",
                    "-f",
                    "bench/locustfile.py",
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**env, "SENDPATH_LOAD_PEOPLE": str(people_file)},
                capture_output=True,
                check=False,
            )
            rows = read_stats(prefix)
        finally:
            server.terminate()
            server.wait(timeout=30)

    total = figures(next(r for r in rows if r["Name"] == "Aggregated"))
    pages = sorted((figures(r) for r in rows if r["Name"] != "Aggregated"), key=lambda r: -r["requests"])
    result = {
        "users": args.users,
        "seconds": args.seconds,
        "accounts": len(people),
        "server": f"gunicorn, {args.workers} workers x {args.threads} threads, {os.cpu_count()} cores",
        "total": total,
        "pages": pages,
    }
    if args.json:
        print(json.dumps(result))
        return
    print_result(result)


def print_result(result: dict) -> None:
    t = result["total"]
    print(
        f"Load test: {result['users']} users for {result['seconds']} s as {result['accounts']} signed-in "
        f"accounts; {result['server']}; PostgreSQL"
    )
    print(
        f"  all pages: {t['requests']:,} requests, {t['rps']} per second, p50 {t['p50_ms']:.0f} ms, "
        f"p95 {t['p95_ms']:.0f} ms, errors {t['errors']}"
    )
    for row in result["pages"]:
        print(
            f"    {row['name']:<44} {row['requests']:>6}  p50 {row['p50_ms']:>5.0f} ms  "
            f"p95 {row['p95_ms']:>5.0f} ms  errors {row['errors']}"
        )


if __name__ == "__main__":
    main()
