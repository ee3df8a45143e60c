"""Forms for opening a dispute and recording each step. Step forms carry the dispute version
they were opened against, so a stale save is refused and what was typed is kept."""

from __future__ import annotations

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.disputes.codes import (
    APPEAL_OUTCOMES,
    DecisionAppealed,
    OrderMade,
    Outcome,
    PlanSection,
    RootCause,
)
from sendpath.disputes.costs import ITEMS, OFFICER_ROLES


def _date(label: str, help_text: str = "") -> GovDateField:
    return GovDateField(
        label=label, help_text=help_text, error_messages={"required": f"Enter the {label.lower()}"}
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OpenForm(forms.Form):
    decision_appealed = forms.ChoiceField(
        label="Which decision does the family disagree with?",
        choices=DecisionAppealed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision the family disagrees with"},
    )
    sections = forms.MultipleChoiceField(
        label="Sections of the plan in dispute",
        help_text="For a disagreement about the plan's content. The tribunal can order changes to B, F "
        "and I; health and social care sections only as recommendations.",
        choices=PlanSection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision_sent_on = _date("Date the decision notice was sent", "For example, 27 3 2026")


class MediationForm(VersionedForm):
    contacted_on = _date("Date the family contacted the mediation adviser")
    wanted = forms.ChoiceField(
        label="Does the family want mediation?",
        choices=[("yes", "Yes, they want mediation"), ("no", "No, they want the certificate only")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the family wants mediation"},
    )


class HeldForm(VersionedForm):
    held_on = _date("Date mediation was held")


class CertificateForm(VersionedForm):
    issued_on = _date("Date the certificate was issued")


ORDER_CHOICES = [(v, t) for v, t in OrderMade.choices if v != OrderMade.DISMISS_CEASE_APPEAL]


class AgreementForm(VersionedForm):
    agreed_on = _date("Date of the agreement")
    order_made = forms.ChoiceField(
        label="What did the council agree to do?",
        help_text="For matters that could be appealed, the regulation 44 time limits apply (reg 42(2)); "
        "otherwise 2 weeks (reg 42(3)).",
        choices=ORDER_CHOICES,
        required=False,
    )
    details = forms.CharField(label="What was agreed", widget=forms.Textarea)


class AppealForm(VersionedForm):
    lodged_on = _date("Date the appeal was registered")
    reference = forms.CharField(label="Tribunal reference (optional)", required=False, max_length=30)


class ResponseForm(VersionedForm):
    sent_on = _date("Date the council's response was sent")


class UnopposedForm(VersionedForm):
    notified_on = _date("Date the council told the tribunal it will not oppose")
    details = forms.CharField(
        label="What the council will do (optional)", required=False, widget=forms.Textarea
    )


class HearingForm(VersionedForm):
    hearing_on = _date("Date of the hearing", "The date the tribunal listed; it can be in the future")


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="How did the appeal end?",
        choices=[(v, t) for v, t in Outcome.choices if v in APPEAL_OUTCOMES and v != Outcome.UNOPPOSED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the appeal ended"},
    )
    decided_on = _date("Date of the decision, order or withdrawal")
    order_made = forms.ChoiceField(
        label="What must the council do?",
        help_text="Leave as 'Nothing' for a withdrawal or a dismissed appeal.",
        choices=ORDER_CHOICES,
        required=False,
    )
    details = forms.CharField(label="The order in words (optional)", required=False, widget=forms.Textarea)


class StepForm(VersionedForm):
    step_id = forms.TypedChoiceField(
        label="What has been done?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has been done"},
    )
    done_on = _date("Date it was done")

    def __init__(self, *args: object, steps: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["step_id"].choices = list(steps)


class CloseForm(VersionedForm):
    closed_on = _date(
        "Date the dispute ended", "The day the family said they would not appeal, or the window closed"
    )


class CausesForm(VersionedForm):
    causes = forms.MultipleChoiceField(
        label="Why did this dispute happen?",
        choices=RootCause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label="More about the causes (optional)", required=False, widget=forms.Textarea)


class CostForm(forms.Form):
    item = forms.ChoiceField(
        label="What was the cost for?",
        choices=list(ITEMS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the cost was for"},
    )
    on = GovDateField(
        label="Date of the cost",
        help_text="The invoice date, or the day the time was spent",
        required=False,  # the service checks it, with every other problem at once
    )
    amount = forms.CharField(
        label="Amount in pounds",
        help_text="Not for officer time. A negative amount corrects an earlier line.",
        required=False,
    )
    supplier_name = forms.CharField(label="Who was paid", required=False, max_length=160)
    officer_role = forms.ChoiceField(
        label="Officer time: whose time",
        choices=[("", "Not officer time"), *OFFICER_ROLES.items()],
        required=False,
    )
    hours = forms.CharField(label="Officer time: hours", required=False)
    rate = forms.CharField(
        label="Officer time: hourly rate in pounds (optional)",
        help_text="Leave empty to use the council's standard rate for that date.",
        required=False,
    )
    description = forms.CharField(label="Description (optional)", required=False, max_length=200)
