"""Running the SEN2 return: export, validate, store the figures, and launch it in the background.

A data officer starts a run from the page (``start``), which creates a ``ReturnRun`` and
launches ``manage.py sen2_export --run-id N`` as a separate process (``launch``). That process
calls ``execute``, which writes progress to the row as it goes; the page only reads the row.
No broker and no thread in the web process: the same command runs from cron or a shell.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError
from sendpath.organisations.models import LocalAuthority
from sendpath.people.models import Child
from sendpath.returns import collect, validate
from sendpath.returns import xml as sen2xml
from sendpath.returns.collection import Collection, collection
from sendpath.returns.models import Officer, ReturnRun, RunStatus

FIRST_YEAR = 2024  # the first person-level collection sendpath can build (2023 spec differs)
STALE_AFTER = dt.timedelta(hours=6)


def output_dir() -> Path:
    path = Path(getattr(settings, "SEN2_OUTPUT_DIR", settings.VAR_DIR / "returns"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Export:
    persons: int
    index: validate.RecordIndex
    seconds: float


def export(
    la: LocalAuthority,
    c: Collection,
    out: Path,
    header: sen2xml.Header,
    progress: Callable[[float], None] | None = None,
) -> Export:
    """Write the return for ``la`` to ``out``. ``progress`` gets the share of records done."""
    started = time.perf_counter()
    index = validate.RecordIndex()
    bounds = Child.objects.filter(local_authority=la).aggregate(lo=Min("pk"), hi=Max("pk"))
    lo, span = bounds["lo"] or 0, max(1, (bounds["hi"] or 0) - (bounds["lo"] or 0))
    done = 0

    def on_person(p: collect.PersonRow) -> None:
        nonlocal done
        index.add(p.child_id, [(b.request_id, b.plan_id) for b in p.requests])
        done += 1
        if progress is not None and done % 2000 == 0:
            progress((p.child_id - lo) / span)

    with open(out, "wb") as fh:
        persons = sen2xml.write(fh, header, c, collect.persons(la.pk, c), on_person)
    return Export(persons=persons, index=index, seconds=time.perf_counter() - started)


def _update(run: ReturnRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ReturnRun.objects.filter(pk=run.pk).update(**fields)


def previous_figures(
    la: LocalAuthority, year: int, reference: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Last year's figures: from last year's finished run if there is one, otherwise built
    now from the same records (a return as it would have been sent)."""
    if year - 1 < FIRST_YEAR:
        return {}
    earlier = (
        ReturnRun.objects.filter(local_authority=la, year=year - 1, status=RunStatus.DONE)
        .exclude(counts={})
        .order_by("-finished_at", "-pk")
        .first()
    )
    if earlier is not None:
        return {"source": f"run {earlier.pk}", **earlier.counts}
    c = collection(year - 1)
    path = output_dir() / f"sen2-{la.code}-{year - 1}-previous-{os.getpid()}.xml"
    try:
        export(la, c, path, sen2xml.Header(la_code=la.code))
        result = validate.validate(path, validate.context_for(la.code, c), spec=c.spec)
    finally:
        path.unlink(missing_ok=True)
    return {"source": "built from the records", **result.figures.as_json()}


