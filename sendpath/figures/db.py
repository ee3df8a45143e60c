"""Database expressions the figures need that Django does not give on both backends.

``DaysBetween`` is the whole days from one date column to another. PostgreSQL subtracts
dates to an integer; SQLite has no date type, so it subtracts Julian day numbers. Both give
the same integer, so a filter like ``days__lte=140`` means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """``end - start`` in whole days (negative if ``end`` is earlier; NULL if either is)."""

    arity = 2
    output_field = IntegerField()

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(end, start, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)"
        return sql, (*end_params, *start_params)
