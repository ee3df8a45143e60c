"""The online request for an EHC needs assessment: a family's, without an account, one
question to a page (GOV.UK "question pages"), and a school's, from a pupil's record.

Why one question to a page: most families fill this in on a phone, often tired and worried.
Each page asks one thing, checks it, and keeps what was typed when it is wrong. Answers live
in the session until "Check your answers", so nothing is stored about a child until the
family chooses to send the request. The answers are checked again when it is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from markupsafe import Markup, escape

from sendpath.assessments import intake
from sendpath.assessments.intake import NOT_IN_SETTING, TEXT_MAX, Requester
from sendpath.common.errors import DomainError
from sendpath.common.forms import GovDateField, field_kind, govuk_error_summary, govuk_field
from sendpath.law.clocks import decision_to_assess_due
from sendpath.organisations.models import LocalAuthority
from sendpath.organisations.selectors import settings_in
from sendpath.people.codes import Sex

ANSWERS, SENT = "online_request", "online_request_sent"
#: More settings than this and the school question is a drop-down rather than radios.
RADIO_LIMIT = 10


def _name(answers: dict[str, Any], possessive: bool = False) -> str:
    """'Sam', "Sam's", 'you' or 'your': pages speak to the person filling them in."""
    if answers.get("who") == Requester.YOUNG_PERSON:
        return "your" if possessive else "you"
    name = answers.get("first_name") or ("the child" if not possessive else "the child")
    return f"{name}'s" if possessive else name


def _you(answers: dict[str, Any]) -> bool:
    return answers.get("who") == Requester.YOUNG_PERSON


# -- one form a page -------------------------------------------------------------------------
class StepForm(forms.Form):
    """A question page's form. Titles, hints and messages may say {name}, {names} (Sam's or
    your), {they}, {them}, {their} and {do}: pages speak to whoever is filling them in."""

    title = ""
    hint = ""
    #: Error messages by field, then by kind of error.
    messages: dict[str, dict[str, str]] = {}
    #: Extra GOV.UK macro parameters by field name (autocomplete, widths).
    extra: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, answers: dict[str, Any], **kwargs: Any) -> None:
        self.answers = answers
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and field.max_length:
                what = "Your answer" if isinstance(field.widget, forms.Textarea) else field.label
                field.error_messages["max_length"] = f"{what} must be {field.max_length:,} characters or less"
            for kind, message in self.messages.get(name, {}).items():
                field.error_messages[kind] = self.words(message)

    def words(self, text: str) -> str:
        you = _you(self.answers)
        return text.format(
            name=_name(self.answers),
            names=_name(self.answers, possessive=True),
            they="you" if you else "they",
            them="you" if you else "them",
            their="your" if you else "their",
            do="do" if you else "does",
            has="have" if you else "has",
        )

    def heading(self) -> str:
        return self.words(self.title)

    def stored(self) -> dict[str, str]:
        """The answers to keep in the session (JSON: dates as ISO strings)."""
        return {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in self.cleaned_data.items()}

    @staticmethod
    def check(problem: str | None) -> None:
        """Refuse the answer with the reason the rules in ``intake`` give, if any."""
        if problem:
            raise forms.ValidationError(problem)


class WhoForm(StepForm):
    title = "Who is asking for the assessment?"
    who = forms.ChoiceField(label="Who is asking", choices=Requester.choices, widget=forms.RadioSelect)
    messages = {"who": {"required": "Select who is asking for the assessment"}}


class CouncilForm(StepForm):
    title = "Which council is responsible for {them}?"
    hint = "This is usually the council for the area where {they} live."
    local_authority = forms.ChoiceField(label="Council", widget=forms.RadioSelect)
    messages = {"local_authority": {"required": "Select the council"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [(str(la.pk), la.name) for la in intake.local_authorities()]


class NameForm(StepForm):
    first_name = forms.CharField(label="First name", max_length=intake.NAME_MAX)
    last_name = forms.CharField(label="Last name", max_length=intake.NAME_MAX)
    messages = {
        "first_name": {"required": "Enter {their} first name"},
        "last_name": {"required": "Enter {their} last name"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        you = _you(self.answers)
        self.title = "What is your name?" if you else "What is the child or young person's name?"
        # A parent's browser would offer the parent's own name: only a young person's is theirs.
        self.extra = {
            "first_name": {"autocomplete": "given-name" if you else "off", "spellcheck": False},
            "last_name": {"autocomplete": "family-name" if you else "off", "spellcheck": False},
        }


class DateOfBirthForm(StepForm):
    title = "What is {names} date of birth?"
    hint = "For example, 27 3 2015"
    date_of_birth = GovDateField(label="Date of birth")
    messages = {"date_of_birth": {"required": "Enter {their} date of birth"}}

    def clean_date_of_birth(self) -> dt.date:
        dob = self.cleaned_data["date_of_birth"]
        self.check(intake.date_of_birth_problem(dob, _you(self.answers), intake.services.today()))
        return dob


class SexForm(StepForm):
    title = "What is {names} sex?"
    hint = "Councils must tell the Department for Education this about every request."
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    messages = {"sex": {"required": "Select {their} sex"}}


class PostcodeForm(StepForm):
    title = "What is {names} postcode?"
    hint = "The postcode of the home where {they} live, like LE1 6ZG."
    postcode = forms.CharField(label="Postcode", max_length=20)
    messages = {
        "postcode": {
            "required": "Enter {their} postcode",
            "max_length": "Enter a full UK postcode, like LE1 6ZG",
        }
    }
    extra = {"postcode": {"classes": "govuk-input--width-10", "autocomplete": "postal-code"}}

    def clean_postcode(self) -> str:
        postcode, problem = intake.postcode_problem(self.cleaned_data["postcode"])
        self.check(problem)
        return postcode


class SchoolForm(StepForm):
    title = "Which school, college or nursery {do} {name} go to?"
    setting = forms.ChoiceField(label="School, college or nursery")
    messages = {
        "setting": {"required": "Select {their} school, college or nursery, or say {they} are not in one"}
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = self.answers.get("local_authority")
        settings = [(str(s.pk), s.name) for s in settings_in(int(la))] if la else []
        none = (NOT_IN_SETTING, self.words("{they} are not in a school, college or nursery").capitalize())
        field = self.fields["setting"]
        if len(settings) <= RADIO_LIMIT:
            field.widget, field.choices = forms.RadioSelect(), [*settings, none]
        else:
            self.hint = "Choose from the list. If {they} are not in one, choose the last option."
            field.choices = [("", "Choose a school, college or nursery"), *settings, none]
            self.extra = {"setting": {"classes": "app-select--fit"}}


class ReasonsForm(StepForm):
    title = "Why are you asking for an assessment?"
    hard = forms.CharField(
        label="What is hard for {name}?", widget=forms.Textarea, max_length=TEXT_MAX,
        help_text="For example, learning, talking or understanding, friendships, behaviour, or health.",
    )  # fmt: skip
    support = forms.CharField(
        label="What help {has} {name} had so far?", widget=forms.Textarea, max_length=TEXT_MAX,
        required=False,
        help_text="For example, extra help at school, speech and language therapy, or a doctor's advice. "
        "Leave this empty if {they} have had none.",
    )  # fmt: skip
    messages = {"hard": {"required": "Describe what is hard for {them}"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label, field.help_text = self.words(str(field.label)), self.words(str(field.help_text))

    def clean(self) -> dict[str, Any]:
        return {k: intake.clean_text(v) for k, v in (super().clean() or {}).items()}


class ContactForm(StepForm):
    title = "Your contact details"
    contact_first_name = forms.CharField(label="Your first name", max_length=intake.NAME_MAX)
    contact_last_name = forms.CharField(label="Your last name", max_length=intake.NAME_MAX)
    email = forms.EmailField(
        label="Email address", max_length=254, help_text="We will send a confirmation to this address."
    )
    phone = forms.CharField(
        label="Phone number (optional)", required=False, max_length=20,
        help_text="The council's SEND team may phone you about the request.",
    )  # fmt: skip
    BAD_EMAIL = "Enter an email address in the correct format, like name@example.com"
    messages = {
        "contact_first_name": {"required": "Enter your first name"},
        "contact_last_name": {"required": "Enter your last name"},
        "email": {"required": "Enter your email address", "invalid": BAD_EMAIL, "max_length": BAD_EMAIL},
        "phone": {"max_length": intake.phone_problem("x") or ""},
    }  # fmt: skip
    extra = {
        "contact_first_name": {"autocomplete": "given-name", "spellcheck": False},
        "contact_last_name": {"autocomplete": "family-name", "spellcheck": False},
        "email": {"type": "email", "autocomplete": "email", "spellcheck": False},
        "phone": {"type": "tel", "autocomplete": "tel", "classes": "govuk-input--width-20"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if _you(self.answers):  # a young person's own name is already known
            del self.fields["contact_first_name"], self.fields["contact_last_name"]

    def clean_phone(self) -> str:
        self.check(intake.phone_problem(self.cleaned_data["phone"]))
        return self.cleaned_data["phone"]


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[StepForm]
    label: str  # the row on "Check your answers"
    applies: Callable[[], bool] = lambda: True


def _several_councils() -> bool:
    return LocalAuthority.objects.count() > 1


STEPS = [
    Step("who", WhoForm, "Who is asking"),
    Step("council", CouncilForm, "Council", _several_councils),
    Step("name", NameForm, "Name"),
    Step("date-of-birth", DateOfBirthForm, "Date of birth"),
    Step("sex", SexForm, "Sex"),
    Step("postcode", PostcodeForm, "Postcode"),
    Step("school", SchoolForm, "School, college or nursery"),
    Step("reasons", ReasonsForm, "Why you are asking"),
    Step("contact", ContactForm, "Your contact details"),
]
BY_SLUG = {s.slug: s for s in STEPS}
#: Answers that make later pages ask something different: change one and they are asked again.
DEPENDS = {"who": ["date-of-birth", "contact"], "council": ["school"]}


# -- the session --------------------------------------------------------------------------
def _answers(session: SessionBase) -> dict[str, Any]:
    answers = dict(session.get(ANSWERS) or {})
    if not _several_councils():
        only = LocalAuthority.objects.values_list("pk", flat=True).first()
        answers["local_authority"] = str(only) if only else ""
    return answers


def _missing(answers: dict[str, Any], upto: Step | None = None) -> Step | None:
    """The first page, before ``upto`` (or at all), still to be answered."""
    done = set(answers.get("_done", []))
    for step in STEPS:
        if step is upto:
            return None
        if step.applies() and step.slug not in done:
            return step
    return None


def _url(step: Step | None) -> str:
    return reverse(f"online:{step.slug}") if step else reverse("online:check")


def _save(session: SessionBase, step: Step, values: dict[str, str]) -> dict[str, Any]:
    answers = dict(session.get(ANSWERS) or {})
    done = [s for s in answers.get("_done", []) if s != step.slug]
    changed = {k for k, v in values.items() if answers.get(k) != v}
    if step.slug == "who" and "who" in changed:
        changed = {"who"} if (answers.get("who") == Requester.YOUNG_PERSON) != _you(values) else set()
    for later in DEPENDS.get(step.slug, []) if changed else []:
        done = [s for s in done if s != later]
    answers.update(values)
    answers["_done"] = [*done, step.slug]
    session[ANSWERS] = answers
    return answers


def _back(answers: dict[str, Any], step: Step, changing: bool) -> str:
    if changing:
        return reverse("online:check")
    earlier = [s for s in STEPS[: STEPS.index(step)] if s.applies()]
    return _url(earlier[-1]) if earlier else reverse("online:start")


def _fields(form: StepForm) -> list[tuple[str, dict[str, Any]]]:
    """Each field as (macro, parameters). A page with one question makes it the heading."""
    single = len(form.fields) == 1
    out = []
    for bound in form:
        kind = field_kind(bound)
        params = govuk_field(bound, **form.extra.get(bound.name, {}))
        legend = {"text": bound.label, "classes": "govuk-fieldset__legend--s"}
        if single:
            heading = form.heading()
            legend = {"text": heading, "classes": "govuk-fieldset__legend--l", "isPageHeading": True}
            params["label"] = {"text": heading, "classes": "govuk-label--l", "isPageHeading": True}
            if form.hint:
                params["hint"] = {"text": form.words(form.hint)}
        if kind in ("radios", "date"):
            params["fieldset"] = {"legend": legend}
        if kind == "radios" and bound.name == "setting" and len(params["items"]) > 1:
            params["items"].insert(-1, {"divider": "or"})
        if kind == "textarea":
            kind, params["maxlength"] = "character-count", TEXT_MAX
        out.append((kind, params))
    return out


# -- the pages -------------------------------------------------------------------------------
def posted(request: HttpRequest) -> Any:
    """The posted data, even when empty: an empty form sent must show its errors."""
    return request.POST if request.method == "POST" else None


def start(request: HttpRequest) -> HttpResponse:
    """What an assessment is, that the council must answer within 6 weeks, and a way in."""
    return render(request, "assessments/online/start.html", {"first": reverse("online:who")})


def question(request: HttpRequest, slug: str) -> HttpResponse:
    """One question. Saved answers fill it in again; a wrong answer is kept and explained."""
    step = BY_SLUG[slug]
    answers = _answers(request.session)
    if not step.applies():
        return redirect(_url(_missing(answers)))
    earlier = _missing(answers, upto=step)
    if earlier is not None:
        return redirect(_url(earlier))
    initial = dict(answers)
    if answers.get("date_of_birth"):
        initial["date_of_birth"] = dt.date.fromisoformat(answers["date_of_birth"])
    form = step.form(posted(request), initial=initial, answers=answers)
    if request.method == "POST" and form.is_valid():
        _save(request.session, step, form.stored())
        return redirect(_url(_missing(_answers(request.session))))
    changing = request.GET.get("change") == "1"
    return render(
        request,
        "assessments/online/question.html",
        {
            "form": form,
            "title": form.heading(),
            "single": len(form.fields) == 1,
            "hint": form.words(form.hint) if len(form.fields) > 1 and form.hint else "",
            "fields": _fields(form),
            "errors": govuk_error_summary(form),
            "back": _back(answers, step, changing),
            "is_contact": slug == "contact",
        },
    )


def _text(value: str, empty: str = "None") -> Markup:
    """Text as typed, its line breaks kept, safe to show as HTML."""
    return Markup("<br>").join(escape(line) for line in value.splitlines()) if value else escape(empty)


def _rows(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary list for "Check your answers", each row with its change link."""
    you = _you(answers)
    la = LocalAuthority.objects.filter(pk=answers.get("local_authority") or 0).first()
    setting = answers.get("setting")
    school = (
        "Not in a school, college or nursery"
        if setting == NOT_IN_SETTING
        else getattr(la and la.settings.filter(pk=setting or 0).first(), "name", "")
    )
    dob = dt.date.fromisoformat(answers["date_of_birth"]) if answers.get("date_of_birth") else None
    values = {
        "who": Requester(answers["who"]).label if answers.get("who") in Requester.values else "",
        "council": la.name if la else "",
        "name": f"{answers.get('first_name', '')} {answers.get('last_name', '')}",
        "date-of-birth": f"{dob.day} {dob:%B %Y}" if dob else "",
        "sex": dict(Sex.choices).get(answers.get("sex", ""), ""),
        "postcode": answers.get("postcode", ""),
        "school": school,
    }
    rows = []
    for step in STEPS:
        if not step.applies():
            continue
        if step.slug == "reasons":
            items = [("What is hard", "hard"), ("Help so far", "support")]
        elif step.slug == "contact":
            items = [("Email address", "email"), ("Phone number", "phone")]
            if not you:
                items.insert(0, ("Your name", "_contact_name"))
        else:
            label = (
                f"Your {step.label.lower()}" if you and step.slug in ("name", "date-of-birth") else step.label
            )
            items = [(label, step.slug)]
        for label, key in items:
            if key == "_contact_name":
                value: Any = f"{answers.get('contact_first_name', '')} {answers.get('contact_last_name', '')}"
            elif key in values:
                value = values[key]
            else:
                value = _text(answers.get(key, ""), "Not given" if key == "phone" else "None")
            rows.append(
                {
                    "key": {"text": label},
                    "value": {"html": value} if isinstance(value, Markup) else {"text": value},
                    "actions": {"items": [{"href": f"{_url(step)}?change=1", "text": "Change",
                                           "visuallyHiddenText": label.lower()}]},
                }
            )  # fmt: skip
    return rows


