"""Form helpers that turn Django forms into GOV.UK Frontend macro parameters.

Forms are ordinary Django forms (validation, cleaning); templates render their fields with
the govuk-frontend-jinja macros through ``govuk_field`` and ``govuk_error_summary``, so
every error appears both in the summary and beside its field, and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class GovDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, named ``<name>-day`` etc, as GOV.UK asks."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [(data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]


class GovDateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK's error messages."""

    widget = GovDateWidget

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        day, month, year = value if isinstance(value, list | tuple) else (None, None, None)
        if not any([day, month, year]):
            return None
        label = (self.label or "date").lower()
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"The {label} must include a {' and '.join(missing)}")
        try:
            d, m, y = int(day), int(month), int(year)
        except ValueError as exc:
            raise forms.ValidationError(f"The {label} must be a real date, in numbers") from exc
        if y < 1900 or y > 2200:
            raise forms.ValidationError(f"The {label} must include a year with 4 numbers")
        try:
            return dt.date(y, m, d)
        except ValueError as exc:
            raise forms.ValidationError(f"The {label} must be a real date") from exc


def _field_value(bound: forms.BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def govuk_field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for govukInput, govukSelect, govukRadios or govukDateInput."""
    field = bound.field
    params: dict[str, Any] = {
        "id": bound.id_for_label or bound.html_name,
        "name": bound.html_name,
        "label": {"text": bound.label, "classes": "govuk-label--s"},
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound.errors)}
    if isinstance(field, GovDateField):
        if bound.form.is_bound:
            day, month, year = field.widget.value_from_datadict(bound.form.data, None, bound.html_name)
        else:
            day, month, year = field.widget.decompress(bound.initial)
        params.pop("label")
        params["id"] = bound.html_name
        params["namePrefix"] = bound.html_name
        params["fieldset"] = {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}}
        err = " govuk-input--error" if bound.errors else ""
        params["items"] = [
            {"name": "day", "label": "Day", "classes": "govuk-input--width-2" + err, "value": day or ""},
            {
                "name": "month",
                "label": "Month",
                "classes": "govuk-input--width-2" + err,
                "value": month or "",
            },
            {"name": "year", "label": "Year", "classes": "govuk-input--width-4" + err, "value": year or ""},
        ]
    elif isinstance(field, forms.ChoiceField):
        current = str(_field_value(bound))
        params["items"] = [
            {"value": str(v), "text": str(t), "selected": str(v) == current, "checked": str(v) == current}
            for v, t in field.choices
        ]
        params["value"] = current
    else:
        params["value"] = _field_value(bound)
    for key, value in extra.items():
        if key == "label_classes":
            params["label"]["classes"] = value
        else:
            params[key] = value
    return params


def govuk_error_summary(form: forms.Form) -> dict[str, Any] | None:
    """Parameters for govukErrorSummary, each error linking to its field."""
    if not form.is_bound or not form.errors:
        return None
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items += [{"text": str(e)} for e in errors]
            continue
        bound = form[name]
        anchor = bound.id_for_label or bound.html_name
        if isinstance(bound.field, GovDateField):
            anchor = f"{bound.html_name}-day"
        items += [{"text": str(e), "href": f"#{anchor}"} for e in errors]
    return {"titleText": "There is a problem", "errorList": items}


def field_kind(bound: forms.BoundField) -> str:
    """Which GOV.UK macro renders this field: date, radios, select, textarea, hidden or input."""
    field, widget = bound.field, bound.field.widget
    if isinstance(field, GovDateField):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(field, forms.ChoiceField):
        return "select"
    if isinstance(field, forms.FileField):
        return "file"
    return "input"


def select_items(pairs: Any, current: str, blank: str | None = None) -> list[dict[str, Any]]:
    """Items for govukSelect from (value, text) pairs, marking the current value selected."""
    items = [{"value": "", "text": blank, "selected": current == ""}] if blank is not None else []
    items += [{"value": str(v), "text": str(t), "selected": str(v) == current} for v, t in pairs]
    return items
