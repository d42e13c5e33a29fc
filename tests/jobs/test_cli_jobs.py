"""The command line of the jobs: `bombaram worker` runs what was queued while no worker ran (the
queue and the jobs survive a restart), ends the jobs a stopped worker left running, and
`bombaram procurement import` draws a progress bar in a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal: Linux and macOS")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    return env


def _bombaram(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bombaram", *args], env=_env(home), capture_output=True, text=True,
                          timeout=600, check=False)


QUEUE = """
import datetime as dt
from django.utils import timezone
from bombaram.jobs import services
from bombaram.jobs.models import Job
rows = "구매일자,부서,업체명,품목,구분,금액\\n" + "".join(f"2026-03-0{1 + i % 9},복지정책과,공급업체 {i},품목,물품,{i + 1}000\\n" for i in range(30))
services.start_job(kind="purchase_import", user=None, params={"institution": "seongbuk", "filename": "p.csv"},
                   upload=[rows.encode()])
Job.objects.create(kind="purchase_import", state="running", heartbeat=timezone.now() - dt.timedelta(hours=2))
"""
STATES = "from bombaram.jobs.models import Job; print(sorted((j.state, j.message) for j in Job.objects.all()))"


def test_the_worker_runs_what_was_queued_before_it_started_and_ends_abandoned_jobs(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert _bombaram(home, "init").returncode == 0
    targets = tmp_path / "targets.csv"
    targets.write_text("institution_code,institution_name,year,department,target_won\n"
                       "seongbuk,성북구청,2026,복지정책과,100000000\n", encoding="utf-8")
    assert _bombaram(home, "procurement", "load-targets", str(targets)).returncode == 0
    queued = _bombaram(home, "manage", "shell", "-c", QUEUE)
    assert queued.returncode == 0, queued.stderr
    # a new process, as after a restart: the queued job is still there and runs now
    worked = _bombaram(home, "worker", "--once", "--interval", "0")
    assert worked.returncode == 0, worked.stderr
    assert "작업 워커: 멈춘 워커의 작업 1건을 실패로 표시했습니다" in worked.stdout
    states = _bombaram(home, "manage", "shell", "-c", STATES).stdout
    assert "('done', '구매 30건을 반영했습니다')" in states
    assert "('failed', '작업하던 워커가 멈춰 작업이 중단되었습니다" in states

    # the terminal import draws a bar (tqdm) on a terminal, and says where it is
    purchases = tmp_path / "more.csv"
    purchases.write_text("구매일자,부서,업체명,품목,구분,금액\n" + "".join(
        f"2026-04-{1 + i % 28:02d},복지정책과,공급업체 {i % 50},품목 {i},물품,{i + 1}000\n" for i in range(20_000)),
        encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bombaram", "procurement", "import", str(purchases),
                             "--institution", "seongbuk"], env=_env(home), stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the import closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = proc.communicate(timeout=300)
    os.close(leader)
    assert proc.returncode == 0
    assert "새 구매 20000" in out.decode()
    text = drawn.decode("utf-8", "replace")
    assert "행을 검사하는 중입니다" in text and "%|" in text and "20.0k" in text
