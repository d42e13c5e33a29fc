"""Open Contracting Data Standard (OCDS 1.1) releases and records of plans and purchases.

OCDS releases never change once issued: a purchase's first release says what was recorded; a
correction (정정) publishes a new release of the same ocid with a new id and date, tagged
``awardUpdate``/``contractAmendment``, whose award and contract carry an ``amendments`` entry (the
reason, the release it amends, the release it is); a withdrawal (삭제) publishes a release whose
award and contract have the status ``cancelled``. A record package compiles the releases of each
ocid (OCDS merge: objects merged field by field, arrays of objects merged by ``id``, later releases
win) into ``compiledRelease``.

Sources: Open Contracting Data Standard 1.1 — release, release package and record package schemas,
"Merging" (compiled releases) and the releaseTag, awardStatus and contractStatus codelists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bombaram.core.identifiers import normalise_business_no
from bombaram.core.purchase.codes import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    CONTRACT_METHOD_LABELS,
    EXCEPTION_SHORT_LABELS,
    Category,
    ContractMethod,
)
from bombaram.core.purchase.records import Institution, PurchaseRecord, ReportInput

__all__ = [
    "BRN_SCHEME",
    "OCDS_CATEGORY",
    "OCDS_METHOD",
    "Amendment",
    "NothingToPublish",
    "PurchaseHistory",
    "compile_releases",
    "history_as_of",
    "ocds_record_package",
    "ocds_release_package",
]

#: OCDS mainProcurementCategory codelist (goods, works, services).
OCDS_CATEGORY: dict[str, str] = {
    Category.GOODS: "goods",
    Category.SERVICES: "services",
    Category.CONSTRUCTION: "works",
}

#: OCDS procurementMethod codelist: open, selective, limited, direct.
OCDS_METHOD: dict[str, str] = {
    ContractMethod.OPEN_COMPETITION: "open",
    ContractMethod.RESTRICTED_COMPETITION: "selective",
    ContractMethod.NOMINATED_COMPETITION: "limited",
    ContractMethod.PRIVATE_CONTRACT: "direct",
}

#: org-id.guide scheme for 국세청 사업자등록번호 (list KR-BRN, confirmed).
BRN_SCHEME = "KR-BRN"

_KST = timezone(timedelta(hours=9))  # Korea has kept UTC+9 without daylight saving since 1988.


class NothingToPublish(ValueError):
    """The year has no submitted plan and no purchase: an OCDS 1.1 release package needs at least one
    release (release-package-schema ``releases.minItems`` = 1), so there is no package to make."""


@dataclass(frozen=True, slots=True)
class Amendment:
    """A correction (``withdrawn`` False) or the withdrawal of a purchase, made at ``at`` (aware)."""

    at: datetime
    reason: str
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class PurchaseHistory:
    """Every version a purchase had, oldest first, and what ended each one.

    ``amendments[k]`` turned ``versions[k]`` into ``versions[k + 1]``; a last amendment with
    ``withdrawn`` withdrew ``versions[-1]``. So ``len(amendments)`` is ``len(versions) - 1``, or
    ``len(versions)`` for a withdrawn purchase.
    """

    versions: tuple[PurchaseRecord, ...]
    amendments: tuple[Amendment, ...] = ()

    def __post_init__(self) -> None:
        if not self.versions:
            raise ValueError("구매 이력에는 판이 하나 이상 있어야 합니다.")
        extra = len(self.amendments) - (len(self.versions) - 1)
        if extra not in (0, 1) or (extra == 1) != self.withdrawn:
            raise ValueError("구매 이력의 정정 수가 판의 수와 맞지 않습니다.")
        if any(a.withdrawn for a in self.amendments[: len(self.versions) - 1]):
            raise ValueError("삭제된 구매는 그 뒤에 정정될 수 없습니다.")

    @property
    def withdrawn(self) -> bool:
        return bool(self.amendments) and self.amendments[-1].withdrawn

    @property
    def current(self) -> PurchaseRecord:
        return self.versions[-1]


def history_as_of(history: PurchaseHistory, at: datetime) -> PurchaseHistory | None:
    """The history as it stood at ``at``: the versions and amendments made by then (None if the
    purchase was recorded after ``at``). A purchase without ``recorded_at`` counts from its day."""
    first = history.versions[0]
    if _first_date(first) > at:
        return None
    amendments = tuple(a for a in history.amendments if a.at <= at)
    versions = history.versions[: len(amendments) + 1 - (1 if amendments and amendments[-1].withdrawn else 0)]
    return PurchaseHistory(versions=versions, amendments=amendments)


def _first_date(p: PurchaseRecord) -> datetime:
    if p.recorded_at is not None:
        return p.recorded_at
    return datetime(p.purchased_on.year, p.purchased_on.month, p.purchased_on.day, tzinfo=_KST)


def _stamp(at: datetime) -> str:
    """An event's date-time in +09:00 to the millisecond: a correction made within the second of the
    recording still sorts after it (merging orders releases by date)."""
    return at.astimezone(_KST).isoformat(timespec="milliseconds")


def _day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+09:00"


def _brn_digits(raw: str, what: str) -> str:
    parsed = normalise_business_no(raw)
    if parsed is None or parsed.masked:
        raise ValueError(f"{what}의 사업자등록번호를 OCDS 식별자로 쓸 수 없습니다: {raw}")
    return parsed.digits


def _check_prefix(ocid_prefix: str) -> str:
    prefix = ocid_prefix if ocid_prefix.endswith("-") else ocid_prefix + "-"
    if not (
        prefix.startswith("ocds-")
        and len(prefix) == 12
        and prefix[5:11].isalnum()
        and prefix[5:11].isascii()
    ):
        raise ValueError(f"OCDS ocid 접두어는 'ocds-' 뒤에 영숫자 6자여야 합니다: {ocid_prefix}")
    return prefix


#: what a correction can change that a reader of the release sees, with its Korean name
_SHOWN_FIELDS: tuple[tuple[str, str], ...] = (
    ("purchased_on", "구매일"),
    ("department", "부서"),
    ("supplier_name", "공급업체"),
    ("item", "품목"),
    ("category", "구분"),
    ("amount_won", "금액"),
    ("method", "계약방법"),
    ("channel", "구매 경로"),
    ("counted", "실적 인정"),
    ("exception_code", "우선구매 예외"),
)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "없음"
    if name == "amount_won":
        return f"{value:,}원"
    if name == "category":
        return CATEGORY_LABELS.get(value, str(value))
    if name == "method":
        return CONTRACT_METHOD_LABELS.get(value, str(value))
    if name == "channel":
        return CHANNEL_LABELS.get(value, str(value))
    if name == "counted":
        return "인정" if value else "불인정"
    if name == "exception_code":
        return f"제{value}호"
    return str(value)


def _changes(before: PurchaseRecord, after: PurchaseRecord) -> str:
    """What a correction changed, in Korean ("금액: 9,000,000원 → 8,000,000원; 품목: …")."""
    parts = [
        f"{label}: {_shown(name, getattr(before, name))} → {_shown(name, getattr(after, name))}"
        for name, label in _SHOWN_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    return "; ".join(parts) or "공개 항목의 변경 없음 (비고 등 내부 항목 정정)"


class _Builder:
    """Shared parts of one package: the buyer, its departments, the ocid prefix."""

    def __init__(self, institution: Institution, names: Mapping[str, str], prefix: str) -> None:
        self.institution = institution
        self.names = names
        self.prefix = prefix
        buyer_id = institution.id
        buyer_party: dict[str, Any] = {"name": institution.name, "roles": ["buyer"]}
        if institution.brn:
            digits = _brn_digits(institution.brn, institution.name)
            buyer_id = f"{BRN_SCHEME}-{digits}"
            buyer_party["identifier"] = {"scheme": BRN_SCHEME, "id": digits, "legalName": institution.name}
        self.buyer_id = buyer_id
        self.buyer_party = {"id": buyer_id, **buyer_party}
        self.buyer_ref = {"id": buyer_id, "name": institution.name}

    def department(self, code: str) -> tuple[dict[str, Any], dict[str, str]]:
        name = f"{self.institution.name} {self.names.get(code, code)}"
        party_id = f"{self.buyer_id}-{code}"
        return {"id": party_id, "name": name, "roles": ["procuringEntity"]}, {"id": party_id, "name": name}

    def planning(self, plan: Any, year: int) -> dict[str, Any]:
        local = f"{self.institution.id}-{year}-plan-{plan.department}"
        dept_party, _ = self.department(plan.department)
        dept_name = self.names.get(plan.department, plan.department)
        return {
            "ocid": self.prefix + local,
            "id": f"{local}-planning",
            "date": _day_start(plan.submitted_on),
            "tag": ["planning"],
            "initiationType": "tender",
            "language": "ko",
            "parties": [self.buyer_party, dept_party],
            "buyer": self.buyer_ref,
            "planning": {
                "rationale": (
                    "서울특별시 성북구 사회적경제제품 구매촉진 및 판로지원에 관한 조례 제6조"
                    " 사회적경제제품 구매계획"
                ),
                "budget": {
                    "id": f"{local}-budget",
                    "description": f"{year}년 {dept_name} 사회적경제제품 구매계획액",
                    "amount": {"amount": plan.planned_won, "currency": "KRW"},
                },
            },
        }

    def purchase(self, p: PurchaseRecord, *, release_id: str, date_: str, tag: list[str],
                 status: str, amendments: list[dict[str, Any]], withdrawal: str | None) -> dict[str, Any]:
        inst = self.institution
        local = f"{inst.id}-{p.id}"
        dept_party, dept_ref = self.department(p.department)
        supplier_party: dict[str, Any] = {"name": p.supplier_name, "roles": ["supplier"]}
        supplier_id = f"{inst.id}-supplier-{p.supplier_id}"
        brn = normalise_business_no(p.supplier_brn) if p.supplier_brn else None
        if brn is not None and not brn.masked:  # a masked number (124-81-***98) identifies nobody
            supplier_id = f"{BRN_SCHEME}-{brn.digits}"
            supplier_party["identifier"] = {"scheme": BRN_SCHEME, "id": brn.digits, "legalName": p.supplier_name}
        supplier_party = {"id": supplier_id, **supplier_party}
        value = {"amount": p.amount_won, "currency": "KRW"}
        day = _day_start(p.purchased_on)
        notes = ["사회적경제제품 구매실적 인정" if p.counted else "사회적경제제품 구매실적 불인정"]
        if not p.counted and (p.reason or p.reason_code):
            notes.append(str(p.reason or p.reason_code))
        notes.append(CHANNEL_LABELS.get(p.channel, str(p.channel)))
        if p.exception_code is not None:
            notes.append(
                f"우선구매 예외(조례 제10조 제1항 제{p.exception_code}호: "
                f"{EXCEPTION_SHORT_LABELS[p.exception_code]}) {p.exception_justification}".strip()
            )
        if withdrawal is not None:
            notes.append(f"구매실적 삭제(잘못 기록된 구매): {withdrawal}")
        tender: dict[str, Any] = {"id": f"{local}-tender", "title": p.item, "procuringEntity": dept_ref}
        if p.category in OCDS_CATEGORY:
            tender["mainProcurementCategory"] = OCDS_CATEGORY[p.category]
        if p.method in OCDS_METHOD:
            tender["procurementMethod"] = OCDS_METHOD[p.method]
            tender["procurementMethodDetails"] = CONTRACT_METHOD_LABELS[p.method]
        items = [{"id": "1", "description": p.item}]
        award: dict[str, Any] = {
            "id": f"{local}-award",
            "title": p.item,
            "description": " / ".join(notes),
            "status": status,
            "date": day,
            "value": value,
            "suppliers": [{"id": supplier_id, "name": p.supplier_name}],
            "items": items,
        }
        contract: dict[str, Any] = {
            "id": f"{local}-contract",
            "awardID": f"{local}-award",
            "title": p.item,
            "status": status,
            "value": dict(value),
            "dateSigned": day,
            "items": [dict(item) for item in items],
        }
        if amendments:
            award["amendments"] = amendments
            contract["amendments"] = [dict(a) for a in amendments]
        return {
            "ocid": self.prefix + local,
            "id": release_id,
            "date": date_,
            "tag": tag,
            "initiationType": "tender",
            "language": "ko",
            "parties": [self.buyer_party, dept_party, supplier_party],
            "buyer": self.buyer_ref,
            "tender": tender,
            "awards": [award],
            "contracts": [contract],
        }

    def purchase_releases(self, history: PurchaseHistory) -> list[dict[str, Any]]:
        """The releases of one purchase, oldest first: as recorded, one per correction, and one
        for its withdrawal."""
        versions = history.versions
        local = f"{self.institution.id}-{versions[0].id}"
        first_id = f"{local}-contract"
        releases = [self.purchase(versions[0], release_id=first_id, date_=_stamp(_first_date(versions[0])),
                                  tag=["award", "contract"], status="active", amendments=[], withdrawal=None)]
        made: list[dict[str, Any]] = []
        previous_id = first_id
        for number, amendment in enumerate(history.amendments, start=1):
            before = versions[number - 1]
            if amendment.withdrawn:
                release_id, record = f"{local}-withdrawal", before
                tag, status, what = ["awardCancellation", "contractUpdate"], "cancelled", "구매실적 삭제"
                description = f"{what}: 구매 기록이 잘못되어 철회함"
            else:
                release_id, record = f"{local}-revision-{number + 1}", versions[number]
                tag, status, what = ["awardUpdate", "contractAmendment"], "active", "구매실적 정정"
                description = f"{what}: {_changes(before, record)}"
            made.append({
                "id": str(number),
                "date": _stamp(amendment.at),
                "rationale": amendment.reason,
                "description": description,
                "amendsReleaseID": previous_id,
                "releaseID": release_id,
            })
            releases.append(self.purchase(
                record, release_id=release_id, date_=_stamp(amendment.at), tag=tag, status=status,
                amendments=[dict(a) for a in made], withdrawal=amendment.reason if amendment.withdrawn else None))
            previous_id = release_id
        return releases


def ocds_release_package(
    report_input: ReportInput,
    institution: Institution,
    year: int,
    published_at: datetime,
    uri: str,
    *,
    ocid_prefix: str,
    license_url: str | None = None,
    publication_policy_url: str | None = None,
    histories: Mapping[str, PurchaseHistory] | None = None,
    plans: bool = True,
) -> dict[str, Any]:
    """An OCDS 1.1 release package (open data of plans and purchases; DESIGN: 공시 as OCDS).

    Releases:

    * one ``planning`` release per submitted department plan (Art. 6) when ``plans``:
      ocid ``{ocid_prefix}{institution.id}-{year}-plan-{department}``, dated the
      submission day, planning.budget.amount = planned amount;
    * per purchase, ocid ``{ocid_prefix}{institution.id}-{purchase.id}``: the ``award`` +
      ``contract`` release as recorded (id ``…-contract``, dated ``recorded_at``, or the purchase
      day when unknown); then one ``awardUpdate`` + ``contractAmendment`` release per correction
      (id ``…-revision-N`` for the N-th version, dated the correction) and, for a withdrawn
      purchase, an ``awardCancellation`` + ``contractUpdate`` release (id ``…-withdrawal``) whose
      award and contract are ``cancelled``. Each later release's award and contract list every
      amendment so far: its reason (rationale), what changed (description), ``amendsReleaseID``
      and ``releaseID``. The tender block carries mainProcurementCategory (물품 goods, 용역
      services, 공사 works) and the procurement method (수의계약 direct, 일반경쟁 open, 제한경쟁
      selective, 지명경쟁 limited); the award says whether the purchase counts and any Art. 10
      exception.

    ``report_input.purchases`` are the purchases as they stand (of ``year``); ``histories`` by
    purchase id give the earlier versions and amendments of corrected ones, and the whole history
    of withdrawn ones (of purchases that were in ``year`` at some version).

    Every release: initiationType "tender", language "ko", parties with roles buyer (the
    institution), procuringEntity (the department) and supplier; amounts ``{"amount": won,
    "currency": "KRW"}``; dates in +09:00. Organisations with a 사업자등록번호 get the identifier
    scheme ``KR-BRN`` and the party id ``KR-BRN-<10 digits>``; others a local id
    ``{institution.id}-supplier-{supplier_id}``.

    ``ocid_prefix``: "ocds-" + six characters (trailing hyphen optional). ``published_at`` must
    carry a time zone. ``uri``: the package's own address.
    Source: Open Contracting Data Standard 1.1 release and release package schemas.
    """
    prefix = _check_prefix(ocid_prefix)
    if published_at.tzinfo is None or published_at.utcoffset() is None:
        raise ValueError("published_at에는 시간대가 있어야 합니다.")
    histories = dict(histories or {})
    build = _Builder(institution, report_input.department_names, prefix)

    releases: list[dict[str, Any]] = []
    if plans:
        for plan in sorted(report_input.plans, key=lambda p: p.department):
            if plan.submitted_on is not None:
                releases.append(build.planning(plan, year))

    for p in report_input.purchases:
        if p.purchased_on.year != year:
            raise ValueError(f"{year}년 공개 자료에 다른 해의 구매가 들어 있습니다: {p.id}")
        history = histories.get(p.id)
        if history is None:
            histories[p.id] = PurchaseHistory(versions=(p,))
        elif history.withdrawn or history.current.id != p.id:
            raise ValueError(f"구매 이력이 지금의 구매와 맞지 않습니다: {p.id}")
    ordered = sorted(histories.values(), key=lambda h: (h.versions[0].purchased_on, _sort_id(h.versions[0].id)))
    for history in ordered:
        releases.extend(build.purchase_releases(history))

    if not releases:
        raise NothingToPublish(
            "공개할 구매계획이나 구매가 없습니다(OCDS 패키지에는 릴리스가 하나 이상 있어야 합니다)."
        )
    publisher: dict[str, Any] = {"name": institution.name}
    if institution.brn:
        publisher["scheme"] = BRN_SCHEME
        publisher["uid"] = _brn_digits(institution.brn, institution.name)
    package: dict[str, Any] = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": published_at.isoformat(timespec="seconds"),
        "publisher": publisher,
        "releases": releases,
    }
    if license_url:
        package["license"] = license_url
    if publication_policy_url:
        package["publicationPolicy"] = publication_policy_url
    return package


def _sort_id(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)


# ---------------------------------------------------------------------------
# Records: releases compiled per ocid
# ---------------------------------------------------------------------------

#: fields of a release that merging leaves out (release-schema ``omitWhenMerged``)
_OMIT_WHEN_MERGED = frozenset({"id", "date", "tag"})


def _merge(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    """OCDS merge of one release into the compiled one: a null removes the field; objects merge
    field by field; arrays of objects that all have an ``id`` merge item by item on it (a new id is
    appended); any other value or array replaces the earlier one."""
    for key, value in new.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict):
            target = into.get(key)
            if not isinstance(target, dict):
                target = into[key] = {}
            _merge(target, value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
            earlier = into.get(key) if isinstance(into.get(key), list) else []
            by_id = {str(item.get("id")): item for item in earlier if isinstance(item, dict)}
            merged = list(earlier)
            for item in value:
                found = by_id.get(str(item["id"]))
                if found is None:
                    found = {}
                    merged.append(found)
                    by_id[str(item["id"])] = found
                _merge(found, item)
            into[key] = merged
        else:
            into[key] = _copy(value)


def _copy(value: Any) -> Any:
    """A copy of JSON data (dicts, lists, scalars): what copy.deepcopy does, many times faster."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def compile_releases(releases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The compiled release of one ocid's releases (OCDS "Merging"): releases in date order (ties
    keep their order), each merged over the earlier ones; ``tag`` ["compiled"], ``date`` the latest
    release's, ``id`` ``{ocid}-{date}``."""
    ordered = sorted(releases, key=lambda r: r["date"])
    compiled: dict[str, Any] = {}
    if len(ordered) == 1:  # merging one release into nothing gives its fields (it has no nulls): share them
        compiled = {k: v for k, v in ordered[0].items() if k not in _OMIT_WHEN_MERGED}
    for release in ordered if len(ordered) > 1 else ():
        _merge(compiled, {k: v for k, v in release.items() if k not in _OMIT_WHEN_MERGED})
    ocid, last = ordered[-1]["ocid"], ordered[-1]["date"]
    return {"ocid": ocid, "id": f"{ocid}-{last}", "date": last, "tag": ["compiled"], **{
        k: v for k, v in compiled.items() if k != "ocid"}}


def ocds_record_package(release_package: Mapping[str, Any], *, uri: str, release_package_uri: str) -> dict[str, Any]:
    """An OCDS 1.1 record package: one record per ocid of ``release_package`` (in order of first
    appearance) with its releases embedded and its compiled release (sharing objects with
    ``release_package``: serialise it, do not change it). ``uri``: the record package's
    own address; ``release_package_uri`` is listed in ``packages``."""
    by_ocid: dict[str, list[Mapping[str, Any]]] = {}
    for release in release_package["releases"]:
        by_ocid.setdefault(release["ocid"], []).append(release)
    records = [  # the releases are the release package's own objects, embedded as they are
        {"ocid": ocid, "releases": rels, "compiledRelease": compile_releases(rels)}
        for ocid, rels in by_ocid.items()
    ]
    package: dict[str, Any] = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": release_package["publishedDate"],
        "publisher": _copy(release_package["publisher"]),
        "packages": [release_package_uri],
        "records": records,
    }
    for key in ("license", "publicationPolicy"):
        if key in release_package:
            package[key] = release_package[key]
    return package
