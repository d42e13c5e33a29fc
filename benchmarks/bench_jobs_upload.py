"""A million-row purchase file uploaded through the browser's form to a real `bombaram serve`
(issue 15 §2): how long until the job is done, how its progress showed, and what other pages
answered meanwhile (p50/p95 beside the same pages with no job running).

    .venv/bin/python benchmarks/bench_jobs_upload.py [--rows 1000000] [--clients 4] [--database-url URL]

A throwaway BOMBARAM_HOME gets `bombaram init` and `bombaram demo` (SQLite file, or the PostgreSQL
database named, which is emptied first); `bombaram serve` runs with its defaults (gunicorn, one
process per core × 4 threads, and the job worker it starts). The file: UTF-8 CSV of 2015 purchases by
성북구청's demonstration departments, 90 % from demonstration organisations (business number and
name), 10 % from suppliers unknown to the registry. ``--clients`` users read the home, directory,
statistics and annual report pages in turn, first for ``--baseline`` seconds with no job, then for
as long as the job runs.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bombaram.web.loadtest import Client

PAGES = [("/", "서울의 사회적경제 지역생태계"), ("/organisations/", "조직 등록부"), ("/statistics/", "생태계 현황"),
         ("/purchase/report/seongbuk/2014/", "성북구청")]


def _bombaram(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bombaram", *args], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"bombaram {' '.join(args)}: {done.stderr}")
    return done.stdout


def make_file(path: Path, rows: int, departments: list[str], suppliers: list[tuple[str, str]]) -> None:
    rng = random.Random(2015)
    unknown = [f"일반상사 {i:03d}" for i in range(300)]
    items = ["복사용지", "도시락", "현수막", "청소 용역", "행사 대행", "교육 프로그램", "사무용품", "인쇄물"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("구매일자,부서,업체명,사업자등록번호,품목,구분,금액\n")
        for i in range(rows):
            day = f"2015-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            name, number = (unknown[i % 300], "") if i % 10 == 0 else suppliers[rng.randrange(len(suppliers))]
            out.write(f'{day},{departments[i % len(departments)]},{name},{number},{items[i % len(items)]},물품,'
                      f'"{rng.randint(1, 5000) * 1000:,}"\n')


def upload(port: int, client: Client, path: Path) -> tuple[int, str]:
    """POST the form with the file as a browser does (multipart), streamed from disk."""
    _, page = client.get("/jobs/purchase-import/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    institution = re.search(r'<option value="(\d+)"[^>]*>성북구청', page).group(1)
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"institution\"\r\n\r\n{institution}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.putrequest("POST", "/jobs/purchase-import/")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head) + path.stat().st_size + len(tail)))
    conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in client.cookies.items()))
    conn.putheader("Origin", f"http://127.0.0.1:{port}")
    conn.putheader("Referer", f"http://127.0.0.1:{port}/jobs/purchase-import/")
    conn.endheaders()
    conn.send(head)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            conn.send(chunk)
    conn.send(tail)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("Location", "")


class Readers:
    """``clients`` users reading PAGES in turn until stopped; their latencies."""

    def __init__(self, port: int, clients: int) -> None:
        self.port, self.clients = port, clients
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(clients)]

    def _read(self, n: int) -> None:
        client = Client("127.0.0.1", self.port, timeout=120)
        i = n
        while not self.stop.is_set():
            path, marker = PAGES[i % len(PAGES)]
            i += 1
            began = time.perf_counter()
            try:
                status, body = client.get(path)
                ok = status == 200 and marker in body
            except OSError as exc:
                ok, status = False, type(exc).__name__
            self.latencies.append(time.perf_counter() - began)
            if not ok:
                self.failures.append(f"{path}: {status}")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()

    def figures(self) -> str:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000
        return (f"{len(ordered)} requests, p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95:.0f} ms, "
                f"failures {len(self.failures)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=20.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="jobsupload-"))
    url = args.database_url or f"sqlite:///{home / 'bench.sqlite3'}"
    env = {**os.environ, "BOMBARAM_HOME": str(home), "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    _bombaram(env, "init")
    _bombaram(env, "demo")
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bombaram.config.settings")
    import django

    django.setup()
    from bombaram.core.identifiers import format_business_no
    from bombaram.procurement.models import Department
    from bombaram.registry.models import Organisation

    departments = list(Department.objects.filter(institution__code="seongbuk").values_list("name", flat=True))
    suppliers = [(name, format_business_no(number)) for name, number in Organisation.objects.exclude(
        business_no="").values_list("name", "business_no")]
    path = home / "purchases-2015.csv"
    make_file(path, args.rows, departments, suppliers)
    print(f"file: {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows; database {url.split(':')[0]}", flush=True)

    port = int(subprocess.check_output([sys.executable, "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"]))
    server = subprocess.Popen([sys.executable, "-m", "bombaram", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if Client("127.0.0.1", port, timeout=5).get("/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        accounts = dict(line.split("\t")[:2] for line in (home / "demo-accounts.txt").read_text(encoding="utf-8").splitlines())
        officer = Client("127.0.0.1", port, timeout=600)
        assert officer.login("centre", accounts["centre"])
        with Readers(port, args.clients) as baseline:
            time.sleep(args.baseline)
        print(f"pages, no job ({args.clients} clients, {args.baseline:.0f} s): {baseline.figures()}", flush=True)

        with Readers(port, args.clients) as during:
            began = time.perf_counter()
            status, location = upload(port, officer, path)
            uploaded = time.perf_counter() - began
            assert status == 302 and location.startswith("/jobs/"), (status, location)
            seen = []
            while True:
                _, partial = officer.get(location, headers={"HX-Request": "true"})
                now = re.search(r'aria-valuenow="(\d+)"', partial)
                seen.append((time.perf_counter() - began, int(now.group(1)) if now else None,
                             re.search(r'class="job-status">(.*?)</p>', partial, re.S).group(1)))
                if "hx-trigger" not in partial:
                    break
                time.sleep(1)
            finished = time.perf_counter() - began
        state = re.sub(r"<[^>]+>", " ", seen[-1][2]).split()
        print(f"upload (POST until the job page): {uploaded:.1f} s; job done {finished:.1f} s after the upload began; "
              f"end: {' '.join(state)}", flush=True)
        shown = sorted({p for _, p, _ in seen if p is not None})
        print(f"progress polled {len(seen)} times, distinct values shown: {shown}")
        print(f"pages during the job ({args.clients} clients): {during.figures()}")
        if during.failures:
            print("  failures:", during.failures[:5])
    finally:
        server.terminate()
        server.wait(timeout=120)


if __name__ == "__main__":
    sys.exit(main())
