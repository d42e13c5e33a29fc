"""PostgreSQL goes through Django's psycopg pool (settings from the environment); SQLite keeps its
plain connections."""

from __future__ import annotations

import pytest

from bombaram.config.env import ConfigError, database_config

PG = "postgres://bombaram:secret@db.example:5432/bombaram"


def test_postgresql_gets_a_pool_and_no_persistent_connections(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    config = database_config(tmp_path)
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 30}
    # Django refuses a pool with CONN_MAX_AGE > 0: a pooled connection goes back after each request
    assert config["CONN_MAX_AGE"] == 0


def test_the_pool_is_sized_from_the_environment_and_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("BOMBARAM_DB_POOL_MIN_SIZE", "2")
    monkeypatch.setenv("BOMBARAM_DB_POOL_MAX_SIZE", "10")
    monkeypatch.setenv("BOMBARAM_DB_POOL_TIMEOUT", "5")
    assert database_config(tmp_path)["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 5}
    monkeypatch.setenv("BOMBARAM_DB_POOL_MAX_SIZE", "0")
    monkeypatch.setenv("BOMBARAM_DB_POOL_MIN_SIZE", "0")
    config = database_config(tmp_path)
    assert "pool" not in config.get("OPTIONS", {}) and config["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize(("name", "value", "message"), [
    ("BOMBARAM_DB_POOL_MAX_SIZE", "many", "BOMBARAM_DB_POOL_MAX_SIZE='many': 정수로 쓰세요"),
    ("BOMBARAM_DB_POOL_MIN_SIZE", "9", "BOMBARAM_DB_POOL_MIN_SIZE=9이(가) BOMBARAM_DB_POOL_MAX_SIZE=4보다 큽니다"),
    ("BOMBARAM_DB_POOL_TIMEOUT", "0", "BOMBARAM_DB_POOL_TIMEOUT=0: 1 이상이어야 합니다"),
])
def test_a_wrong_pool_setting_stops_with_one_line(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        database_config(tmp_path)
    assert str(raised.value) == message


def test_sqlite_has_no_pool(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("BOMBARAM_DB_POOL_MAX_SIZE", "8")
    assert "pool" not in database_config(tmp_path)["OPTIONS"]


def test_the_running_database_uses_the_pool_exactly_when_it_is_postgresql(db):
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        assert connection.pool is not None and connection.pool.max_size == 4
        assert connection.settings_dict["CONN_MAX_AGE"] == 0
    else:
        assert "pool" not in connection.settings_dict["OPTIONS"]
