"""Recording purchases (구매실적): one at a time from the form, or a whole file.

Both paths decide eligibility on the purchase date (services.eligibility over the registry's
designation history) and store the outcome with the purchase: ``counted``, the Korean
``not_counted_reason``, ``in_district`` and ``indirect``. Art. 10 exceptions (우선구매 예외) need a
reason code 1-6 and a written justification, and only make sense for a purchase that does not count.

``import_purchases`` follows the registry's import discipline: read → parse → match → plan →
(write); all or nothing unless ``skip_invalid``; a file that cannot be read raises
``PurchaseFileError`` (exit code 2), rejected rows give exit code 1. A purchase already stored
(same institution, department, date, supplier name, item and amount) is "unchanged", never
stored twice. For a 판매관 (sales hall) purchase the supplier columns name the producing
organisation, to which the purchase is attributed.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bombaram.core import collector, dates, identifiers, names, numbers, tabular
from bombaram.core import purchase as rules
from bombaram.core.registry_import import RowError
from bombaram.procurement.models import Department, Institution, Purchase
from bombaram.procurement.services import eligibility, totals
from bombaram.registry.bulk import insert_rows
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_edit_department, check

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2

#: canonical column → header spellings (matched without spaces, case-folded; a unit such as
#: "금액(천원)" is read from the header)
PURCHASE_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("purchased_on", "구매일자", "구매일", "일자", "계약일자", "계약일"),
    "department": ("부서", "부서명", "구매부서"),
    "supplier_name": ("업체명", "업체", "상호", "공급업체", "공급업체명", "공급자"),
    "supplier_business_no": ("business_no", "사업자등록번호", "사업자번호"),
    "item": ("품목", "품명", "구매품목"),
    "category": ("구분", "분류", "구매구분"),
    "amount_won": ("amount", "금액", "구매금액", "계약금액"),
    "contract_method": ("계약방법", "계약방식"),
    "channel": ("구매경로", "경로"),
    "exception_reason": ("exception_code", "예외사유", "우선구매예외사유"),
    "exception_justification": ("justification", "예외사유 설명", "사유설명", "예외사유설명서"),
    "note": ("비고",),
}
REQUIRED_COLUMNS = ["date", "department", "supplier_name", "item", "category", "amount_won"]

#: columns written for each purchase, in the order of the values a plan holds
PURCHASE_COLUMNS = [
    "institution_id", "department_id", "purchased_on", "supplier_id", "supplier_name", "supplier_business_no",
    "item", "category", "amount_won", "contract_method", "channel", "exception_code", "exception_justification",
    "note", "counted", "not_counted_reason", "in_district", "indirect",
]
_COUNTED, _REASON, _IN_DISTRICT, _INDIRECT = 14, 15, 16, 17
#: positions of the values services.totals.add_new sums (totals.NEW_PURCHASE_FIELDS)
_SUM_FIELDS = [PURCHASE_COLUMNS.index(name) for name in totals.NEW_PURCHASE_FIELDS]

#: lengths of the columns the values go into (Purchase's fields: the same limits on SQLite and PostgreSQL)
MAX_ITEM, MAX_NAME, MAX_NOTE, MAX_REASON = (
    Purchase._meta.get_field(name).max_length for name in ("item", "supplier_name", "note", "not_counted_reason"))
EXCEPTION_ON_COUNTED = "예외 사유는 사회적경제기업이 아닌 곳에서 산 경우에만 적습니다"

#: the largest amount accepted anywhere (1,000조 원): larger numbers are typing mistakes and do not
#: fit the database's 64-bit integers anyway
MAX_AMOUNT_WON = 10**15
AMOUNT_TOO_LARGE = "금액이 너무 큽니다 (최대 1,000조 원)"
#: purchase dates accepted: from this day to one year after today (see check_purchase_date)
FIRST_PURCHASE_DATE = dt.date(2000, 1, 1)

# Reasons whose Korean text names the purchase date: never shared between dates.
_DATED_REASONS = frozenset({rules.NotCountedReason.NOT_DESIGNATED_ON_DATE, rules.NotCountedReason.DESIGNATION_ENDED})


class PurchaseFileError(Exception):
    """The file cannot be read at all (exit code 2); the message says why, in Korean."""


class InvalidValue(ValueError):
    """One value that cannot be used; the message (Korean) says why."""


# ---------------------------------------------------------------- values


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def _lookup(pairs: dict[str, Iterable[str]]) -> dict[str, str]:
    return {_key(spelling): str(code) for code, spellings in pairs.items() for spelling in (code, *spellings)}


_CATEGORIES = _lookup({c: (rules.CATEGORY_LABELS[c],) for c in rules.Category})
_CHANNELS = _lookup({
    rules.Channel.DIRECT: ("직접", "직접구매"),
    rules.Channel.SALES_HALL: ("판매관", "제품판매관", "사회적경제제품 판매관"),
    rules.Channel.RESELLER: ("구매대행", "대행"),
})
_CONTRACT_METHODS = _lookup({
    rules.ContractMethod.OPEN_COMPETITION: ("일반경쟁입찰", "일반경쟁"),
    rules.ContractMethod.RESTRICTED_COMPETITION: ("제한경쟁입찰", "제한경쟁"),
    rules.ContractMethod.NOMINATED_COMPETITION: ("지명경쟁입찰", "지명경쟁"),
    rules.ContractMethod.PRIVATE_CONTRACT: ("수의계약", "수의"),
})
_EXCEPTIONS = {
    **{_key(label): code for code, label in rules.EXCEPTION_SHORT_LABELS.items()},
    **{key: code for code in rules.EXCEPTION_REASONS for key in (str(code), f"{code}호", f"제{code}호")},
}


def parse_category(text: str) -> str:
    """goods/services/construction, or 물품/용역/공사."""
    if not text:
        raise InvalidValue("구분(물품·용역·공사)이 비어 있습니다")
    try:
        return _CATEGORIES[_key(text)]
    except KeyError:
        raise InvalidValue(f"알 수 없는 구분입니다: '{text}' (물품, 용역, 공사 중 하나)") from None


def parse_channel(text: str) -> str:
    """direct/sales_hall/reseller, or 직접/판매관/구매대행; empty means direct."""
    if not text:
        return rules.Channel.DIRECT
    try:
        return _CHANNELS[_key(text)]
    except KeyError:
        raise InvalidValue(f"알 수 없는 구매경로입니다: '{text}' (직접, 판매관, 구매대행 중 하나)") from None


def parse_contract_method(text: str) -> str:
    """A contract method code (or its Korean name); empty stays empty."""
    if not text:
        return ""
    try:
        return _CONTRACT_METHODS[_key(text)]
    except KeyError:
        labels = ", ".join(rules.CONTRACT_METHOD_LABELS.values())
        raise InvalidValue(f"알 수 없는 계약방법입니다: '{text}' ({labels} 중 하나)") from None


def parse_exception_code(text: str) -> int | None:
    """Art. 10 ① reason: 1-6 ("3", "3호", "제3호") or its short label ("긴급 수요"); empty gives None."""
    if not text:
        return None
    try:
        return _EXCEPTIONS[_key(text)]
    except KeyError:
        labels = ", ".join(f"{c} {label}" for c, label in rules.EXCEPTION_SHORT_LABELS.items())
        raise InvalidValue(f"알 수 없는 예외 사유입니다: '{text}' (1~6: {labels})") from None


def parse_purchase_date(text: str) -> dt.date:
    """The purchase day; a month or a year alone cannot decide eligibility on the date."""
    try:
        parsed = dates.parse_date(text)
    except dates.DateOutOfRange as exc:  # the purchase range says more than the plausible one
        check_purchase_date(exc.value)
        raise InvalidValue(str(exc)) from None
    except dates.ParseError as exc:
        raise InvalidValue(str(exc)) from None
    if parsed is None:
        raise InvalidValue("구매일자가 비어 있습니다")
    if parsed.precision is not dates.DatePrecision.DAY:
        raise InvalidValue(f"구매일자는 날짜(일)까지 적어 주십시오: '{text}'")
    check_purchase_date(parsed.value)
    return parsed.value


def latest_purchase_date(today: dt.date | None = None) -> dt.date:
    """The last purchase date accepted: one year after ``today`` (default: timezone.localdate())."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_purchase_date(day: dt.date, today: dt.date | None = None) -> dt.date:
    """``day`` when it lies in FIRST_PURCHASE_DATE .. today + 1 year; else InvalidValue (Korean)."""
    last = latest_purchase_date(today)
    if not FIRST_PURCHASE_DATE <= day <= last:
        raise InvalidValue(f"구매일자가 범위를 벗어났습니다: {day.isoformat()} "
                           f"({FIRST_PURCHASE_DATE.isoformat()}부터 {last.isoformat()}까지)")
    return day


