"""Recording the sales ledger (판매 장부) of the sales outlets, above all the district's sales hall (판매관).

A sale is one producer's sales through one outlet on a day (or a month's summary) for one item and one kind
of buyer. A sale to a public department at the sales hall **is** a public purchase of that department: it is
recorded in the purchase system through the procurement services (``record_purchase``: eligibility decided on
the sale's date, attributed to the producer as supplier, channel 판매관, the report's running sums kept), and
the two stay linked (``Sale.purchase``). The money is entered once and counted once:

- correcting the sale corrects its purchase through ``correct_purchase`` (a new revision, a new OCDS release;
  a published month is marked as needing a correction), or withdraws it / creates it when the buyer changes;
- the purchase itself cannot be corrected or withdrawn on the purchase pages (corrections._refuse_sale_purchase);
- deleting a sale whose purchase is already disclosed (월별 구매실적 공시) is refused: it is corrected instead;
- the running sums per day and producer (SaleDay, services.hall_totals) follow in the same transaction;
- one sale per outlet, producer, day (or month), item and buyer: recording or importing it again is refused
  or, for an identical row of a file, left unchanged.

Who: the outlet's staff and the centre (web.permissions.can_run_outlet); a sale to a department at the hall
also the officer of that department (can_record_sale). Every write leaves an audit event ``market.sale.*``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from bombaram.core import dates, identifiers, tabular
from bombaram.core import purchase as rules
from bombaram.core.names import normalise_name
from bombaram.core.registry_import import RowError
from bombaram.market.choices import BuyerKind, OutletKind, SalePeriod
from bombaram.market.models import HallProducer, Product, Sale, SalesOutlet
from bombaram.market.services import hall_totals
from bombaram.procurement.choices import Category, DisclosureKind
from bombaram.procurement.models import Department, Disclosure
from bombaram.procurement.services import corrections
from bombaram.procurement.services.purchases import (
    MAX_AMOUNT_WON,
    InvalidValue,
    check_purchase_date,
    parse_amount,
    parse_category,
    record_purchase,
)
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_record_sale, can_run_outlet, check

PURCHASE_NOTE = "판매관 매출에서 생성"
DUPLICATE = "같은 날(월) 같은 생산자·품목·구매자의 매출이 이미 있습니다: 그 매출을 정정해 주세요"
DISCLOSED = ("이 매출의 구매실적은 이미 공시되었습니다({year}년 {month}월): 삭제할 수 없고 정정만 할 수 있습니다 "
             "(정정하면 사회적경제과가 정정 공시합니다)")
NOT_ADMITTED = "이 날짜에 판매관에 입점한 생산자가 아닙니다: {name}"
SUPPLIER_NOT_FOUND = ("구매실적의 공급자로 이 생산자를 찾지 못했습니다: 조직 등록부에 사업자등록번호를 적어 주세요 ({name})")
MONTH_TO_DEPARTMENT = "공공기관 부서의 구매는 날짜(일)별로 적어 주세요 (구매실적은 구매일자에 따라 인정 여부가 정해집니다)"
REASON_REQUIRED = "정정 사유를 적어 주세요 (감사 기록에 남습니다)"
DELETE_REASON_REQUIRED = "삭제 사유를 적어 주세요 (감사 기록에 남습니다)"

#: the fields of a sale that a form or a file gives
FIELDS = ("organisation_id", "sold_on", "period", "product_id", "item", "category", "quantity", "amount_won",
          "buyer_kind", "department_id", "note")


class StaleSale(Exception):
    """The sale was corrected meanwhile (the form showed an older revision); the message says so in Korean."""


@dataclass(frozen=True)
class SaleOutcome:
    sale: Sale
    #: (year, month) of the purchase's months that were already published: they need a correction
    published_months: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- values


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def makes_purchase(outlet: SalesOutlet, buyer_kind: str) -> bool:
    """A sale to a public department at the sales hall is a public purchase of that department."""
    return outlet.kind == OutletKind.SALES_HALL and buyer_kind == BuyerKind.DEPARTMENT


def admitted_on(outlet: SalesOutlet, organisation_id: int, day: dt.date, *, period: str = SalePeriod.DAY) -> bool:
    """The producer is admitted to the hall on ``day`` (for a month's summary: on some day of the month)."""
    first, last = (day, day) if period == SalePeriod.DAY else (month_start(day), _month_end(day))
    return HallProducer.objects.filter(outlet=outlet, organisation_id=organisation_id, admitted__lte=last).filter(
        Q(left__isnull=True) | Q(left__gte=first)).exists()


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def clean_values(*, outlet: SalesOutlet, organisation: Organisation, sold_on: dt.date, amount_won: int,
                 item: str = "", period: str = SalePeriod.DAY, product: Product | None = None,
                 category: str = Category.GOODS, quantity: int | None = None, buyer_kind: str = BuyerKind.CITIZEN,
                 department: Department | None = None, note: str = "") -> dict[str, Any]:
    """The sale's stored fields, checked; ValidationError keyed by field with Korean messages."""
    errors: dict[str, list[str]] = {}
    if period not in SalePeriod.values:
        errors.setdefault("period", []).append(f"알 수 없는 구분입니다: '{period}' (일 또는 월)")
    if period == SalePeriod.MONTH:
        sold_on = month_start(sold_on)
    try:
        check_purchase_date(sold_on)
    except InvalidValue as exc:
        errors.setdefault("sold_on", []).append(str(exc).replace("구매일자", "판매일자"))
    if product is not None and product.organisation_id != organisation.pk:
        errors.setdefault("product", []).append("이 생산자의 상품이 아닙니다")
    item = (item or "").strip() or (product.name if product is not None else "")
    if not item:
        errors.setdefault("item", []).append("품목이 비어 있습니다")
    elif len(item) > Sale._meta.get_field("item").max_length:
        errors.setdefault("item", []).append("품목은 200자까지 적을 수 있습니다")
    if category not in Category.values:
        errors.setdefault("category", []).append(f"알 수 없는 분류입니다: '{category}'")
    if amount_won is None or amount_won <= 0:
        errors.setdefault("amount_won", []).append("금액은 0원보다 커야 합니다")
    elif amount_won > MAX_AMOUNT_WON:
        errors.setdefault("amount_won", []).append("금액이 너무 큽니다 (최대 1,000조 원)")
    if quantity is not None and quantity < 0:
        errors.setdefault("quantity", []).append("수량은 0 이상이어야 합니다")
    if buyer_kind not in BuyerKind.values:
        errors.setdefault("buyer_kind", []).append(f"알 수 없는 구매자 구분입니다: '{buyer_kind}'")
    if buyer_kind == BuyerKind.DEPARTMENT and department is None:
        errors.setdefault("department", []).append("공공기관 부서의 구매에는 구매 부서를 골라 주세요")
    if buyer_kind != BuyerKind.DEPARTMENT:
        department = None
    if makes_purchase(outlet, buyer_kind) and period == SalePeriod.MONTH:
        errors.setdefault("period", []).append(MONTH_TO_DEPARTMENT)
    if (outlet.kind == OutletKind.SALES_HALL and "sold_on" not in errors
            and not admitted_on(outlet, organisation.pk, sold_on, period=period)):
        errors.setdefault("organisation", []).append(NOT_ADMITTED.format(name=organisation.name))
    if len(note or "") > Sale._meta.get_field("note").max_length:
        errors.setdefault("note", []).append("비고는 300자까지 적을 수 있습니다")
    if errors:
        raise ValidationError(errors)
    return {"organisation_id": organisation.pk, "sold_on": sold_on, "period": period,
            "product_id": product.pk if product is not None else None, "item": item, "category": category,
            "quantity": quantity, "amount_won": amount_won, "buyer_kind": buyer_kind,
            "department_id": department.pk if department is not None else None, "note": (note or "").strip()}


def _same_key(outlet: SalesOutlet, values: dict[str, Any], *, exclude: int | None = None) -> Sale | None:
    found = Sale.objects.filter(outlet=outlet, organisation_id=values["organisation_id"], sold_on=values["sold_on"],
                                period=values["period"], item=values["item"], buyer_kind=values["buyer_kind"],
                                department_id=values["department_id"])
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.first()


def _purchase_fields(sale: Sale) -> dict[str, Any]:
    """The purchase a sale to a department is: the producer as supplier, the sale's date, item and amount."""
    return {"purchased_on": sale.sold_on, "supplier_name": sale.organisation.name,
            "supplier_business_no": sale.organisation.business_no, "item": sale.item, "category": sale.category,
            "amount_won": sale.amount_won, "contract_method": "", "channel": rules.Channel.SALES_HALL,
            "exception_code": None, "exception_justification": "",
            "note": f"{PURCHASE_NOTE}: {sale.outlet.name}"}


def _attributed(sale: Sale, purchase: Any) -> None:
    if purchase.supplier_id != sale.organisation_id:
        raise ValidationError({"organisation": [SUPPLIER_NOT_FOUND.format(name=sale.organisation.name)]})


def _make_purchase(user: Any, sale: Sale) -> None:
    department = Department.objects.select_related("institution__district").get(pk=sale.department_id)
    purchase = record_purchase(user=user, department=department, allowed=True, **_purchase_fields(sale))
    _attributed(sale, purchase)
    sale.purchase = purchase


def _locked_outlet(outlet: SalesOutlet) -> SalesOutlet:
    """The outlet, locked: sales of one outlet are written one after another (no duplicate slips in)."""
    return SalesOutlet.objects.select_for_update().select_related("district").get(pk=outlet.pk)


def _disclosed(purchase: Any) -> tuple[int, int] | None:
    day = purchase.purchased_on
    if Disclosure.objects.filter(institution_id=purchase.institution_id, kind=DisclosureKind.MONTHLY,
                                 year=day.year, month=day.month).exists():
        return day.year, day.month
    return None


# ---------------------------------------------------------------- recording, correcting, deleting


def _create(*, user: Any, outlet: SalesOutlet, values: dict[str, Any], illustrative: bool = False) -> Sale:
    sale = Sale(outlet=outlet, entered_by=user if getattr(user, "is_authenticated", False) else None,
                illustrative=illustrative, **values)
    sale.save()
    hall_totals.add_sales([sale])
    if makes_purchase(outlet, sale.buyer_kind):
        _make_purchase(user, sale)
        sale.save(update_fields=["purchase"])
    return sale


@transaction.atomic
def record_sale(*, user: Any, outlet: SalesOutlet, organisation: Organisation, sold_on: dt.date, amount_won: int,
                item: str = "", period: str = SalePeriod.DAY, product: Product | None = None,
                category: str = Category.GOODS, quantity: int | None = None, buyer_kind: str = BuyerKind.CITIZEN,
                department: Department | None = None, note: str = "", illustrative: bool = False) -> Sale:
    """Record one sale; a sale to a department at the hall also records its purchase (see the module).

    PermissionDenied unless can_record_sale; ValidationError keyed by field (Korean) for bad values or a
    sale already recorded. Audit event "market.sale.recorded"."""
    check(can_record_sale(user, outlet, department if buyer_kind == BuyerKind.DEPARTMENT else None))
    outlet = _locked_outlet(outlet)
    values = clean_values(outlet=outlet, organisation=organisation, sold_on=sold_on, amount_won=amount_won,
                          item=item, period=period, product=product, category=category, quantity=quantity,
                          buyer_kind=buyer_kind, department=department, note=note)
    if _same_key(outlet, values) is not None:
        raise ValidationError({"item": [DUPLICATE]})
    sale = _create(user=user, outlet=outlet, values=values, illustrative=illustrative)
    audit.record("market.sale.recorded", actor=user, obj=sale, outlet=outlet.pk, organisation=organisation.pk,
                 sold_on=sale.sold_on.isoformat(), amount_won=sale.amount_won, buyer_kind=sale.buyer_kind,
                 purchase=sale.purchase_id)
    return sale


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def correct_sale(*, user: Any, sale: Sale, revision: int, reason: str, organisation: Organisation,
                 sold_on: dt.date, amount_won: int, item: str = "", period: str = SalePeriod.DAY,
                 product: Product | None = None, category: str = Category.GOODS, quantity: int | None = None,
                 buyer_kind: str = BuyerKind.CITIZEN, department: Department | None = None,
                 note: str = "") -> SaleOutcome:
    """Correct a sale, and its purchase through the procurement correction path (a new revision and OCDS
    release; withdrawn when the buyer is no longer a department, recorded when it becomes one).

    StaleSale when ``revision`` is not the stored one; corrections.NothingChanged when nothing differs.
    Audit event "market.sale.corrected" with the changed fields and the reason."""
    outlet = _locked_outlet(sale.outlet)
    new_department = department if buyer_kind == BuyerKind.DEPARTMENT else None
    check(can_record_sale(user, outlet, sale.department) and can_record_sale(user, outlet, new_department))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if len(reason) > corrections.MAX_REASON:
        raise ValidationError({"reason": [f"사유는 {corrections.MAX_REASON}자까지 적을 수 있습니다"]})
    current = Sale.objects.select_for_update().filter(pk=sale.pk).first()
    if current is None:
        raise StaleSale("이 매출은 그사이에 삭제되었습니다.")
    if current.revision != revision:
        raise StaleSale(f"그사이에 이 매출이 정정되었습니다(제{current.revision}판). 지금 저장된 내용을 보고 다시 고쳐 주세요.")
    values = clean_values(outlet=outlet, organisation=organisation, sold_on=sold_on, amount_won=amount_won,
                          item=item, period=period, product=product, category=category, quantity=quantity,
                          buyer_kind=buyer_kind, department=department, note=note)
    changed = {name: [_plain(getattr(current, name)), _plain(value)] for name, value in values.items()
               if getattr(current, name) != value}
    if not changed:
        raise corrections.NothingChanged("바뀐 내용이 없어 저장하지 않았습니다.")
    if _same_key(outlet, values, exclude=current.pk) is not None:
        raise ValidationError({"item": [DUPLICATE]})
    hall_totals.remove_sales([current])
    for name, value in values.items():
        setattr(current, name, value)
    hall_totals.add_sales([current])
    current.revision += 1
    current.save(update_fields=[*values, "revision"])
    current = Sale.objects.select_related("organisation", "outlet").get(pk=current.pk)
    published = _follow(user, current, reason)
    audit.record("market.sale.corrected", actor=user, obj=current, revision=current.revision, reason=reason,
                 changed=changed, purchase=current.purchase_id)
    return SaleOutcome(current, published)


def _follow(user: Any, sale: Sale, reason: str) -> list[tuple[int, int]]:
    """Bring the sale's purchase in line with the corrected sale; the published months it touched."""
    wanted = makes_purchase(sale.outlet, sale.buyer_kind)
    purchase = sale.purchase
    why = f"{PURCHASE_NOTE} 정정: {reason}"[:corrections.MAX_REASON]
    if purchase is not None and wanted:
        department = Department.objects.select_related("institution").get(pk=sale.department_id)
        if department.institution_id == purchase.institution_id:
            try:
                outcome = corrections.correct_purchase(user=user, purchase=purchase, revision=purchase.revision,
                                                       reason=why, department=department, allowed=True,
                                                       **_purchase_fields(sale))
            except corrections.NothingChanged:
                return []
            _attributed(sale, outcome.purchase)
            return outcome.published_months
    published: list[tuple[int, int]] = []
    if purchase is not None:  # no longer a department's purchase, or another institution's
        published = corrections.withdraw_purchase(user=user, purchase=purchase, revision=purchase.revision,
                                                  reason=why, allowed=True).published_months
        sale.purchase = None
    if wanted:
        _make_purchase(user, sale)
    sale.save(update_fields=["purchase"])
    return published


@transaction.atomic
def delete_sale(*, user: Any, sale: Sale, reason: str) -> None:
    """Delete a sale entered by mistake, with its purchase (withdrawn through the procurement path). Refused
    (ValidationError) once the purchase is disclosed: the sale is corrected instead. Audit event
    "market.sale.deleted" with every value the sale had."""
    outlet = _locked_outlet(sale.outlet)
    check(can_record_sale(user, outlet, sale.department))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [DELETE_REASON_REQUIRED]})
    current = Sale.objects.select_for_update(of=("self",)).select_related("purchase").filter(pk=sale.pk).first()
    if current is None:
        return
    purchase = current.purchase
    if purchase is not None:
        disclosed = _disclosed(purchase)
        if disclosed is not None:
            raise ValidationError(DISCLOSED.format(year=disclosed[0], month=disclosed[1]))
        corrections.withdraw_purchase(user=user, purchase=purchase, revision=purchase.revision,
                                      reason=f"{PURCHASE_NOTE} 삭제: {reason}"[:corrections.MAX_REASON], allowed=True)
    kept = {name: _plain(getattr(current, name)) for name in FIELDS}
    hall_totals.remove_sales([current])
    audit.record("market.sale.deleted", actor=user, obj=current, reason=reason, sale=kept, purchase=current.purchase_id)
    current.delete()


