"""The finance pages: budget, bands, ledger, a placement's funding and a child's costs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.funding import services
from sendpath.funding.codes import Category
from sendpath.funding.models import BandRate, BandScheme, BudgetLine, LedgerLine, Placement, Supplier
from sendpath.organisations.models import Phase, SettingKind
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w() -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    other_la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la, kind=SettingKind.MAINSTREAM, phase=Phase.PRIMARY)
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Ada", last_name="Price")
    plan = f.PlanFactory(child=child)
    finance = f.UserFactory(role=Role.FINANCE, local_authority=la)
    manager = f.UserFactory(role=Role.MANAGER, local_authority=la)
    coordinator = f.UserFactory(role=Role.COORDINATOR, local_authority=la)
    senco = f.UserFactory(role=Role.SENCO, setting=school)
    outsider = f.UserFactory(role=Role.FINANCE, local_authority=other_la)
    scheme = BandScheme.objects.create(local_authority=la, name="Mainstream bands")
    services.add_band_rate(
        user=finance, scheme=scheme, code="B1", annual_pence=160_000, valid_from=D(2025, 4, 1)
    )
    placement = Placement.objects.create(plan=plan, setting=school, start_on=D(2025, 4, 1))
    team = Supplier.objects.create(local_authority=la, name="Hearing Support", kind="support_service")
    return SimpleNamespace(**locals())


def client_for(user: object) -> object:
    return sign_in(new_client(), user)


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
def test_finance_sets_a_budget_and_sees_it_against_actual(w: SimpleNamespace) -> None:
    c = client_for(w.finance)
    r = c.post(
        "/finance/budget/2025/",
        {"s251_line": "1.2.5", "category": Category.SUPPORT_SERVICES, "amount": "£120,000", "version": ""},
    )
    assert r.status_code == 302
    assert BudgetLine.objects.get().amount_pence == 12_000_000
    services.record_cost(
        user=w.finance,
        local_authority_id=w.la.pk,
        category=Category.SUPPORT_SERVICES,
        amount_pence=13_000_000,
        period_start=D(2025, 4, 1),
        period_end=D(2025, 9, 30),
        supplier=w.team,
    )
    page = c.get("/finance/?year=2025").content.decode()
    assert "£120,000" in page and "£130,000" in page
    assert "Forecast overspend" in page and "(£10,000)" in page
    # Managers may look, but get no forms.
    m = client_for(w.manager)
    assert "Set budget" not in m.get("/finance/?year=2025").content.decode()
    assert m.get("/finance/budget/2025/").status_code == 403


def test_a_budget_form_opened_before_another_save_is_refused_and_keeps_the_input(w: SimpleNamespace) -> None:
    c = client_for(w.finance)
    form = {"s251_line": "1.2.5", "category": "support_services", "amount": "100", "version": ""}
    assert c.post("/finance/budget/2025/", form).status_code == 302
    r = c.post("/finance/budget/2025/", {**form, "amount": "250"})
    page = r.content.decode()
    assert r.status_code == 200 and "was changed by" in page and 'value="250"' in page
    assert BudgetLine.objects.get().amount_pence == 10_000
    # The form now carries the current version: saving again is deliberate and succeeds.
    r = c.post("/finance/budget/2025/", {**form, "amount": "250", "version": "1"})
    assert r.status_code == 302 and BudgetLine.objects.get().amount_pence == 25_000


def test_bad_money_gets_a_clear_message(w: SimpleNamespace) -> None:
    r = client_for(w.finance).post(
        "/finance/budget/2025/", {"s251_line": "1.2.5", "category": "support_services", "amount": "lots"}
    )
    assert "Enter the budget for the year in pounds" in r.content.decode()
    assert not BudgetLine.objects.exists()


def test_overlapping_band_dates_are_refused_on_the_form(w: SimpleNamespace) -> None:
    c = client_for(w.finance)
    data = {"code": "B1", "descriptor": "", "amount": "1,700", "replace": "no"}
    r = c.post(
        f"/finance/bands/{w.scheme.pk}/add/",
        {**data, **date_fields("valid_from", D(2026, 4, 1)), **date_fields("valid_to", None)},
    )
    assert r.status_code == 200
    assert "Dates for the same band cannot overlap" in r.content.decode()
    r = c.post(
        f"/finance/bands/{w.scheme.pk}/add/",
        {
            **data,
            "replace": "yes",
            **date_fields("valid_from", D(2026, 4, 1)),
            **date_fields("valid_to", None),
        },
    )
    assert r.status_code == 302
    assert [(b.annual_pence, b.valid_to) for b in BandRate.objects.order_by("valid_from")] == [
        (160_000, D(2026, 3, 31)),
        (170_000, None),
    ]
    page = c.get("/finance/bands/").content.decode()
    assert "£1,700.00" in page and "No end date" in page


def test_band_edit_detects_a_concurrent_change(w: SimpleNamespace) -> None:
    rate = BandRate.objects.get()
    c = client_for(w.finance)
    data = {
        "descriptor": "",
        "amount": "1,650",
        "version": "1",
        **date_fields("valid_from", rate.valid_from),
        **date_fields("valid_to", None),
    }
    assert c.post(f"/finance/bands/rates/{rate.pk}/", data).status_code == 302
    r = c.post(f"/finance/bands/rates/{rate.pk}/", {**data, "amount": "1,999"})
    assert "was changed by" in r.content.decode()
    assert BandRate.objects.get().annual_pence == 165_000
    # Another authority's finance officer cannot reach it.
    assert client_for(w.outsider).get(f"/finance/bands/rates/{rate.pk}/").status_code == 404


def test_finance_records_a_cost_from_the_ledger_page(w: SimpleNamespace) -> None:
    c = client_for(w.finance)
    r = c.post(
        "/finance/ledger/add/",
        {
            "category": "support_services",
            "component": "sensory",
            "s251_line": "",
            "supplier": str(w.team.pk),
            "amount": "2,500.50",
            "description": "Hearing support, summer term",
            **date_fields("period_start", D(2025, 4, 1)),
            **date_fields("period_end", D(2025, 7, 31)),
        },
    )
    assert r.status_code == 302
    line = LedgerLine.objects.get()
    assert (line.amount_pence, line.s251_line, line.financial_year) == (250_050, "1.2.5", 2025)
    page = c.get("/finance/ledger/?year=2025").content.decode()
    assert "Hearing support, summer term" in page and "£2,500.50" in page


def test_a_cost_crossing_31_march_is_refused_with_the_reason(w: SimpleNamespace) -> None:
    r = client_for(w.finance).post(
        "/finance/ledger/add/",
        {
            "category": "therapies",
            "component": "therapy",
            "supplier": str(w.team.pk),
            "amount": "100",
            "description": "SALT",
            **date_fields("period_start", D(2026, 3, 1)),
            **date_fields("period_end", D(2026, 4, 30)),
        },
    )
    assert "record one line for each financial year" in r.content.decode()
    assert not LedgerLine.objects.exists()


def test_the_ledger_listing_audits_the_children_it_names(w: SimpleNamespace) -> None:
    services.record_cost(
        user=w.finance,
        local_authority_id=w.la.pk,
        category=Category.THERAPIES,
        amount_pence=10_000,
        period_start=D(2025, 5, 1),
        supplier=w.team,
        child=w.child,
    )
    page = client_for(w.manager).get("/finance/ledger/?year=2025").content.decode()
    assert "Ada Price" in page
    event = AuditEvent.objects.filter(action=AuditAction.LIST, summary="High Needs ledger").get()
    assert event.changes["child_ids"] == [w.child.pk]


def test_placement_funding_is_changed_by_finance_and_audited(w: SimpleNamespace) -> None:
    c = client_for(w.finance)
    url = f"/finance/placements/{w.placement.pk}/"
    page = c.get(url).content.decode()
    assert "Ada Price" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, child_id=w.child.pk, summary="Placement funding"
    ).exists()
    data = {
        **date_fields("end_on", None),
        **date_fields("bespoke_approved_on", None),
        "place": "0",
        "place_funded_by": "none",
        "top_up_basis": "band",
        "band": f"{w.scheme.pk}:B1",
        "bespoke_amount": "",
        "bespoke_reason": "",
        "bespoke_approved_by": "",
        "residential_amount": "",
        "extras_amount": "",
        "education_percent": "100",
        "social_care_percent": "0",
        "health_percent": "0",
        "version": str(w.placement.version),
    }
    assert c.post(url, data).status_code == 302
    p = Placement.objects.get()
    assert (p.top_up_basis, p.band_code, p.version) == ("band", "B1", 2)
    # The old form again: refused, nothing lost.
    r = c.post(url, {**data, "top_up_basis": "none"})
    assert "was changed by" in r.content.decode()
    assert Placement.objects.get().top_up_basis == "band"
    # A bespoke package without its reason is refused with the field named.
    r = c.post(url, {**data, "version": "2", "top_up_basis": "bespoke", "bespoke_amount": "18,000"})
    assert "Say why a bespoke package is needed" in r.content.decode()


def test_who_reaches_a_placement(w: SimpleNamespace) -> None:
    url = f"/finance/placements/{w.placement.pk}/"
    assert client_for(w.manager).get(url).status_code == 200
    assert client_for(w.manager).post(url, {}).status_code == 403
    # They may see the child, but not what the child costs.
    assert client_for(w.coordinator).get(url).status_code == 403
    assert client_for(w.senco).get(url).status_code == 403
    # Another authority: as if there were no such placement, and the attempt is kept.
    assert client_for(w.outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, child_id=w.child.pk).exists()


def test_a_childs_costs_page_shows_placements_and_lines(w: SimpleNamespace) -> None:
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2025, 10, 1))
    services.update_placement(
        user=w.finance,
        placement=w.placement,
        expected_version=w.placement.version,
        top_up_basis="band",
        band_scheme=w.scheme,
        band_code="B1",
    )
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2025, 10, 1))
    page = client_for(w.finance).get(f"/children/{w.child.pk}/costs/").content.decode()
    assert "2025-26: £1,600.00" in page
    assert "band: B1" in page
    assert client_for(w.senco).get(f"/children/{w.child.pk}/costs/").status_code == 403


def test_finance_recomputes_placement_costs_from_the_budget_page(w: SimpleNamespace) -> None:
    services.update_placement(
        user=w.finance,
        placement=w.placement,
        expected_version=w.placement.version,
        top_up_basis="band",
        band_scheme=w.scheme,
        band_code="B1",
    )
    r = client_for(w.finance).post("/finance/recompute/?year=2025")
    assert r.status_code == 302 and r["Location"] == "/finance/?year=2025"
    assert sum(line.amount_pence for line in LedgerLine.objects.filter(financial_year=2025)) == 160_000
    assert client_for(w.manager).post("/finance/recompute/?year=2025").status_code == 403


@time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_finance_home_shows_the_years_budget_and_forecast_outturn(w: SimpleNamespace) -> None:
    services.set_budget(
        user=w.finance,
        local_authority_id=w.la.pk,
        financial_year=2025,
        s251_line="1.2.5",
        category="support_services",
        amount_pence=5_000_000,
    )
    services.record_cost(
        user=w.finance,
        local_authority_id=w.la.pk,
        category=Category.SUPPORT_SERVICES,
        amount_pence=6_000_000,
        period_start=D(2025, 4, 1),
        supplier=w.team,
    )
    page = client_for(w.finance).get("/").content.decode()
    assert "High Needs budget 2025-26" in page
    assert "Budget £50,000; forecast outturn £60,000, £10,000 over budget." in page


def test_a_placement_cannot_be_priced_from_another_councils_bands(w: SimpleNamespace) -> None:
    theirs = BandScheme.objects.create(local_authority=w.other_la, name="Their bands")
    theirs.rates.create(code="B1", annual_pence=999_900, valid_from=D(2025, 4, 1))
    c = client_for(w.finance)
    url = f"/finance/placements/{w.placement.pk}/"
    data = {
        **date_fields("end_on", None),
        **date_fields("bespoke_approved_on", None),
        "place": "0",
        "place_funded_by": "none",
        "top_up_basis": "band",
        "band": f"{theirs.pk}:B1",
        "education_percent": "100",
        "social_care_percent": "0",
        "health_percent": "0",
        "version": str(w.placement.version),
    }
    c.post(url, data)
    assert Placement.objects.get().band_scheme_id != theirs.pk
