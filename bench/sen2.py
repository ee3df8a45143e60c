"""SEN2 export and validation: elapsed time and peak memory. Prints JSON. Not a test.

Two measurements (issue 6, "Scale"):

1. ``python bench/sen2.py`` - the area already in the database (bench/run.py builds a
   20,000-plan area first): the SEN2 2026 return for its local authority is written to a
   temporary file (``returns.runs.export``) and checked against the XSD and every rule
   (``returns.validate.validate``), exactly as a run from the page does. Goal: under 10 s.

2. ``python bench/sen2.py --england`` - a synthetic all-England area of 640,000 maintained
   plans, in a throwaway SQLite database in a temporary folder. Building it through the demo
   generator would take far too long, so ``--fill`` writes the rows directly in bulk
   (``bulk_create``, no services, no audit): 25,000 settings; 640,000 children with a
   historical request, an active plan, its first issued version, a placement and (for plans
   over a year old) a 2025 annual review; 15% of those plans issued in 2025; plus 45,000
   plans ceased in 2025, 39,000 requests refused and 20,000 still undecided - about 745,000
   people in the return. Then ``--measure`` runs in a fresh process and times the same
   export and validation as (1). Goal: under 5 minutes. Skip it with SEN2_BENCH_SKIP_ENGLAND=1.

Peak memory is the measuring process's maximum resident set size (``resource.getrusage``),
which includes Django itself (about 80 MB); the database build runs in another process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

ENGLAND_PLANS = 640_000


def _django() -> None:
    import django

    django.setup()


def measure(la_code: str | None = None) -> dict:
    """Export and validate the SEN2 2026 return of the area with the most children."""
    _django()
    from django.db.models import Count

    from sendpath.organisations.models import LocalAuthority
    from sendpath.plans.models import Plan
    from sendpath.returns import runs, validate
    from sendpath.returns.collection import collection
    from sendpath.returns.xml import Header

    la = (
        LocalAuthority.objects.get(code=la_code)
        if la_code
        else LocalAuthority.objects.annotate(n=Count("children")).order_by("-n").first()
    )
    c = collection(2026)
    plans = Plan.objects.filter(local_authority=la).count()
    with tempfile.TemporaryDirectory(prefix="sen2-bench-") as tmp:
        out = Path(tmp) / "sen2.xml"
        cpu = time.process_time()
        started = time.perf_counter()
        made = runs.export(la, c, out, Header(la_code=la.code))
        exported = time.perf_counter()
        result = validate.validate(out, validate.context_for(la.code, c), made.index, spec=c.spec)
        finished = time.perf_counter()
        size = out.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "local_authority": la.code,
        "plans_in_database": plans,
        "persons_in_return": made.persons,
        "file_mb": round(size / 1e6, 1),
        "export_seconds": round(exported - started, 1),
        "validate_seconds": round(finished - exported, 1),
        "total_seconds": round(finished - started, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "peak_memory_mb": round(peak_kb / 1024),
        "schema_errors": result.schema_error_count,
        "rule_errors": result.errors,
        "rule_queries": result.queries,
    }


class _Table:
    """Rows for one model, written with the database cursor's ``executemany`` in batches.

    The columns are every concrete field of the model; fields a row does not give take the
    model's default, prepared for the database as Django would. Primary keys are given
    (counted here), so no rows need to be read back. About ten times faster than
    ``bulk_create`` for millions of rows, which is why a bench may do it and a service not.
    """

    def __init__(self, model: type, batch: int = 20_000) -> None:
        from django.db import connection

        self.connection = connection
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.defaults = {}
        for f in self.fields:
            value = f.get_default() if f.has_default() or not f.null else None
            self.defaults[f.attname] = f.get_db_prep_save(value, connection) if value is not None else None
        cols = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = connection.ops.quote_name(model._meta.db_table)
        # Names come from the model, quoted; values are parameters.
        self.sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple] = []
        self.batch = batch
        self.next_pk = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.count = 0

    def add(self, **values: object) -> int:
        pk = self.next_pk
        self.next_pk += 1
        values["id"] = pk
        d = self.defaults
        self.rows.append(tuple(_prep(values[n]) if n in values else d[n] for n in self.names))
        if len(self.rows) >= self.batch:
            self.flush()
        return pk

    def flush(self) -> None:
        if self.rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def _prep(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fill(plans: int, seed: int = 1) -> dict:
    """Write a synthetic England-sized area straight into the database."""
    _django()
    from django.db import transaction
    from django.utils import timezone

    from sendpath.assessments.clocks import request_due_dates
    from sendpath.assessments.models import AssessmentRequest
    from sendpath.assessments.workflow import Stage
    from sendpath.funding.models import Placement
    from sendpath.law.identifiers import make_upn
    from sendpath.organisations.models import LocalAuthority, Setting, SettingKind
    from sendpath.people.models import Child
    from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus
    from sendpath.reviews.models import AnnualReview, ReviewStage

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now().isoformat()
    with transaction.atomic():
        la = LocalAuthority.objects.create(code="970", name="England (synthetic)")
        settings_t = _Table(Setting)
        kinds = (
            [SettingKind.MAINSTREAM] * 6
            + [SettingKind.SPECIAL] * 2
            + [SettingKind.RESOURCED, SettingKind.FE_COLLEGE]
        )
        setting_ids = []
        for i in range(25_000):
            kind = kinds[i % len(kinds)]
            college = kind == SettingKind.FE_COLLEGE
            setting_ids.append(
                settings_t.add(
                    local_authority_id=la.pk,
                    name=f"Setting {i}",
                    kind=kind,
                    phase="primary",
                    postcode="AB1 2CD",
                    urn=None if college else f"{100_000 + i:06d}",
                    ukprn=str(10_000_000 + i) if college else None,
                )
            )
        settings_t.flush()
        children, requests = _Table(Child), _Table(AssessmentRequest)
        plans_t, versions, placements, reviews = (
            _Table(Plan),
            _Table(PlanVersion),
            _Table(Placement),
            _Table(AnnualReview),
        )
        needs = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "SPLD", "HI", "PMLD", "OTH", "VI", "MSI", "DS"]
        weights = [31.5, 21.3, 20.7, 10.6, 4.0, 3.9, 2.3, 1.4, 1.3, 1.2, 0.8, 0.3, 0.5]
        due_cache: dict[dt.date, dict] = {}
        stories = (
            [("active", plans)]
            + [("ceased", int(plans * 45 / 640))]
            + [("refused", int(plans * 39 / 640))]
            + [("open", int(plans * 20 / 640))]
        )
        serial = 0
        for story, total in stories:
            for _ in range(total):
                serial += 1
                age = rng.randint(3, 24)
                child = children.add(
                    local_authority_id=la.pk,
                    first_name="Sam",
                    last_name=f"Person{serial}",
                    date_of_birth=dt.date(2025 - age, rng.randint(1, 12), rng.randint(1, 28)),
                    sex=rng.choice("MF"),
                    ethnicity="WBRI",
                    postcode="AB1 2CD",
                    upn=make_upn(886, serial % 10_000, 20, serial % 1000) if age < 19 else "",
                    upn_unknown="" if age < 19 else "UN9",
                    updated_at=now,
                )
                fields: dict[str, object] = {}
                issued = None
                if story in ("active", "ceased"):
                    new = story == "active" and rng.random() < 0.15
                    received = (
                        dt.date(2025, rng.randint(1, 6), rng.randint(1, 28))
                        if new
                        else dt.date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
                    )
                    issued = received + dt.timedelta(weeks=rng.randint(14, 40))
                    if not new and issued.year >= 2025:
                        issued = dt.date(2024, 12, 1)
                    fields = {
                        "stage": Stage.PLAN_ISSUED,
                        "decided_to_assess_on": received + dt.timedelta(weeks=5),
                        "decided_to_issue_on": received + dt.timedelta(weeks=12),
                        "final_issued_on": issued,
                        "closed_on": issued,
                    }
                elif story == "refused":
                    received = dt.date(2025, rng.randint(1, 10), rng.randint(1, 28))
                    decided = received + dt.timedelta(weeks=6)
                    fields = {
                        "stage": Stage.NOT_ASSESSING,
                        "decided_not_to_assess_on": decided,
                        "closed_on": decided,
                    }
                else:
                    received = dt.date(2025, 12, rng.randint(1, 28))
                    fields = {"stage": Stage.RECEIVED}
                due = due_cache.get(received) or due_cache.setdefault(received, request_due_dates(received))
                request = requests.add(
                    reference=f"E{child}",
                    local_authority_id=la.pk,
                    child_id=child,
                    received_on=received,
                    source=rng.choice("1122223345"),
                    updated_at=now,
                    **due,
                    **fields,
                )
                if issued is None:
                    continue
                ceased_on = dt.date(2025, rng.randint(1, 12), 15) if story == "ceased" else None
                plan = plans_t.add(
                    local_authority_id=la.pk,
                    child_id=child,
                    request_id=request,
                    status=PlanStatus.CEASED if ceased_on else PlanStatus.ACTIVE,
                    first_issued_on=issued,
                    primary_need=rng.choices(needs, weights)[0],
                    secondary_need=rng.choice(["", "", "", "SLCN", "SEMH"]),
                    ceased_on=ceased_on,
                    cease_reason=rng.choice("122345556789") if ceased_on else "",
                )
                versions.add(plan_id=plan, number=1, status=VersionStatus.ISSUED, issued_on=issued)
                placements.add(
                    plan_id=plan, setting_id=rng.choice(setting_ids), start_on=issued, end_on=ceased_on
                )
                if issued.year < 2025 and ceased_on is None:
                    meeting = dt.date(2025, rng.randint(1, 11), rng.randint(1, 28))
                    decided = rng.random() < 0.9
                    reviews.add(
                        plan_id=plan,
                        due_on=meeting + dt.timedelta(days=20),
                        meeting_on=meeting,
                        held_on=meeting,
                        decision=rng.choice("MMMAAC") if decided else "",
                        decided_on=meeting + dt.timedelta(days=rng.randint(10, 50)) if decided else None,
                        stage=ReviewStage.DECIDED if decided else ReviewStage.HELD,
                    )
        for table in (children, requests, plans_t, versions, placements, reviews):
            table.flush()
    return {
        "children": children.count,
        "requests": requests.count,
        "plans": plans_t.count,
        "placements": placements.count,
        "reviews": reviews.count,
        "seconds": round(time.perf_counter() - started, 1),
    }


def generated_people(plans: int, seed: int = 1):  # noqa: ANN201 - a generator of PersonRow
    """The England-sized area as the return's own rows (``collect.PersonRow``), made in memory
    one person at a time with the same mix as ``fill``: for measuring the writer and the
    validator without a database."""
    from sendpath.law.identifiers import make_upn
    from sendpath.returns.collect import (
        ActivePlanRow,
        AssessmentRow,
        NamedPlanRow,
        PersonRow,
        Place,
        RequestRow,
    )

    rng = random.Random(seed)
    needs = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "SPLD", "HI", "PMLD", "OTH", "VI", "MSI", "DS"]
    weights = [31.5, 21.3, 20.7, 10.6, 4.0, 3.9, 2.3, 1.4, 1.3, 1.2, 0.8, 0.3, 0.5]
    stories = (
        [("active", plans)]
        + [("ceased", int(plans * 45 / 640))]
        + [("refused", int(plans * 39 / 640))]
        + [("open", int(plans * 20 / 640))]
    )
    serial = 0
    for story, total in stories:
        for _ in range(total):
            serial += 1
            age = rng.randint(3, 24)
            person = PersonRow(
                child_id=serial,
                surname=f"Person{serial}",
                forename="Sam",
                birth_date=dt.date(2025 - age, rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice("MF"),
                ethnicity="WBRI",
                postcode="AB1 2CD",
                upn=make_upn(886, serial % 10_000, 20, serial % 1000) if age < 19 else "",
                uln="",
                upn_unknown="" if age < 19 else "UN9",
            )
            source = rng.choice("1122223345")
            if story == "refused":
                received = dt.date(2025, rng.randint(1, 10), rng.randint(1, 28))
                block = RequestRow(
                    serial, 0, received, source, "0", "N", received + dt.timedelta(weeks=6), "0", "0"
                )
            elif story == "open":
                block = RequestRow(serial, 0, dt.date(2025, 12, rng.randint(1, 28)), source, "0", "A")
            else:
                new = story == "active" and rng.random() < 0.15
                received = (
                    dt.date(2025, rng.randint(1, 6), rng.randint(1, 28))
                    if new
                    else dt.date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
                )
                issued = received + dt.timedelta(weeks=rng.randint(14, 40))
                if not new and issued.year >= 2025:
                    issued = dt.date(2024, 12, 1)
                ceased = dt.date(2025, rng.randint(1, 12), 15) if story == "ceased" else None
                urn = f"{100_000 + rng.randint(0, 24_999):06d}"
                named = NamedPlanRow(
                    start=issued,
                    details=[Place(urn=urn)],
                    cease_date=ceased,
                    cease_reason=rng.choice("122345556789") if ceased else "",
                )
                if new:
                    assessment = AssessmentRow("Y", issued, "0", "0", "0", "0", "0", named)
                    block = RequestRow(
                        serial, serial, received, source, "0", "Y", received + dt.timedelta(weeks=5), "0", "0"
                    )
                else:
                    assessment = AssessmentRow("H", None, "0", "0", "0", "0", None, named)
                    block = RequestRow(serial, serial, received, source, "0", "H")
                block.assessment = assessment
                active = ActivePlanRow(placements=[Place(urn=urn, entry=issued, leaving=ceased)])
                active.needs.append((rng.choices(needs, weights)[0], "1"))
                second = rng.choice(["", "", "", "SLCN", "SEMH"])
                if second and second != active.needs[0][0]:
                    active.needs.append((second, "2"))
                if not new and ceased is None:
                    meeting = dt.date(2025, rng.randint(1, 11), rng.randint(1, 28))
                    active.review_meeting = meeting
                    if rng.random() < 0.9:
                        active.review_outcome = rng.choice("MMMAAC")
                        active.last_review = meeting + dt.timedelta(days=rng.randint(10, 50))
                block.active = active
            person.requests.append(block)
            yield person


def measure_rows(plans: int) -> dict:
    """The writer and the validator on an England-sized area made in memory (no database)."""
    _django()
    from sendpath.returns import rules, validate
    from sendpath.returns import xml as sen2xml
    from sendpath.returns.collection import collection

    c = collection(2026)
    sample = max(1, plans // 10)
    cpu = time.process_time()
    for n, _ in enumerate(generated_people(plans), start=1):
        if n >= sample:
            break
    generate_cpu = (time.process_time() - cpu) * (plans / sample)
    context = rules.Context(
        year=c.year,
        la_code="970",
        period_start=c.period_start,
        period_end=c.period_end,
        reference_date=c.reference_date,
        known_urns=frozenset(f"{100_000 + i:06d}" for i in range(25_000)),
        known_ukprns=frozenset(),
    )
    index = validate.RecordIndex()
    with tempfile.TemporaryDirectory(prefix="sen2-rows-") as tmp:
        out = Path(tmp) / "sen2.xml"
        cpu = time.process_time()
        started = time.perf_counter()
        with open(out, "wb") as fh:
            persons = sen2xml.write(
                fh,
                sen2xml.Header(la_code="970"),
                c,
                generated_people(plans),
                lambda p: index.add(p.child_id, [(b.request_id, b.plan_id) for b in p.requests]),
            )
        exported = time.perf_counter()
        export_cpu = time.process_time() - cpu
        result = validate.validate(out, context, index, spec=c.spec)
        finished = time.perf_counter()
        size = out.stat().st_size
    return {
        "what": "writer and validator on rows made in memory (no database)",
        "plans_in_database": plans,
        "persons_in_return": persons,
        "file_mb": round(size / 1e6, 1),
        "export_seconds": round(exported - started, 1),
        "validate_seconds": round(finished - exported, 1),
        "total_seconds": round(finished - started, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "export_cpu_seconds": round(export_cpu, 1),
        "of_which_making_rows_cpu_seconds": round(generate_cpu, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "schema_errors": result.schema_error_count,
        "rule_errors": result.errors,
        "rule_queries": result.queries,
    }


def _run(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"bench/sen2.py {' '.join(args)} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def england(plans: int) -> dict:
    """Build the England-sized database in one process, measure in a fresh one."""
    with tempfile.TemporaryDirectory(prefix="sen2-england-") as tmp:
        env = {**os.environ, "SENDPATH_VAR_DIR": tmp, "DEBUG": "0", "SECRET_KEY": "bench-only-not-secret"}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        built = _run(["--fill", str(plans)], env)
        measured = _run(["--measure-la", "970"], env)
    return {"built": built, **measured}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--england", action="store_true", help="the 640,000-plan synthetic England run")
    parser.add_argument(
        "--england-rows", action="store_true", help="the same area made in memory: writer and validator only"
    )
    parser.add_argument("--plans", type=int, default=ENGLAND_PLANS)
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure-la", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        print(json.dumps(fill(args.fill)))
    elif args.measure_la:
        print(json.dumps(measure(args.measure_la)))
    elif args.england:
        print(json.dumps(england(args.plans)))
    elif args.england_rows:
        print(json.dumps(measure_rows(args.plans)))
    else:
        print(json.dumps(measure()))


def describe(r: dict) -> str:
    """One line for bench/run.py's report."""
    built = f" (database filled in {r['built']['seconds']} s)" if "built" in r else ""
    return (
        f"SEN2 2026 export and validation, {r['plans_in_database']:,} plans, "
        f"{r['persons_in_return']:,} people: "
        f"{r['total_seconds']} s wall (export {r['export_seconds']} s, validate {r['validate_seconds']} s; "
        f"{r['cpu_seconds']} s CPU), peak memory {r['peak_memory_mb']} MB, {r['file_mb']} MB file, "
        f"{r['schema_errors']} schema errors{built}"
    )


if __name__ == "__main__":
    main()