# ---------------------------------------------------------------- the file (the export's own format)

#: the columns of the export, which the import reads back (canonical name → header as written)
COLUMNS: dict[str, str] = {
    "sold_on": "일자", "period": "구분", "producer": "생산자", "business_no": "사업자등록번호", "item": "품목",
    "category": "분류", "quantity": "수량", "amount_won": "금액(원)", "buyer": "구매자", "institution": "구매기관",
    "department": "구매부서", "note": "비고",
}
#: shown in the export only (the import leaves it alone)
PURCHASE_COLUMN = "구매실적"
ALIASES: dict[str, tuple[str, ...]] = {
    "sold_on": ("일자", "판매일자", "판매일", "날짜", "매출일"),
    "period": ("구분", "기간"),
    "producer": ("생산자", "입점기업", "기업명", "업체명"),
    "business_no": ("사업자등록번호", "사업자번호"),
    "item": ("품목", "품명", "상품"),
    "category": ("분류",),
    "quantity": ("수량",),
    "amount_won": ("금액", "매출액", "판매금액"),
    "buyer": ("구매자", "구매자구분"),
    "institution": ("구매기관", "기관"),
    "department": ("구매부서", "부서"),
    "note": ("비고",),
}
REQUIRED = ["sold_on", "producer", "item", "amount_won"]
PERIOD_WORDS = {"일": SalePeriod.DAY, "day": SalePeriod.DAY, "일별": SalePeriod.DAY, "": SalePeriod.DAY,
                "월": SalePeriod.MONTH, "month": SalePeriod.MONTH, "월별": SalePeriod.MONTH, "월합계": SalePeriod.MONTH}
