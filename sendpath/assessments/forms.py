"""Forms for the casework actions. Each carries the case version it was opened against."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.assessments.models import AdviceKind, ExceptionKind
from sendpath.common.forms import GovDateField
from sendpath.plans.codes import NeedType


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecideAssessForm(VersionedForm):
    assess = forms.ChoiceField(
        label="Will we carry out an EHC needs assessment?",
        choices=[("yes", "Yes, we will assess"), ("no", "No, we will not assess")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether we will assess"},
    )
    on = GovDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )


class DecideIssueForm(VersionedForm):
    issue = forms.ChoiceField(
        label="Will we issue an EHC plan?",
        choices=[("yes", "Yes, we will write a draft plan"), ("no", "No, we will not issue a plan")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether we will issue a plan"},
    )
    on = GovDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )


class DateForm(VersionedForm):
    on = GovDateField(label="Date", error_messages={"required": "Enter the date"})


class WithdrawForm(VersionedForm):
    on = GovDateField(label="Date the request ended", error_messages={"required": "Enter the date"})
    note = forms.CharField(
        label="Why did the request end?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Say why the request ended"},
    )


class IssuePlanForm(VersionedForm):
    on = GovDateField(label="Date the final plan is issued", error_messages={"required": "Enter the date"})
    named_setting = forms.ChoiceField(
        label="Setting named in section I", error_messages={"required": "Select the setting"}
    )
    primary_need = forms.ChoiceField(label="Primary type of need", choices=NeedType.choices)

    def __init__(self, *args: Any, settings: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["named_setting"].choices = [("", "Select a setting")] + [
            (str(s.pk), s.name) for s in settings
        ]


class AdviceRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Advice needed", choices=[c for c in AdviceKind.choices if c[0] != "family"]
    )
    service = forms.ChoiceField(
        label="Service to ask", required=False, help_text="Not needed for educational advice"
    )
    setting = forms.ChoiceField(
        label="School or setting to ask", required=False, help_text="For educational advice"
    )
    requested_on = GovDateField(
        label="Date asked", error_messages={"required": "Enter the date the advice was asked for"}
    )

    def __init__(self, *args: Any, services: list[Any] = (), settings: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "None")] + [(str(s.pk), s.name) for s in services]
        self.fields["setting"].choices = [("", "None")] + [(str(s.pk), s.name) for s in settings]


class ExceptionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of exception",
        choices=ExceptionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of exception"},
    )
    start_on = GovDateField(label="Start date", error_messages={"required": "Enter the start date"})
    end_on = GovDateField(label="End date", error_messages={"required": "Enter the end date"})
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea,
        error_messages={"required": "Describe the evidence for the exception"},
    )
    family_told_on = GovDateField(label="Date the family was told", required=False)


class ConsultForm(forms.Form):
    setting = forms.ChoiceField(label="Setting to consult", error_messages={"required": "Select the setting"})
    sent_on = GovDateField(
        label="Date the consultation was sent", error_messages={"required": "Enter the date"}
    )

    def __init__(self, *args: Any, settings: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [("", "Select a setting")] + [(str(s.pk), s.name) for s in settings]