def execute(run: ReturnRun, out: Path | None = None) -> validate.Result:
    """Do the whole run: export, schema and rules, last year's figures. Never raises for a
    problem in the data; a crash marks the run failed with the reason."""
    la = run.local_authority
    c = collection(run.year, run.reference_date)
    out = out or output_dir() / f"sen2-{la.code}-{run.year}-run{run.pk}.xml"
    started = time.perf_counter()
    _update(run, status=RunStatus.RUNNING, stage="Writing the return", progress=1, started_at=timezone.now())
    try:
        header = sen2xml.Header(
            la_code=la.code,
            serial=ReturnRun.objects.filter(local_authority=la, year=run.year, pk__lte=run.pk).count(),
            generated_at=timezone.localtime().replace(tzinfo=None, microsecond=0),
            dmo=run.dmo,
            dco=run.dco,
            dsco=run.dsco,
        )
        made = export(la, c, out, header, lambda share: _update(run, progress=1 + int(share * 59)))
        _update(run, stage="Checking the return", progress=60, persons=made.persons, file_path=str(out))
        result = validate.validate(
            out,
            validate.context_for(la.code, c),
            made.index,
            spec=c.spec,
            progress=lambda n: _update(run, progress=60 + int(35 * n / max(1, made.persons))),
        )
        _update(
            run,
            stage="Last year's figures",
            progress=95,
            counts=result.figures.as_json(),
            findings=result.findings,
            schema_errors=result.schema_errors,
            schema_error_count=result.schema_error_count,
            error_count=result.errors,
            query_count=result.queries,
            file_size=out.stat().st_size,
        )
        try:
            previous = previous_figures(la, run.year)
        except Exception as exc:  # noqa: BLE001 - last year's figures are a comparison, not the return
            previous = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        _update(
            run,
            previous_counts=previous,
            status=RunStatus.DONE,
            stage="Finished",
            progress=100,
            finished_at=timezone.now(),
            seconds=round(time.perf_counter() - started, 1),
        )
        return result
    except Exception as exc:
        _update(
            run,
            status=RunStatus.FAILED,
            stage="Failed",
            message=f"{type(exc).__name__}: {exc}"[:1000],
            finished_at=timezone.now(),
        )
        raise


# --- starting a run from the page --------------------------------------------------------------


def start(*, user: Any, year: int, dmo: str, dco: str, dsco: str, request: Any = None) -> ReturnRun:
    """Create a run for the user's LA. One run at a time per LA and year."""
    errors: dict[str, str] = {}
    current = timezone.localdate().year + 1
    if not FIRST_YEAR <= year <= current:
        errors["year"] = f"Choose a collection year from {FIRST_YEAR} to {current}"
    valid = set(Officer.values)
    for name, value in (("dmo", dmo), ("dco", dco), ("dsco", dsco)):
        if value not in valid:
            errors[name] = "Say whether the officer is in post"
    la_id = user.local_authority_id
    if (
        la_id
        # A run whose process died (a restart, a killed job) would otherwise block the year
        # for ever: after STALE_AFTER it no longer counts as under way.
        and ReturnRun.objects.filter(
            local_authority_id=la_id,
            year=year,
            status__in=(RunStatus.QUEUED, RunStatus.RUNNING),
            created_at__gte=timezone.now() - STALE_AFTER,
        ).exists()
    ):
        errors["year"] = f"The {year} return is already being built: wait for it to finish"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    run = ReturnRun.objects.create(
        local_authority_id=la_id,
        year=year,
        reference_date=collection(year).census,
        dmo=dmo,
        dco=dco,
        dsco=dsco,
        started_by=user,
    )
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=run,
        local_authority_id=la_id,
        summary=f"Started building the SEN2 {year} return",
        request=request,
    )
    return run


def command_for(run: ReturnRun) -> list[str]:
    manage = Path(settings.BASE_DIR) / "manage.py"
    return [sys.executable, str(manage), "sen2_export", "--run-id", str(run.pk), "--quiet"]


def launch(run: ReturnRun) -> None:
    """Start the run's command in its own process and session, so it outlives the request.

    ``SEN2_RUN_MODE`` (a setting) changes this for tests only: "inline" does the run in a
    thread of this process (browser tests, whose database lives in this process), and
    "manual" leaves the run queued for the test to run the command itself.
    """
    mode = getattr(settings, "SEN2_RUN_MODE", "subprocess")
    if mode == "manual":
        return
    if mode == "inline":
        import threading

        from django.db import connection

        def work() -> None:
            try:
                execute(ReturnRun.objects.get(pk=run.pk))
            except Exception:  # noqa: BLE001, S110 - the run row records the failure
                pass
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()
        return
    log = output_dir() / f"run{run.pk}.log"
    with open(log, "ab") as fh:
        subprocess.Popen(  # noqa: S603 - fixed argv: our interpreter, our manage.py, an integer
            command_for(run),
            cwd=settings.BASE_DIR,
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ},
        )