PERIOD_LABELS = {SalePeriod.DAY: "일", SalePeriod.MONTH: "월"}
BUYER_WORDS = {"개인": BuyerKind.CITIZEN, "시민": BuyerKind.CITIZEN, "citizen": BuyerKind.CITIZEN, "": BuyerKind.CITIZEN,
               "단체": BuyerKind.ORGANISATION, "기업": BuyerKind.ORGANISATION, "단체·기업": BuyerKind.ORGANISATION,
               "organisation": BuyerKind.ORGANISATION, "공공기관": BuyerKind.DEPARTMENT, "공공": BuyerKind.DEPARTMENT,
               "department": BuyerKind.DEPARTMENT}
BUYER_LABELS = {BuyerKind.CITIZEN: "개인", BuyerKind.ORGANISATION: "단체·기업", BuyerKind.DEPARTMENT: "공공기관"}


def _key(text: str) -> str:
    return "".join((text or "").split()).casefold()


@dataclass
class SalesImportPlan:
    """What importing a file does: the new sales' values by row, rows already stored, rows refused."""

    outlet: SalesOutlet
    filename: str
    created: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def created_won(self) -> int:
        return sum(values["amount_won"] for _row, values in self.created)

    @property
    def purchases(self) -> int:
        return sum(1 for _row, values in self.created if makes_purchase(self.outlet, values["buyer_kind"]))