#: Which page asks for each field, so a problem found on sending links to its page.
PAGE_OF = {name: step.slug for step in STEPS for name in step.form.base_fields} | {
    "local_authority_id": "council"
}


def check_answers(request: HttpRequest) -> HttpResponse:
    """Every answer with a change link; sending makes the records and emails the family."""
    answers = _answers(request.session)
    missing = _missing(answers)
    if missing is not None:
        return redirect(_url(missing))
    errors = None
    if request.method == "POST":
        if not intake.may_submit(request.session):
            return render(
                request, "assessments/online/too_many.html", {"limit": intake.RATE_LIMIT}, status=429
            )
        try:
            sent = intake.submit_online_request(
                answers=intake.OnlineRequest.from_answers(answers), request=request
            )
        except DomainError as exc:
            errors = {
                "titleText": "There is a problem",
                "errorList": [
                    {"text": m, "href": f"{_url(BY_SLUG[PAGE_OF.get(f, 'contact')])}?change=1"}
                    for f, m in (exc.errors or {"": exc.message}).items()
                ],
            }
        else:
            intake.note_submission(request.session)
            request.session.pop(ANSWERS, None)
            request.session[SENT] = {
                "reference": sent.case.reference,
                "email": sent.case.contact_email,
                "decision_due": decision_to_assess_due(sent.case.received_on).isoformat(),
                "council": sent.case.local_authority.name,
            }
            return redirect("online:confirmation")
    return render(
        request,
        "assessments/online/check.html",
        {"rows": _rows(answers), "errors": errors, "back": _url(STEPS[-1])},
    )


def confirmation(request: HttpRequest) -> HttpResponse:
    """The reference, what happens next and by when."""
    sent = request.session.get(SENT)
    if not sent:
        return redirect("online:start")
    due = dt.date.fromisoformat(sent["decision_due"])
    return render(request, "assessments/online/confirmation.html", {"sent": sent, "due": due})
