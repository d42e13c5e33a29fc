"""`bombaram serve` as a service runs it: real processes on loopback, the demonstration data in a
SQLite file. Several workers answer, writes wait for each other instead of failing, a stop lets the
requests in flight finish, and a TLS proxy in front is believed only when it is the configured one."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bombaram.web import loadtest
from bombaram.web.loadtest import Client, record_purchase

pytestmark = pytest.mark.skipif(os.name != "posix", reason="gunicorn and POSIX signals: Linux and macOS")


def _env(home: Path, **extra: str) -> dict[str, str]:
    # (DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest for Playwright; a deployment never has it)
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "SECRET_KEY", "BOMBARAM_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}", PYTHONUNBUFFERED="1", **extra)
    return env


def _run(*args: str, home: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bombaram", *args], env=_env(home, **extra), capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("serve")
    assert _run("init", home=home).returncode == 0
    assert _run("demo", home=home).returncode == 0
    return home


def _officer(home: Path) -> tuple[str, str]:
    rows = [line.split("\t") for line in (home / "demo-accounts.txt").read_text(encoding="utf-8").splitlines()]
    return next((r[0], r[1]) for r in rows if r[0] == "seongbuk-general")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, home: Path, *args: str, **env: str):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bombaram", "serve", "--port", str(self.port), *args], env=_env(home, **env),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        for _ in range(300):
            try:
                if Client("127.0.0.1", self.port, timeout=5).get("/")[0] in (200, 301):
                    return
            except OSError:
                time.sleep(0.1)
        self.proc.kill()
        raise AssertionError(self.proc.communicate()[0])

    def client(self, **headers: str) -> Client:
        return Client("127.0.0.1", self.port, headers=headers)

    def stop(self, sig=signal.SIGTERM, *, group: bool = False) -> tuple[int, str]:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig) if group else self.proc.send_signal(sig)
        output, _ = self.proc.communicate(timeout=60)
        return self.proc.returncode, output


def _purchases_recorded(home: Path, note: str) -> int:
    con = sqlite3.connect(home / "db.sqlite3")
    try:
        return con.execute("select count(*) from procurement_purchase where note = ?", [note]).fetchone()[0]
    finally:
        con.close()


def test_two_workers_answer_concurrent_reads_and_a_write(demo_home):
    server = Server(demo_home, "--workers", "2", "--threads", "2", "--worker-header")
    try:
        pages = {"/": "서울의 사회적경제 지역생태계", "/organisations/": "조직 등록부", "/statistics/": "생태계 현황"}
        before = _purchases_recorded(demo_home, "bombaram bench load")
        officer = server.client()
        assert officer.login(*_officer(demo_home))
        workers: set[str] = set()

        def read(path: str) -> tuple[str, int, bool, str]:
            client = server.client()
            status, body = client.get(path)
            return path, status, pages[path] in body, client.last_headers.get("x-bombaram-worker", "")

        with ThreadPoolExecutor(max_workers=8) as pool:
            written = pool.submit(record_purchase, officer)
            for _ in range(10):  # rounds of concurrent reads until both workers have answered
                answers = list(pool.map(read, list(pages) * 4))
                assert all(status == 200 and right for _, status, right, _ in answers), answers
                workers |= {pid for *_, pid in answers}
                if len(workers) == 2:
                    break
            assert written.result() is None
        assert len(workers) == 2 and all(pid.isdigit() for pid in workers)
        assert _purchases_recorded(demo_home, "bombaram bench load") == before + 1
        con = sqlite3.connect(demo_home / "db.sqlite3")
        item, amount = con.execute("select item, amount_won from procurement_purchase order by id desc limit 1").fetchone()
        con.close()
        assert (item, amount) == ("부하 시험 도시락", 10_000)
    finally:
        code, output = server.stop()
    assert code == 0, output
    assert "gunicorn, 프로세스 2개 × 스레드 2개" in output


def test_workers_header_only_when_asked(demo_home):
    server = Server(demo_home, "--workers", "1")
    try:
        client = server.client()
        assert client.get("/")[0] == 200
        assert "x-bombaram-worker" not in client.last_headers
        assert "content-security-policy" in client.last_headers
    finally:
        server.stop()


def _post_in_flight(port: int) -> tuple[socket.socket, bytes]:
    """A request whose body is still arriving: the server is in the middle of it."""
    body = b"username=x&password=" + b"y" * 5000
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"GET /programmes/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # a first answer: the worker holds the connection
    first = b""
    while b"</html>" not in first:
        chunk = sock.recv(65536)
        assert chunk, first[:200]
        first += chunk
    sock.sendall(b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + str(len(body)).encode()
                 + b"\r\n\r\n" + body[:100])
    time.sleep(1)  # the server has read the head and waits for the rest of the body
    return sock, body[100:]


def _stops_listening(port: int) -> bool:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        except OSError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("kind, sig, group", [
    ("gunicorn", signal.SIGTERM, False),   # a service manager's stop
    ("gunicorn", signal.SIGINT, True),     # Ctrl+C in the terminal: every process of the group gets SIGINT
    ("waitress", signal.SIGTERM, False),   # the Windows server, tried here with the same signal
])
def test_a_stop_finishes_the_request_in_flight_says_so_and_exits_0(demo_home, kind, sig, group):
    server = Server(demo_home, "--server", kind, *(["--workers", "1"] if kind == "gunicorn" else []))
    sock, rest = _post_in_flight(server.port)
    if group:
        os.killpg(server.proc.pid, sig)
    else:
        server.proc.send_signal(sig)
    assert _stops_listening(server.port)  # no new connection, while the request in flight is still open
    sock.sendall(rest)
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    sock.close()
    # the login form without its CSRF token: refused, but answered in full
    assert answer.startswith(b"HTTP/1.1 403") and answer.rstrip().endswith(b"</html>"), answer[:300]
    code, output = server.proc.wait(timeout=60), server.proc.stdout.read()
    assert code == 0, output
    assert "서버를 멈추는 중입니다: 새 연결은 받지 않고, 처리 중인 요청을 마칩니다…" in output
    assert output.rstrip().endswith("서버를 멈췄습니다."), output
    assert "Traceback" not in output


def test_a_web_write_waits_for_a_long_import_instead_of_failing(demo_home):
    """Another process holds SQLite's write lock for 6 s (longer than the old 5 s timeout): the
    purchase posted meanwhile waits and is recorded."""
    server = Server(demo_home, "--workers", "1")
    try:
        officer = server.client()
        assert officer.login(*_officer(demo_home))
        before = _purchases_recorded(demo_home, "bombaram bench load")
        blocker = sqlite3.connect(demo_home / "db.sqlite3", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        with ThreadPoolExecutor(max_workers=1) as pool:
            written = pool.submit(record_purchase, officer)
            time.sleep(6)
            assert not written.done()  # waiting for the lock, not failed
            blocker.execute("COMMIT")
            assert written.result(timeout=60) is None
        blocker.close()
        assert _purchases_recorded(demo_home, "bombaram bench load") == before + 1
    finally:
        server.stop()


def _organisation_file(path: Path, prefix: str, rows: int, office: str) -> Path:
    from bombaram.core.identifiers import make_business_no

    lines = ["기업명,사업자등록번호,소재지,업종"]
    lines += [f"{prefix}협동조합{i},{make_business_no(f'{office}81{i:04d}')},서울특별시 성북구 보문로 {i},교육"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_second_import_waits_for_the_first_and_says_so(demo_home, tmp_path):
    """The first import holds the lock (taken here as `bombaram import` takes it); the second,
    a real process, says it waits, then imports when the first is done."""
    import fcntl

    lock = open(str(demo_home / "db.sqlite3") + ".import-lock", "a+b")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    source = _organisation_file(tmp_path / "second.csv", "둘째", 3, "140")
    second = subprocess.Popen([sys.executable, "-m", "bombaram", "import", str(source), "--designation", "cooperative"],
                              env=_env(demo_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        waiting = second.stderr.readline()
        assert waiting.strip() == "bombaram: 다른 가져오기가 진행 중입니다: 그 작업이 끝나면 이어서 가져옵니다 (기다리는 중…)"
        assert second.poll() is None
    finally:
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        lock.close()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "앞선 가져오기가 끝났습니다" in err and "새 조직 3" in out


def test_two_imports_at_once_both_complete(demo_home, tmp_path):
    files = [_organisation_file(tmp_path / f"{name}.csv", name, 400, office) for name, office in (("가", "120"), ("나", "130"))]
    procs = [subprocess.Popen([sys.executable, "-m", "bombaram", "import", str(f), "--designation", "cooperative"],
                              env=_env(demo_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "locked" not in err
    con = sqlite3.connect(demo_home / "db.sqlite3")
    names = {row[0] for row in con.execute("select name from registry_organisation where name like '가협동조합%' or name like '나협동조합%'")}
    con.close()
    assert len(names) == 800


def test_login_through_a_tls_proxy(demo_home):
    """nginx in front terminates TLS and says so in X-Forwarded-Proto; bombaram believes it from the
    configured proxy address only."""
    server = Server(demo_home, "--workers", "1", BOMBARAM_HTTPS="true", BOMBARAM_TRUSTED_PROXY="127.0.0.1",
                    ALLOWED_HOSTS="127.0.0.1")
    try:
        proxy = server.client(**{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
        status, page = proxy.get("/accounts/login/")
        assert status == 200
        assert proxy.last_headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert "Secure" in proxy.last_headers.get("set-cookie", "")
        assert proxy.login(*_officer(demo_home))
        status, listing = proxy.get("/purchase/purchases/")
        assert status == 200 and "구매실적" in listing
        # the same request without the proxy's header is plain HTTP: sent to HTTPS
        direct = server.client()
        assert direct.get("/accounts/login/")[0] == 301
        assert direct.last_headers["location"].startswith("https://127.0.0.1")
    finally:
        server.stop()


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(demo_home):
    server = Server(demo_home, "--workers", "1", BOMBARAM_HTTPS="true", BOMBARAM_TRUSTED_PROXY="192.0.2.1",
                    ALLOWED_HOSTS="127.0.0.1")
    try:
        forged = server.client(**{"X-Forwarded-Proto": "https"})
        assert forged.get("/accounts/login/")[0] == 301  # still plain HTTP: redirected, no session over it
        assert "strict-transport-security" not in forged.last_headers
    finally:
        server.stop()


def test_check_deploy_is_clean_over_https(tmp_path):
    result = _run("manage", "check", "--deploy", "--fail-level", "WARNING", home=tmp_path, BOMBARAM_HTTPS="true",
                  ALLOWED_HOSTS="se.example.go.kr")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    plain = _run("manage", "check", "--deploy", home=tmp_path, ALLOWED_HOSTS="se.example.go.kr")
    assert re.search(r"security\.W0(04|08|12|16)", plain.stdout + plain.stderr)  # the check itself works


def test_bench_load_refuses_an_unknown_page_in_one_line(tmp_path):
    result = _run("bench", "load", "--pages", "home,nowhere", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("bombaram: --pages: 모르는 페이지 nowhere "
                                     "(가능: home, directory, statistics, purchases, team, report)")


def test_the_mixed_load_reads_enters_purchases_and_autosaves_questionnaires(demo_home):
    """`bombaram bench load`'s mixed run, briefly (not timed): an open Delphi round made in the demo
    database as the bench makes it, three clients for 4 s, nothing fails and every client's last
    autosave is the score stored for its panellist."""
    made = _run("manage", "shell", "-c", "from bombaram.web.loadtest import open_bench_round\n"
                "for t in open_bench_round(panellists=3): print('link', t)", home=demo_home)
    assert made.returncode == 0, made.stderr
    tokens = [line.split()[1] for line in made.stdout.splitlines() if line.startswith("link ")]
    assert len(set(tokens)) == 3
    server = Server(demo_home, "--workers", "2", "--threads", "2")
    clients: list[Client] = []
    try:
        team = re.search(r'href="/programmes/(\d+)/"[^>]*>성북구', server.client().get("/programmes/")[1]).group(1)
        action = loadtest.Mixed({name: (path.format(team=team), marker, login)
                                 for name, (path, marker, login) in loadtest.PAGES.items()})

        def login(client: Client) -> None:
            assert client.login(*_officer(demo_home))
            clients.append(client)

        result = loadtest.run("127.0.0.1", server.port, name="mixed", clients=3, duration=4, action=action,
                              prepare=loadtest.as_panellists(login, tokens), max_requests=300)
    finally:
        code, output = server.stop()
    assert code == 0, output
    assert result.failures == [] and all(not failed for failed in action.failures.values())
    assert all(action.latencies[kind] for kind in ("read", "purchase", "autosave")), action.summary()
    assert len(action.latencies["read"]) >= len(loadtest.PAGES)  # the report page among them
    assert {c.panel_token for c in clients} == set(tokens)
    con = sqlite3.connect(demo_home / "db.sqlite3")
    try:
        for client in clients:
            if not client.panel_saves:
                continue
            last = client.panel_saves - 1
            item, score = int(client.panel_items[last % len(client.panel_items)]), last % 7 + 1
            stored = con.execute(
                "select a.score from valuation_answer a join valuation_response r on a.response_id = r.id "
                "join valuation_panellist p on r.panellist_id = p.id where p.token_hash = ? and a.item_id = ?",
                [hashlib.sha256(client.panel_token.encode()).hexdigest(), item]).fetchone()
            assert stored == (score,), (client.panel_saves, stored)
        saved = con.execute("select count(*) from valuation_answer a join valuation_response r on a.response_id = r.id "
                            "join valuation_panellist p on r.panellist_id = p.id where p.token_hash in (?, ?, ?)",
                            [hashlib.sha256(t.encode()).hexdigest() for t in tokens]).fetchone()[0]
    finally:
        con.close()
    assert 0 < saved <= len(action.latencies["autosave"])
