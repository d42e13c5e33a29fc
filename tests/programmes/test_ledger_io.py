"""Export → edit → import: the same format both ways, lossless, all or nothing, errors by row and column."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from bombaram.programmes import ledger_io
from bombaram.programmes.models import LedgerRecord
from bombaram.programmes.queries import entry_of
from bombaram.web.models import AuditEvent

pytestmark = pytest.mark.django_db


def entries(team) -> list:
    records = LedgerRecord.objects.filter(team=team).prefetch_related("trainee_counts", "participants").order_by("ref")
    return [entry_of(r) for r in records]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_team_is_lossless(demo_ledger, teams, people, fmt):
    source, target = teams["노원구"], teams["성북구"]
    LedgerRecord.objects.filter(team=target).delete()
    data = ledger_io.export_file(source, fmt)
    plan = ledger_io.plan_ledger_import(target, data, filename=f"ledger.{fmt}")
    assert plan.ok, plan.errors[:3]
    assert len(plan.creates) == LedgerRecord.objects.filter(team=source).count()
    result = ledger_io.apply_ledger_import(user=people["seongbuk"], plan=plan, filename=f"ledger.{fmt}")
    assert result["created"] == len(plan.creates)
    assert entries(target) == entries(source)
    assert not LedgerRecord.objects.filter(team=target).exclude(status="draft").exists()
    event = AuditEvent.objects.get(name="programmes.ledger.imported")
    assert event.data["created"] == result["created"]
    again = ledger_io.plan_ledger_import(target, ledger_io.export_file(target, fmt), filename=f"x.{fmt}")
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, result["created"])


def test_csv_export_is_utf8_with_bom_and_korean_headers(demo_ledger, teams):
    data = ledger_io.export_file(teams["성동구"], "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:4] == ["기록번호", "종류", "날짜", "이름"]


def _edited_csv(team, change) -> bytes:
    text = ledger_io.export_file(team, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    change(rows)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_an_edited_row_changes_its_record_and_an_approved_one_goes_back_to_review(demo_ledger, teams, people):
    team = teams["성동구"]
    header = None

    def change(rows):
        nonlocal header
        header = rows[0]
        market = next(r for r in rows[1:] if r[1] == "장터·박람회")
        market[header.index("방문객")] = "999"
        new = [""] * len(header)
        new[1:5] = ["지역기금", "2013-12-20", "연말 모금", ""]
        new[header.index("금액(원)")] = "1억 868만원"
        rows.append(new)

    plan = ledger_io.plan_ledger_import(team, _edited_csv(team, change), filename="edited.csv")
    assert plan.ok and len(plan.updates) == 1 and len(plan.creates) == 1
    ledger_io.apply_ledger_import(user=people["centre"], plan=plan)
    changed = LedgerRecord.objects.get(team=team, visitors=999)
    assert changed.status == "submitted" and changed.entered_by == people["centre"]
    new = LedgerRecord.objects.get(team=team, title="연말 모금")
    assert new.amount_won == 108_680_000 and new.status == "draft"


def test_one_bad_row_imports_nothing_and_says_row_and_column(demo_ledger, teams, people):
    team = teams["성동구"]
    before = LedgerRecord.objects.filter(team=team).count()

    def change(rows):
        header = rows[0]
        rows[1][header.index("날짜")] = "2013-13-45"
        rows[2][header.index("종류")] = "바자회"
        good = [""] * len(header)
        good[1:4] = ["지역기금", "2013-12-20", "연말 모금"]
        good[header.index("금액(원)")] = "5000"
        rows.append(good)

    plan = ledger_io.plan_ledger_import(team, _edited_csv(team, change), filename="bad.csv")
    messages = [str(e) for e in plan.errors]
    assert any(m.startswith("2행 '날짜' 열:") for m in messages), messages
    assert any(m.startswith("3행 '종류' 열:") for m in messages), messages
    with pytest.raises(ValueError):
        ledger_io.apply_ledger_import(user=people["centre"], plan=plan)
    assert LedgerRecord.objects.filter(team=team).count() == before


def test_an_unknown_registry_number_and_a_repeated_record_number_are_errors(demo_ledger, teams):
    team = teams["성동구"]

    def change(rows):
        header = rows[0]
        market = next(r for r in rows[1:] if r[1] == "장터·박람회")
        market[header.index("참여 조직")] = "없는 조합 #99999999"
        rows.append(list(rows[1]))

    plan = ledger_io.plan_ledger_import(team, _edited_csv(team, change), filename="bad.csv")
    messages = " ".join(str(e) for e in plan.errors)
    assert "등록부에 없는 조직 번호입니다: #99999999" in messages
    assert "기록번호가 같습니다" in messages


def test_import_page_previews_then_imports(client, demo_ledger, teams, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    team = teams["성북구"]
    LedgerRecord.objects.filter(team=team).delete()
    data = ledger_io.export_file(teams["성동구"], "xlsx")
    assert load_workbook(io.BytesIO(data)).active["A1"].value.startswith("예시 데이터")
    client.force_login(people["seongbuk"])
    url = f"/programmes/{team.pk}/ledger/import/"
    preview = client.post(url, {"file": SimpleUploadedFile("l.xlsx", data), "dry_run": "on"})
    assert preview.status_code == 200 and "오류가 없습니다" in preview.content.decode()
    assert not LedgerRecord.objects.filter(team=team).exists()
    done = client.post(url, {"file": SimpleUploadedFile("l.xlsx", data)})
    assert done.status_code == 302
    assert LedgerRecord.objects.filter(team=team).count() == LedgerRecord.objects.filter(team=teams["성동구"]).count()
    client.force_login(people["nowon"])
    assert client.post(url, {"file": SimpleUploadedFile("l.xlsx", data)}).status_code == 403
    assert client.get(f"/programmes/{team.pk}/ledger/export.csv").status_code == 403
