"""Behind a TLS proxy: believe the forwarded scheme and address only from the configured proxies,
and send the Content-Security-Policy on every page.

Done here, not in the WSGI server, so the rule is the same under gunicorn, waitress and the test
client: settings.TRUSTED_PROXIES (BOMBARAM_TRUSTED_PROXY) names the proxies; a request from one of
them gets its ``X-Forwarded-Proto`` as the scheme (so secure cookies, HSTS and the CSRF origin check
see HTTPS) and the last address of ``X-Forwarded-For`` as ``REMOTE_ADDR``; from anyone else those
headers are dropped, so a visitor cannot claim HTTPS or another address.
"""

from __future__ import annotations

from django.conf import settings

FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("REMOTE_ADDR", "") in settings.TRUSTED_PROXIES:
            proto = meta.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in {"http", "https"}:
                meta["wsgi.url_scheme"] = proto
            # the proxy appends the address it saw; earlier entries come from the client and are not believed
            forwarded_for = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
            if forwarded_for:
                meta["REMOTE_ADDR"] = forwarded_for[-1]
        else:
            for name in FORWARDED:
                meta.pop(name, None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """settings.CONTENT_SECURITY_POLICY on every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
