"""The ``bombaram`` command as a user runs it: real processes, real databases, one-line errors."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings


def run(*args: str, home: Path, database_url: str | None = None, **extra_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "BOMBARAM_HOME"}}
    env["BOMBARAM_HOME"] = str(home)
    env["DATABASE_URL"] = database_url or f"sqlite:///{home / 'db.sqlite3'}"
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "bombaram", *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)


def test_help_lists_every_command(tmp_path):
    result = run("--help", home=tmp_path)
    assert result.returncode == 0
    for command in ["init", "demo", "serve", "createadmin", "bench", "manage"]:
        assert command in result.stdout


def _snapshot(path: Path) -> dict[str, list]:
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name != 'django_session'")]
    snap = {t: sorted(map(repr, con.execute(f'select * from "{t}"'))) for t in tables}
    con.close()
    return snap


def test_init_then_demo_twice_changes_nothing_the_second_time(tmp_path):
    assert run("init", home=tmp_path).returncode == 0
    first = run("demo", home=tmp_path)
    assert first.returncode == 0, first.stderr
    snapshot = _snapshot(tmp_path / "db.sqlite3")
    passwords = (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8")
    again = run("init", home=tmp_path)
    second = run("demo", home=tmp_path)
    assert again.returncode == 0 and second.returncode == 0
    assert _snapshot(tmp_path / "db.sqlite3") == snapshot
    assert (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8") == passwords
    assert len(snapshot["registry_district"]) == 25
    assert len(snapshot["programmes_programmeteam"]) == 13


def test_demo_before_init_says_what_to_do(tmp_path):
    result = run("demo", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "bombaram: 데이터베이스가 아직 준비되지 않았습니다: 먼저 'bombaram init'을 실행하세요"


def test_unreachable_database_is_one_line_without_traceback(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    result = run("init", home=tmp_path, database_url=f"postgres://u:secret@127.0.0.1:{free_port}/nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bombaram: 데이터베이스에 연결할 수 없습니다 (postgres://u:***@127.0.0.1")
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_unwritable_home_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("init", home=blocker / "home")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "BOMBARAM_HOME=" in result.stderr and "쓸 수 없습니다" in result.stderr


def test_port_in_use_is_one_line(tmp_path):
    assert run("init", home=tmp_path).returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"bombaram: 포트 {port}을(를) 이미 다른 프로그램이 쓰고 있습니다: --port로 다른 포트를 지정하세요"
    )
    assert "Traceback" not in result.stderr


def test_serve_prints_url_and_how_to_log_in_then_answers(tmp_path):
    import urllib.request

    assert run("init", home=tmp_path).returncode == 0
    assert run("demo", home=tmp_path).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(BOMBARAM_HOME=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "bombaram", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first_line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        assert "아이디 centre" in proc.stdout.readline() + proc.stdout.readline()
        body = ""
        for _ in range(50):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "서울의 사회적경제 지역생태계" in body
        font = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/fonts/PretendardGOV-Regular.woff2", timeout=5)
        assert font.status == 200 and font.read(4) == b"wOF2"
    finally:
        proc.terminate()
        # the graceful stop lets requests in flight finish and stops the job worker too: slow on a busy machine
        proc.wait(timeout=40)


def _configured_database_url(tmp_path: Path) -> tuple[str, object]:
    """A fresh, empty database of the kind the suite runs on (SQLite file, or a new PostgreSQL database)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}", None
    import psycopg

    name = f"bombaram_cli_{uuid.uuid4().hex[:8]}"
    dsn = dict(host=db["HOST"] or "localhost", port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"])
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as con:
        con.execute(f'CREATE DATABASE "{name}"')

    def drop():
        # Plain DROP, not WITH (FORCE): FORCE must be allowed to signal every backend on the database,
        # and an autovacuum worker belongs to the superuser, so FORCE fails for the CI's own role.
        # A plain DROP cancels autovacuum by itself; the CLI's own connections have closed by now.
        for attempt in range(20):
            try:
                with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as con:
                    con.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(0.5)

    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{dsn['host']}:{dsn['port']}/{name}"
    return url, drop


def test_init_and_demo_on_the_database_the_suite_runs_on(tmp_path):
    """On the CI's PostgreSQL run this is `DATABASE_URL=postgres://… bombaram init && bombaram demo`."""
    url, cleanup = _configured_database_url(tmp_path)
    try:
        init = run("init", home=tmp_path, database_url=url)
        assert init.returncode == 0, init.stderr
        assert "자치구 25개" in init.stdout and "지역특화사업단 13개" in init.stdout
        demo = run("demo", home=tmp_path, database_url=url)
        assert demo.returncode == 0, demo.stderr
        assert run("demo", home=tmp_path, database_url=url).returncode == 0
    finally:
        if cleanup:
            cleanup()


@pytest.mark.parametrize("bad", ["DEBUG=perhaps", "DATABASE_URL=mysql://x@y/z"])
def test_wrong_settings_stop_with_one_line(tmp_path, bad):
    name, value = bad.split("=", 1)
    result = run("init", home=tmp_path, **{name: value}) if name != "DATABASE_URL" else run("init", home=tmp_path, database_url=value)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("bombaram: 설정 오류:")


def test_serve_without_the_vendored_font_stops_at_start_with_one_line(tmp_path):
    """A copy of the package whose font is missing (a wheel built without vendoring) must not start
    serving pages that answer 500 later: one line naming the file, exit 2, before anything else."""
    import shutil

    import bombaram

    source = Path(bombaram.__file__).parent
    copy = tmp_path / "site" / "bombaram"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "PretendardGOV-Regular.otf"))
    home = tmp_path / "home"
    home.mkdir()
    result = run("serve", "--port", "0", home=home, PYTHONPATH=str(tmp_path / "site"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "vendor/fonts/PretendardGOV-Regular.otf" in lines[0] and "make wheel" in lines[0]
    assert str(copy) in lines[0]  # the copy that was run, not the source tree
    assert "실행 중" not in result.stdout

    from bombaram.web.vendored import missing_assets

    assert missing_assets() == []  # the package under test has them all
    assert missing_assets(copy / "web" / "static") == ["vendor/fonts/PretendardGOV-Regular.otf"]
