"""Small, loud readers for settings taken from the environment.

Every variable the application reads is declared in ``VARIABLES``; ``.env.example`` and
``docs/configuration.md`` list the same names, and a test checks that the three agree.
A wrong value raises :class:`ConfigError` with a one-line message that the CLI prints as is.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

#: name -> (default shown in the docs, one-line description)
VARIABLES: dict[str, tuple[str, str]] = {
    "BOMBARAM_HOME": ("./var", "folder for the SQLite database, the generated secret key and collected static files"),
    "DATABASE_URL": ("sqlite:///$BOMBARAM_HOME/bombaram.sqlite3", "database; postgres://user:password@host:5432/name for PostgreSQL"),
    "SECRET_KEY": ("(generated into $BOMBARAM_HOME/secret_key)", "Django secret key; generated and stored on first run when absent"),
    "DEBUG": ("false", "true only while developing: shows tracebacks in the browser"),
    "ALLOWED_HOSTS": ("localhost,127.0.0.1,[::1]", "comma-separated host names the site answers to"),
    "CSRF_TRUSTED_ORIGINS": ("(empty)", "comma-separated origins (https://example.org) when behind a proxy on another origin"),
    "BOMBARAM_HTTPS": ("false", "true when served over HTTPS: secure cookies and HSTS"),
    "LOG_LEVEL": ("INFO", "log level for the application's own messages"),
    "BOMBARAM_TRUSTED_PROXY": ("127.0.0.1,::1", "comma-separated addresses of the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed"),
    "BOMBARAM_PUBLIC_URL": ("(empty)", "the site's public address (https://se.example.go.kr): links inside OCDS files"),
    "BOMBARAM_DB_POOL_MIN_SIZE": ("1", "PostgreSQL: connections each server process keeps open in its pool"),
    "BOMBARAM_DB_POOL_MAX_SIZE": ("4", "PostgreSQL: most connections of one process's pool (its threads); 0 turns the pool off (one kept connection per thread)"),
    "BOMBARAM_DB_POOL_TIMEOUT": ("30", "PostgreSQL: seconds a request waits for a free pooled connection before failing"),
}


class ConfigError(Exception):
    """A setting is wrong; the message is one line a user can act on."""


def env_str(name: str, default: str) -> str:
    assert name in VARIABLES, name
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name, "true" if default else "false").lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: true 또는 false로 쓰세요")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def public_url(name: str) -> str:
    """An absolute http(s) address without query or fragment, without a final slash ("" when unset)."""
    from urllib.parse import urlsplit

    raw = env_str(name, "")
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name}={raw!r}: https://로 시작하는 사이트 주소로 쓰세요 (예: https://se.example.go.kr)")
    return raw.rstrip("/")


def home_dir() -> Path:
    """The writable folder the application keeps its files in (created when missing)."""
    home = Path(env_str("BOMBARAM_HOME", "./var")).expanduser().resolve()
    try:
        home.mkdir(parents=True, exist_ok=True)
        # a probe of its own: two processes starting at once on one home (a server and its job worker,
        # two test runs) must not delete each other's
        with tempfile.NamedTemporaryFile(dir=home, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ConfigError(f"BOMBARAM_HOME={home}에 쓸 수 없습니다: {exc.strerror}") from exc
    return home


def secret_key(home: Path) -> str:
    """SECRET_KEY from the environment, else the one stored in the home folder (made on first run)."""
    given = os.environ.get("SECRET_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ConfigError("SECRET_KEY가 32자보다 짧습니다: 비워 두면 자동으로 만듭니다")
        return given
    path = home / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def database_config(home: Path) -> dict:
    import dj_database_url

    url = env_str("DATABASE_URL", f"sqlite:///{home / 'bombaram.sqlite3'}")
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(f"DATABASE_URL의 {scheme!r} 방식은 지원하지 않습니다: sqlite:/// 또는 postgres://를 쓰세요")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL을 읽을 수 없습니다: {exc}") from exc
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # a writer waits up to a minute for another (an import, a form) instead of failing after 5 s
        config["OPTIONS"]["timeout"] = SQLITE_BUSY_TIMEOUT
        config["CONN_MAX_AGE"] = 0
    else:
        pool = database_pool()
        if pool:
            # Django's psycopg pool: connections are handed back to the pool at the end of each
            # request, so persistent connections (CONN_MAX_AGE) must be off (Django refuses both)
            config["OPTIONS"] = {**config.get("OPTIONS", {}), "pool": pool}
            config["CONN_MAX_AGE"] = 0
            config["CONN_HEALTH_CHECKS"] = False
    return config


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env_str(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: 정수로 쓰세요") from None
    if value < minimum:
        raise ConfigError(f"{name}={value}: {minimum} 이상이어야 합니다")
    return value


def database_pool() -> dict | None:
    """The psycopg pool options of a PostgreSQL database (None: BOMBARAM_DB_POOL_MAX_SIZE=0, no pool).

    One pool per server process: gunicorn's threads of a process share it, and the worker keeps
    its own. max_size is the process's ceiling; the whole site uses at most
    (processes × max_size) connections, well under PostgreSQL's default 100."""
    max_size = env_int("BOMBARAM_DB_POOL_MAX_SIZE", 4)
    if max_size == 0:
        return None
    min_size = env_int("BOMBARAM_DB_POOL_MIN_SIZE", 1)
    if min_size > max_size:
        raise ConfigError(f"BOMBARAM_DB_POOL_MIN_SIZE={min_size}이(가) BOMBARAM_DB_POOL_MAX_SIZE={max_size}보다 큽니다")
    timeout = env_int("BOMBARAM_DB_POOL_TIMEOUT", 30, minimum=1)
    return {"min_size": min_size, "max_size": max_size, "timeout": timeout}


#: seconds a SQLite writer waits for the write lock before "database is locked"
SQLITE_BUSY_TIMEOUT = 60


def trusted_proxies(text: str) -> frozenset[str]:
    """The proxy addresses of BOMBARAM_TRUSTED_PROXY, each checked (a typo would trust nobody)."""
    import ipaddress

    found = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            found.add(str(ipaddress.ip_address(item.strip("[]"))))
        except ValueError as exc:
            raise ConfigError(f"BOMBARAM_TRUSTED_PROXY: {item!r}은(는) IP 주소가 아닙니다") from exc
    return frozenset(found)
