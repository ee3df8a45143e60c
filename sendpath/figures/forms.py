"""The form a manager uses to change a performance target."""

from __future__ import annotations

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.figures.models import TargetKind


class TargetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name of the ambition", max_length=120)
    baseline_label = forms.CharField(
        label="Baseline period", max_length=20, help_text='As it is named, for example "2024-25"'
    )
    baseline_start = GovDateField(label="First day of the baseline period")
    baseline_end = GovDateField(label="Last day of the baseline period")
    baseline_value = forms.CharField(
        label="Published baseline (%) (optional)",
        required=False,
        max_length=6,
        help_text="Leave empty to use the figure worked out from our records for the baseline period.",
    )
    kind = forms.ChoiceField(
        label="How the improvement is measured",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the improvement is relative or in percentage points"},
    )
    change = forms.CharField(label="How much better", max_length=6, help_text="15 for 'improve by 15%'")
    due_on = GovDateField(label="Date the target is due")
    source = forms.CharField(
        label="Where the target comes from (optional)", required=False, max_length=300, widget=forms.Textarea
    )
