"""Inserting many ledger rows fast, on SQLite and PostgreSQL alike.

``bulk_create`` builds a model object per row and, on SQLite, one INSERT per ~40 rows (the
999-parameter limit). Recomputing a county's placements writes tens of thousands of lines,
so this module sends plain tuples through ``executemany`` instead. Defaults (including
``auto_now_add``) are filled as the model would fill them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return lambda value: value


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]], batch: int = 5000) -> int:
    """Insert ``rows`` (dicts keyed by field attname, e.g. ``child_id``) into ``model``'s
    table; fields left out take their default. Returns how many rows were written."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    plan = []
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            default: Any = now
        else:
            default = f.get_default()  # "" for text fields, None where nullable
        adapt = _adapter(f)
        plan.append((f.attname, adapt(default) if default is not None else None, adapt))
    quote = connection.ops.quote_name
    # Table and column names come from the model; every value is a parameter.
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    written = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append([adapt(row[name]) if name in row else default for name, default, adapt in plan])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def update_rows(
    model: type[models.Model], objects: Iterable[models.Model], fields: list[str], batch: int = 2000
) -> int:
    """Write ``fields`` of each object back to its row: one UPDATE sent with
    ``executemany``, where ``bulk_update`` would build a CASE expression per field."""
    chosen = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
    pk = quote(model._meta.pk.column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"  # noqa: S608
    adapters = [(f.attname, _adapter(f)) for f in chosen]
    written = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for obj in objects:
            chunk.append([adapt(getattr(obj, name)) for name, adapt in adapters] + [obj.pk])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written
