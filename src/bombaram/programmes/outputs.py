"""The city roll-up as pages and files show it: the report's six areas × the ledger measures, with the
report's printed figure beside any computed one that differs, and the report's own inconsistencies as notes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bombaram.core import tabular
from bombaram.core.programme_measures import BY_CODE, MEASURES, REPORT_ROWS, Area, How
from bombaram.programmes import queries
from bombaram.registry.reference_data import read_rows

AREA_LABELS = {
    Area.TALENT: gettext_lazy("Talent (인재육성)"),
    Area.MARKET: gettext_lazy("Market building (시장조성)"),
    Area.CAPITAL: gettext_lazy("Capital (자본조성)"),
    Area.ASSETS: gettext_lazy("Assets (자산기반 구축)"),
    Area.AGENDA: gettext_lazy("Local agenda (지역의제 도출)"),
    Area.ACTORS: gettext_lazy("Local actors (지역내 주체형성)"),
}
UNIT_LABELS = {
    "hours": gettext_lazy("hours"), "persons": gettext_lazy("persons"), "teams": gettext_lazy("teams"),
    "events": gettext_lazy("events"), "enterprises": gettext_lazy("enterprises"), "won": gettext_lazy("won"),
    "groups": gettext_lazy("groups"), "councils": gettext_lazy("councils"),
    "organisations": gettext_lazy("organisations"), "meetings": gettext_lazy("meetings"),
    "workshops": gettext_lazy("workshops"), "proposals": gettext_lazy("agenda proposals"),
    "networks": gettext_lazy("networks"), "institutions": gettext_lazy("institutions"),
    "participations": gettext_lazy("participations"), "sessions": gettext_lazy("sessions"),
}
REPORT_PERIOD = (dt.date(2012, 7, 1), dt.date(2013, 12, 31))
SEONGDONG_CODE = "11200"
BEFORE_AFTER_DATES = (dt.date(2012, 11, 30), dt.date(2013, 12, 31))


def measure_label(code: str) -> str:
    measure = BY_CODE[code]
    return measure.label_ko if (get_language() or "ko").startswith("ko") else measure.label_en


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


@dataclass
class Line:
    code: str
    label: str
    value: object
    unit: str
    distinct: bool
    printed: int | None = None
    scope: str = ""

    @property
    def differs(self) -> bool:
        return self.printed is not None and self.printed != self.value


@dataclass
class OutputsTable:
    areas: list[tuple[str, list[Line]]]
    district_lines: list[Line]
    records: int
    illustrative: bool
    compared: bool
    notes: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)

    @property
    def distinct_labels(self) -> list[str]:
        return [line.label for _area, lines in self.areas for line in lines if line.distinct]


def selection_from(form) -> queries.LedgerFilter:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return queries.LedgerFilter(start=data.get("start"), end=data.get("end"), cohort=data.get("cohort"),
                                district_code=data.get("district") or None)


def printed_figures() -> dict[str, int]:
    """The report's summary as printed, by the CSV's row name."""
    return {row["measure"]: int(row["value"]) for row in read_rows("seoul2014", "programme_outputs_2012_2013.csv")}


def report_notes() -> list[str]:
    """The report's own inconsistencies about these figures (reference/README.md), shown, not hidden."""
    return [
        _("The report's summary gives 23,000,000 won of market sales for all teams, while 관악's own chapter "
          "reports 46,400,000 won for its markets alone."),
        _("성동's local fund is 20,000,000 won in the summary and about 7,000,000 won in another place of the report."),
    ]


def _is_report_selection(selection: queries.LedgerFilter) -> bool:
    start, end = REPORT_PERIOD
    return (not selection.cohort and not selection.district_code and not selection.team_id
            and (selection.start is None or selection.start <= start) and (selection.end is None or selection.end >= end))


