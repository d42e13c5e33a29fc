"""Background jobs: started from a page, run by the real worker (django-tasks' database backend),
followed through the progress partial, ended done / refused / failed, results for their owner only."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bombaram.jobs import services
from bombaram.jobs.choices import JobKind, JobState
from bombaram.jobs.models import Job
from bombaram.procurement.models import Purchase
from bombaram.procurement.services.purchases import (
    CHECKING,
    DECIDING,
    READING,
    WRITING,
    import_purchases,
)
from bombaram.web.choices import Role
from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK

# the worker closes its connection between tasks as a request does (with PostgreSQL's pool it hands it
# back): that cannot happen inside the transaction a plain database test runs in
pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "구매일자,부서,업체명,사업자등록번호,품목,구분,금액\n"


def _file(rows: list[str]) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


def _rows(n: int) -> list[str]:
    """n purchases from 2014-07-01 on; the 행복도시락 ones count (certified 2014-06-15), amount i × 1,000."""
    suppliers = [f"㈜행복도시락,{BN_HAENGBOK}", f"두레협동조합,{BN_DUREH}"]
    return [f"2014-07-{1 + i % 28:02d},복지정책과,{suppliers[i % 2]},도시락 {i},물품,{(i + 1) * 1000}" for i in range(n)]


def _work() -> None:
    """The worker of `bombaram worker --once`: runs what is queued, then returns."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


@pytest.fixture
def officer_admin(make_user, seongbuk):
    return make_user("seongbuk-admin", Role.CENTRE_ADMIN, district=seongbuk.institution.district)


