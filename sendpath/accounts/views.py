"""Sign-in with a password and a second factor, and sign-out."""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import segno
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sendpath.accounts import services
from sendpath.accounts.forms import CodeForm, SignInForm
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.forms import govuk_error_summary


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or request.session.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return "/"


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: email address and password (throttled by django-axes)."""
    if request.user.is_authenticated and request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            email=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None or not user.is_active:
            form.add_error(None, "Enter a correct email address and password")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["next"] = _next_url(request)
            return redirect("accounts:second_factor")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "errors": govuk_error_summary(form), "next": request.GET.get("next", "")},
    )


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """Too many failed attempts: say what happened and when to try again."""
    return render(request, "accounts/locked_out.html", status=429)


def second_factor(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the authenticator app, or the one we emailed."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:sign_in")
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if user.uses_email_code:  # type: ignore[union-attr]
        device: Any = services.email_device(user)  # type: ignore[arg-type]
        if request.method == "GET" or request.POST.get("resend"):
            device.generate_challenge()
    else:
        device = services.authenticator(user)  # type: ignore[arg-type]
        if device is None:
            return redirect("accounts:set_up_authenticator")
    form = CodeForm(request.POST or None) if not request.POST.get("resend") else CodeForm()
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            django_otp.login(request, device)
            record(
                user=user,
                action=AuditAction.SIGN_IN,
                object_type="accounts.user",
                object_id=user.pk,
                summary="Signed in",
                request=request,
            )
            return redirect(_next_url(request))
        form.add_error("code", "The security code is not right, or it has expired. Try again")
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "by_email": user.uses_email_code,
            "email": user.email,
        },  # type: ignore[union-attr]
    )


def set_up_authenticator(request: HttpRequest) -> HttpResponse:
    """First sign-in for staff: scan the QR code, then enter a code to confirm."""
    user = request.user
    if not user.is_authenticated or user.uses_email_code:  # type: ignore[union-attr]
        return redirect("accounts:sign_in")
    if services.authenticator(user) is not None:  # type: ignore[arg-type]
        return redirect("accounts:second_factor")
    device = services.pending_authenticator(user, request.session.get("totp_setup"))  # type: ignore[arg-type]
    request.session["totp_setup"] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_authenticator(device, form.cleaned_data["code"]):
            django_otp.login(request, device)
            record(
                user=user,
                action=AuditAction.SIGN_IN,
                object_type="accounts.user",
                object_id=user.pk,
                summary="Set up an authenticator app and signed in",
                request=request,
            )
            return redirect(_next_url(request))
        form.add_error("code", "The security code is not right. Check the app and try again")
    readable = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/set_up_authenticator.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": " ".join(readable[i : i + 4] for i in range(0, len(readable), 4)),
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(
            user=request.user,
            action=AuditAction.SIGN_OUT,
            object_type="accounts.user",
            object_id=request.user.pk,
            summary="Signed out",
            request=request,
        )
    logout(request)
    return redirect("accounts:signed_out")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's own login page is replaced by ours. A signed-in person who is not a
    system administrator is refused rather than sent round in a loop."""
    if request.user.is_authenticated and request.user.is_verified():  # type: ignore[union-attr]
        raise PermissionDenied("Only system administrators can use the administration pages.")
    return redirect("/sign-in/?next=/admin/")