def parse_amount(text: str, unit: str | int = "원") -> int:
    """Whole won above zero: "1,000", "1억 868만원" (core.numbers.parse_amount)."""
    try:
        amount = numbers.parse_amount(text, unit)
    except numbers.ParseError as exc:
        raise InvalidValue(str(exc)) from None
    if amount is None:
        raise InvalidValue("금액이 비어 있습니다")
    if amount <= 0:
        raise InvalidValue(f"금액은 0원보다 커야 합니다: '{text}'")
    return check_amount(amount)


def check_amount(amount: int) -> int:
    """``amount`` when at most MAX_AMOUNT_WON; else InvalidValue (Korean)."""
    if amount > MAX_AMOUNT_WON:
        raise InvalidValue(AMOUNT_TOO_LARGE)
    return amount


def parse_business_no(text: str) -> tuple[str, bool | None]:
    """(digits, check digit ok) of a 사업자등록번호; ("", None) when empty."""
    try:
        result = identifiers.normalise_business_no(text)
    except identifiers.ParseError as exc:
        raise InvalidValue(str(exc)) from None
    if result is None:
        return "", None
    return result.digits, result.check_ok


def exception_errors(code: int | None, justification: str) -> dict[str, list[str]]:
    """Art. 10 errors by field (exception_code, exception_justification); empty when valid or no exception."""
    if code is None and not justification.strip():
        return {}
    everything = rules.validate_exception(code, justification)
    about_text = rules.validate_exception(1, justification)  # with a valid code only the text can be wrong
    errors = {"exception_code": [m for m in everything if m not in about_text], "exception_justification": about_text}
    return {name: messages for name, messages in errors.items() if messages}


