"""Purchase and target files that crashed the commands: refused (or read) with one Korean line, the
database unchanged; in this process on the test database (SQLite, or PostgreSQL by DATABASE_URL)."""

from __future__ import annotations

import os

import pytest

from bombaram import cli
from bombaram.procurement.models import DepartmentTarget, Purchase, YearTarget

HEADER = "구매일자,부서,업체명,품목,구분,{amount}\n"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def _purchases(tmp_path, amount_header: str, amount: str):
    path = tmp_path / "purchases.csv"
    path.write_text(HEADER.format(amount=amount_header) + f"2014-03-02,복지정책과,두레협동조합,도시락,물품,{amount}\n",
                    encoding="utf-8")
    return path


def test_an_amount_in_trillions_of_won_is_read_with_its_unit(seongbuk, tmp_path, capsys):
    code, out, _err = _run(capsys, "procurement", "import", str(_purchases(tmp_path, "금액(단위: 조원)", "2")),
                           "--institution", "seongbuk")
    assert code == 0, out
    assert Purchase.objects.get().amount_won == 2 * 10**12  # 2조 원, within the 1,000조 원 limit


def test_an_amount_column_in_an_unknown_unit_refuses_the_file(seongbuk, tmp_path, capsys):
    code, _out, err = _run(capsys, "procurement", "import", str(_purchases(tmp_path, "금액(단위: 달러)", "2")),
                           "--institution", "seongbuk")
    assert code == 2
    assert err.strip() == ("bombaram: purchases.csv: 금액(단위: 달러) 열: 금액 단위(원, 천원, 백만원 등)를 찾을 수 "
                           "없습니다: '달러'")
    assert not Purchase.objects.exists()


@pytest.mark.parametrize(("amount", "message"), [
    ("9" * 20, "2행 amount_won '99999999999999999999': 금액이 너무 큽니다 (최대 1,000조 원)"),
    ("9" * 5000, "숫자가 너무 깁니다: 5,000자리 (30자리까지)"),
    ("١٢٠٠٠", "2행 amount_won '١٢٠٠٠': 숫자는 0-9로 적어 주십시오"),
])
def test_an_amount_no_column_can_hold_is_refused_with_row_and_column_even_in_a_dry_run(
        seongbuk, tmp_path, capsys, amount, message):
    path = _purchases(tmp_path, "금액", amount)
    for extra in (["--dry-run"], []):
        code, out, _err = _run(capsys, "procurement", "import", str(path), "--institution", "seongbuk", *extra)
        assert code == 1 and message in out
    assert not Purchase.objects.exists()


def test_a_year_in_other_digits_is_not_a_year(seongbuk, tmp_path, capsys):
    path = tmp_path / "targets.csv"
    path.write_text("institution_code,year,target_won\nseongbuk,٢٠١٥,1000\n", encoding="utf-8")
    code, _out, err = _run(capsys, "procurement", "load-targets", str(path))
    assert code == 1 and "2행 연도(year): 연도가 아닙니다: '٢٠١٥'" in err
    assert not YearTarget.objects.exists() and not DepartmentTarget.objects.exists()


def test_an_unexpected_error_is_one_line_with_exit_70_and_its_traceback_in_a_file(db, capsys):
    # a real fault inside a command (here: the code handed to Django's shell), not a file or a setting
    code, out, err = _run(capsys, "manage", "shell", "-c", "raise RuntimeError('boom')")
    assert code == cli.EXIT_INTERNAL == 70
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bombaram: 예상하지 못한 오류로 멈췄습니다 (RuntimeError)")
    saved = lines[0].split("자세한 내용: ")[1].split(")")[0]
    with open(saved, encoding="utf-8") as handle:
        assert "RuntimeError: boom" in handle.read()
    os.remove(saved)
