"""Two `bombaram serve` processes, each with its own home folder (as on two machines), share one
database: PostgreSQL when the suite runs on it, else one SQLite file. A user who logs in on one is
logged in on the other, and a job started on one is followed and downloaded on the other: sessions,
cache, jobs and their files all live in the database (docs/deployment.md, "Several servers")."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bombaram.web.loadtest import Client
from tests.web.test_server import _free_port

pytestmark = pytest.mark.skipif(os.name != "posix", reason="gunicorn and POSIX signals: Linux and macOS")

SECRET = "two-servers-share-this-secret-key-0123456789"


@pytest.fixture
def shared_database(tmp_path):
    """The database both servers use: a fresh PostgreSQL database beside the suite's, or a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_two_servers"

    def admin(sql: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(home: Path, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BOMBARAM_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(BOMBARAM_HOME=str(home), DATABASE_URL=database, SECRET_KEY=SECRET, PYTHONUNBUFFERED="1")
    return env


class Server:
    def __init__(self, home: Path, database: str, *, workers: int = 1, threads: int = 2):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bombaram", "serve", "--port", str(self.port), "--workers", str(workers),
             "--threads", str(threads)],
            env=_env(home, database), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        for _ in range(300):
            try:
                if Client("127.0.0.1", self.port, timeout=5).get("/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.proc.kill()
        raise AssertionError(self.proc.communicate()[0])

    def client(self, cookies: dict[str, str] | None = None) -> Client:
        client = Client("127.0.0.1", self.port)
        client.cookies.update(cookies or {})
        return client

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        output, _ = self.proc.communicate(timeout=90)
        return self.proc.returncode, output


def test_two_servers_share_logins_and_jobs(tmp_path, shared_database):
    home_a, home_b = tmp_path / "a", tmp_path / "b"
    home_a.mkdir()
    home_b.mkdir()
    for command in (["init"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "bombaram", *command], env=_env(home_a, shared_database),
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    username, password = next(line.split("\t")[:2] for line in (home_a / "demo-accounts.txt").read_text(
        encoding="utf-8").splitlines() if line.startswith("centre\t"))
    a, b = Server(home_a, shared_database), Server(home_b, shared_database)
    try:
        on_a = a.client()
        assert on_a.login(username, password)
        on_b = b.client(on_a.cookies)  # the same browser, now sent to the other server
        status, page = on_b.get("/jobs/")
        assert status == 200 and "백그라운드 작업" in page  # logged in there too: the session is in the database

        status, _ = on_a.post_form("/purchase/report/seongbuk/2014/", {}, action="/jobs/ocds/seongbuk/2014/")
        assert status == 302
        job_path = on_a.last_headers["location"]
        assert re.fullmatch(r"/jobs/\d+/", job_path)

        states = []
        for _ in range(600):  # followed on the other server, as its progress partial polls
            status, partial = on_b.get(job_path, headers={"HX-Request": "true"})
            assert status == 200 and 'role="progressbar"' in partial
            states.append(re.search(r'class="job-state">([^<]+)<', partial).group(1))
            if "hx-trigger" not in partial:
                break
            time.sleep(0.2)
        assert states[-1] == "완료", partial
        assert "OCDS 패키지를 만들었습니다" in partial
        status, body = on_b.get(job_path + "download")
        package = json.loads(body)
        assert status == 200 and package["releases"] and package["uri"].startswith(f"http://127.0.0.1:{a.port}/")
    finally:
        results = [server.stop() for server in (a, b)]
    for code, output in results:
        assert code == 0, output
        assert "작업 워커" in output  # each `bombaram serve` started its worker, and stopped it


def test_concurrent_requests_each_get_their_own_connection(tmp_path, shared_database):
    """Several gunicorn processes and threads answering at once: on PostgreSQL each takes connections
    from its own psycopg pool. A pool opened before the fork (serve's start-up checks) once reached the
    workers with its sockets and dead threads: requests read other requests' rows or waited 30 s."""
    from concurrent.futures import ThreadPoolExecutor

    home = tmp_path / "home"
    home.mkdir()
    for command in (["init"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "bombaram", *command], env=_env(home, shared_database),
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    server = Server(home, shared_database, workers=2, threads=4)
    try:
        paths = ["/", "/organisations/", "/statistics/", "/programmes/"] * 12

        def fetch(path: str) -> tuple[str, int, bool]:
            status, page = Client("127.0.0.1", server.port, timeout=60).get(path)
            return path, status, "봄바람" in page

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(fetch, paths))
    finally:
        code, output = server.stop()
    assert [a for a in answers if a[1:] != (200, True)] == [], output[-3000:]
    assert "Traceback" not in output, output[-3000:]
