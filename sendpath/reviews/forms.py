"""Forms for the review steps. Each step form carries the review version it was opened against."""

from __future__ import annotations

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.reviews.models import INVITEES, ReviewDecision


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
