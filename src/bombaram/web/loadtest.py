"""A small load generator for ``bombaram bench load`` and the server tests.

Threads, one per simulated user, each opening a new connection per request (as ApacheBench does
without -k) and keeping its own cookies (a logged-in officer). Every answer is checked: the status
expected and a marker in the body; anything else counts as a failure. Loopback only.
"""

from __future__ import annotations

import http.client
import itertools
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One user: cookies kept between requests, CSRF token read from the last form page."""

    def __init__(self, host: str, port: int, *, headers: dict[str, str] | None = None, timeout: float = 60):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.extra_headers = dict(headers or {})
        self.last_headers: dict[str, str] = {}
        #: a Delphi panellist's personal link token (the mixed run's questionnaire autosaves), and what
        #: its questionnaire page gave: the htmx CSRF header and the questions' ids
        self.panel_token = ""
        self.panel_csrf = ""
        self.panel_items: list[str] = []
        self.panel_saves = 0

    def request(self, method: str, path: str, fields: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        sent = {"Host": f"{self.host}:{self.port}", **self.extra_headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"{sent.get('X-Forwarded-Proto', 'http')}://{self.host}:{self.port}"
            sent.setdefault("Origin", origin)
            sent.setdefault("Referer", origin + path)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self.last_headers = {k.lower(): v for k, v in response.getheaders()}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def get(self, path: str, **kw) -> tuple[int, str]:
        return self.request("GET", path, **kw)

    def post_form(self, form_path: str, fields: dict[str, str], action: str | None = None) -> tuple[int, str]:
        """GET the form page for its CSRF token, then POST ``fields`` to it (or to ``action``)."""
        status, page = self.get(form_path)
        if status != 200:
            return status, page
        token = _CSRF_INPUT.search(page)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", **fields}
        return self.request("POST", action or form_path, data)

    def login(self, username: str, password: str) -> bool:
        status, _ = self.post_form("/accounts/login/", {"username": username, "password": password})
        return status == 302 and "sessionid" in self.cookies


@dataclass
class Result:
    name: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0


#: one request of a simulated user: returns None when the answer was right, else what was wrong
Action = Callable[[Client], "str | None"]


def page(path: str, marker: str) -> Action:
    def get(client: Client) -> str | None:
        status, body = client.get(path)
        if status != 200 or marker not in body:
            return f"GET {path}: {status}"
        return None

    return get


def run(host: str, port: int, *, name: str, clients: int, duration: float, action: Action,
        prepare: Callable[[Client], None] | None = None, max_requests: int = 100_000) -> Result:
    """``clients`` threads repeat ``action`` for ``duration`` seconds (at most ``max_requests`` in all)."""
    users = [Client(host, port) for _ in range(clients)]
    for user in users:
        if prepare:
            prepare(user)
    result = Result(name=name, clients=clients, seconds=0.0)
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work(user: Client) -> None:
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                problem = action(user)
            except OSError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - began
            with lock:
                if len(result.latencies) >= max_requests:
                    return
                result.latencies.append(elapsed)
                if problem:
                    result.failures.append(problem)

    threads = [threading.Thread(target=work, args=(u,), daemon=True) for u in users]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline[0] = began + duration
    start_gate.wait()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result


# --- `bombaram bench load`: the pages of issue 17 against the real server and its anchor -----------

#: page name → (path, a marker its answer must contain, needs the officer logged in)
PAGES = {
    "home": ("/", "서울의 사회적경제 지역생태계", False),
    "directory": ("/organisations/", "조직 등록부", False),
    "statistics": ("/statistics/", "생태계 현황", False),
    "purchases": ("/purchase/purchases/", "구매실적", True),
    "team": ("/programmes/{team}/", "성북구사회적경제지원단", False),
    "report": ("/purchase/report/seongbuk/2014/", "성북구청 2014년 사회적경제제품 구매실적", False),
}
_DEPARTMENT = re.compile(r'<select name="department".*?<option value="(\d+)"[^>]*selected', re.S)


def record_purchase(client: Client) -> str | None:
    """The officer's purchase entry, through the form as a person would (GET, then POST)."""
    status, form = client.get("/purchase/purchases/new/")
    token, department = _CSRF_INPUT.search(form), _DEPARTMENT.search(form)
    if status != 200 or not token or not department:
        return f"GET /purchase/purchases/new/: {status}"
    status, _ = client.request("POST", "/purchase/purchases/new/", {
        "csrfmiddlewaretoken": token.group(1), "purchased_on": "2014-07-01", "department": department.group(1),
        "supplier_name": "㈜부하시험도시락", "supplier_business_no": "", "item": "부하 시험 도시락",
        "category": "goods", "amount_won": "10,000", "contract_method": "private_contract", "channel": "direct",
        "exception_code": "", "exception_justification": "", "note": "bombaram bench load"})
    if status != 302 or client.last_headers.get("location") != "/purchase/purchases/":
        return f"POST /purchase/purchases/new/: {status}"
    return None


