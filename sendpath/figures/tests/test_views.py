"""The scrutiny dashboard's pages: who sees what, CSVs, target editing, and the test that no
page, CSV or API response a councillor can reach shows a count of 1 to 9 children."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from sendpath.assessments.models import AdviceKind
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.figures.models import PerformanceTarget
from sendpath.funding.models import Placement
from sendpath.organisations.models import SettingKind
from sendpath.plans.models import PlanStatus
from sendpath.reviews.models import AnnualReview, ReviewDecision
from tests import factories as f
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()
TABLES = ("targets", "trend", "waits", "no_review", "advice")
DFE_TABLES = (
    "rates",
    "counts",
    "review_outcomes",
    "plans_ceased",
    "caseload_by_need",
    "caseload_by_setting",
    "caseload_by_age",
)


def _small_numbers(area: SimpleNamespace) -> None:
    """Add a few of everything, so that nearly every cell of the dashboard is 1 to 9."""
    la, today = area.la, f.today()
    special = f.SettingFactory(local_authority=la, kind=SettingKind.SPECIAL)
    for i in range(3):  # plans issued this year, one late
        child = f.ChildFactory(local_authority=la)
        received = today - dt.timedelta(days=150 + 20 * i)
        case = f.AssessmentRequestFactory(
            child=child,
            received_on=received,
            stage=Stage.PLAN_ISSUED,
            decided_to_assess_on=received + dt.timedelta(days=30),
            final_issued_on=received + dt.timedelta(days=130 + 10 * i),
        )
        plan = f.PlanFactory(child=child, request=case, first_issued_on=case.final_issued_on)
        Placement.objects.create(plan=plan, setting=special, start_on=case.final_issued_on)
        f.ConsultationFactory(
            child=child, request=case, setting=special, sent_on=received + dt.timedelta(days=90)
        )
    for i in range(4):  # waiting for a decision
        f.AssessmentRequestFactory(
            child=f.ChildFactory(local_authority=la), received_on=today - dt.timedelta(days=10 + i)
        )
    for i in range(5):  # plans not reviewed for over a year, two reviewed late
        plan = f.PlanFactory(
            child=f.ChildFactory(local_authority=la), first_issued_on=today - dt.timedelta(days=400 + 40 * i)
        )
        if i < 2:
            meeting = today - dt.timedelta(days=60)
            AnnualReview.objects.create(
                plan=plan,
                due_on=meeting,
                meeting_on=meeting,
                decided_on=meeting + dt.timedelta(days=20 + 15 * i),
                decision=ReviewDecision.MAINTAIN,
            )
    waiting = f.ChildFactory(local_authority=la)  # waiting for a specialist place
    f.PlanFactory(child=waiting, first_issued_on=today - dt.timedelta(days=200))
    f.ConsultationFactory(child=waiting, setting=special, sent_on=today - dt.timedelta(days=45))
    for i in range(3):  # advice given late and overdue
        case = f.AssessmentRequestFactory(
            child=f.ChildFactory(local_authority=la),
            received_on=today - dt.timedelta(days=90),
            stage=Stage.ASSESSING,
        )
        f.AdviceRequestFactory(
            request=case,
            kind=AdviceKind.PSYCHOLOGICAL,
            service=area.ep_service,
            requested_on=today - dt.timedelta(days=80),
            due_on=today - dt.timedelta(days=38),
            received_on=today - dt.timedelta(days=30) if i else None,
        )
    PlanStatus  # noqa: B018 - plans above are all maintained


class _Cells(HTMLParser):
    """The text of every table cell, stat figure, chart label and summary on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.cells: list[str] = []
        self.sentences: list[str] = []
        self._buf: list[str] | None = None
        self._kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("td", "text") or "app-stat__figure" in classes:
            self._buf, self._kind = [], "cell"
        elif tag in ("p", "desc") and self._buf is None:
            self._buf, self._kind = [], "sentence"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()
        if self._buf is not None and (
            (self._kind == "cell" and tag in ("td", "text", "span"))
            or (self._kind == "sentence" and tag in ("p", "desc"))
        ):
            text = " ".join("".join(self._buf).split())
            (self.cells if self._kind == "cell" else self.sentences).append(text)
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ALLOWED_PHRASES = [
    rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}",  # dates
    r"\b\d+(\.\d+)?%",  # percentages: derived figures, checked by the suppression rule
    r"\b(20|6|16|52|12|4|18|24)[- ](weeks?|week|months?)\b",  # the legal limits named in text
    r"fewer than 10",
    r"reg(ulation)? \d+(\(\d+\))*(\([a-d]\))?",
    r"s\d+(\(\d+\))?",
    r"\b(19|20)\d\d(-\d\d)?\b",  # years and "2024-25"
    r"\b\d+ days\b(?= so far)",
    r"x 1\.15|\+ 15|15%|25%|by 15|by 25|Improve by [\d.]+",
]


