"""bombaram backup / restore: every table and a published disclosure come back byte for byte, uploads too.

Runs on the suite's database, SQLite or PostgreSQL (CI runs both)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tarfile

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from bombaram.cli import main
from bombaram.procurement.models import Department, Disclosure, Institution, Purchase
from bombaram.procurement.services.disclosures import publish_month
from bombaram.registry.models import District
from bombaram.web.choices import Role


def every_table() -> dict[str, list[tuple]]:
    """All rows of every model's table (auto-created many-to-many tables included), in primary-key order."""
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def public_page(client, url: str) -> bytes:
    # the language form's CSRF token is masked anew on every response: everything else must be equal
    return re.sub(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"', b"", client.get(url).content)


@pytest.fixture
def published(reference, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "목록.csv").write_bytes("기업명\n행복도시락\n".encode("cp949"))
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    jobs = Department.objects.create(institution=institution, code="jobs", name="일자리경제과")
    for day, amount in ((dt.date(2015, 3, 2), 1_200_000), (dt.date(2015, 3, 15), 800_000)):
        Purchase.objects.create(institution=institution, department=jobs, purchased_on=day, supplier_name="㈜행복도시락",
                                item="복사용지", category="goods", amount_won=amount, counted=True)
    division = make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    return publish_month(user=division, institution=institution, year=2015, month=3)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_table_the_disclosure_and_the_uploads(published, client, settings, tmp_path, capsys):
    url = reverse("public-disclosure", args=["seongbuk", 2015, 3])
    tables, page = every_table(), public_page(client, url)
    snapshot = json.dumps(Disclosure.objects.get(pk=published.pk).snapshot, sort_keys=True).encode()
    assert sum(len(rows) for rows in tables.values()) > 50 and b"1,200,000" in page

    archive = tmp_path / "backup.tar"
    assert main(["backup", str(archive)]) == 0
    assert "백업했습니다" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
        assert manifest["media"] == ["uploads/목록.csv"] and "media/uploads/목록.csv" in tar.getnames()

    # everything changes afterwards: purchases deleted, a name changed, a file replaced and one added
    Purchase.objects.all().delete()
    Institution.objects.filter(code="seongbuk").update(name="바뀐 이름")
    (settings.MEDIA_ROOT / "uploads" / "목록.csv").write_text("바뀜")
    (settings.MEDIA_ROOT / "나중.txt").write_text("나중에 올린 파일")
    assert every_table() != tables

    assert main(["restore", str(archive), "--yes"]) == 0
    assert "복원했습니다" in capsys.readouterr().out
    assert every_table() == tables
    assert public_page(client, url) == page
    assert json.dumps(Disclosure.objects.get(pk=published.pk).snapshot, sort_keys=True).encode() == snapshot
    assert (settings.MEDIA_ROOT / "uploads" / "목록.csv").read_bytes() == "기업명\n행복도시락\n".encode("cp949")
    assert not (settings.MEDIA_ROOT / "나중.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_without_yes_and_refuses_what_is_not_its_archive(reference, tmp_path, capsys):
    institutions = Institution.objects.count()
    not_tar = tmp_path / "x.tar"
    not_tar.write_text("hello")
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        data = json.dumps({"format": "bombaram-backup", "version": 1, "engine": "oracle", "migrations": []}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    newer = tmp_path / "newer.tar"
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    with tarfile.open(newer, "w") as tar:
        data = json.dumps({"format": "bombaram-backup", "version": 1, "engine": engine,
                           "migrations": [["registry", "9999_from_the_future"]], "database": "database.sqlite3"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    cases = [
        (["restore", str(not_tar)], "--yes"),
        (["restore", str(not_tar), "--yes"], "백업 파일이 아닙니다"),
        (["restore", str(tmp_path / "missing.tar"), "--yes"], "파일이 없습니다"),
        (["restore", str(foreign), "--yes"], "복원할 수 없습니다"),
        (["restore", str(newer), "--yes"], "더 새로운 봄바람"),
        (["backup", str(tmp_path)], "폴더입니다"),
    ]
    for argv, said in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
    assert Institution.objects.count() == institutions
    assert not list(tmp_path.glob(".*.part"))
