"""The only settings module. Every value comes from the environment (see config/env.py)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bombaram.config import env
from bombaram.config.env import (
    database_config,
    env_bool,
    env_list,
    env_str,
    home_dir,
    public_url,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = home_dir()

SECRET_KEY = secret_key(HOME)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
#: the site's public address: the links inside OCDS files start with it (empty: the request's own)
BOMBARAM_PUBLIC_URL = public_url("BOMBARAM_PUBLIC_URL")

INSTALLED_APPS = [
    "bombaram.web",  # first: its templates override the admin's and registration's
    "bombaram.registry",
    "bombaram.ecosystem",
    "bombaram.procurement",
    "bombaram.programmes",
    "bombaram.valuation",
    "bombaram.cooperatives",
    "bombaram.market",
    "django_tasks",
    "django_tasks_db",  # before bombaram.jobs, whose admin module takes its back-office page away
    "bombaram.jobs",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "bombaram.web.proxy.TrustedProxyMiddleware",  # first: the scheme and address a trusted proxy forwarded
    "django.middleware.security.SecurityMiddleware",
    "bombaram.web.proxy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bombaram.config.urls"
WSGI_APPLICATION = "bombaram.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bombaram.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": database_config(HOME)}
# one cache shared by every worker process of `bombaram serve` (and by several servers on one
# PostgreSQL): a table in the database, made by `bombaram init` (createcachetable). Cached statistics
# are keyed by the registry revision kept in the database, so they are never stale.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bombaram_cache",
                      "OPTIONS": {"MAX_ENTRIES": 1000}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# the task queue of the background jobs (bombaram.jobs): django-tasks' database backend, a table in
# the same database (SQLite or PostgreSQL, nothing else to run); `bombaram worker` and the worker
# that `bombaram serve` starts take tasks from it (docs/deployment.md)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the packages' static folders: nothing to collect before the first start.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
MEDIA_ROOT = HOME / "media"

#: the Korean font file the SVG renderer measures labels with (same typeface the pages use)
CHART_FONT_FILE = PACKAGE_DIR / "web" / "static" / "vendor" / "fonts" / "PretendardGOV-Regular.otf"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
#: addresses whose X-Forwarded-Proto / X-Forwarded-For are believed (web.proxy.TrustedProxyMiddleware);
#: from anyone else those headers are removed, so nobody can claim HTTPS or another address
TRUSTED_PROXIES = env.trusted_proxies(env_str("BOMBARAM_TRUSTED_PROXY", "127.0.0.1,::1"))
#: no inline script anywhere (htmx and our own code come from /static/); style attributes are allowed
#: (they cannot run script; the achievement bars set their width with one), <style> elements are not
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
if env_bool("BOMBARAM_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # the proxy redirects http:// itself; this catches a request that reached us over plain HTTP
    SECURE_SSL_REDIRECT = True
    # HSTS preload is a registration with the browsers' list, the site owner's decision (docs/deployment.md)
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"redact_link_tokens": {"()": "bombaram.web.log_filters.RedactLinkTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "bombaram": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
        "django": {"handlers": ["console"], "level": "WARNING"},
        # the loggers that write a request's path (waitress: "Exception while serving /delphi/…"): a
        # personal Delphi link's token is redacted first
        **{name: {"filters": ["redact_link_tokens"]}
           for name in ("django.request", "django.security.csrf", "django.server", "waitress", "gunicorn.error")},
    },
}