class _Producers:
    """The outlet's producers (the hall's admitted ones; elsewhere any organisation) by number or name."""

    def __init__(self, outlet: SalesOutlet) -> None:
        if outlet.kind == OutletKind.SALES_HALL:
            orgs = Organisation.objects.filter(hall_admissions__outlet=outlet)
        else:
            orgs = Organisation.objects.filter(district=outlet.district)
        self.by_number: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        for org in orgs.only("pk", "name", "name_key", "business_no"):
            if org.business_no:
                self.by_number[org.business_no] = org
            self.by_name.setdefault(org.name_key, []).append(org)

    def find(self, name: str, number: str) -> Organisation:
        if number:
            try:
                parsed = identifiers.normalise_business_no(number)
            except identifiers.ParseError as exc:
                raise InvalidValue(str(exc)) from None
            if parsed is not None and parsed.digits in self.by_number:
                return self.by_number[parsed.digits]
        found = self.by_name.get(normalise_name(name), []) if name else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InvalidValue(f"같은 이름의 생산자가 여럿입니다: '{name}' (사업자등록번호를 적어 주세요)")
        raise InvalidValue(f"이 판매처의 생산자가 아닙니다: '{name or number}'")


class _Departments:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Department] = {}
        for department in Department.objects.select_related("institution"):
            for institution in (department.institution.name, department.institution.code):
                for name in (department.name, department.code):
                    self.by_key.setdefault((_key(institution), _key(name)), department)

    def find(self, institution: str, name: str) -> Department:
        if not institution or not name:
            raise InvalidValue("공공기관의 구매에는 구매기관과 구매부서를 적어 주세요")
        found = self.by_key.get((_key(institution), _key(name)))
        if found is None:
            raise InvalidValue(f"없는 기관·부서입니다: '{institution} {name}'")
        return found


