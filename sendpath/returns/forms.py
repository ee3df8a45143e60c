"""The form that starts a SEN2 run."""

from __future__ import annotations

from django import forms

from sendpath.returns.models import Officer


class StartForm(forms.Form):
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=())
    dmo = forms.ChoiceField(
        label="Is a Designated Medical Officer (DMO) in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
    )
    dco = forms.ChoiceField(
        label="Is a Designated Clinical Officer (DCO) in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
    )
    dsco = forms.ChoiceField(
        label="Is a Designated Social Care Officer (DSCO) in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, f"SEN2 {y}: activity in {y - 1}, census in January {y}") for y in years
        ]
