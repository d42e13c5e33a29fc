"""Every environment variable is declared once, and listed in .env.example and docs/configuration.md."""

import re
from pathlib import Path

import pytest

from bombaram.config import env

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_exactly_the_variables_settings_read():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.M))
    assert names == set(env.VARIABLES)


def test_configuration_doc_lists_exactly_the_variables_settings_read():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", text, flags=re.M))
    assert names == set(env.VARIABLES)


def test_settings_source_reads_no_undeclared_variable():
    source = (ROOT / "src" / "bombaram" / "config" / "settings.py").read_text(encoding="utf-8")
    used = set(re.findall(r'env_(?:str|bool|list)\("([A-Z0-9_]+)"', source))
    assert used <= set(env.VARIABLES)


@pytest.mark.parametrize("raw, expected", [("true", True), ("1", True), ("off", False), ("False", False)])
def test_booleans_are_read_leniently(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env.env_bool("DEBUG", False) is expected


def test_a_wrong_boolean_stops_with_one_line(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(env.ConfigError, match="DEBUG='maybe'"):
        env.env_bool("DEBUG", False)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) >= 50
    assert env.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_unsupported_database_scheme_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://u:p@localhost/db")
    with pytest.raises(env.ConfigError, match="mysql"):
        env.database_config(tmp_path)


def test_defaults_are_safe(settings):
    assert settings.LANGUAGE_CODE == "ko"
    assert settings.TIME_ZONE == "Asia/Seoul"
    assert settings.USE_TZ is True
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert [code for code, _ in settings.LANGUAGES] == ["ko", "en"]


def test_readme_says_how_to_run_on_another_port_and_the_makefile_honours_it():
    """`make run PORT=8001` works (the Makefile passes PORT and HOST to serve); the README says so."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run PORT=8001" in readme
    assert re.search(r"^PORT \?= 8000$", makefile, re.M)
    assert "serve --host $(HOST) --port $(PORT)" in makefile