_HX_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
_SCORE_ITEM = re.compile(r'name="score-(\d+)" value="1"')


def autosave_answer(client: Client) -> str | None:
    """The panellist's questionnaire autosave as htmx sends it: one field (a 1–7 score) posted to
    ``/delphi/<token>/answer/`` with ``HX-Request`` and the page's ``X-CSRFToken`` header. The
    questionnaire page is opened first once (its CSRF cookie, header and questions), as a person does."""
    path = f"/delphi/{client.panel_token}/"
    if not client.panel_items:
        status, body = client.get(path)
        csrf = _HX_CSRF.search(body)
        client.panel_items = list(dict.fromkeys(_SCORE_ITEM.findall(body)))
        if status != 200 or not csrf or not client.panel_items:
            client.panel_items = []
            return f"GET /delphi/…/: {status}"
        client.panel_csrf = csrf.group(1)
    n = client.panel_saves
    client.panel_saves += 1
    item = client.panel_items[n % len(client.panel_items)]
    status, body = client.request("POST", path + "answer/", {f"score-{item}": str(n % 7 + 1)}, headers={
        "HX-Request": "true", "HX-Target": f"status-{item}", "X-CSRFToken": client.panel_csrf})
    if status != 200 or "q-saved" not in body:
        return f"POST /delphi/…/answer/: {status}"
    return None


class Mixed:
    """The mixed run's action: of every six, four page reads (in turn), one purchase entry and one
    questionnaire autosave; requests and failures counted per kind."""

    KINDS = ("read", "purchase", "autosave")

    def __init__(self, paths: dict[str, tuple[str, str, bool]]) -> None:
        self.reads = [page(path, marker) for path, marker, _ in paths.values()]
        self.latencies: dict[str, list[float]] = {kind: [] for kind in self.KINDS}
        self.failures: dict[str, list[str]] = {kind: [] for kind in self.KINDS}
        self._counter = self._read = 0
        self._lock = threading.Lock()

    def __call__(self, client: Client) -> str | None:
        with self._lock:
            n = self._counter = self._counter + 1
            kind = "purchase" if n % 6 == 0 else "autosave" if n % 6 == 3 else "read"
            if kind == "read":
                self._read += 1
            act = {"purchase": record_purchase, "autosave": autosave_answer}.get(kind) or self.reads[self._read % len(self.reads)]
        began = time.perf_counter()
        try:
            problem = act(client)
        except OSError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - began
        with self._lock:
            self.latencies[kind].append(elapsed)
            if problem:
                self.failures[kind].append(problem)
        return problem

    def summary(self) -> str:
        """"read 400 (p50 12 ms, p95 30 ms, failed 0) · purchase …" """
        parts = []
        for kind in self.KINDS:
            times = Result(name=kind, clients=0, seconds=0, latencies=self.latencies[kind])
            parts.append(f"{kind} {times.requests} (p50 {times.p50:.0f} ms, p95 {times.percentile(0.95):.0f} ms, "
                         f"failed {len(self.failures[kind])})")
        return " · ".join(parts)


