"""A large purchase file uploaded in the browser: the job page shows the progress bar moving (htmx
polling, no inline script), the site keeps answering meanwhile, and the job ends done. Against a
real `bombaram serve` (with the worker it starts) on its own SQLite file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bombaram.web.loadtest import Client
from tests.web.test_server import _free_port

ROWS = 200_000
PASSWORD = "browser-jobs-password-1"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}", PYTHONUNBUFFERED="1",
               DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    return env


def _bombaram(home: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "bombaram", *args], env=_env(home), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def site(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _bombaram(home, "init")
    targets = tmp_path / "targets.csv"
    targets.write_text("institution_code,institution_name,year,department,target_won\n"
                       "seongbuk,성북구청,2026,복지정책과,100000000\nseongbuk,성북구청,2026,문화체육과,50000000\n",
                       encoding="utf-8")
    _bombaram(home, "procurement", "load-targets", str(targets))
    _bombaram(home, "createadmin", "--username", "centre", "--email", "centre@example.org", "--no-input")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bombaram", "serve", "--port", str(port), "--workers", "1",
                             "--threads", "4"], env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    for _ in range(300):
        try:
            if Client("127.0.0.1", port, timeout=5).get("/")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=90)
    assert proc.returncode == 0, output


def _purchase_file(path: Path) -> Path:
    departments = ["복지정책과", "문화체육과"]
    with path.open("w", encoding="utf-8") as out:
        out.write("구매일자,부서,업체명,품목,구분,금액\n")
        for i in range(ROWS):
            out.write(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},{departments[i % 2]},공급업체 {i % 500},"
                      f"품목 {i % 1000},물품,{(i % 90 + 10) * 1000}\n")
    return path


def test_a_large_upload_shows_its_progress_and_finishes_while_the_site_answers(browser, site, tmp_path, shot):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=site)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("centre")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.goto("/jobs/purchase-import/")
    page.get_by_label("기관").select_option(label="성북구청")
    page.get_by_label("구매 실적 파일").set_input_files(str(_purchase_file(tmp_path / "purchases-2026.csv")))
    page.get_by_role("button", name="올려서 가져오기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("구매 실적 파일 가져오기")
    bar = page.get_by_role("progressbar", name="작업 진행률")
    expect(bar).to_be_visible()
    # The job's record (what the page's bar shows at each poll) is followed from here every 50 ms: the rows are
    # checked part-way with their count, and the site answers while the job runs. (Watching only the page, which
    # polls once a second, saw no part-way value in some runs of the suite.)
    db = tmp_path / "home" / "db.sqlite3"
    seen: list[tuple] = []
    answered: list[int] = []
    other = context.new_page()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with sqlite3.connect(db, timeout=10) as conn:
            row = conn.execute("SELECT state, done, total, message FROM jobs_job ORDER BY id DESC LIMIT 1").fetchone()
        if row:
            seen.append(row)
            if row[0] == "running" and not answered:
                answered = [other.goto(site + path).status for path in ("/", "/organisations/", "/purchase/")]
                shot(page, "jobs-progress-running-1400")
            if row[0] in ("done", "refused", "failed"):
                break
        time.sleep(0.05)
    other.close()
    assert any(state == "running" and 0 < done < total for state, done, total, _m in seen), seen[-5:]
    assert any("행을 검사하는 중입니다" in message for *_x, message in seen)
    assert answered == [200, 200, 200]
    expect(page.locator(".job-state")).to_have_text("완료", timeout=240_000)
    expect(page.locator(".job-status")).to_contain_text(f"구매 {ROWS:,}건을 반영했습니다")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator(".job-figures")).to_contain_text(f"{ROWS:,}")
    shot(page, "jobs-progress-done-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "jobs-progress-done-390")
    # the figures and the state fit on one line each at phone width
    for selector in (".job-state", ".job-figures dd"):
        for box in (page.locator(selector).all()):
            height = box.bounding_box()["height"]
            assert height < 40, (selector, height)
    context.close()