def _parse_day(text: str) -> tuple[dt.date, str]:
    try:
        parsed = dates.parse_date(text)
    except dates.ParseError as exc:
        raise InvalidValue(str(exc)) from None
    if parsed is None:
        raise InvalidValue("일자가 비어 있습니다")
    if parsed.precision is dates.DatePrecision.YEAR:
        raise InvalidValue(f"일자는 날짜(일) 또는 월까지 적어 주세요: '{text}'")
    return parsed.value, (SalePeriod.DAY if parsed.precision is dates.DatePrecision.DAY else SalePeriod.MONTH)


def plan_import(*, user: Any, outlet: SalesOutlet, source: Path | bytes, filename: str) -> SalesImportPlan:
    """Read the file and decide each row (nothing written). tabular.TableError when the file cannot be read."""
    check(can_run_outlet(user, outlet))
    table = tabular.read_table(source, filename=filename, aliases=ALIASES, required=REQUIRED)
    plan = SalesImportPlan(outlet=outlet, filename=filename)
    producers, departments = _Producers(outlet), None
    organisations = {}
    seen: dict[tuple, int] = {}
    for row_no, cells in table.rows:
        def fail(column: str, error: str, cells=cells, row_no=row_no) -> None:
            header = table.source_header(column) if column in table.columns else COLUMNS.get(column, column)
            plan.errors.append(RowError(row_no, header, cells.get(column, ""), error))

        ok = True
        try:
            sold_on, precision = _parse_day(cells.get("sold_on", ""))
        except InvalidValue as exc:
            fail("sold_on", str(exc))
            ok = False
        period = PERIOD_WORDS.get(_key(cells.get("period", "")))
        if period is None:
            fail("period", f"알 수 없는 구분입니다: '{cells.get('period')}' (일 또는 월)")
            ok = False
        elif ok and period == SalePeriod.DAY and precision == SalePeriod.MONTH:
            fail("sold_on", f"일별 매출은 날짜(일)까지 적어 주세요: '{cells.get('sold_on')}'")
            ok = False
        try:
            organisation = producers.find(cells.get("producer", ""), cells.get("business_no", ""))
            organisations[organisation.pk] = organisation
        except InvalidValue as exc:
            fail("producer", str(exc))
            ok = False
        category = Category.GOODS
        if cells.get("category"):
            try:
                category = parse_category(cells["category"])
            except InvalidValue as exc:
                fail("category", str(exc))
                ok = False
        quantity = None
        if cells.get("quantity"):
            try:
                quantity = int(cells["quantity"].replace(",", ""))
                if quantity < 0:
                    raise ValueError
            except ValueError:
                fail("quantity", f"수량은 0 이상의 정수로 적어 주세요: '{cells['quantity']}'")
                ok = False
        try:
            amount = parse_amount(cells.get("amount_won", ""), table.money_unit("amount_won") or "원")
        except InvalidValue as exc:
            fail("amount_won", str(exc))
            ok = False
        buyer = BUYER_WORDS.get(_key(cells.get("buyer", "")))
        department = None
        if buyer is None:
            fail("buyer", f"알 수 없는 구매자입니다: '{cells.get('buyer')}' (개인, 단체·기업, 공공기관)")
            ok = False
        elif buyer == BuyerKind.DEPARTMENT:
            departments = departments or _Departments()
            try:
                department = departments.find(cells.get("institution", ""), cells.get("department", ""))
            except InvalidValue as exc:
                fail("department", str(exc))
                ok = False
            if department is not None and user is not None and not can_record_sale(user, outlet, department):
                fail("department", "이 부서의 매출을 기록할 권한이 없습니다")
                ok = False
        if not ok:
            continue
        try:
            values = clean_values(outlet=outlet, organisation=organisation, sold_on=sold_on, amount_won=amount,
                                  item=cells.get("item", ""), period=period, category=category, quantity=quantity,
                                  buyer_kind=buyer, department=department, note=cells.get("note", ""))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = {"organisation": "producer", "buyer_kind": "buyer"}.get(name, name)
                for message in messages:
                    fail(column if column in COLUMNS else "item", message)
            continue
        key = (values["organisation_id"], values["sold_on"], values["period"], values["item"], values["buyer_kind"],
               values["department_id"])
        if key in seen:
            fail("item", f"파일 안에서 같은 매출이 두 번 나옵니다 ({seen[key]}행과 같은 생산자·일자·품목·구매자)")
            continue
        seen[key] = row_no
        stored = _same_key(outlet, values)
        if stored is None:
            plan.created.append((row_no, values))
        elif all(getattr(stored, name) == values[name] for name in ("amount_won", "quantity", "category", "note")):
            plan.unchanged.append(row_no)  # the same file (or row) imported again
        else:
            fail("amount_won", f"이미 다른 내용으로 기록된 매출입니다 ({stored.amount_won:,}원): 화면에서 정정해 주세요")
    return plan


