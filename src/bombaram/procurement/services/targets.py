"""Institutions, departments and targets, also loaded from a file (bombaram procurement load-targets)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from bombaram.core import numbers, tabular
from bombaram.procurement.models import Department, DepartmentTarget, Institution, YearTarget
from bombaram.procurement.services.purchases import AMOUNT_TOO_LARGE, MAX_AMOUNT_WON
from bombaram.web import audit

TARGET_ALIASES = {
    "institution_code": ("institution_code", "기관코드"),
    "institution_name": ("institution_name", "기관명"),
    "year": ("year", "연도", "회계연도"),
    "department": ("department", "부서", "부서명"),
    "target_won": ("target_won", "목표액", "구매목표액", "목표"),
}


#: an institution code is a URL slug (``<slug:code>``): Latin letters, digits, hyphens, underscores
_SLUG = re.compile(r"[-a-zA-Z0-9_]+").fullmatch
#: lengths of the columns (the models' fields: the same limits on SQLite and PostgreSQL)
MAX_CODE = Institution._meta.get_field("code").max_length
MAX_NAME = min(Institution._meta.get_field("name").max_length, Department._meta.get_field("name").max_length)


class TargetFileError(Exception):
    """The file cannot be used; the message (Korean) says why, with rows and columns."""


@dataclass
class TargetLoad:
    institutions: int = 0
    departments: int = 0
    targets_set: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """False when the load set no target and made no institution or department (e.g. the same file again)."""
        return bool(self.targets_set or self.institutions or self.departments)


@transaction.atomic
def load_targets(path: Path, *, user=None) -> TargetLoad:
    """Load yearly targets: a row with an empty department is the institution's total target.

    All or nothing: any bad row stops the load with every problem listed. Loading the same file
    twice changes nothing.
    """
    try:
        table = tabular.read_table(path, filename=path.name, aliases=TARGET_ALIASES,
                                   required=["institution_code", "year", "target_won"])
    except tabular.TableError as exc:
        raise TargetFileError(str(exc)) from exc
    result = TargetLoad()
    parsed = []
    first_row: dict[tuple[str, int, str], int] = {}
    for row, cells in table.rows:
        try:  # numbers.parse_integer: "2014", "2014.0", fullwidth digits; never "٢٠١٤" (int() reads it)
            year = numbers.parse_integer(cells.get("year", ""))
            if year is None or not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            result.errors.append(f"{row}행 연도(year): 연도가 아닙니다: '{tabular.shown_text(cells.get('year', ''), 50)}'")
            continue
        try:
            amount = numbers.parse_amount(cells.get("target_won", ""), table.money_unit("target_won") or "원")
        except ValueError as exc:
            result.errors.append(f"{row}행 목표액(target_won): {tabular.shown_text(str(exc), 200)}")
            continue
        if amount is None or amount < 0:
            result.errors.append(f"{row}행 목표액(target_won): 0원 이상의 금액이 필요합니다")
            continue
        if amount > MAX_AMOUNT_WON:
            result.errors.append(f"{row}행 목표액(target_won): {AMOUNT_TOO_LARGE}")
            continue
        code = cells.get("institution_code", "").strip()
        if not code:
            result.errors.append(f"{row}행 기관코드(institution_code): 비어 있습니다")
            continue
        if not _SLUG(code) or len(code) > MAX_CODE:
            result.errors.append(f"{row}행 기관코드(institution_code): 영문자·숫자·하이픈(-)·밑줄(_)로 {MAX_CODE}자까지 "
                                 f"적어 주십시오: '{tabular.shown_text(code, 50)}'")
            continue
        department_name = cells.get("department", "").strip()
        institution_name = cells.get("institution_name", "").strip()
        too_long = [(column, label) for column, label, text in (
            ("institution_name", "기관명", institution_name), ("department", "부서", department_name))
            if len(text) > MAX_NAME]
        if too_long:
            result.errors.extend(f"{row}행 {label}({column}): {MAX_NAME}자까지 적을 수 있습니다" for column, label in too_long)
            continue
        key = (code, year, department_name)
        earlier = first_row.setdefault(key, row)
        if earlier != row:
            result.errors.append(f"{row}행 부서(department): {earlier}행과 기관코드·연도·부서가 같습니다 "
                                 "(한 파일에 한 번만 적어 주십시오)")
            continue
        parsed.append((code, institution_name, year, department_name, amount))
    if result.errors:
        raise TargetFileError("\n".join(result.errors))
    for code, name, year, department_name, amount in parsed:
        institution, created = Institution.objects.get_or_create(code=code, defaults={"name": name or code})
        result.institutions += created
        if not department_name:
            target, made = YearTarget.objects.get_or_create(institution=institution, year=year, defaults={"target_won": amount})
        else:
            department, made_department = Department.objects.get_or_create(
                institution=institution, name=department_name,
                defaults={"code": f"d{Department.objects.filter(institution=institution).count() + 1}"})
            result.departments += made_department
            target, made = DepartmentTarget.objects.get_or_create(department=department, year=year, defaults={"target_won": amount})
        if made:
            result.targets_set += 1
        elif target.target_won != amount:
            target.target_won = amount
            target.save(update_fields=["target_won"])
            result.targets_set += 1
        else:
            result.unchanged += 1
    audit.record("procurement.targets.loaded", actor=user, file=path.name, set=result.targets_set, unchanged=result.unchanged)
    return result
