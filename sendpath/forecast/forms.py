"""Forms for a baseline forecast, a scenario's levers and a capacity record."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.forecast.models import Confidence, ProvisionType
from sendpath.organisations.models import Phase
from sendpath.plans.codes import NeedType


def _int(
    label: str, help_text: str = "", required: bool = True, min_value: int | None = 0, **kw: Any
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=min_value,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a whole number, like 1200",
            "min_value": f"The {label.lower()} must be {min_value} or more",
            "max_value": f"The {label.lower()} is too large",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        **kw,
    )


def _pct(label: str, help_text: str = "", required: bool = True, initial: Any = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        initial=initial,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a number, like 3.5",
            "max_digits": f"The {label.lower()} is too large",
            "max_decimal_places": f"The {label.lower()} can have at most 2 decimal places",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )


class BaselineForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name for the forecast"}
    )
    census_date = GovDateField(
        label="Census date", help_text="The January census the forecast starts from, for example 15 1 2026."
    )
    years = _int("Years to forecast", "From 5 to 10.", min_value=5, max_value=10, initial=10)
    population = _int("Population aged 0 to 25", "The ONS mid-year estimate for your area.", min_value=1000)
    population_growth = _pct("Population growth, % a year", initial=0)
    hnb_allocation = _int(
        "High Needs Block allocation, £",
        "For the financial year that starts in April after the census.",
        min_value=1,
    )
    allocation_growth = _pct("Allocation growth, % a year", initial=0)
    other_spend = _int(
        "Other High Needs spending, £ a year",
        "Support services, hospital education and other spending that is not a placement.",
        initial=0,
    )
    opening_deficit = _int(
        "Cumulative DSG deficit at 31 March, £",
        "At the end of the financial year the census falls in. Enter 0 for none.",
        initial=0,
    )
    write_off_share = _pct(
        "Share of that deficit written off, %",
        "90% under the high needs stability grant, once a local SEND reform plan is approved.",
        initial=90,
    )
    inflation = _pct("Inflation on costs, % a year", initial=3)
    runs = _int(
        "Simulations",
        "More simulations give steadier bands and take longer. 1,000 is usual.",
        min_value=100,
        max_value=5000,
        initial=1000,
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label="Scenario name", max_length=120, error_messages={"required": "Enter a name for the scenario"}
    )
    description = forms.CharField(
        label="What it tests (optional)",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    request_factor = _pct(
        "Requests for assessment, % of today's rate",
        "100 keeps today's rate; 80 means a fifth fewer requests.",
        initial=100,
    )
    request_from = _int(
        "From academic year (requests)",
        "The year the academic year starts, for example 2027.",
        required=False,
    )
    dsp_places = _int(
        "New DSP or resourced places",
        "Children who would have gone to a special or independent school go to these instead, "
        "up to this many.",
        initial=0,
    )
    dsp_from = _int("Year the new places open", "The year the academic year starts.", required=False)
    iss_reduction = _pct(
        "Fewer independent school placements, %",
        "The share of children who would join or move to an independent special school who go elsewhere.",
        initial=0,
    )
    iss_to = forms.ChoiceField(
        label="Where they go instead",
        choices=[
            ("special", "State special school"),
            ("resourced", "DSP or resourced provision"),
            ("mainstream", "Mainstream school"),
        ],
        initial="special",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the children go instead",
            "invalid_choice": "Choose where the children go instead",
        },
    )
    iss_from = _int("From academic year (independent schools)", required=False)
    inflation = _pct(
        "Inflation on costs, % a year (optional)", "Leave empty to keep the baseline's.", required=False
    )


class CapacityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    setting_id = forms.TypedChoiceField(
        label="Setting",
        coerce=int,
        error_messages={
            "required": "Choose the setting",
            "invalid_choice": "Choose one of your area's settings",
        },
    )
    provision = forms.ChoiceField(
        label="Type of provision",
        choices=ProvisionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of provision"},
    )
    academic_year = _int(
        "Academic year",
        "The year it starts, for example 2026 for 2026 to 2027.",
        min_value=2000,
        max_value=2100,
    )
    phase = forms.ChoiceField(
        label="Phase", choices=Phase.choices, error_messages={"required": "Choose the phase"}
    )
    need = forms.ChoiceField(
        label="Need served", choices=[("", "Any need"), *NeedType.choices], required=False
    )
    places_10k = _int("Commissioned places at £10,000", initial=0)
    places_6k = _int("Commissioned places at £6,000", initial=0)
    physical = _int("Physical capacity (optional)", required=False)
    planned_change = _int(
        "Places added by a capital project", "Negative if places close.", min_value=-5000, initial=0
    )
    confidence = forms.ChoiceField(
        label="Confidence in the change", choices=Confidence.choices, initial=Confidence.CONFIRMED
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, settings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting_id"].choices = [("", "Choose a setting"), *[(s.pk, s.name) for s in settings]]