@transaction.atomic
def import_sales(*, user: Any, outlet: SalesOutlet, source: Path | bytes, filename: str,
                 dry_run: bool = False, illustrative: bool = False) -> SalesImportPlan:
    """Import a sales file (CSV or XLSX in the export's format): all rows or none. Rows already stored
    are left unchanged, so importing the same file twice adds nothing. Audit event "market.sales.imported"."""
    outlet = _locked_outlet(outlet)
    plan = plan_import(user=user, outlet=outlet, source=source, filename=filename)
    if dry_run or plan.errors or not plan.created:
        return plan
    for _row, values in plan.created:
        _create(user=user, outlet=outlet, values=values, illustrative=illustrative)
    plan.written = True
    audit.record("market.sales.imported", actor=user, obj=outlet, filename=filename, created=len(plan.created),
                 unchanged=len(plan.unchanged), amount_won=plan.created_won, purchases=plan.purchases)
    return plan


def export_rows(sales: Iterable[Sale]) -> tuple[list[str], list[list[Any]]]:
    """The sales as the file the import reads (its columns, then the purchase each made)."""
    columns = [*COLUMNS.values(), PURCHASE_COLUMN]
    rows = []
    for sale in sales:
        department = sale.department
        purchase = sale.purchase
        rows.append([
            sale.sold_on if sale.period == SalePeriod.DAY else f"{sale.sold_on:%Y-%m}", PERIOD_LABELS[sale.period],
            sale.organisation.name, identifiers.format_business_no(sale.organisation.business_no)
            if sale.organisation.business_no else "", sale.item, rules.CATEGORY_LABELS[rules.Category(sale.category)],
            sale.quantity, sale.amount_won, BUYER_LABELS[sale.buyer_kind],
            department.institution.name if department else "", department.name if department else "", sale.note,
            "" if purchase is None else f"#{purchase.pk} {'인정' if purchase.counted else '불인정'}",
        ])
    return columns, rows
