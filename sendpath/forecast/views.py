"""Forecast, scenario and sufficiency pages.

Who may open what:
- forecasts and scenarios: finance officers run them; SEND managers may read them;
- capacity records and sufficiency: finance officers and SEND managers;
- the children waiting for a specialist place: council SEND staff only (it names
  children), each list audited with ``record_child_list``.
Councillors and administrators see none of these pages: they are the council's working
figures, not published aggregates.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.roles import LA_ROLES, Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record, record_child_list
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.forecast import charts, selectors, services
from sendpath.forecast.forms import BaselineForm, CapacityForm, ScenarioForm
from sendpath.forecast.models import Forecast, ForecastKind
from sendpath.forecast.parameters import census_day

READERS = (Role.FINANCE, Role.MANAGER)
RUNNERS = (Role.FINANCE,)
LEFT_OUT = (
    "Changes of primary need on their own: they are rare, and modelling them would split the "
    "data into groups too small to project. A child keeps the need they have today.",
    "SEN support without an EHC plan: that would need a separate prevalence model.",
    "Tribunal decisions that change a placement, except as far as they are already in past moves "
    "between settings.",
    "Policy changes such as the 2026 Schools White Paper, except through a scenario's levers.",
    "Places filling up: the baseline does not stop a type of setting growing past its capacity.",
)


def _forecast_or_404(request: HttpRequest, pk: int) -> Forecast:
    f = selectors.forecast(request.user, pk)
    if f is None:
        raise Http404("No such forecast")
    return f


def _apply_errors(form: Any, exc: DomainError) -> None:
    for field, message in exc.errors.items() or [(None, exc.message)]:
        form.add_error(field if field in form.fields else None, message)


@roles_only(READERS)
def index(request: HttpRequest) -> HttpResponse:
    items = list(selectors.forecasts(request.user).select_related("created_by", "baseline"))
    baselines = [f for f in items if f.kind == ForecastKind.BASELINE]
    scenarios = [f for f in items if f.kind == ForecastKind.SCENARIO]
    return render(
        request,
        "forecast/index.html",
        {"baselines": baselines, "scenarios": scenarios, "may_run": request.user.role in RUNNERS},
    )


@roles_only(RUNNERS)
def baseline_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    census = census_day(today.year if today.month > 1 or today.day > 20 else today.year - 1)
    form = BaselineForm(
        request.POST or None, initial={"census_date": census, "name": f"Baseline from January {census.year}"}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            f = services.run_baseline(
                user=request.user,
                b=services.Baseline(
                    name=d["name"],
                    census_date=d["census_date"],
                    years=d["years"],
                    population=d["population"],
                    population_growth=d["population_growth"],
                    hnb_allocation=d["hnb_allocation"],
                    allocation_growth=d["allocation_growth"],
                    other_spend=d["other_spend"] or 0,
                    opening_deficit=d["opening_deficit"] or 0,
                    write_off_share=d["write_off_share"],
                    inflation=d["inflation"],
                    runs=d["runs"],
                ),
                request=request,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Forecast run: {f.runs:,} simulations in {f.seconds} seconds.")
            return redirect("forecast:detail", f.pk)
    return render(
        request,
        "forecast/form.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "title": "Run a baseline forecast",
            "button": "Run the forecast",
            "intro": (
                "The baseline projects today's plans forward from the area's own records: who joins, "
                "who moves between settings and who leaves, at the rates of the last three years."
            ),
        },
    )


@roles_only(RUNNERS)
def scenario_new(request: HttpRequest, pk: int) -> HttpResponse:
    baseline = _forecast_or_404(request, pk)
    if baseline.kind != ForecastKind.BASELINE:
        raise Http404("Scenarios start from a baseline")
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            f = services.run_scenario(
                user=request.user,
                baseline=baseline,
                lv=services.Levers(
                    name=d["name"],
                    description=d["description"],
                    request_factor=d["request_factor"],
                    request_from=d["request_from"],
                    inflation=d["inflation"],
                    dsp_places=d["dsp_places"] or 0,
                    dsp_from=d["dsp_from"],
                    iss_reduction=d["iss_reduction"] or Decimal(0),
                    iss_to=d["iss_to"],
                    iss_from=d["iss_from"],
                ),
                request=request,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Scenario run against {baseline.name}.")
            return redirect("forecast:detail", f.pk)
    return render(
        request,
        "forecast/form.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "title": "Make a scenario",
            "caption": baseline.name,
            "button": "Run the scenario",
            "intro": (
                f"A scenario is the baseline '{baseline.name}' with some levers moved. It uses the "
                "baseline's estimated rates, seed and number of simulations, so every difference "
                "comes from the levers."
            ),
        },
    )


def _money(v: float | None) -> str:
    if v is None:
        return "not available"
    sign = "−" if v < 0 else ""
    return f"{sign}£{abs(v):,.0f}"


def _chart_series(label: str, bands: dict[str, list[float]], with_bands: bool = True) -> charts.Series:
    if not with_bands:
        return charts.Series(label, bands["mean"])
    return charts.Series(
        label,
        bands["mean"],
        low95=bands["p2_5"],
        high95=bands["p97_5"],
        low80=bands["p10"],
        high80=bands["p90"],
    )


def _override_marker(f: Forecast, fy_labels: list[str]) -> int | None:
    """The index of the first financial year after the override ends."""
    first_after = f"{f.override_end.year}-{str(f.override_end.year + 1)[-2:]}"
    return fy_labels.index(first_after) if first_after in fy_labels else None


@roles_only(READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    f = _forecast_or_404(request, pk)
    r = f.results
    base = f.baseline if f.kind == ForecastKind.SCENARIO else None
    b = base.results if base else None
    census_labels = [f"Jan {y}" for y in r["census_years"]]
    fy_labels = r["fy_labels"]
    marker = _override_marker(f, fy_labels)
    if b:
        plan_series = [_chart_series("Baseline", b["plans"]), _chart_series(f.name, r["plans"])]
        cost_series = [_chart_series("Baseline", b["cost_fy"]), _chart_series(f.name, r["cost_fy"])]
        deficit_series = [_chart_series("Baseline", b["cumulative"]), _chart_series(f.name, r["cumulative"])]
    else:
        plan_series = [_chart_series("Expected (mean)", r["plans"])]
        cost_series = [_chart_series("Expected (mean)", r["cost_fy"])]
        deficit_series = [_chart_series("Expected (mean)", r["cumulative"])]
    last = len(r["census_years"]) - 1
    plans_sentence = (
        f"Plans are expected to go from {r['plans']['mean'][0]:,.0f} in January {r['census_years'][0]} "
        f"to about "
        f"{r['plans']['mean'][last]:,.0f} in January {r['census_years'][last]} "
        f"(95% of simulations between {r['plans']['p2_5'][last]:,.0f} and {r['plans']['p97_5'][last]:,.0f})."
    )
    cost_sentence = (
        f"Placement spending is expected to go from {_money(r['cost_fy']['mean'][0])} in {fy_labels[0]} to "
        f"{_money(r['cost_fy']['mean'][-1])} in {fy_labels[-1]}."
    )
    exposure = r.get("exposure_at_override_end")
    at_end = f"{_money(r['deficit'][-1]['cumulative'])} by 31 March {f.first_year + f.years}"
    deficit_sentence = (
        f"The cumulative deficit is expected to be {_money(exposure)} when the statutory override ends on "
        f"{f.override_end:%-d %B %Y}, and {at_end}."
        if exposure is not None
        else f"The cumulative deficit is expected to be {at_end}."
    )
    comparison = None
    if b:
        rows = []
        for k, label in enumerate(fy_labels):
            rows.append(
                {
                    "fy": label,
                    "plans_base": b["plans"]["mean"][k + 1],
                    "plans": r["plans"]["mean"][k + 1],
                    "cost_base": b["cost_fy"]["mean"][k],
                    "cost": r["cost_fy"]["mean"][k],
                    "cum_base": b["deficit"][k]["cumulative"],
                    "cum": r["deficit"][k]["cumulative"],
                    "after_override": r["deficit"][k]["after_override"],
                }
            )
        saving = sum(b["cost_fy"]["mean"]) - sum(r["cost_fy"]["mean"])
        diff_exposure = (
            None
            if exposure is None or b.get("exposure_at_override_end") is None
            else b["exposure_at_override_end"] - exposure
        )
        comparison = {
            "rows": rows,
            "sentence": (
                f"Over {len(fy_labels)} years this scenario {'saves' if saving >= 0 else 'costs'} "
                f"{_money(abs(saving))} against the baseline"
                + (
                    f", and the deficit when the override ends is {_money(abs(diff_exposure))} "
                    f"{'lower' if diff_exposure >= 0 else 'higher'}."
                    if diff_exposure is not None
                    else "."
                )
            ),
        }
    context = {
        "f": f,
        "r": r,
        "base": base,
        "census_labels": census_labels,
        "fy_labels": fy_labels,
        "plans_chart": charts.line_chart(
            title="EHC plans at each January census",
            description=plans_sentence,
            labels=census_labels,
            series=plan_series,
        ),
        "plans_legend": charts.legend(plan_series),
        "cost_chart": charts.line_chart(
            title="Placement spending by financial year",
            description=cost_sentence,
            labels=fy_labels,
            series=cost_series,
            money=True,
        ),
        "cost_legend": charts.legend(cost_series),
        "deficit_chart": charts.line_chart(
            title="Cumulative DSG deficit at 31 March",
            description=deficit_sentence,
            labels=fy_labels,
            series=deficit_series,
            money=True,
            marker=marker,
            marker_label="Override ends",
        ),
        "deficit_legend": charts.legend(deficit_series),
        "plans_sentence": plans_sentence,
        "cost_sentence": cost_sentence,
        "deficit_sentence": deficit_sentence,
        "comparison": comparison,
        "scenarios": list(f.scenarios.order_by("-created_at")) if f.kind == ForecastKind.BASELINE else [],
        "may_run": request.user.role in RUNNERS,
        "left_out": LEFT_OUT,
        "setting_rows": [
            {"label": s["label"], "plans": r["plans_by_setting"][i], "cost": r["cost_by_setting"][i]}
            for i, s in enumerate(r["settings"])
            if any(r["plans_by_setting"][i])
        ],
        "levers": _lever_lines(f),
        "money": _money,
    }
    return render(request, "forecast/detail.html", context)


def _lever_lines(f: Forecast) -> list[str]:
    if f.kind == ForecastKind.BASELINE:
        return []
    lines = []
    if f.request_factor != 100:
        lines.append(
            f"Requests for assessment at {f.request_factor:g}% of today's rate "
            f"from {f.request_from or 'the first year'}"
        )
    if f.dsp_places:
        lines.append(f"{f.dsp_places:,} new DSP or resourced places opening in {f.dsp_from}")
    if f.iss_reduction:
        lines.append(
            f"{f.iss_reduction:g}% fewer children joining or moving to independent special schools from "
            f"{f.iss_from or 'the first year'}, going to "
            f"{services.SETTING_LABELS[f.iss_to].lower()} instead"
        )
    if f.baseline and f.inflation != f.baseline.inflation:
        lines.append(f"Inflation of {f.inflation:g}% a year instead of {f.baseline.inflation:g}%")
    return lines or ["No lever moved: the same as the baseline"]


@roles_only(READERS)
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """Every figure on the page, as CSV. Aggregates only; the download is audited."""
    f = _forecast_or_404(request, pk)
    r = f.results
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="forecast-{f.pk}.csv"'
    w = csv.writer(response)
    w.writerow(
        ["forecast", f.name, "kind", f.kind, "seed", f.seed, "runs", f.runs, "inputs_hash", f.inputs_hash]
    )
    w.writerow(["measure", "period", "mean", "p2.5", "p10", "p50", "p90", "p97.5"])
    for key, labels, name in (
        ("plans", r["census_years"], "plans at January census"),
        ("cost_ay", r["census_years"], "placement cost, academic year (£)"),
        ("cost_fy", r["fy_labels"], "placement cost, financial year (£)"),
        ("cumulative", r["fy_labels"], "cumulative DSG deficit at 31 March (£)"),
    ):
        for i, label in enumerate(labels):
            w.writerow([name, label, *[r[key][k][i] for k in services.BAND_KEYS]])
    w.writerow([])
    w.writerow(
        [
            "financial year",
            "allocation",
            "spend",
            "in-year balance",
            "historic residual",
            "new cumulative",
            "cumulative",
            "after override",
        ]
    )
    for row in r["deficit"]:
        w.writerow(
            [
                row["fy"],
                row["allocation"],
                row["spend"],
                row["in_year"],
                row["historic_residual"],
                row["new_cumulative"],
                row["cumulative"],
                "yes" if row["after_override"] else "no",
            ]
        )
    w.writerow([])
    w.writerow(
        [
            "setting type",
            *[f"plans Jan {y}" for y in r["census_years"]],
            *[f"cost Jan {y} (£)" for y in r["census_years"]],
        ]
    )
    for i, s in enumerate(r["settings"]):
        w.writerow([s["label"], *r["plans_by_setting"][i], *r["cost_by_setting"][i]])
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        obj=f,
        local_authority_id=f.local_authority_id,
        summary="Downloaded forecast CSV",
        request=request,
    )
    return response


@roles_only(READERS)
def sufficiency(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = request.GET.get("year", "")
    academic_year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    data = selectors.sufficiency(request.user, today, academic_year)
    years = sorted(
        {r.academic_year for r in selectors.capacity_records(request.user)} | {data["academic_year"]}
    )
    return render(
        request,
        "forecast/sufficiency.html",
        {
            **data,
            "years": years,
            "records": list(selectors.capacity_records(request.user, data["academic_year"])),
            "waiting_count": selectors.waiting_count(request.user),
            "may_see_children": request.user.role in LA_ROLES,
        },
    )


def _capacity_form(request: HttpRequest, obj: Any = None) -> HttpResponse:
    settings = list(selectors.specialist_settings(request.user))
    if obj is not None and obj.setting not in settings:
        settings.append(obj.setting)
    initial = {}
    if obj is not None:
        initial = {k: getattr(obj, k) for k in services.CAPACITY_FIELDS} | {"version": obj.version}
    else:
        initial = {"academic_year": selectors.academic_year_of(timezone.localdate())}
    form = CapacityForm(request.POST or None, initial=initial, settings=settings)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version", None)
        d["need"] = d.get("need") or ""
        try:
            services.save_capacity(
                user=request.user, data=d, record_obj=obj, version=version, request=request
            )
        except StaleRecord as exc:
            form.add_error(None, exc.message)
            form.data = form.data.copy()
            form.data["version"] = str(exc.current_version)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Capacity record saved.")
            return redirect(f"{_url('forecast:sufficiency')}?year={d['academic_year']}")
    return render(
        request,
        "forecast/form.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "title": "Change a capacity record" if obj else "Add a capacity record",
            "caption": "Sufficiency of specialist places",
            "button": "Save",
            "intro": (
                "Places commissioned at one provision for one academic year, "
                "from the high needs place change workbook."
            ),
        },
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@roles_only(READERS)
def capacity_new(request: HttpRequest) -> HttpResponse:
    return _capacity_form(request)


@roles_only(READERS)
def capacity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.capacity_record(request.user, pk)
    if obj is None:
        raise Http404("No such capacity record")
    return _capacity_form(request, obj)


@roles_only(LA_ROLES)
def waiting(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.waiting(request.user, today)
    record_child_list(
        request, [e.child_id for e in data["entries"]], "Children waiting for a specialist place"
    )
    return render(request, "forecast/waiting.html", {**data, "today": today})
