"""Forms for a child's core record."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.common.forms import GovDateField
from sendpath.people.codes import Ethnicity, Sex, UPNUnknown
from sendpath.people.services import clean_identifiers


class ChildForm(forms.Form):
    """The details a coordinator or data officer can correct. Identifiers are checked by
    ``people.services`` using ``sendpath.law.identifiers``."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(max_length=100, error_messages={"required": "Enter the first name"})
    last_name = forms.CharField(max_length=100, error_messages={"required": "Enter the last name"})
    date_of_birth = GovDateField(
        label="Date of birth",
        help_text="For example, 27 3 2014",
        error_messages={"required": "Enter the date of birth"},
    )
    sex = forms.ChoiceField(choices=Sex.choices, error_messages={"required": "Select the sex"})
    ethnicity = forms.ChoiceField(choices=Ethnicity.choices, label="Ethnicity")
    postcode = forms.CharField(max_length=40, error_messages={"required": "Enter the postcode"})
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=40,
        help_text="13 characters, starting with a letter, for example R873200124123",
    )
    uln = forms.CharField(
        label="Unique learner number (ULN)",
        required=False,
        max_length=40,
        help_text="10 digits, for young people in further education",
    )
    upn_unknown = forms.ChoiceField(
        label="If the UPN and ULN are not known, why not",
        choices=[("", "Not applicable: UPN or ULN given"), *UPNUnknown.choices],
        required=False,
    )
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=40, help_text="10 digits, like 943 476 5919"
    )

    def clean(self) -> dict[str, Any]:
        """Check every identifier at once, so the person sees all the problems together."""
        data = super().clean()
        cleaned, errors = clean_identifiers(data)
        for name, message in errors.items():
            if name in self.fields:
                self.add_error(name, message)
        return {**data, **{k: v for k, v in cleaned.items() if k not in errors}}