# ---------------------------------------------------------------- suppliers


@dataclass(frozen=True, slots=True)
class SupplierMatch:
    """The registry organisation a purchase's supplier is, or None with the reason when not found."""

    organisation_id: int | None
    reason: str | None = None   # stored as the not-counted reason when no organisation was found
    warning: str | None = None


class SupplierIndex:
    """Registry organisations by business number and by normalised name.

    Rule: the same 사업자등록번호 first; else the same normalised name (core.names.normalise_name),
    unless the organisation of that name holds another business number. Two candidates are
    never guessed between: the purchase is then recorded as not counted, with the reason.
    """

    def __init__(self, rows: Iterable[tuple[int, str, str]]) -> None:
        self.by_number: dict[str, list[int]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        for pk, business_no, name_key in rows:
            if business_no:
                self.by_number.setdefault(business_no, []).append(pk)
            self.by_name.setdefault(name_key, []).append((pk, business_no))

    @classmethod
    def load(cls, *, business_no: str | None = None, name_key: str | None = None) -> SupplierIndex:
        """Every organisation, or only those that can match one supplier (for the form)."""
        query = Organisation.objects.all()
        if business_no is not None or name_key is not None:
            wanted = Q(name_key=name_key or "")
            if business_no:
                wanted |= Q(business_no=business_no)
            query = query.filter(wanted)
        return cls(query.values_list("pk", "business_no", "name_key").iterator(chunk_size=10000))

    def find(self, business_no: str, name_key: str) -> SupplierMatch:
        usable = business_no if "*" not in business_no else ""
        if usable:
            found = self.by_number.get(usable, [])
            if len(found) == 1:
                return SupplierMatch(found[0])
            if len(found) > 1:
                reason = f"사업자등록번호가 같은 조직이 등록부에 {len(found)}곳 있어 업체를 정할 수 없습니다"
                return SupplierMatch(None, reason, reason)
        named = self.by_name.get(name_key, [])
        candidates = [pk for pk, number in named if not usable or not number]
        if len(candidates) == 1:
            return SupplierMatch(candidates[0])
        if len(candidates) > 1:
            reason = f"이름이 같은 조직이 등록부에 {len(candidates)}곳 있어 업체를 정할 수 없습니다: 사업자등록번호를 적어 주십시오"
            return SupplierMatch(None, reason, reason)
        if named:
            reason = "이름이 같은 조직이 등록부에 있지만 사업자등록번호가 다릅니다: 등록부에 없는 업체로 기록합니다"
            return SupplierMatch(None, None, reason)
        return SupplierMatch(None)


# ---------------------------------------------------------------- eligibility


class EligibilityDecider:
    """Eligibility of purchases from a set of suppliers, decided once per designation interval.

    A supplier's outcome can only change on the dates its designations start or end, so the
    result of ``services.eligibility.check`` is kept per (supplier, interval, channel); reasons
    whose text names the purchase date are kept per date instead.
    """

    def __init__(self, institution: Institution, supplier_ids: Iterable[int]) -> None:
        ids = set(supplier_ids)
        self.institution = institution
        self.policy = eligibility.policy_for(institution)
        self.head_designated = eligibility.designated_by_head(institution)
        self.history = eligibility.designation_history(ids) if ids else {}
        self.suppliers = Organisation.objects.select_related("district").in_bulk(list(ids)) if ids else {}
        self.boundaries = {
            pk: sorted({day for _type, granted, ended in history for day in (granted, ended) if day is not None})
            for pk, history in self.history.items()
        }
        self._by_interval: dict[tuple[int | None, int, str], rules.EligibilityResult] = {}
        self._by_day: dict[tuple[int, dt.date, str], rules.EligibilityResult] = {}

    def decide(self, supplier_id: int | None, day: dt.date, channel: str) -> rules.EligibilityResult:
        interval = bisect_right(self.boundaries[supplier_id], day) if supplier_id is not None else 0
        key = (supplier_id, interval, channel)
        result = self._by_interval.get(key)
        if result is not None:
            return result
        if supplier_id is not None:
            result = self._by_day.get((supplier_id, day, channel))
            if result is not None:
                return result
        supplier = self.suppliers.get(supplier_id) if supplier_id is not None else None
        result = eligibility.check(self.institution, self.policy, supplier, self.history.get(supplier_id, []),
                                   day, channel, self.head_designated)
        if supplier_id is not None and result.reason_code in _DATED_REASONS:
            self._by_day[(supplier_id, day, channel)] = result
        else:
            self._by_interval[key] = result
        return result


class _DepartmentLookup:
    """An institution's departments by name (with or without spaces) or code."""

    def __init__(self, institution: Institution, user: Any) -> None:
        self.by_key: dict[str, Department] = {}
        for department in Department.objects.filter(institution=institution).select_related("institution__district"):
            for spelling in (department.code, department.name):
                self.by_key.setdefault(_key(spelling), department)
        self.institution = institution
        self.user = user

    def __call__(self, text: str) -> int:
        if not text:
            raise InvalidValue("부서가 비어 있습니다")
        department = self.by_key.get(_key(text))
        if department is None:
            raise InvalidValue(f"{self.institution.name}에 없는 부서입니다: '{text}'")
        if self.user is not None and not can_edit_department(self.user, department):
            raise InvalidValue(f"이 부서의 구매를 기록할 권한이 없습니다: '{text}'")
        return department.pk


# ---------------------------------------------------------------- recording one purchase


@transaction.atomic
def record_purchase(*, user: Any, department: Department, purchased_on: dt.date, supplier_name: str,
                    supplier_business_no: str = "", item: str, category: str, amount_won: int,
                    contract_method: str = "", channel: str = rules.Channel.DIRECT,
                    exception_code: int | None = None, exception_justification: str = "",
                    note: str = "", allowed: bool | None = None) -> Purchase:
    """Record one purchase for ``department``, with its eligibility decided on ``purchased_on``.

    Only an officer of that department or the 사회적경제과 may (PermissionDenied otherwise), unless the
    caller checked its own rule and says so in ``allowed`` (the sales hall's operator recording a sale
    to a department: market.services.hall).
    Raises ValidationError keyed by field (Korean messages) for an exception without a written
    justification, or an exception on a purchase that counts. Writes "procurement.purchase.recorded".
    """
    check(can_edit_department(user, department) if allowed is None else allowed)
    values = decided_values(department=department, purchased_on=purchased_on, supplier_name=supplier_name,
                            supplier_business_no=supplier_business_no, item=item, category=category,
                            amount_won=amount_won, contract_method=contract_method, channel=channel,
                            exception_code=exception_code, exception_justification=exception_justification,
                            note=note)
    purchase = Purchase.objects.create(**values, created_by=user if getattr(user, "is_authenticated", False) else None)
    totals.add_purchases([purchase.pk])
    audit.record("procurement.purchase.recorded", actor=user, obj=purchase, institution=department.institution.code,
                 department=department.code, purchased_on=purchased_on.isoformat(), amount_won=amount_won,
                 supplier_id=purchase.supplier_id, counted=purchase.counted, exception_code=exception_code)
    return purchase


def decided_values(*, department: Department, purchased_on: dt.date, supplier_name: str,
                   supplier_business_no: str, item: str, category: str, amount_won: int, contract_method: str,
                   channel: str, exception_code: int | None, exception_justification: str,
                   note: str) -> dict[str, Any]:
    """The purchase's stored fields from what was typed, with the eligibility decided on its date
    (the form's path: recording and correcting). ValidationError keyed by field, Korean messages."""
    errors = exception_errors(exception_code, exception_justification)
    values: dict[str, Any] = {}
    for column, parse, text in (("supplier_name", _supplier_name, supplier_name),
                                ("supplier_business_no", parse_business_no, supplier_business_no),
                                ("category", parse_category, category), ("channel", parse_channel, channel),
                                ("contract_method", parse_contract_method, contract_method)):
        try:
            values[column] = parse(text)
        except InvalidValue as exc:
            errors.setdefault(column, []).append(str(exc))
    if not item.strip():
        errors.setdefault("item", []).append("품목이 비어 있습니다")
    if amount_won <= 0:
        errors.setdefault("amount_won", []).append("금액은 0원보다 커야 합니다")
    elif amount_won > MAX_AMOUNT_WON:
        errors.setdefault("amount_won", []).append(AMOUNT_TOO_LARGE)
    try:
        check_purchase_date(purchased_on)
    except InvalidValue as exc:
        errors.setdefault("purchased_on", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    (name, name_key), (number, _check_ok) = values["supplier_name"], values["supplier_business_no"]
    channel = values["channel"]
    match = SupplierIndex.load(business_no=number, name_key=name_key).find(number, name_key)
    institution = department.institution
    decider = EligibilityDecider(institution, [match.organisation_id] if match.organisation_id else [])
    result = decider.decide(match.organisation_id, purchased_on, channel)
    if result.counted and exception_code is not None:
        raise ValidationError({"exception_code": [EXCEPTION_ON_COUNTED]})
    return {
        "institution": institution, "department": department, "purchased_on": purchased_on,
        "supplier_id": match.organisation_id, "supplier_name": name, "supplier_business_no": number,
        "item": item.strip(), "category": values["category"], "amount_won": amount_won,
        "contract_method": values["contract_method"], "channel": channel, "exception_code": exception_code,
        "exception_justification": exception_justification.strip(), "note": note.strip(),
        "counted": result.counted, "not_counted_reason": _reason(result, match), "in_district": result.in_district,
        "indirect": result.indirect,
    }


def _reason(result: rules.EligibilityResult, match: SupplierMatch) -> str:
    if result.counted:
        return ""
    reason = match.reason if match.organisation_id is None and match.reason else result.reason or ""
    return reason[:MAX_REASON]


# ---------------------------------------------------------------- importing a file


@dataclass
class PurchaseImportPlan:
    """What importing a file does, row by row; ``planned`` holds the new purchases' values."""

    file: str
    institution: str
    rows_total: int = 0
    planned: list[list[Any]] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def created(self) -> int:
        return len(self.planned)

    @property
    def counted(self) -> int:
        return sum(1 for values in self.planned if values[_COUNTED])

    @property
    def counted_won(self) -> int:
        return sum(values[8] for values in self.planned if values[_COUNTED])

    @property
    def not_counted_won(self) -> int:
        return sum(values[8] for values in self.planned if not values[_COUNTED])

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK

    def report(self) -> dict[str, Any]:
        """The report JSON (row numbers as a spreadsheet shows them, header row 1).

        ``created``, ``counted`` and ``not_counted`` are about the new purchases (written, or to
        be written); ``unchanged`` purchases were already stored.
        """
        counted = self.counted
        return {
            "file": self.file,
            "institution": self.institution,
            "rows": self.rows_total,
            "created": self.created,
            "unchanged": self.unchanged,
            "rejected": [e.as_dict() for e in self.rejected],
            "warnings": [e.as_dict() for e in self.warnings],
            "counted": counted,
            "not_counted": self.created - counted,
            "counted_won": self.counted_won,
            "not_counted_won": self.not_counted_won,
            "written": self.written,
        }


def import_purchases(*, source: Path | bytes, filename: str, institution_code: str, dry_run: bool = False,
                     skip_invalid: bool = False, user: Any = None,
                     progress: Callable[[int, int, str], None] | None = None) -> PurchaseImportPlan:
    """Import a purchase file for one institution (all or nothing unless ``skip_invalid``).

    Returns the plan; ``plan.written`` tells whether anything was written and ``plan.exit_code``
    is 1 when rows were rejected. Raises PurchaseFileError when the file cannot be read at all
    or the institution is unknown. With ``user``, a row of a department the user may not record
    for is rejected. ``progress(done, total, message)`` is told how far the work is (rows read,
    rows checked, then the write); the background job and the terminal draw it.
    """
    institution = Institution.objects.select_related("district").filter(code=institution_code).first()
    if institution is None:
        known = ", ".join(Institution.objects.values_list("code", flat=True)) or "(없음)"
        raise PurchaseFileError(f"알 수 없는 기관 코드입니다: '{institution_code}' (등록된 기관: {known})")
    progress = progress or _no_progress
    with collector.paused():
        plan = _plan(source, filename=filename, institution=institution, user=user, progress=progress)
        if dry_run or (plan.rejected and not skip_invalid) or not plan.planned:
            return plan
        # the write is one statement batch in one transaction: its length is not known as it goes,
        # so the bar turns indeterminate ("저장하는 중") instead of sitting at 100 % for a while
        progress(0, 0, WRITING.format(rows=len(plan.planned)))
        with transaction.atomic():
            _write(plan, user=user)
            report = plan.report()
            audit.record("procurement.purchases.imported", actor=user, obj=institution, file=filename,
                         **{k: report[k] for k in ("rows", "created", "unchanged", "counted", "not_counted")},
                         rejected=len(plan.rejected))
    return plan


#: what the import is doing, for a progress bar (Korean: shown to the officer as is)
READING = "파일을 읽는 중입니다"
CHECKING = "행을 검사하는 중입니다 ({done:,} / {total:,}행)"
DECIDING = "구매일 기준으로 인정 여부를 판단하는 중입니다"
WRITING = "검사를 마쳤습니다: 구매 {rows:,}건을 저장하는 중입니다"
#: rows between two progress reports (a report costs one call; the job writes it at most twice a second)
PROGRESS_EVERY = 5000


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def _read(source: Path | bytes, filename: str) -> tabular.Table:
    try:
        return tabular.read_table(source, filename=filename, aliases=PURCHASE_ALIASES, required=REQUIRED_COLUMNS)
    except tabular.TableError as exc:
        raise PurchaseFileError(str(exc)) from exc


class _Memo(dict):
    """``parse`` once per distinct cell text: ``memo[text]``; an InvalidValue is returned (not raised)
    and kept too. A dict, so that a cell text already seen costs a lookup, not a Python call."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        try:
            value = self.parse(text)
        except InvalidValue as exc:
            value = exc
        self[text] = value
        return value


def _supplier_name(text: str) -> tuple[str, str]:
    if not text:
        raise InvalidValue("업체명이 비어 있습니다")
    name = names.display_name(text)
    if len(name) > MAX_NAME:
        raise InvalidValue(f"업체명이 {MAX_NAME}자보다 깁니다")
    return name, names.normalise_name(name)


_PLAIN_WON = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*", re.ASCII).fullmatch  # never "1٢٣"


def _plan(source: Path | bytes, *, filename: str, institution: Institution, user: Any,
          progress: Callable[[int, int, str], None] = _no_progress) -> PurchaseImportPlan:
    progress(0, 0, READING)
    table = _read(source, filename)
    plan = PurchaseImportPlan(file=filename, institution=institution.code, rows_total=len(table.rows))
    rows_total = plan.rows_total
    progress(0, rows_total, CHECKING.format(done=0, total=rows_total))
    try:
        unit = numbers.unit_multiplier(table.money_unit("amount_won") or "원")
    except numbers.ParseError as exc:  # "금액(단위: 달러)": the whole column cannot be read
        raise PurchaseFileError(f"{table.source_header('amount_won')} 열: {exc}") from None
    department_of = _Memo(_DepartmentLookup(institution, user))
    day_of = _Memo(parse_purchase_date)
    name_of = _Memo(_supplier_name)
    number_of = _Memo(parse_business_no)
    category_of = _Memo(parse_category)
    channel_of = _Memo(parse_channel)
    method_of = _Memo(parse_contract_method)
    exception_of = _Memo(parse_exception_code)
    suppliers = SupplierIndex.load()
    match_of: dict[tuple[str, str], SupplierMatch] = {}
    reject, warn = plan.rejected.append, plan.warnings.append

    # Pass 1: parse each row; a row with any bad value is rejected with every problem listed.
    accepted: list[list[Any]] = []
    numbers_of_rows: list[int] = []
    missing_reasons: dict[int, str] = {}
    institution_id = institution.pk
    parsers = (("department", department_of), ("date", day_of), ("supplier_name", name_of),
               ("supplier_business_no", number_of), ("category", category_of), ("channel", channel_of),
               ("contract_method", method_of), ("exception_reason", exception_of))
    pending = table.rows
    pending.reverse()
    while pending:
        if len(pending) % PROGRESS_EVERY == 0:
            done = rows_total - len(pending)
            progress(done, rows_total, CHECKING.format(done=done, total=rows_total))
        number, cells = pending.pop()  # each row's cells are freed once read: a million dicts add up
        get = cells.get
        bad: list[RowError] = []
        values: list[Any] = []
        for column, parsed in parsers:
            value = parsed[get(column, "")]
            if isinstance(value, InvalidValue):
                bad.append(RowError(number, column, get(column, ""), str(value)))
            values.append(value)
        department_id, day, name, business_no, category, channel, method, exception_code = values

        text = get("amount_won", "")
        if unit == 1 and len(text) < 16 and _PLAIN_WON(text):  # "1234000" or "1,234,000": most rows, read
            amount: Any = int(text.replace(",", ""))               # without the general parser (< 10^15)
        else:
            try:
                amount = parse_amount(text, unit)
            except InvalidValue as exc:
                bad.append(RowError(number, "amount_won", text, str(exc)))
        item = get("item", "")
        if not item:
            bad.append(RowError(number, "item", item, "품목이 비어 있습니다"))
        elif len(item) > MAX_ITEM:
            bad.append(RowError(number, "item", item, f"품목이 {MAX_ITEM}자보다 깁니다"))
        note = get("note", "")
        if len(note) > MAX_NOTE:
            bad.append(RowError(number, "note", note, f"비고가 {MAX_NOTE}자보다 깁니다"))
        justification = get("exception_justification", "")
        if (exception_code is not None or justification) and not isinstance(exception_code, InvalidValue):
            for column, messages in exception_errors(exception_code, justification).items():
                column = "exception_reason" if column == "exception_code" else column
                bad.extend(RowError(number, column, get(column, ""), m) for m in messages)
        if bad:
            plan.rejected.extend(bad)
            continue

        digits, check_ok = business_no
        if check_ok is False:
            warn(RowError(number, "supplier_business_no", get("supplier_business_no", ""),
                          "사업자등록번호의 검증 숫자가 맞지 않습니다: 확인이 필요합니다"))
        match_key = (digits, name[1])
        match = match_of.get(match_key)
        if match is None:
            match = match_of[match_key] = suppliers.find(digits, name[1])
        if match.warning:
            warn(RowError(number, "supplier_name", name[0], match.warning))
        if match.reason:
            missing_reasons[len(accepted)] = match.reason
        accepted.append([institution_id, department_id, day, match.organisation_id, name[0], digits, item, category,
                         amount, method, channel, exception_code, justification, note, False, "", None, False])
        numbers_of_rows.append(number)

    if not accepted:
        return plan

    # Pass 2: eligibility on each purchase date, exceptions on counted purchases, purchases already stored.
    progress(rows_total, rows_total, DECIDING)
    decider = EligibilityDecider(institution, {v[3] for v in accepted if v[3] is not None})
    first_day = min(v[2] for v in accepted)
    last_day = max(v[2] for v in accepted)
    stored = Counter(Purchase.objects.filter(institution=institution, purchased_on__range=(first_day, last_day))
                     .values_list("department_id", "purchased_on", "supplier_name", "item", "amount_won")
                     .iterator(chunk_size=10000))
    first_row: dict[tuple, int] = {}
    decide = decider.decide
    planned = plan.planned
    for index, values in enumerate(accepted):
        number = numbers_of_rows[index]
        result = decide(values[3], values[2], values[10])
        if result.counted and values[11] is not None:
            reject(RowError(number, "exception_reason", str(values[11]), EXCEPTION_ON_COUNTED))
            continue
        key = (values[1], values[2], values[4], values[6], values[8])
        earlier = first_row.setdefault(key, number)
        if earlier != number:
            warn(RowError(number, "item", values[6],
                          f"{earlier}행과 부서·날짜·업체·품목·금액이 같습니다: 두 번 산 것이 맞는지 확인해 주십시오"))
        if stored and stored.get(key):  # not stored[key]: a Counter's miss is a Python call (__missing__)
            stored[key] -= 1
            plan.unchanged += 1
            continue
        if not result.counted:
            values[_REASON] = (missing_reasons.get(index) or result.reason or "")[:MAX_REASON]
        values[_COUNTED] = result.counted
        values[_IN_DISTRICT] = result.in_district
        values[_INDIRECT] = result.indirect
        planned.append(values)
    plan.rejected.sort(key=attrgetter("row"))  # stable: a row's problems stay in column order
    plan.warnings.sort(key=attrgetter("row"))
    return plan


def _write(plan: PurchaseImportPlan, *, user: Any) -> None:
    now = timezone.now()
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    for values in plan.planned:
        values.append(now)
        values.append(user_id)
    # In date order (file order within a day): the indexes on (…, purchased_on) then grow at their
    # end instead of everywhere, about a third faster on SQLite; ids then follow the purchase dates.
    rows = sorted(plan.planned, key=itemgetter(2))
    columns = [*PURCHASE_COLUMNS, "created", "created_by_id"]
    # The sums come from the values held here: one grouping instead of four statements that read and
    # group the million rows just written.
    if connection.vendor != "postgresql":
        totals.add_new(plan.planned, _SUM_FIELDS)
        with _page_cache(64 * 1024):
            insert_rows(Purchase, columns, rows, numbered=True)
    else:
        # PostgreSQL checks each purchase's foreign keys at commit, in the server: 6.5–8 s for a million
        # (three keys; 9.5 s with four before migration 0017). They are checked now instead, and a second
        # thread groups the sums meanwhile — this one only waits on the server, so the two run side by
        # side on two cores.
        insert_rows(Purchase, columns, rows, numbered=True)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bombaram-sums") as pool:
            sums = pool.submit(totals.new_sums, plan.planned, _SUM_FIELDS)
            connection.check_constraints()  # SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED again
            totals.add_sums(*sums.result())
    plan.written = True


@contextmanager
def _page_cache(kibibytes: int):
    """On SQLite, a larger page cache for this connection while writing (restored after).

    The supplier index takes each purchase at one of its ~2,000 suppliers' places; with the default
    2 MB cache those pages keep being evicted. 64 MB saves about a fifth of a million-row write.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")
