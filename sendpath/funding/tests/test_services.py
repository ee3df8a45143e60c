"""Recording costs, placements, band rates and budgets; recomputing placement costs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.funding import selectors, services
from sendpath.funding.codes import (
    Category,
    Component,
    FundingSource,
    LedgerKind,
    PlaceFundedBy,
    S251Line,
    TopUpBasis,
)
from sendpath.funding.models import (
    BandRate,
    BandScheme,
    LedgerLine,
    Placement,
    ProviderTariff,
    Supplier,
    TransportLine,
)
from sendpath.organisations.models import Phase, SettingKind
from tests import factories as f

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w() -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    other_la = f.LocalAuthorityFactory()
    mainstream = f.SettingFactory(local_authority=la, kind=SettingKind.MAINSTREAM, phase=Phase.PRIMARY)
    special = f.SettingFactory(local_authority=la, kind=SettingKind.SPECIAL, phase=Phase.ALL_THROUGH)
    iss = f.SettingFactory(
        local_authority=other_la, kind=SettingKind.INDEPENDENT_SPECIAL, phase=Phase.SECONDARY
    )
    child = f.ChildFactory(local_authority=la, setting=mainstream)
    plan = f.PlanFactory(child=child)
    finance = f.UserFactory(role=Role.FINANCE, local_authority=la)
    manager = f.UserFactory(role=Role.MANAGER, local_authority=la)
    outsider = f.UserFactory(role=Role.FINANCE, local_authority=other_la)
    scheme = BandScheme.objects.create(local_authority=la, name="Mainstream bands")
    services.add_band_rate(
        user=finance,
        scheme=scheme,
        code="b2",
        annual_pence=310_000,
        valid_from=D(2024, 4, 1),
        valid_to=D(2025, 3, 31),
    )
    services.add_band_rate(
        user=finance, scheme=scheme, code="B2", annual_pence=400_000, valid_from=D(2025, 4, 1)
    )
    firm = Supplier.objects.create(local_authority=la, name="Legal LLP", kind="legal")
    team = Supplier.objects.create(local_authority=la, name="Vision Support", kind="support_service")
    return SimpleNamespace(**locals())


# -- the ledger ---------------------------------------------------------------------------
def test_a_cost_without_a_child_goes_to_its_default_line_with_a_reason_and_is_audited(
    w: SimpleNamespace,
) -> None:
    cost = services.record_cost(
        user=w.finance,
        local_authority_id=w.la.pk,
        category=Category.SUPPORT_SERVICES,
        component=Component.SENSORY,
        amount_pence=1_250_000,
        period_start=D(2025, 4, 1),
        period_end=D(2025, 6, 30),
        supplier=w.team,
    )
    assert (cost.s251_line, cost.funding_source, cost.financial_year) == ("1.2.5", FundingSource.HNB, 2025)
    assert cost.eligibility_reason == "sen_support_service"
    assert cost.child is None
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(cost.pk)).exists()


def test_tribunal_costs_are_general_fund_and_carry_the_child(w: SimpleNamespace) -> None:
    cost = services.record_cost(
        user=w.manager,  # disputes checks its own user, then records the money
        check_role=False,
        local_authority_id=w.la.pk,
        category=Category.TRIBUNAL,
        component=Component.LEGAL,
        amount_pence=420_000,
        period_start=D(2026, 1, 10),
        supplier=w.firm,
        child=w.child,
        source_type="tribunal",
        source_id=7,
    )
    assert (cost.s251_line, cost.funding_source, cost.eligibility_reason) == ("2.1.2", "general_fund", "")
    assert cost.period_end == cost.period_start
    assert AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.CREATE).exists()
    assert LedgerLine.objects.filter(source_type="tribunal", source_id="7").count() == 1


def test_a_cost_needs_a_payee_dates_in_one_year_and_an_amount(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as e:
        services.record_cost(
            user=w.finance,
            local_authority_id=w.la.pk,
            category="nonsense",
            amount_pence=0,
            period_start=D(2026, 3, 1),
            period_end=D(2026, 4, 30),
        )
    assert set(e.value.errors) == {"category", "s251_line", "supplier", "amount", "period_end"}
    assert "31 March 2026" in e.value.errors["period_end"]
    assert not LedgerLine.objects.exists()


def test_only_the_las_finance_officers_record_costs(w: SimpleNamespace) -> None:
    for user in (w.manager, w.outsider):
        with pytest.raises(NotAllowed):
            services.record_cost(
                user=user,
                local_authority_id=w.la.pk,
                category=Category.THERAPIES,
                amount_pence=100,
                period_start=D(2025, 5, 1),
                supplier=w.team,
            )


def test_transport_is_its_own_general_fund_ledger(w: SimpleNamespace) -> None:
    taxi = Supplier.objects.create(local_authority=w.la, name="Cabs", kind="transport")
    line = services.record_transport(
        user=w.finance,
        local_authority_id=w.la.pk,
        supplier=taxi,
        mode="taxi",
        amount_pence=830_000,
        period_start=D(2025, 9, 1),
        period_end=D(2026, 3, 31),
        child=w.child,
    )
    assert (line.funding_source, line.s251_line) == ("general_fund", "2.1.4")
    assert not LedgerLine.objects.exists()
    assert selectors.spend_by_year(w.la.pk) == []
    assert selectors.transport_spend(w.la.pk, 2025)[0]["pence"] == 830_000
    assert TransportLine.objects.count() == 1


# -- placements ---------------------------------------------------------------------------
def test_casework_placements_get_their_funding_from_the_setting(w: SimpleNamespace) -> None:
    p = Placement.objects.create(plan=w.plan, setting=w.special, start_on=D(2025, 9, 1))
    assert (p.category, p.s251_line, p.s251_column) == ("special", "1.2.1", "special")
    assert (p.place_funded_by, p.place_pence) == (PlaceFundedBy.PROVIDER_LA, 1_000_000)
    assert p.commissioning_la_id == p.provider_la_id == w.la.pk


def test_an_independent_school_has_no_place_funding_and_goes_to_1_2_3(w: SimpleNamespace) -> None:
    ProviderTariff.objects.create(
        setting=w.iss, rate_type="annual_fee", amount_pence=6_300_000, valid_from=D(2024, 9, 1)
    )
    p = services.create_placement(
        user=w.finance,
        plan=w.plan,
        setting=w.iss,
        start_on=D(2025, 9, 1),
        top_up_basis=TopUpBasis.TARIFF,
        residential=True,
        residential_annual_pence=4_000_000,
        education_percent=50,
        social_care_percent=50,
    )
    assert (p.place_funded_by, p.place_pence, p.s251_line, p.category) == ("none", 0, "1.2.3", "independent")
    assert p.provider_la_id == w.other_la.pk and p.commissioning_la_id == w.la.pk
    costs = selectors.placement_annual_cost(p, 2025)
    # Seven months of FY 2025-26 (1 Sep – 31 Mar: 212 days): half the fee and residential cost.
    assert costs == {"fee": round(6_300_000 * 212 / 365 / 2), "residential": round(4_000_000 * 212 / 365 / 2)}


def test_a_bespoke_package_needs_its_reason_and_approver(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as e:
        services.create_placement(
            user=w.finance,
            plan=w.plan,
            setting=w.mainstream,
            start_on=D(2025, 9, 1),
            top_up_basis=TopUpBasis.BESPOKE,
            bespoke_annual_pence=1_500_000,
        )
    assert set(e.value.errors) == {"bespoke_reason", "bespoke_approved_by"}


def test_shares_must_add_up_and_place_funding_is_10k_6k_or_none(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as e:
        services.create_placement(
            user=w.finance,
            plan=w.plan,
            setting=w.special,
            start_on=D(2025, 9, 1),
            place_pence=800_000,
            place_funded_by="provider_la",
            education_percent=60,
        )
    assert set(e.value.errors) == {"place_pence", "education_percent"}


def test_changing_a_placement_is_refused_when_someone_else_saved_it_first(w: SimpleNamespace) -> None:
    p = services.create_placement(user=w.finance, plan=w.plan, setting=w.mainstream, start_on=D(2025, 4, 1))
    opened = p.version
    services.update_placement(
        user=w.finance,
        placement=p,
        expected_version=opened,
        top_up_basis="band",
        band_scheme=w.scheme,
        band_code="B2",
    )
    stale = Placement.objects.get(pk=p.pk)
    with pytest.raises(StaleRecord) as e:
        services.update_placement(
            user=w.finance, placement=stale, expected_version=opened, top_up_basis="none"
        )
    assert w.finance.full_name in e.value.message
    assert Placement.objects.get(pk=p.pk).top_up_basis == "band"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, child_id=w.child.pk).get()
    assert event.changes["top_up_basis"] == ["none", "band"]


# -- band tables --------------------------------------------------------------------------
def test_overlapping_band_rates_are_refused_with_the_clash_named(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as e:
        services.add_band_rate(
            user=w.finance, scheme=w.scheme, code="B2", annual_pence=500_000, valid_from=D(2025, 1, 1)
        )
    assert "from 1 April 2024 to 31 March 2025" in e.value.message
    assert BandRate.objects.filter(code="B2").count() == 2


def test_a_new_rate_from_1_april_ends_the_open_one_the_day_before(w: SimpleNamespace) -> None:
    new = services.change_band_rate_from(
        user=w.finance, scheme=w.scheme, code="B2", annual_pence=450_000, valid_from=D(2026, 4, 1)
    )
    old = BandRate.objects.get(code="B2", valid_from=D(2025, 4, 1))
    assert old.valid_to == D(2026, 3, 31) and old.version == 2
    assert new.valid_to is None
    assert selectors.band_rate_on(w.scheme.pk, "B2", D(2026, 3, 31)).annual_pence == 400_000
    assert selectors.band_rate_on(w.scheme.pk, "B2", D(2026, 4, 1)).annual_pence == 450_000
    with pytest.raises(DomainError):
        services.change_band_rate_from(
            user=w.finance, scheme=w.scheme, code="B2", annual_pence=1, valid_from=D(2026, 4, 1)
        )


def test_concurrent_band_edits_are_detected(w: SimpleNamespace) -> None:
    rate = BandRate.objects.get(code="B2", valid_from=D(2025, 4, 1))
    services.update_band_rate(
        user=w.finance,
        rate=rate,
        expected_version=1,
        annual_pence=410_000,
        valid_from=rate.valid_from,
        valid_to=None,
    )
    with pytest.raises(StaleRecord):
        services.update_band_rate(
            user=w.finance,
            rate=rate,
            expected_version=1,
            annual_pence=420_000,
            valid_from=rate.valid_from,
            valid_to=None,
        )
    assert BandRate.objects.get(pk=rate.pk).annual_pence == 410_000


def test_another_las_finance_officer_cannot_edit_the_bands(w: SimpleNamespace) -> None:
    with pytest.raises(NotAllowed):
        services.add_band_rate(
            user=w.outsider, scheme=w.scheme, code="B9", annual_pence=1, valid_from=D(2025, 4, 1)
        )


# -- recompute and budget -----------------------------------------------------------------
def test_recompute_uses_the_band_valid_in_each_period_and_splits_spent_from_committed(
    w: SimpleNamespace,
) -> None:
    p = services.create_placement(
        user=w.finance,
        plan=w.plan,
        setting=w.mainstream,
        start_on=D(2024, 9, 1),
        top_up_basis=TopUpBasis.BAND,
        band_scheme=w.scheme,
        band_code="B2",
    )
    done = services.recompute_placement_costs(w.la.pk, 2024, on=D(2025, 6, 1))
    assert done == {"placements": 1, "lines": 1}
    past = LedgerLine.objects.get(financial_year=2024)
    # FY 2024-25 used the old band (£3,100) for 212 days; the 1 April 2025 change did not reach back.
    assert (past.kind, past.amount_pence) == (LedgerKind.ACTUAL, round(310_000 * 212 / 365))
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2025, 6, 1))
    lines = {line.kind: line for line in LedgerLine.objects.filter(financial_year=2025)}
    assert lines["actual"].amount_pence == round(400_000 * 62 / 365)  # 1 April – 1 June
    assert lines["actual"].amount_pence + lines["commitment"].amount_pence == 400_000
    assert lines["commitment"].period_start == D(2025, 6, 2)
    assert all(line.child_id == w.child.pk and line.s251_line == "1.2.1" for line in lines.values())
    # Recomputing replaces, never doubles, and leaves hand-recorded lines alone.
    services.record_cost(
        user=w.finance,
        local_authority_id=w.la.pk,
        category=Category.THERAPIES,
        amount_pence=90_000,
        period_start=D(2025, 5, 1),
        supplier=w.team,
    )
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2025, 6, 1))
    assert LedgerLine.objects.filter(financial_year=2025).count() == 3
    assert p.pk == lines["actual"].placement_id


def test_place_funding_goes_to_the_provider_la_and_the_top_up_to_the_commissioning_la(
    w: SimpleNamespace,
) -> None:
    elsewhere = f.PlanFactory(child=f.ChildFactory(local_authority=w.other_la))
    p = Placement.objects.create(plan=elsewhere, setting=w.special, start_on=D(2025, 4, 1))
    ProviderTariff.objects.create(setting=w.special, amount_pence=1_400_000, valid_from=D(2025, 4, 1))
    p.top_up_basis = TopUpBasis.TARIFF
    p.save()
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2026, 3, 31))
    services.recompute_placement_costs(w.other_la.pk, 2025, on=D(2026, 3, 31))
    mine = LedgerLine.objects.get(local_authority=w.la)
    theirs = LedgerLine.objects.get(local_authority=w.other_la)
    assert (mine.component, mine.s251_line, mine.amount_pence) == ("place", "1.0.2", 1_000_000)
    assert (theirs.component, theirs.amount_pence) == ("top_up", 1_400_000)


def test_budget_against_actual_with_commitments_and_forecast_outturn(w: SimpleNamespace) -> None:
    services.set_budget(
        user=w.finance,
        local_authority_id=w.la.pk,
        financial_year=2025,
        s251_line=S251Line.TOP_UP_MAINTAINED,
        category=Category.MAINSTREAM,
        amount_pence=300_000,
    )
    services.create_placement(
        user=w.finance,
        plan=w.plan,
        setting=w.mainstream,
        start_on=D(2025, 4, 1),
        top_up_basis=TopUpBasis.BAND,
        band_scheme=w.scheme,
        band_code="B2",
    )
    services.recompute_placement_costs(w.la.pk, 2025, on=D(2025, 9, 30))
    table = selectors.budget_against_actual(w.la.pk, 2025)
    row = table["rows"][0]
    assert (row["budget"], row["outturn"], row["variance"]) == (300_000, 400_000, -100_000)
    assert row["actual"] == round(400_000 * 183 / 365)
    assert table["hnb_total"]["variance"] == -100_000
    # A second officer with an old form is told; a new save must carry the version.
    with pytest.raises(StaleRecord):
        services.set_budget(
            user=w.finance,
            local_authority_id=w.la.pk,
            financial_year=2025,
            s251_line="1.2.1",
            category="mainstream",
            amount_pence=1,
        )
    services.set_budget(
        user=w.finance,
        local_authority_id=w.la.pk,
        financial_year=2025,
        s251_line="1.2.1",
        category="mainstream",
        amount_pence=450_000,
        expected_version=1,
    )
    assert selectors.budget_against_actual(w.la.pk, 2025)["rows"][0]["variance"] == 50_000


def test_spend_selectors_count_children_for_suppression(w: SimpleNamespace) -> None:
    for amount in (100_000, 200_000):
        services.record_cost(
            user=w.finance,
            local_authority_id=w.la.pk,
            category=Category.THERAPIES,
            amount_pence=amount,
            period_start=D(2025, 5, 1),
            supplier=w.team,
            child=w.child,
        )
    rows = selectors.spend_by_category(w.la.pk, 2025)
    assert rows == [
        {"category": "therapies", "pence": 300_000, "lines": 2, "children": 1, "label": "Therapies"}
    ]
    assert selectors.spend_by_line(w.la.pk, 2025)[0]["s251_line"] == "1.2.13"
    share = selectors.support_services_share(w.la.pk, 2025)
    assert share["total_pence"] == 300_000 and share["support_services_share"] == 0


def test_child_costs_are_for_finance_and_managers_only(w: SimpleNamespace) -> None:
    Placement.objects.create(plan=w.plan, setting=w.mainstream, start_on=D(2025, 4, 1))
    senco = f.UserFactory(role=Role.SENCO, setting=w.mainstream)
    coordinator = f.UserFactory(role=Role.COORDINATOR, local_authority=w.la)
    assert selectors.child_placements(w.finance, w.child.pk).count() == 1
    assert selectors.child_placements(w.manager, w.child.pk).count() == 1
    assert selectors.child_placements(w.outsider, w.child.pk).count() == 0
    for user in (senco, coordinator):
        assert selectors.child_placements(user, w.child.pk).count() == 0
        assert selectors.child_costs(user, w.child.pk).count() == 0


def test_annual_cost_rows_and_averages_by_setting_kind(w: SimpleNamespace) -> None:
    ProviderTariff.objects.create(setting=w.special, amount_pence=1_400_000, valid_from=D(2024, 4, 1))
    for _ in range(2):
        plan = f.PlanFactory(child=f.ChildFactory(local_authority=w.la))
        p = Placement.objects.create(plan=plan, setting=w.special, start_on=D(2025, 9, 1))
        p.top_up_basis = TopUpBasis.TARIFF
        p.save()
    rows = list(selectors.annual_cost_rows(w.la.pk, 2025, "ay"))
    assert len(rows) == 2
    # A whole academic year: the £14,000 tariff and the £10,000 place.
    assert all(costs == {"top_up": 1_400_000, "place": 1_000_000} for _row, costs in rows)
    fy = dict((row.pk, costs) for row, costs in selectors.annual_cost_rows(w.la.pk, 2025, "fy"))
    assert all(c["top_up"] == round(1_400_000 * 212 / 365) for c in fy.values())
    # On a census day the average is a full year's cost at that day's rates.
    assert selectors.average_annual_cost_by_setting_kind(w.la.pk, D(2026, 1, 15)) == [
        ("special", 2_400_000, 2)
    ]