def rollup_table(selection: queries.LedgerFilter) -> OutputsTable:
    rollup = queries.ledger_rollup(selection)
    compared = _is_report_selection(selection)
    printed = printed_figures() if compared else {}
    all_team_printed = {code: printed[row] for row, (code, district) in REPORT_ROWS.items()
                        if district is None and row in printed}
    areas = []
    for area in Area:
        lines = [Line(m.code, measure_label(m.code), rollup.measures[m.code], unit_label(m.unit), m.how is How.DISTINCT,
                      all_team_printed.get(m.code)) for m in MEASURES if m.area is area]
        areas.append((str(AREA_LABELS[area]), lines))
    district_lines = []
    if compared:
        codes = {t.district.name_ko: (t.district.code, t.district.name) for t in queries.teams()}
        for row, (code, district) in REPORT_ROWS.items():
            if district is None or district not in codes:
                continue
            district_code, name = codes[district]
            value = queries.ledger_rollup(queries.LedgerFilter(start=selection.start, end=selection.end,
                                                               district_code=district_code)).measures[code]
            district_lines.append(Line(code, measure_label(code), value, unit_label(BY_CODE[code].unit),
                                       BY_CODE[code].how is How.DISTINCT, printed.get(row), str(name)))
    return OutputsTable(areas=areas, district_lines=district_lines, records=rollup.records,
                        illustrative=rollup.illustrative,
                        compared=compared, notes=report_notes() if compared else [])


def table_file(table: OutputsTable, fmt: str) -> bytes:
    """Exactly what the page shows, as XLSX or CSV (UTF-8 with BOM)."""
    headers = [_("Area"), _("Measure"), _("Scope"), _("Value"), _("Unit"), _("Each organisation once"),
               _("Printed in the report")]
    rows = [[area, line.label, _("all teams"), line.value, line.unit, "예" if line.distinct else "",
             line.printed if line.printed is not None else ""] for area, lines in table.areas for line in lines]
    rows += [["", line.label, line.scope, line.value, line.unit, "예" if line.distinct else "",
              line.printed if line.printed is not None else ""] for line in table.district_lines]
    notes = [_("Computed from %(n)s approved ledger records.") % {"n": f"{table.records:,}"}]
    if table.illustrative:
        notes.insert(0, "예시 데이터 (지어낸 기록)")
    notes += table.notes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"outputs.{fmt}"
        if fmt == "xlsx":
            tabular.write_xlsx(path, {"roll-up": (headers, rows)}, notes=notes)
        else:
            tabular.write_csv_for_excel(path, headers, rows)
        return path.read_bytes()


def home_figures() -> tuple[list[tuple[str, object, str, int | None]], int, list[str], bool]:
    """The home page's figures computed from the approved ledger (2012–2013), each with the report's printed
    figure when it differs; the number of records; the report's notes; whether they are illustrative."""
    start, end = REPORT_PERIOD
    rollup = queries.ledger_rollup(queries.LedgerFilter(start=start, end=end))
    printed = printed_figures()
    figures = []
    for code in ("education_hours", "education_trainees", "markets_and_fairs_held", "participating_enterprises",
                 "market_visitors", "cooperation_network_organisations"):
        value = rollup.measures[code]
        figures.append((measure_label(code), value, unit_label(BY_CODE[code].unit),
                        printed[code] if printed.get(code) != value else None))
    return figures, rollup.records, report_notes(), rollup.illustrative


@dataclass
class BeforeAfterLine:
    label: str
    before: int
    after: int
    printed_before: int
    printed_after: int

    @property
    def differs(self) -> bool:
        return (self.before, self.after) != (self.printed_before, self.printed_after)


BEFORE_AFTER_LABELS = {
    "social_enterprises": gettext_lazy("Social enterprises (registry)"),
    "cooperatives": gettext_lazy("Cooperatives (registry)"),
    "village_enterprises": gettext_lazy("Village enterprises (registry)"),
    "network_activities": gettext_lazy("Network activities (ledger: networks and councils)"),
    "key_activities": gettext_lazy("Key activities (ledger: lines of work)"),
}


def seongdong_before_after() -> list[BeforeAfterLine]:
    """성동 before its team (2012-11) and after (2013-12), computed, beside the report's page."""
    before, after = BEFORE_AFTER_DATES
    computed = queries.district_before_after(SEONGDONG_CODE, before, after)
    lines = []
    for row in read_rows("seoul2014", "seongdong_before_after.csv"):
        b, a = computed[row["measure"]]
        lines.append(BeforeAfterLine(str(BEFORE_AFTER_LABELS[row["measure"]]), b, a, int(row["2012-11"]),
                                     int(row["2013-12"])))
    return lines
