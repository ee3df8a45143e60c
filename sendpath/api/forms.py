from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text=(
            "For example, 'School MIS nightly sync'. "
            "Everyone in your organisation who manages tokens sees this."
        ),
        max_length=80,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 80 characters or fewer",
        },
    )
