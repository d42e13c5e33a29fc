"""Throttled logins for the site and the back office: failed attempts are stored and logged, and after
too many the next attempt waits (core.login_throttle says how long). Stored in the database, so every
worker process and every server in front of one database applies the same count."""

from __future__ import annotations

import logging
import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bombaram.core.login_throttle import ACCOUNT_POLICY, ADDRESS_POLICY, seconds_to_wait
from bombaram.web.models import LoginFailure

logger = logging.getLogger("bombaram.security")


def client_address(request) -> str:
    """The client's address as the server sees it (behind a trusted proxy the server puts the client's)."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45] if request is not None else "unknown"


def wait_seconds(*, username: str, address: str, now=None) -> int:
    """Whole seconds before this account name may be tried again from this address (0: now)."""
    now = now or timezone.now()
    since = now - max(ACCOUNT_POLICY.window, ADDRESS_POLICY.window)
    account = LoginFailure.objects.filter(username=username, created__gt=since).values_list("created", flat=True)
    by_address = LoginFailure.objects.filter(address=address, created__gt=since).values_list("created", flat=True)
    wait = max(
        seconds_to_wait(list(account), now=now, policy=ACCOUNT_POLICY),
        seconds_to_wait(list(by_address), now=now, policy=ADDRESS_POLICY),
    )
    return math.ceil(wait)


def record_failure(*, username: str, address: str) -> None:
    LoginFailure.objects.create(created=timezone.now(), username=username[:150], address=address)
    logger.warning("login failed: user %r from %s", username[:150], address)


class ThrottleMixin:
    """Refuses an attempt while a delay is due (without checking the password) and records failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed logins. Please wait %(seconds)s and try again."),
    }

    def clean(self):
        username = (self.data.get("username") or "").strip()
        address = client_address(self.request)
        wait = wait_seconds(username=username, address=address)
        if wait:
            logger.warning("login refused while throttled: user %r from %s (%s s left)", username[:150], address, wait)
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"seconds": ngettext("%(n)d second", "%(n)d seconds", wait) % {"n": wait}},
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login" or any(
                getattr(e, "code", None) == "invalid_login" for e in getattr(error, "error_list", [])
            ):
                record_failure(username=username, address=address)
            raise


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, **ThrottleMixin.error_messages}
