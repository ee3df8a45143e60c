"""Exit 0 when the PostgreSQL server in DATABASE_URL accepts connections."""

import sys

import psycopg

try:
    url = sys.argv[1]
    with psycopg.connect(url, connect_timeout=3) as conn:
        conn.execute("SELECT 1")
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
