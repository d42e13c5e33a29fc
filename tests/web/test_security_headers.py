"""The Content-Security-Policy allows no inline script, and no template needs one; forwarded headers
count only from the configured proxy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bombaram

TEMPLATES = Path(bombaram.__file__).parent


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(_templates()) > 50


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_or_event_handlers(path):
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline <script> in {path.name}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {path.name}"
    assert "javascript:" not in text
    assert "<style" not in text  # style-src has no 'unsafe-inline' for elements


def test_every_page_carries_the_policy(client, reference):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
    # htmx would add a <style> element for its indicators, which style-src refuses: it is told not to
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in response.content.decode()


def _meta_seen(settings, **headers):
    """REMOTE_ADDR, scheme and forwarded headers as a view sees them."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from bombaram.web.proxy import TrustedProxyMiddleware

    seen = {}

    def view(request):
        seen.update(addr=request.META["REMOTE_ADDR"], secure=request.is_secure(),
                    forwarded=request.META.get("HTTP_X_FORWARDED_FOR"))
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **headers))
    return seen


def test_a_trusted_proxy_gives_the_scheme_and_the_visitors_address(settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.5"})
    seen = _meta_seen(settings, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https",
                      HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    # the last address is the one the proxy saw; an earlier one is whatever the visitor wrote
    assert seen == {"addr": "203.0.113.7", "secure": True, "forwarded": "6.6.6.6, 203.0.113.7"}


def test_anyone_else_cannot_claim_https_or_an_address(settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.5"})
    seen = _meta_seen(settings, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_PROTO="https",
                      HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert seen == {"addr": "198.51.100.9", "secure": False, "forwarded": None}


def test_a_wrong_proxy_address_stops_with_one_line():
    from bombaram.config.env import ConfigError, trusted_proxies

    assert trusted_proxies("127.0.0.1, ::1,[::1]") == frozenset({"127.0.0.1", "::1"})
    with pytest.raises(ConfigError, match="BOMBARAM_TRUSTED_PROXY: 'nginx'"):
        trusted_proxies("127.0.0.1,nginx")
