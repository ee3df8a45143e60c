"""Forms for the review steps. Each step form carries the review version it was opened against."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.plans.codes import CeaseReason
from sendpath.reviews.models import INVITEES, CeaseDecision, ReviewDecision


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConveneForm(forms.Form):
    meeting_on = GovDateField(
        label="Date of the review meeting",
        help_text="At least 2 weeks from today: invitations and advice must go out 2 weeks before.",
        error_messages={"required": "Enter the date of the meeting"},
    )
    invited = forms.MultipleChoiceField(
        label="Who has been invited (regulation 20(2))",
        choices=list(INVITEES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who has been invited"},
    )

    def __init__(
        self, *args: Any, invitees: dict[str, str] | None = None, regulation: int = 20, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["invited"].choices = list((invitees or INVITEES).items())
        self.fields["invited"].label = f"Who has been invited (regulation {regulation}(2))"


class MeetingForm(VersionedForm):
    held_on = GovDateField(label="Date the meeting was held", error_messages={"required": "Enter the date"})
    child_views = forms.CharField(
        label="The child's or young person's views", required=False, widget=forms.Textarea
    )
    family_views = forms.CharField(label="The family's views", required=False, widget=forms.Textarea)
    professional_views = forms.CharField(
        label="The professionals' views", required=False, widget=forms.Textarea
    )


class ReportForm(VersionedForm):
    recommendation = forms.ChoiceField(
        label="What does the meeting recommend?",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the meeting recommends"},
    )
    text = forms.CharField(
        label="Report of the meeting",
        widget=forms.Textarea,
        error_messages={"required": "Write the report"},
    )
    sent_on = GovDateField(label="Date the report was sent", error_messages={"required": "Enter the date"})


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="The council's decision",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    on = GovDateField(
        label="Date of the decision notice",
        help_text="If amending, the proposed amendments go with this notice.",
        error_messages={"required": "Enter the date"},
    )
    notes = forms.CharField(label="Reasons (optional)", required=False, widget=forms.Textarea)


class ProposeCeaseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for ceasing (SEN2 cease reason)",
        choices=[("", "Select a reason"), *CeaseReason.choices],
        required=False,
    )
    grounds = forms.CharField(
        label="Why the council is considering ceasing the plan",
        help_text="This goes to the family. The plan can cease only if the council is no longer "
        "responsible, or the plan is no longer needed (section 45).",
        required=False,
        widget=forms.Textarea,
    )
    on = GovDateField(
        label="Date the family was told", error_messages={"required": "Enter the date the family was told"}
    )


class ConsultCeaseForm(VersionedForm):
    family_on = GovDateField(
        label="Date the family gave their views",
        error_messages={"required": "Enter the date the family gave their views"},
    )
    family_views = forms.CharField(label="The family's views", required=False, widget=forms.Textarea)
    setting_on = GovDateField(label="Date the school or college gave its views", required=False)
    setting_views = forms.CharField(
        label="The head teacher's or principal's views",
        help_text="Needed when the plan names a school or college.",
        required=False,
        widget=forms.Textarea,
    )


class DecideCeaseForm(VersionedForm):
    decision = forms.ChoiceField(
        label="The council's decision",
        choices=CeaseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    on = GovDateField(label="Date of the decision", error_messages={"required": "Enter the date"})
    notice_on = GovDateField(
        label="Date the notice with appeal rights was sent",
        help_text="Only if ceasing. The appeal window runs from this date.",
        required=False,
    )
    notes = forms.CharField(label="Reasons (optional)", required=False, widget=forms.Textarea)


class CeaseForm(VersionedForm):
    on = GovDateField(
        label="Date the plan ceases",
        help_text="After the appeal window has closed with no appeal.",
        error_messages={"required": "Enter the date"},
    )


class MoveForm(forms.Form):
    move_on = GovDateField(
        label="Date of the move",
        help_text="The day the young person starts at the new school or college.",
        error_messages={"required": "Enter the date of the move"},
    )
    to_setting = forms.ChoiceField(label="New school or college (if known)", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=300, widget=forms.Textarea)

    def __init__(self, *args: Any, settings: list[tuple[int, str]] = (), **kw: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kw)
        self.fields["to_setting"].choices = [("", "Not known yet"), *[(str(k), v) for k, v in settings]]