def _small_counts(text: str) -> list[str]:
    """Integers 1 to 9 standing alone in ``text`` once dates, limits and percentages are taken out."""
    for pattern in ALLOWED_PHRASES:
        text = re.sub(pattern, " ", text)
    return re.findall(r"(?<![\d.,£])\b[1-9]\b(?![\d.,%])", text)


def _leaks_in_page(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    leaks = [c for c in parser.cells if re.fullmatch(r"[1-9]( days)?", c)]
    leaks += [s for s in parser.sentences if _small_counts(s)]
    return leaks


def _leaks_in_csv(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    return [cell for row in rows[1:] for cell in row[1:] if re.fullmatch(r"[1-9]", cell)]


def _councillor_responses(client) -> dict[str, str]:  # noqa: ANN001
    year = f.today().year
    paths = ["/", "/figures/scrutiny/", "/figures/scrutiny/?view=exact", f"/api/v1/figures/{year}"]
    paths += [f"/figures/scrutiny/{t}.csv" for t in TABLES]
    paths += [f"/figures/dfe/?year={year}", "/figures/dfe/?year=2024"]
    paths += [f"/figures/dfe/{t}.csv?year={year}" for t in DFE_TABLES]
    out = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 403), path
        out[path] = response.content.decode() if response.status_code == 200 else ""
    return out


def test_no_page_csv_or_api_response_a_councillor_reaches_shows_1_to_9_children(
    world: SimpleNamespace,
) -> None:
    _small_numbers(world.a)
    client = sign_in(new_client(), world.a.councillor)
    responses = _councillor_responses(client)
    assert responses["/figures/scrutiny/"], "the councillor must reach the dashboard"
    problems = []
    for path, body in responses.items():
        leaks = _leaks_in_csv(body) if path.endswith(".csv") else _leaks_in_page(body)
        if leaks:
            problems.append(f"{path}: {leaks}")
    assert not problems, "\n".join(problems)
    # The suppression is visible, and explained.
    assert ">c<" in responses["/figures/scrutiny/"]
    assert "c = suppressed" in responses["/figures/scrutiny/"]
    assert "c" in responses["/figures/scrutiny/waits.csv"].splitlines()[1].split(",")


def test_the_scan_would_catch_a_leak_in_the_managers_exact_figures(world: SimpleNamespace) -> None:
    _small_numbers(world.a)
    client = sign_in(new_client(), world.a.manager)
    page = client.get("/figures/scrutiny/").content.decode()
    assert _leaks_in_page(page), "the exact version shows small counts: the scan must see them"
    assert _leaks_in_csv(client.get("/figures/scrutiny/waits.csv").content.decode())
    # The manager can see the councillors' version, which hides them.
    public = client.get("/figures/scrutiny/?view=councillor").content.decode()
    assert not _leaks_in_page(public)
    assert not _leaks_in_csv(client.get("/figures/scrutiny/waits.csv?view=councillor").content.decode())


def test_the_page_has_a_chart_table_summary_and_csv_for_every_figure(world: SimpleNamespace) -> None:
    page = sign_in(new_client(), world.a.manager).get("/figures/scrutiny/").content.decode()
    assert page.count('role="img"') == len(TABLES)
    assert page.count("<title id=") == len(TABLES)
    assert page.count("<table") == len(TABLES)
    for table in TABLES:
        assert f"/figures/scrutiny/{table}.csv" in page
    assert "app-figure__summary" in page


def test_a_csv_download_is_recorded_as_an_export(world: SimpleNamespace) -> None:
    client = sign_in(new_client(), world.a.councillor)
    response = client.get("/figures/scrutiny/targets.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id="targets").latest("at")
    assert event.user_id == world.a.councillor.pk and "suppressed" in event.summary
    assert client.get("/figures/scrutiny/nothing.csv").status_code == 404


def _target(world: SimpleNamespace) -> PerformanceTarget:
    sign_in(new_client(), world.a.manager).get("/figures/scrutiny/")  # creates the defaults
    return PerformanceTarget.objects.get(
        local_authority=world.a.la, metric="issued_within_20_weeks_excluding_exceptions"
    )


def _form(target: PerformanceTarget, **changes: str) -> dict[str, str]:
    data = {
        "version": str(target.version),
        "name": target.name,
        "baseline_label": "2024",
        "baseline_start-day": "1",
        "baseline_start-month": "1",
        "baseline_start-year": "2024",
        "baseline_end-day": "31",
        "baseline_end-month": "12",
        "baseline_end-year": "2024",
        "baseline_value": "51.5",
        "kind": "points",
        "change": "15",
        "due_on-day": "1",
        "due_on-month": "4",
        "due_on-year": "2027",
        "source": "DfE 2024 figure",
    }
    data.update(changes)
    return data


def test_the_default_targets_follow_the_seeds(world: SimpleNamespace) -> None:
    target = _target(world)
    assert (target.kind, target.change, target.baseline_label) == ("relative", 15, "2024-25")
    assert target.due_on == dt.date(2027, 4, 1)
    reviews = PerformanceTarget.objects.get(
        local_authority=world.a.la, metric="review_decisions_within_4_weeks"
    )
    assert reviews.change == 25


def test_a_manager_changes_a_target_and_the_page_shows_the_computed_value(world: SimpleNamespace) -> None:
    target = _target(world)
    client = sign_in(new_client(), world.a.manager)
    response = client.post(f"/figures/targets/{target.pk}/", _form(target))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.kind, target.baseline_value, target.version) == ("points", 51.5, 2)
    page = client.get("/figures/scrutiny/").content.decode()
    assert "66.5%" in page  # 51.5 + 15 points (funding.md 6.3)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(target.pk)).exists()


def test_bad_target_input_is_reported_and_kept(world: SimpleNamespace) -> None:
    target = _target(world)
    client = sign_in(new_client(), world.a.manager)
    response = client.post(
        f"/figures/targets/{target.pk}/",
        _form(target, change="lots", **{"baseline_end-year": "2023", "baseline_value": "140"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "must be a number" in body and "between 0 and 100" in body
    assert "must end on or after" in body
    assert 'value="lots"' in body  # what was typed is kept
    target.refresh_from_db()
    assert target.version == 1


def test_a_stale_target_form_is_refused_with_who_changed_it(world: SimpleNamespace) -> None:
    target = _target(world)
    client = sign_in(new_client(), world.a.manager)
    assert client.post(f"/figures/targets/{target.pk}/", _form(target)).status_code == 302
    stale = client.post(f"/figures/targets/{target.pk}/", _form(target, change="20"))
    body = stale.content.decode()
    assert stale.status_code == 200 and "was changed by" in body
    target.refresh_from_db()
    assert target.change == 15 and target.version == 2


def test_targets_belong_to_their_authority(world: SimpleNamespace) -> None:
    target = _target(world)
    assert sign_in(new_client(), world.b.manager).get(f"/figures/targets/{target.pk}/").status_code == 404
    assert sign_in(new_client(), world.a.councillor).get(f"/figures/targets/{target.pk}/").status_code == 403


def test_the_dfe_figures_page_for_staff_and_councillors(world: SimpleNamespace) -> None:
    _small_numbers(world.a)
    year = f.today().year
    manager = sign_in(new_client(), world.a.manager).get(f"/figures/dfe/?year={year}").content.decode()
    assert "New plans issued within 20 weeks, excluding exceptions" in manager
    assert "plans_issued_20_weeks_ex" in manager  # each figure cites its DfE column
    assert _leaks_in_page(manager), "staff see exact figures"
    data_officer = sign_in(new_client(), world.a.data_officer)
    assert data_officer.get("/figures/dfe/").status_code == 200
    csv_text = data_officer.get(f"/figures/dfe/rates.csv?year={year}").content.decode()
    assert csv_text.startswith("Measure,Ours: number")
    bad = data_officer.get("/figures/dfe/?year=1999").content.decode()
    assert "Choose a year from 2014" in bad
    councillor = sign_in(new_client(), world.a.councillor)
    assert not _leaks_in_page(councillor.get(f"/figures/dfe/?year={year}").content.decode())
    assert councillor.get("/figures/dfe/nothing.csv").status_code == 404