def _upload(client, content: bytes, name: str = "purchases.csv"):
    institution = client.get(reverse("job-purchase-import")).context["form"].fields["institution"].queryset.get()
    return client.post(reverse("job-purchase-import"), {
        "institution": institution.pk, "file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_an_uploaded_purchase_file_is_imported_by_the_worker(client, officer_admin, seongbuk):
    client.force_login(officer_admin)
    response = _upload(client, _file(_rows(40)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    # queued on the real queue, nothing written yet
    assert job.state == JobState.QUEUED and job.kind == JobKind.PURCHASE_IMPORT
    assert DBTaskResult.objects.filter(id=job.task_id).exists()
    assert Purchase.objects.count() == 0
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert 'role="progressbar"' in page and "hx-trigger=\"every 1s\"" in page
    _work()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    assert job.message == "구매 40건을 반영했습니다"
    assert Purchase.objects.count() == 40
    # 20 rows of 행복도시락 (even i) count: amounts (i + 1) × 1,000 for i = 0, 2, …, 38 → 1,000 × (1 + 3 + … + 39)
    assert job.result["counted"] == 20 and job.result["counted_won"] == 1000 * 400
    assert job.result["rows"] == 40 and job.done == job.total
    assert not job.files.exists()  # the uploaded file is dropped once the job has ended
    partial = client.get(reverse("job-detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-valuenow="100"' in partial and "hx-trigger" not in partial  # finished: polling stops
    assert "<html" not in partial


def test_a_file_with_a_bad_row_is_refused_with_its_row_errors_and_writes_nothing(client, officer_admin, seongbuk):
    client.force_login(officer_admin)
    rows = _rows(10)
    rows[3] = rows[3].replace("2014-07-04", "2014-13-40")
    rows[7] = rows[7].replace(",8000", ",팔천원")
    _upload(client, _file(rows))
    _work()
    job = Job.objects.get()
    assert job.state == JobState.REFUSED
    assert job.message == "2개 행에 문제가 있어 아무것도 반영하지 않았습니다: 고쳐서 다시 올려 주십시오"
    # rows as a spreadsheet numbers them: the header is row 1, the fourth purchase row 5
    assert [(e["row"], e["column"]) for e in job.row_errors] == [(5, "date"), (9, "amount_won")]
    assert job.row_errors[1]["value"] == "팔천원"
    assert Purchase.objects.count() == 0
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "팔천원" in page and "거부" in page


def test_a_file_that_cannot_be_read_is_refused_in_one_line(client, officer_admin, seongbuk):
    client.force_login(officer_admin)
    _upload(client, "이름,나이\n홍길동,3\n".encode())
    _work()
    job = Job.objects.get()
    assert job.state == JobState.REFUSED and job.message.startswith("파일을 읽을 수 없습니다: ")
    assert Purchase.objects.count() == 0


def test_the_import_reports_its_progress_row_by_row(seongbuk, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(_file(_rows(12_000)))
    seen: list[tuple[int, int, str]] = []
    plan = import_purchases(source=path, filename=path.name, institution_code="seongbuk",
                            progress=lambda d, t, m: seen.append((d, t, m)))
    assert plan.written and plan.created == 12_000
    assert seen[0] == (0, 0, READING)
    checked = [(d, t) for d, t, m in seen if m.startswith("행을 검사하는 중")]
    # at the start, then whenever the rows left are a multiple of 5,000: 10,000 left (2,000 done), 5,000 (7,000)
    assert checked == [(0, 12_000), (2_000, 12_000), (7_000, 12_000)]
    assert seen[-2] == (12_000, 12_000, DECIDING)
    assert seen[-1] == (0, 0, WRITING.format(rows=12_000))  # the write: an indeterminate bar
    assert CHECKING.format(done=7000, total=12000) == "행을 검사하는 중입니다 (7,000 / 12,000행)"


def test_progress_is_written_at_most_twice_a_second_but_every_stage(seongbuk, make_user):
    job = Job.objects.create(kind=JobKind.PURCHASE_IMPORT, params={})
    progress = services.Progress(job, interval=3600)
    progress(0, 100, "a")
    progress(50, 100, "a")  # same stage, too soon: not written
    assert Job.objects.get().done == 0
    progress(60, 100, "b")  # a new stage is always written
    assert (Job.objects.get().done, Job.objects.get().message) == (60, "b")
    progress(100, 100, "b")  # the end of a stage too
    assert Job.objects.get().done == 100


def test_a_job_and_its_result_are_its_owners_only(client, officer_admin, make_user, seongbuk):
    client.force_login(officer_admin)
    _upload(client, _file(_rows(3)))
    _work()
    job = Job.objects.get()
    services.store_result(job=job, name="x.csv", content_type="text/csv", chunks=[b"a,b\n"])
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 200
    other = make_user("mapo-admin", Role.CENTRE_ADMIN, district=seongbuk.mapo.district)
    client.force_login(other)
    for name in ("job-detail", "job-download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 403
    assert client.get(reverse("job-purchase-import")).status_code == 403  # no institution of theirs
    client.logout()
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 302  # to the login page


def test_a_department_officer_cannot_import_another_departments_rows(client, make_user, seongbuk):
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.culture)
    client.force_login(officer)
    _upload(client, _file(_rows(2)))  # rows of 복지정책과, the officer is 문화체육과's
    _work()
    job = Job.objects.get()
    assert job.state == JobState.REFUSED and {e["column"] for e in job.row_errors} == {"department"}
    assert Purchase.objects.count() == 0


def test_the_ocds_package_is_built_by_the_worker_and_downloaded(client, officer_admin, seongbuk, settings):
    from bombaram.procurement import open_data

    client.force_login(officer_admin)
    _upload(client, _file(_rows(6)))
    _work()
    response = client.post(reverse("job-ocds-package", args=["seongbuk", 2014]))
    job = Job.objects.get(kind=JobKind.OCDS_PACKAGE)
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    _work()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    download = client.get(reverse("job-download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    package = json.loads(b"".join(download.streaming_content))
    direct = open_data.release_package(seongbuk.institution, 2014, base_url="http://testserver/")
    assert len(package["releases"]) == len(direct["releases"]) == job.result["releases"] > 0
    assert package["releases"] == direct["releases"]


def test_a_large_file_is_stored_in_pieces_and_read_back_whole(db):
    job = Job.objects.create(kind=JobKind.PURCHASE_IMPORT, params={})
    body = bytes(range(256)) * (4096 * 3 + 7)  # 3 MiB and a bit: four pieces
    size = services.save_file(job=job, role="input", chunks=[body[i:i + 65536] for i in range(0, len(body), 65536)])
    assert size == len(body) and job.files.count() == 4
    assert b"".join(services.read_file(job, "input")) == body


def test_the_report_of_every_institution_is_a_job_for_whole_region_administrators(client, make_user, seongbuk):
    whole = make_user("centre", Role.CENTRE_ADMIN)
    district = make_user("district", Role.CENTRE_ADMIN, district=seongbuk.institution.district)
    client.force_login(district)
    assert client.post(reverse("job-purchase-reports"), {"year": 2014}).status_code == 403
    client.force_login(whole)
    _upload(client, _file(_rows(4)))
    _work()
    client.post(reverse("job-purchase-reports"), {"year": 2014})
    _work()
    job = Job.objects.get(kind=JobKind.PURCHASE_REPORTS)
    assert job.state == JobState.DONE, job.message
    text = b"".join(client.get(reverse("job-download", args=[job.pk])).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    seongbuk_row = next(r for r in rows if r and r[0] == "seongbuk")
    # amounts 1,000 + 2,000 + 3,000 + 4,000; the 행복도시락 ones (1,000 and 3,000) count
    assert (seongbuk_row[3], seongbuk_row[4]) == ("4000", "10000")


def test_a_job_whose_worker_stopped_ends_failed_when_a_worker_starts(db):
    now = timezone.now()
    stale = Job.objects.create(kind=JobKind.PURCHASE_IMPORT, state=JobState.RUNNING, heartbeat=now - timedelta(hours=1))
    alive = Job.objects.create(kind=JobKind.PURCHASE_IMPORT, state=JobState.RUNNING, heartbeat=now)
    assert services.fail_abandoned_jobs(now=now) == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.state == JobState.FAILED and stale.message == services.ABANDONED
    assert alive.state == JobState.RUNNING


def test_an_unexpected_error_ends_the_job_failed_not_running(db, make_user):
    user = make_user("someone")
    job = services.start_job(kind=JobKind.OCDS_PACKAGE, user=user, params={"institution": "nowhere", "year": 2014})
    _work()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == services.FAILED and job.finished is not None


def test_a_job_runs_once_even_if_queued_twice(client, officer_admin, seongbuk):
    from bombaram.jobs.tasks import run_job

    client.force_login(officer_admin)
    _upload(client, _file(_rows(5)))
    job = Job.objects.get()
    run_job.enqueue(job.pk)
    _work()
    assert Purchase.objects.count() == 5
    assert DBTaskResult.objects.count() == 2 and re.fullmatch(r"구매 5건을 반영했습니다", Job.objects.get().message)
