"""The generated corpus of malformed files (tests/malformed_files.py) through every import path.

Command line (``bombaram.cli.main`` in this process, on the test database: SQLite, or PostgreSQL when
DATABASE_URL says so): ``bombaram import``, ``procurement import``, ``procurement load-targets``,
``delphi analyse``. Web: the registry upload (preview) and the framework import. For every file:
no traceback and no HTTP 500; exit 1 (rows refused) or 2 (file refused), 0 only for the few files a
reader may accept; never 70 (an internal error); an exit-2 message is one line; a refused file leaves
every table of the application exactly as it was (row counts and a checksum of every row), and a
refused upload leaves nothing in the uploads folder. Each path collects every failure and reports
them together, so one run shows them all.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from bombaram import cli
from bombaram.procurement.models import Department, Institution
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District, ImportBatch, Organisation
from bombaram.valuation.models import Framework
from bombaram.web.choices import Role
from tests.malformed_files import Case, corpus

pytestmark = pytest.mark.corpus

HANGUL = re.compile("[가-힣]")
#: the tables an import path writes, which a refused file must leave as they were: every model of
#: its app and the audit trail, but the upload log (a refused upload is still listed among the
#: recent uploads, with its status "rejected")
REGISTRY, PROCUREMENT, VALUATION = ("registry", "web"), ("procurement", "registry", "web"), ("valuation", "web")


def _tables(app_labels: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in app_labels and model is not ImportBatch and model._meta.managed:
            found.append((model._meta.db_table, model._meta.pk.column))
    return sorted(found)


def snapshot(app_labels: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """{table: (row count, SHA-256 of every row in primary key order)} of the apps' tables."""
    state = {}
    with connection.cursor() as cursor:
        for table, pk in _tables(app_labels):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
            rows = cursor.fetchall()
            state[table] = (len(rows), hashlib.sha256(repr(rows).encode("utf-8", "backslashreplace")).hexdigest())
    return state


def _changed(before: dict, after: dict) -> list[str]:
    return [table for table in before if before[table] != after[table]]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _check_cli(item: Case, code: int, out: str, err: str) -> list[str]:
    problems = []
    allowed = {0, 1, 2} if item.may_pass else {1, 2}
    if code not in allowed:
        problems.append(f"exit {code} (expected {sorted(allowed)}): {err.strip()[:300]}")
    if "Traceback" in out + err:
        problems.append("traceback")
    if code == 2 and len(err.strip().splitlines()) != 1:
        problems.append(f"exit 2 with {len(err.strip().splitlines())} lines: {err[:300]!r}")
    if code in (1, 2) and not HANGUL.search(out + err):
        problems.append(f"no Korean message: {(out + err)[:200]!r}")
    return problems


def _through_cli(items: list[Case], tmp_path: Path, capsys, argv_for, app_labels: tuple[str, ...]) -> list[str]:
    failures = []
    for item in items:
        path = tmp_path / item.filename
        path.write_bytes(item.data)
        before = snapshot(app_labels)
        try:
            code, out, err = _run(argv_for(path), capsys)
        except BaseException as exc:  # noqa: BLE001 - the point is that nothing escapes
            failures.append(f"{item.name}: {type(exc).__name__} escaped: {exc!s:.200}")
            continue
        problems = _check_cli(item, code, out, err)
        if code != 0:
            changed = _changed(before, snapshot(app_labels))
            if changed:
                problems.append(f"refused but changed {changed}")
        failures.extend(f"{item.name}: {p}" for p in problems)
    return failures


@pytest.fixture
def seongbuk(reference):
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    Organisation.objects.create(name="가나협동조합", name_key="가나협동조합", district=District.objects.get(code="11290"))
    return institution


def test_organisation_import_survives_every_malformed_file(reference, tmp_path, capsys):
    failures = _through_cli(corpus("registry"), tmp_path, capsys, lambda path: [
        "import", str(path), "--designation", "certified_se", "--as-of", "2014-01-31"], REGISTRY)
    assert not failures, "\n".join(failures)


def test_purchase_import_survives_every_malformed_file(seongbuk, tmp_path, capsys):
    failures = _through_cli(corpus("purchases"), tmp_path, capsys, lambda path: [
        "procurement", "import", str(path), "--institution", "seongbuk"], PROCUREMENT)
    assert not failures, "\n".join(failures)


