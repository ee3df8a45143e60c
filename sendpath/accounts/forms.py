"""Sign-in forms."""

from __future__ import annotations

from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password", strip=False, error_messages={"required": "Enter your password"}
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=12,
        error_messages={"required": "Enter the security code"},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("The security code must be 6 numbers")
        return code
