"""Forms for writing a plan. Validation of the plan's rules lives in ``plans.services``;
these forms only shape the input, so every DomainError can be shown beside its field."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.plans.models import NeedArea, ProvisionSection, Section


class SectionTextForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="Text of the section", required=False, widget=forms.Textarea)


class PlacementForm(SectionTextForm):
    """Section I: the setting named, and the text (the type of setting, or why)."""

    named_setting = forms.ChoiceField(label="School or college named in the plan", required=False)

    def __init__(self, *args: Any, settings: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["named_setting"].choices = [
            ("", "None: name a type of setting in the text"),
            *[(str(k), v) for k, v in settings],
        ]


class NeedForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    area = forms.ChoiceField(
        label="Area of need", choices=[("", "Select an area"), *NeedArea.choices], required=False
    )
    description = forms.CharField(label="Describe the need", required=False, widget=forms.Textarea)


class OutcomeForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="The outcome",
        required=False,
        widget=forms.Textarea,
        help_text="Specific: what the child will be able to do.",
    )
    timeframe = forms.CharField(
        label="By when", required=False, max_length=100, help_text="For example: by the end of Year 6"
    )
    needs = forms.MultipleChoiceField(
        label="Needs this outcome addresses", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, needs: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [(str(k), v) for k, v in needs]


class ProvisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    section = forms.ChoiceField(label="Section of the plan", choices=ProvisionSection.choices)
    what = forms.CharField(label="What the provision is", required=False, widget=forms.Textarea)
    who = forms.CharField(label="Who delivers it", required=False, max_length=200)
    frequency = forms.CharField(
        label="How often", required=False, max_length=200, help_text="For example: 3 times a week"
    )
    duration = forms.CharField(
        label="For how long", required=False, max_length=200, help_text="For example: 30 minutes each time"
    )
    where = forms.CharField(label="Where", required=False, max_length=200)
    outcomes = forms.MultipleChoiceField(
        label="Outcomes this provision serves", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, outcomes: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = [(str(k), v) for k, v in outcomes]


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Why is the plan being amended?", required=False, max_length=200, widget=forms.Textarea
    )


class IssueForm(forms.Form):
    on = GovDateField(
        label="Date this version is issued",
        error_messages={"required": "Enter the date this version is issued"},
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Which section is your comment about?",
        required=False,
        choices=[("", "The whole plan"), *Section.choices],
    )
    text = forms.CharField(label="Your comment", required=False, widget=forms.Textarea)
    requested_setting = forms.ChoiceField(
        label="School or setting you would like named in section I (optional)", required=False
    )

    def __init__(self, *args: Any, settings: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["requested_setting"].choices = [("", "No request"), *[(str(k), v) for k, v in settings]]


class SendDraftForm(forms.Form):
    on = GovDateField(
        label="Date the draft was sent to the family",
        help_text="Their 15 days for comments start on this day.",
        error_messages={"required": "Enter the date the draft was sent"},
    )


class RecordCommentForm(CommentForm):
    """A comment the family sent by post, email or phone, recorded by the council."""

    received_on = GovDateField(
        label="Date the comment was received",
        error_messages={"required": "Enter the date the comment was received"},
    )