def test_target_loading_survives_every_malformed_file(seongbuk, tmp_path, capsys):
    failures = _through_cli(corpus("targets"), tmp_path, capsys, lambda path: [
        "procurement", "load-targets", str(path)], PROCUREMENT)
    assert not failures, "\n".join(failures)


def test_delphi_analysis_survives_every_malformed_file(db, tmp_path, capsys):
    failures = _through_cli(corpus("delphi"), tmp_path, capsys, lambda path: ["delphi", "analyse", str(path)],
                            VALUATION)
    assert not failures, "\n".join(failures)


def test_organisation_upload_survives_every_malformed_file(reference, make_user, client, settings, tmp_path):
    settings.HOME = tmp_path
    uploads = tmp_path / "uploads"
    client.force_login(make_user("centre", Role.CENTRE_ADMIN))
    failures = []
    for item in corpus("registry"):
        before = snapshot(REGISTRY)
        files_before = set(uploads.iterdir()) if uploads.exists() else set()
        try:
            response = client.post(reverse("import-new"), {
                "file": SimpleUploadedFile(item.filename, item.data), "designation": "certified_se",
                "as_of": "2014-01-31", "encoding": "auto", "sheet": ""})
        except BaseException as exc:  # noqa: BLE001
            failures.append(f"{item.name}: {type(exc).__name__} escaped: {exc!s:.200}")
            continue
        if response.status_code not in (200, 302):
            failures.append(f"{item.name}: HTTP {response.status_code}")
            continue
        changed = _changed(before, snapshot(REGISTRY))
        if changed:
            failures.append(f"{item.name}: the preview changed {changed}")
        left = set(uploads.iterdir()) - files_before if uploads.exists() else set()
        if response.status_code == 200:  # refused: the form again, with the reason in Korean
            if left:
                failures.append(f"{item.name}: refused upload left {sorted(p.name for p in left)}")
            errors = " ".join(response.context["form"].errors.get("file", []))
            if not HANGUL.search(errors) or escape(errors) not in response.content.decode():
                failures.append(f"{item.name}: refused without a Korean message on the form: {errors[:100]!r}")
            continue
        batch = ImportBatch.objects.get(token=response["Location"].rstrip("/").split("/")[-1])
        detail = client.get(response["Location"])
        if detail.status_code != 200:
            failures.append(f"{item.name}: the preview page answered {detail.status_code}")
        if not batch.report.get("created") and not batch.report.get("merged") and not batch.report.get("updated") \
                and not batch.report.get("unchanged") and left:
            failures.append(f"{item.name}: nothing writable but the upload was kept")
    assert not failures, "\n".join(failures)


def test_framework_upload_survives_every_malformed_file(reference, make_user, client):
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀", slug="seongbuk", owner_team=team, owner_district=team.district)
    client.force_login(make_user("team", Role.TEAM_STAFF, team=team))
    failures = []
    for item in corpus("framework"):
        before = snapshot(VALUATION)
        try:
            response = client.post(reverse("framework-import", args=[framework.slug]), {
                "indicators": SimpleUploadedFile(item.filename, item.data), "note": ""})
        except BaseException as exc:  # noqa: BLE001
            failures.append(f"{item.name}: {type(exc).__name__} escaped: {exc!s:.200}")
            continue
        if response.status_code == 302:
            if not item.may_pass:
                failures.append(f"{item.name}: imported, expected a refusal")
            continue
        if response.status_code not in (200, 400):
            failures.append(f"{item.name}: HTTP {response.status_code}")
        elif not HANGUL.search(response.content.decode()):
            failures.append(f"{item.name}: no Korean message")
        changed = _changed(before, snapshot(VALUATION))
        if changed:
            failures.append(f"{item.name}: refused but changed {changed}")
    assert not failures, "\n".join(failures)


def test_the_corpus_is_generated_and_large_enough():
    sizes = {kind: len(corpus(kind)) for kind in ("registry", "purchases", "targets", "delphi", "framework")}
    assert sum(sizes.values()) >= 300 and min(sizes.values()) >= 60, sizes
    assert len({item.name for kind in sizes for item in corpus(kind)}) == sum(sizes.values())
