"""sendpath benchmarks: print the figures. Not timed tests; run with `make bench`.

1. The time to build a 20,000-plan synthetic area (`make_demo_area`).
2. The p50 and p95 response time of each role's home page, and of the caseload's first page
   sorted by next deadline with filters, with that area loaded.
3. Recomputing every statutory clock: 640,000 cases (England) in memory, and every case of
   the area through the database.
4. Plans: the plan page and the comparison of versions for a plan with 12 outcomes and 40
   provision lines, its PDF, a teacher's "My pupils" with 30 pupils, and every overdue review.

Each runs on SQLite and, when it is reachable, on PostgreSQL.

Each database gets its own fresh schema. Requests go through Django's test client in one
process (no network), so the figures are the application's own time: selectors, queries,
templates and the audit write.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.disputes import describe as disputes_describe  # noqa: E402
from bench.funding import describe as funding_describe  # noqa: E402
from bench.sen2 import describe as sen2_describe  # noqa: E402

PY = sys.executable
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendpath_bench")


def run(cmd: list[str], env: dict[str, str]) -> str:
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return out.stdout


def reset_postgres(url: str) -> bool:
    """Drop and recreate the bench database. False when PostgreSQL is not reachable."""
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable ({exc}); skipping it.")
        return False
    return True


def bench_database(label: str, env: dict[str, str], plans: int, seed: int, requests: int) -> dict:
    run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    started = time.perf_counter()
    out = run(
        [
            PY,
            "manage.py",
            "make_demo_area",
            "--plans",
            str(plans),
            "--seed",
            str(seed),
            "--like",
            "886",
            "--code",
            "886",
        ],
        env,
    )
    build = time.perf_counter() - started
    reported = next((line for line in out.splitlines() if line.startswith("Built ")), "")
    pages = json.loads(run([PY, "bench/home_pages.py", "--requests", str(requests)], env))
    clocks = json.loads(run([PY, "bench/clocks.py"], env))
    plans = json.loads(run([PY, "bench/plans.py"], env))
    forecast = json.loads(run([PY, "bench/forecast.py"], env))
    figures = json.loads(run([PY, "bench/figures.py"], env))
    return {
        "database": label,
        "build_seconds_wall": round(build, 1),
        "build_report": reported,
        "home_pages": pages,
        "clocks": clocks,
        "plans": plans,
        "forecast": forecast,
        "figures": figures,
        "public_summary": json.loads(run([PY, "bench/public_summary.py"], env)),
        "imports": json.loads(run([PY, "bench/imports.py"], env)),
        "sen2": json.loads(run([PY, "bench/sen2.py"], env)),
        "disputes": json.loads(run([PY, "bench/disputes.py"], env)),
        "funding": json.loads(run([PY, "bench/funding.py"], env)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=40, help="requests per role")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-load", action="store_true", help="skip the 200-user load test")
    args = parser.parse_args()
    results = []
    load = None
    with tempfile.TemporaryDirectory(prefix="sendpath-bench-") as tmp:
        env = {**os.environ, "SENDPATH_VAR_DIR": tmp, "DEBUG": "1", "AXES_ENABLED": "0"}
        env.pop("DATABASE_URL", None)
        results.append(bench_database("SQLite", env, args.plans, args.seed, args.requests))
    if not args.no_postgres and reset_postgres(PG_URL):
        env = {**os.environ, "DATABASE_URL": PG_URL, "DEBUG": "1", "AXES_ENABLED": "0"}
        results.append(bench_database("PostgreSQL", env, args.plans, args.seed, args.requests))
        if not args.no_load:
            # Against the area just built: gunicorn on PostgreSQL, 200 simulated users.
            load = json.loads(run([PY, "bench/load.py", "--json", "--database-url", PG_URL], env))
    # SEN2 for a synthetic all-England area (640,000 plans); SEN2_BENCH_SKIP_ENGLAND=1 skips it.
    england = None
    if not os.environ.get("SEN2_BENCH_SKIP_ENGLAND"):
        england = json.loads(run([PY, "bench/sen2.py", "--england"], {**os.environ}))
    print(f"\nsendpath bench: {args.plans:,}-plan area (like Kent, 886), seed {args.seed}")
    for r in results:
        print(f"\n{r['database']}: built in {r['build_seconds_wall']} s wall ({r['build_report']})")
        print(f"  {'role':<26}{'page':<52}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
        for row in r["home_pages"]:
            print(
                f"  {row['role']:<26}{row['page']:<52}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
                f"{row['queries']:>9}"
            )
        c = r["clocks"]
        print(
            f"  Recompute clocks: {c['cases_in_memory']:,} cases in memory in {c['in_memory_seconds']} s; "
            f"{c['cases_in_database']:,} cases through the database in {c['database_seconds']} s "
            f"({c['database_corrected']} corrected)"
        )
        for row in r["plans"]:
            p95 = f"{row['p95_ms']:.1f}" if row["p95_ms"] is not None else "-"
            print(f"  Plans: {row['what']:<40} p50 {row['p50_ms']:.1f} ms  p95 {p95} ms")
        f = r["forecast"]
        print(
            f"  Forecast: {f['years']} years, {f['runs']:,} runs, {f['plans_at_census']:,} plans: "
            f"{f['total_seconds']} s (estimate {f['estimate_seconds']} s, "
            f"simulate {f['simulate_seconds']} s, summarise {f['summarise_seconds']} s)"
        )
        g = r["figures"]
        print(
            f"  DfE figures for {g['year']}: {g['figures_cold_seconds']} s cold (reading DfE's CSVs), "
            f"{g['figures_warm_seconds']} s warm ({g['figures_queries']} queries; database "
            f"{g['ours_seconds']} s); scrutiny dashboard {g['dashboard_seconds']} s"
        )
        i = r["imports"]
        print(
            f"  Legacy import: {i['rows']:,} rows ({i['rejected']:,} bad) in {i['import_seconds']} s, "
            f"{i['rows_per_second']:,} rows per second (checking alone {i['check_seconds']} s)"
        )
        for p in r["public_summary"]:
            print(
                f"  Public HNB summary {p['year']} ({p['ledger_lines']:,} ledger lines): p50/p95 "
                f"{p['warm']['p50_ms']}/{p['warm']['p95_ms']} ms cached, "
                f"{p['cold']['p50_ms']}/{p['cold']['p95_ms']} ms cold; CSV p95 {p['csv_warm']['p95_ms']} ms"
            )
        print("  " + sen2_describe(r["sen2"]))
        print("  " + disputes_describe(r["disputes"]))
        print("  " + funding_describe(r["funding"]))
    if england is not None:
        print("\nEngland (synthetic, SQLite): " + sen2_describe(england))
    if load is not None:
        from bench.load import print_result

        print()
        print_result(load)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"databases": results, "load": load}, indent=1))
    print(f"\nFigures saved to {out / 'latest.json'}")


if __name__ == "__main__":
    main()
