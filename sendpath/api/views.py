"""The page where a council or a school makes and revokes its API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sendpath.accounts.decorators import roles_only
from sendpath.api import tokens
from sendpath.api.forms import TokenForm
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.common.forms import govuk_error_summary


@roles_only(tokens.TOKEN_MAKERS)
def token_list(request: HttpRequest) -> HttpResponse:
    """Tokens the organisation holds, and a form to make one. A new secret is shown once."""
    form = TokenForm(request.POST or None)
    new = None
    errors = None
    if request.method == "POST":
        if form.is_valid():
            try:
                new = tokens.issue_token(request.user, form.cleaned_data["name"], request=request)  # type: ignore[arg-type]
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                form = TokenForm()
        if form.errors:
            errors = govuk_error_summary(form)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "errors": errors,
            "new": new,
            "tokens": list(tokens.tokens_for(request.user)),
            "organisation": request.user.setting.name
            if request.user.setting_id
            else request.user.local_authority.name,  # type: ignore[union-attr]
        },
    )


@roles_only(tokens.TOKEN_MAKERS)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.revoke_token(request.user, pk, request=request)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
    return redirect("api_tokens:list")
