"""Forms for the finance officer's pages: budget lines, band rates, costs and placements.

Amounts are typed in pounds (a £ sign and commas are fine) and held in pence.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.funding.codes import Category, Component, S251Line, TopUpBasis


class MoneyField(forms.CharField):
    """Pounds and pence, as typed ("£12,400" or "12400.50"), cleaned to whole pence."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if text in (None, ""):
            return None
        label = (self.label or "amount").lower()
        raw = str(text).replace("£", "").replace(",", "").replace(" ", "")
        try:
            pounds = Decimal(raw)
        except InvalidOperation as exc:
            raise forms.ValidationError(
                f"Enter the {label} in pounds, for example 12,400 or 12400.50"
            ) from exc
        if not pounds.is_finite() or abs(pounds) >= Decimal("10000000000"):
            raise forms.ValidationError(f"Enter the {label} in pounds, for example 12,400 or 12400.50")
        if pounds < 0 and not self.allow_negative:
            raise forms.ValidationError(f"The {label} must be zero or more")
        if pounds != pounds.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"The {label} can have at most 2 numbers after the decimal point")
        return int((pounds * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pounds(pence: int | None) -> str:
    """1234550 → '12,345.50' for putting back in a form."""
    if pence is None:
        return ""
    return f"{Decimal(pence) / 100:,.2f}"


LINE_CHOICES = [("", "Select a line")] + list(S251Line.choices)
CATEGORY_CHOICES = [("", "Select a category")] + list(Category.choices)


class BudgetForm(forms.Form):
    s251_line = forms.ChoiceField(
        label="Section 251 line",
        choices=LINE_CHOICES,
        error_messages={"required": "Select the section 251 line"},
    )
    category = forms.ChoiceField(
        label="Category",
        choices=CATEGORY_CHOICES,
        error_messages={"required": "Select the category"},
    )
    amount = MoneyField(
        label="Budget for the year",
        help_text="In pounds, for example 1,250,000",
        error_messages={"required": "Enter the budget in pounds"},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BandRateForm(forms.Form):
    code = forms.CharField(
        label="Band code",
        max_length=12,
        help_text="For example B3",
        error_messages={
            "required": "Enter the band code",
            "max_length": "The band code must be 12 characters or fewer",
        },
    )
    descriptor = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The description must be 200 characters or fewer"},
    )
    amount = MoneyField(
        label="Annual top-up",
        help_text="In pounds a year, for example 4,500",
        error_messages={"required": "Enter the band's annual top-up in pounds"},
    )
    valid_from = GovDateField(
        label="Applies from",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the date the rate applies from"},
    )
    valid_to = GovDateField(
        label="Applies until (optional)", required=False, help_text="Leave empty if it has no end date yet"
    )
    replace = forms.ChoiceField(
        label="Does this rate replace the band's current rate?",
        choices=[
            ("no", "No, it is a new band or fills a gap"),
            ("yes", "Yes, end the current rate the day before"),
        ],
        initial="no",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this rate replaces the current one"},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditBandRateForm(BandRateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]
        del self.fields["replace"]


class CostForm(forms.Form):
    """A cost that is not a placement: a service, a therapy, a consultant's invoice."""

    category = forms.ChoiceField(
        label="What was it for?",
        choices=CATEGORY_CHOICES,
        error_messages={"required": "Select what the cost was for"},
    )
    component = forms.ChoiceField(
        label="Kind of cost",
        choices=[("", "Select the kind of cost")] + list(Component.choices),
        error_messages={"required": "Select the kind of cost"},
    )
    s251_line = forms.ChoiceField(
        label="Section 251 line (optional)",
        required=False,
        choices=[("", "The usual line for the category")] + list(S251Line.choices),
    )
    supplier = forms.ChoiceField(label="Paid to", error_messages={"required": "Select the supplier paid"})
    amount = MoneyField(
        label="Amount",
        allow_negative=True,
        help_text="In pounds. A refund or correction is a negative amount, for example -250",
        error_messages={"required": "Enter the amount in pounds"},
    )
    period_start = GovDateField(
        label="Date, or first day of the period", error_messages={"required": "Enter the date of the cost"}
    )
    period_end = GovDateField(label="Last day of the period (optional)", required=False)
    description = forms.CharField(
        label="Description",
        max_length=200,
        help_text="What was bought. For a consultant, the purpose of the engagement.",
        error_messages={
            "required": "Enter a description",
            "max_length": "The description must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, suppliers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [("", "Select a supplier")] + suppliers


class PlacementForm(forms.Form):
    """How a placement is paid for."""

    end_on = GovDateField(label="Placement end date (optional)", required=False)
    place = forms.ChoiceField(
        label="Place funding",
        choices=[("1000000", "£10,000"), ("600000", "£6,000"), ("0", "None")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the place funding"},
    )
    place_funded_by = forms.ChoiceField(
        label="Place funded by",
        choices=[
            ("provider_la", "The provider local authority"),
            ("dfe", "DfE"),
            ("none", "Nobody (no place funding)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who funds the place"},
    )
    top_up_basis = forms.ChoiceField(
        label="How is the top-up set?",
        choices=TopUpBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the top-up is set"},
    )
    band = forms.ChoiceField(label="Band (if the top-up is a band)", required=False)
    bespoke_amount = MoneyField(label="Bespoke package, a year (if bespoke)", required=False)
    bespoke_reason = forms.CharField(
        label="Why a bespoke package (if bespoke)", required=False, max_length=300
    )
    bespoke_approved_by = forms.CharField(label="Approved by (if bespoke)", required=False, max_length=120)
    bespoke_approved_on = GovDateField(label="Date approved (if bespoke)", required=False)
    residential_amount = MoneyField(
        label="Residential costs, a year", required=False, help_text="Leave empty if none"
    )
    extras_amount = MoneyField(
        label="Extras priced separately, a year", required=False, help_text="For example 1:1 support"
    )
    education_percent = forms.IntegerField(
        label="Education share (%)",
        min_value=0,
        max_value=100,
        error_messages={"required": "Enter the education share"},
    )
    social_care_percent = forms.IntegerField(
        label="Social care share (%)", min_value=0, max_value=100, initial=0
    )
    health_percent = forms.IntegerField(label="Health share (%)", min_value=0, max_value=100, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, bands: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "No band")] + bands