def as_panellists(prepare: Callable[[Client], None], tokens: list[str]) -> Callable[[Client], None]:
    """``prepare``, then give the client the next panellist's link (one panellist per client while
    there are enough)."""
    handed = itertools.cycle(tokens)

    def both(client: Client) -> None:
        prepare(client)
        client.panel_token = next(handed)

    return both


def open_bench_round(*, panellists: int) -> list[str]:
    """For the bench's own demonstration database only (``bombaram bench load`` runs it there through
    ``manage shell``): a new Delphi study of the Seongbuk framework, ``panellists`` panellists, round 1
    open for a week; returns their personal link tokens (one per load client)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bombaram.valuation.models import FrameworkVersion
    from bombaram.valuation.services import delphi

    admin = get_user_model().objects.get(username="centre")
    version = FrameworkVersion.objects.filter(framework__slug="seongbuk").order_by("-number").first()
    study = delphi.create_study(user=admin, version=version, title="부하 시험 델파이 조사 (bombaram bench load)",
                                groups=["부하 시험 패널"])
    group = study.groups.get()
    tokens = [delphi.add_panellist(user=admin, study=study, group=group, name=f"부하 시험 패널 {n + 1}")[1]
              for n in range(panellists)]
    delphi.open_round(user=admin, study=study, number=1, closes=timezone.now() + dt.timedelta(days=7))
    return tokens


def server_command(name: str, port: int, cores: int) -> list[str]:
    """How each server compared is started (on the same application and database)."""
    import sys

    serve = [sys.executable, "-m", "bombaram", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if name == "serve":
        return serve
    if name == "anchor":  # issue 17's anchor: gunicorn, one sync worker per core
        return [sys.executable, "-m", "gunicorn", "--workers", str(cores), "--worker-class", "sync",
                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bombaram.config.wsgi:application"]
    if name == "waitress":  # the server before issue 17: one process, eight threads
        return [*serve, "--server", "waitress", "--threads", "8"]
    if name.startswith("threads-"):  # bombaram serve with another thread count per worker
        return [*serve, "--threads", name.split("-", 1)[1]]
    if name == "granian":
        return [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", str(cores),
                "--blocking-threads", "4", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                "bombaram.config.wsgi:application"]
    raise ValueError(name)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(name: str, env: dict[str, str], cores: int, log):
    """Start a server, wait (up to 3 minutes on a busy machine) until its home page answers;
    returns (process, port). Its output goes to ``log``."""
    import subprocess

    port = _free_port()
    proc = subprocess.Popen(server_command(name, port, cores), env=env, stdout=log, stderr=subprocess.STDOUT)
    probe = Client("127.0.0.1", port, timeout=30)
    deadline, status = time.monotonic() + 180, None
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            status = probe.get("/")[0]
            if status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"{name}: the server did not start (last answer {status}, exit {proc.returncode})")


def stop_server(proc) -> None:
    import signal

    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=40)
    except Exception:  # noqa: BLE001 - a server that does not stop is killed
        proc.kill()
        proc.wait()


def bench_load(*, home, env: dict[str, str], servers: list[str], pages: list[str], levels: list[int],
               duration: float, mixed_clients: int, mixed_duration: float, officer: tuple[str, str], say: Callable[[str], None],
               panel_tokens: list[str] | None = None) -> list[Result]:
    """Every page at every client count on every server, then the mixed run; servers one at a time,
    each page's cells in the same server run. The mixed run reads every page of ``PAGES`` whatever
    ``pages`` says; each of its clients is the officer and also a panellist (``panel_tokens``, from
    ``open_bench_round``) whose questionnaire it autosaves."""
    import os

    cores = os.cpu_count() or 1
    results: list[Result] = []
    for server in servers:
        log_path = home / f"{server}.log"
        with open(log_path, "ab") as log:
            try:
                proc, port = start_server(server, env, cores, log)
            except RuntimeError as exc:
                tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
                say(f"{exc}: {' / '.join(tail)}")
                continue
        try:
            team = re.search(r'href="/programmes/(\d+)/"[^>]*>성북구', Client("127.0.0.1", port).get("/programmes/")[1])
            paths = {name: (p.format(team=team.group(1) if team else 0), marker, login)
                     for name, (p, marker, login) in PAGES.items() if name in pages}

            def prepare(client: Client) -> None:
                if not client.login(*officer):
                    raise RuntimeError("the demonstration officer could not log in")

            for name, (path, marker, login) in paths.items():
                run("127.0.0.1", port, name="warm-up", clients=2, duration=1, action=page(path, marker),
                    prepare=prepare if login else None)
                for clients in levels:
                    result = run("127.0.0.1", port, name=f"{server}|{name}", clients=clients, duration=duration,
                                 action=page(path, marker), prepare=prepare if login else None)
                    results.append(result)
                    say(f"{server:10} {name:11} {clients:3} clients: {result.rps:7.1f}/s  p50 {result.p50:7.1f} ms  "
                        f"p95 {result.percentile(0.95):7.1f} ms  failed {len(result.failures)}")
            if mixed_clients:
                if not panel_tokens:
                    raise RuntimeError("the mixed run needs the panellists' links (open_bench_round)")
                action = Mixed({name: (p.format(team=team.group(1) if team else 0), marker, login)
                                for name, (p, marker, login) in PAGES.items()})
                result = run("127.0.0.1", port, name=f"{server}|mixed", clients=mixed_clients, duration=mixed_duration,
                             action=action, prepare=as_panellists(prepare, panel_tokens))
                results.append(result)
                say(f"{server:10} {'mixed':11} {mixed_clients:3} clients: {result.rps:7.1f}/s  p50 {result.p50:7.1f} ms  "
                    f"p95 {result.percentile(0.95):7.1f} ms  failed {len(result.failures)}"
                    + (f"  ({result.failures[0]})" if result.failures else ""))
                say(f"{'':10} {'':11} {'':3}          {action.summary()}")
        finally:
            stop_server(proc)
    return results


def table(results: list[Result], servers: list[str]) -> str:
    """Markdown: page × clients, requests per second of each server, ratios to one client and to the anchor."""
    cells = {(r.name, r.clients): r for r in results}
    rows = sorted({(r.name.split("|")[1], r.clients) for r in results},
                  key=lambda k: (list(PAGES).index(k[0]) if k[0] in PAGES else 99, k[1]))
    head = ["page", "clients", *[f"{s} req/s (p50 / p95 ms)" for s in servers]]
    if "serve" in servers and "anchor" in servers:
        head += ["serve ÷ its 1 client", "serve ÷ anchor"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for page_name, clients in rows:
        row = [page_name, str(clients)]
        for s in servers:
            r = cells.get((f"{s}|{page_name}", clients))
            row.append(f"{r.rps:.1f} ({r.p50:.0f} / {r.percentile(0.95):.0f}){' ✗' + str(len(r.failures)) if r.failures else ''}"
                       if r else "—")
        if "serve" in servers and "anchor" in servers:
            ours, anchor = cells.get((f"serve|{page_name}", clients)), cells.get((f"anchor|{page_name}", clients))
            one = cells.get((f"serve|{page_name}", 1))
            row.append(f"{ours.rps / one.rps:.2f}" if ours and one and one.rps and page_name != "mixed" else "—")
            row.append(f"{ours.rps / anchor.rps:.2f}" if ours and anchor and anchor.rps else "—")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
