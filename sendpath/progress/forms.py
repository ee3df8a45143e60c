"""Forms for progress: a rating (three taps: a level, an optional note, save), a target,
and the pupil profile."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.progress.models import NOTE_LIMIT, TARGET_LIMIT, Level, RetireReason


class RatingForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(
        label="How far have they got?",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how far the pupil has got with this target",
            "invalid_choice": "Select how far the pupil has got with this target",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )


class TargetForm(forms.Form):
    outcome_key = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome this target works towards",
            "invalid_choice": "Select the outcome this target works towards",
        },
    )
    text = forms.CharField(
        label="Target",
        help_text=(
            "A small step towards the outcome, for example: "
            "uses a visual timetable to move between activities."
        ),
        max_length=TARGET_LIMIT,
        error_messages={
            "required": "Enter the target",
            "max_length": f"The target must be {TARGET_LIMIT} characters or fewer",
        },
    )
    teachers = forms.MultipleChoiceField(
        label="Teachers who will rate it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select teachers from your school only"},
    )

    def __init__(self, *args: Any, outcomes: list[Any], teachers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome_key"].choices = [(o.key, o.text) for o in outcomes]
        self.fields["teachers"].choices = [(str(t.pk), t.full_name) for t in teachers]


class ProfileForm(forms.Form):
    strategies = forms.CharField(
        label="Strategies that help",
        help_text="What works for this pupil. Their teachers see this beside the targets.",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "Strategies that help must be 5,000 characters or fewer"},
    )


class RetireForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is this target being retired?",
        choices=RetireReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the target is being retired"},
    )
    note = forms.CharField(
        label="Note (optional unless 'Another reason')",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )
