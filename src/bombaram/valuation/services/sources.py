"""One fact, entered once: indicators whose value another part of the system already holds.

An indicator of a framework can be bound (valuation.IndicatorSource, by indicator code) to

- a measure of the programme teams' activity ledger (core.programme_measures code): the value for a year is
  the team's approved ledger total for that calendar year, ``programmes.queries.team_ledger_summary(team,
  start=1 January, end=31 December)[code]``;
- a measure of the market records (market.indicators.MEASURES: sales hall revenue, trades between
  organisations, demand–supply matches): the value for a year is the measure's reading for the team's district
  and the calendar year;
- the purchase system (``purchase_total``, 공공구매 총액): the sum of the counted purchases (``Purchase.counted``:
  eligible under the institution's ordinance on the purchase date) of the institutions in the team's district
  dated in the year.

A bound indicator's value is read from its source whenever the accounts, the entry form or the export are
drawn, and is never typed: the team still enters the target, evidence and note, and the centre approves
those as before. Who sees a sourced value: ledger totals are of approved records, so everyone; the purchase
total of a year that has not ended is the institution's running figure (not yet disclosed as the annual
report), so the public sees it only for years that have ended, as in the purchase system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from bombaram.core.programme_measures import BY_CODE
from bombaram.market.indicators import MEASURES as MARKET_MEASURES
from bombaram.valuation.choices import Level, MeasurementStatus, SourceKind
from bombaram.valuation.models import Framework, FrameworkItem, IndicatorSource, Measurement
from bombaram.web import audit
from bombaram.web.permissions import can_bind_indicator_sources

PURCHASE_TOTAL = "purchase_total"
SOURCE_LABELS = {SourceKind.LEDGER: "사업단 활동 대장", SourceKind.PURCHASES: "공공구매 실적",
                 SourceKind.MARKET: "시장조성 기록"}
NO_LEDGER = "활동 대장에 승인된 기록이 없습니다"
NO_PURCHASES = "이 자치구 기관의 공공구매 실적이 없습니다"
NO_MARKET = "이 자치구·연도의 시장조성 기록이 없습니다"
NOT_YET_PUBLIC = "진행 중인 연도의 공공구매 실적은 연도가 끝난 뒤 공개됩니다"


@dataclass(frozen=True)
class SourcedValue:
    """A bound indicator's value for a year as its source gives it (None with ``empty`` saying why)."""

    kind: str
    measure: str
    value: Decimal | None
    empty: str = ""

    @property
    def label(self) -> str:
        return str(SourceKind(self.kind).label)  # 사업단 활동 대장 / 공공구매 실적

    @property
    def measure_label(self) -> str:
        if self.kind == SourceKind.PURCHASES:
            return "공공구매 총액 (원)"
        if self.kind == SourceKind.MARKET:
            market = MARKET_MEASURES.get(self.measure)
            return f"{market.label_ko} ({market.unit_ko})" if market else self.measure
        measure = BY_CODE.get(self.measure)
        return measure.label_ko if measure else self.measure


def choices() -> list[tuple[str, str]]:
    """The sources an indicator can be bound to, as "kind:measure" → label (for the centre's form)."""
    out = [(f"{SourceKind.PURCHASES}:{PURCHASE_TOTAL}", f"{SOURCE_LABELS[SourceKind.PURCHASES]}: 공공구매 총액")]
    out += [(f"{SourceKind.LEDGER}:{m.code}", f"{SOURCE_LABELS[SourceKind.LEDGER]}: {m.label_ko}")
            for m in BY_CODE.values()]
    out += [(f"{SourceKind.MARKET}:{m.code}", f"{SOURCE_LABELS[SourceKind.MARKET]}: {m.label_ko}")
            for m in MARKET_MEASURES.values()]
    return out


def bindings(framework: Framework | None) -> dict[str, IndicatorSource]:
    if framework is None:
        return {}
    return {s.code: s for s in IndicatorSource.objects.filter(framework=framework)}


def purchase_total_won(district: Any, year: int) -> int | None:
    """The counted purchases of the institutions in ``district`` dated in ``year`` (won); None when the
    district has no institution in the purchase system."""
    from bombaram.procurement.models import Institution, Purchase

    institutions = list(Institution.objects.filter(district=district).values_list("pk", flat=True))
    if not institutions:
        return None
    total = Purchase.objects.filter(institution_id__in=institutions, counted=True,
                                    purchased_on__gte=dt.date(year, 1, 1),
                                    purchased_on__lte=dt.date(year, 12, 31)).aggregate(s=Sum("amount_won"))["s"]
    return int(total or 0)


def ledger_summary(team: Any, year: int) -> dict | None:
    """The team's approved ledger totals for the calendar year (programmes.queries.team_ledger_summary)."""
    from bombaram.programmes.queries import team_ledger_summary

    summary = team_ledger_summary(team, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    # a year without any approved record has nothing to show (not a row of zeros)
    if summary is None or summary.get("records") == 0:
        return None
    return summary


def sourced_values(team: Any, framework: Framework | None, year: int, *, public: bool,
                   today: dt.date | None = None) -> dict[str, SourcedValue]:
    """The values of the framework's bound indicators for the team and year, by indicator code. The
    ledger is read once and the purchase total once, whatever the number of bound indicators."""
    sources = bindings(framework)
    if not sources:
        return {}
    today = today or dt.date.today()
    out: dict[str, SourcedValue] = {}
    ledger: dict | None = None
    ledger_read = purchases_read = False
    purchases: int | None = None
    for code, source in sources.items():
        if source.kind == SourceKind.LEDGER:
            if not ledger_read:
                ledger, ledger_read = ledger_summary(team, year), True
            raw = None if ledger is None else ledger.get(source.measure)
            out[code] = SourcedValue(source.kind, source.measure, None if raw is None else Decimal(str(raw)),
                                     "" if raw is not None else NO_LEDGER)
        elif source.kind == SourceKind.MARKET:
            market = MARKET_MEASURES.get(source.measure)
            raw = None if market is None else market.reading(team.district, year)
            out[code] = SourcedValue(source.kind, source.measure, raw, "" if raw is not None else NO_MARKET)
        else:
            if public and year >= today.year:
                out[code] = SourcedValue(source.kind, source.measure, None, NOT_YET_PUBLIC)
                continue
            if not purchases_read:
                purchases, purchases_read = purchase_total_won(team.district, year), True
            out[code] = SourcedValue(source.kind, source.measure, None if purchases is None else Decimal(purchases),
                                     "" if purchases is not None else NO_PURCHASES)
    return out


def _parse(source: str) -> tuple[str, str]:
    kind, _, measure = (source or "").partition(":")
    if kind == SourceKind.PURCHASES and measure == PURCHASE_TOTAL:
        return kind, measure
    if kind == SourceKind.LEDGER and measure in BY_CODE:
        return kind, measure
    if kind == SourceKind.MARKET and measure in MARKET_MEASURES:
        return kind, measure
    raise ValidationError(f"출처가 올바르지 않습니다: '{source}'")


@transaction.atomic
def bind_indicator_source(*, user: Any, framework: Framework, code: str, source: str | None,
                          illustrative: bool = False) -> IndicatorSource | None:
    """Bind the framework's indicator ``code`` to ``source`` ("ledger:<measure code>" or
    "purchases:purchase_total"), or unbind it (``source`` empty). The centre only. Binding clears the typed
    value of the indicator's draft or returned measurements (a submitted or approved one keeps it in its row
    and the audit trail, but every page shows the source's value); unbinding lets the team type it again."""
    framework = Framework.objects.select_related("owner_team__district", "owner_district").get(pk=framework.pk)
    if not can_bind_indicator_sources(user, framework):
        raise PermissionDenied
    if not FrameworkItem.objects.filter(version__framework=framework, code=code, level=Level.INDICATOR).exists():
        raise ValidationError(f"이 틀의 평가지표가 아닙니다: '{code}'")
    current = IndicatorSource.objects.select_for_update().filter(framework=framework, code=code).first()
    if not source:
        if current is not None:
            audit.record("valuation.indicator_source.unbound", actor=user, obj=current, framework=framework.pk,
                         code=code, was=f"{current.kind}:{current.measure}")
            current.delete()
        return None
    kind, measure = _parse(source)
    if current is not None and (current.kind, current.measure) == (kind, measure):
        return current
    if current is None:
        current = IndicatorSource.objects.create(framework=framework, code=code, kind=kind, measure=measure,
                                                 illustrative=illustrative)
        was = None
    else:
        was = f"{current.kind}:{current.measure}"
        current.kind, current.measure = kind, measure
        current.save(update_fields=["kind", "measure"])
    # a bound value is never typed: a typed value still held by an editable measurement is cleared
    cleared = list(Measurement.objects.filter(team__frameworks=framework, code=code, value__isnull=False,
                                              status__in=(MeasurementStatus.DRAFT, MeasurementStatus.RETURNED))
                   .values_list("pk", flat=True))
    Measurement.objects.filter(pk__in=cleared).update(value=None)
    audit.record("valuation.indicator_source.bound", actor=user, obj=current, framework=framework.pk, code=code,
                 source=f"{kind}:{measure}", was=was, cleared_typed_values=cleared)
    return current
