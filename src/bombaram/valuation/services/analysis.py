"""The analysis report of a Delphi study, laid out like the report's tables, and its XLSX.

The figures are those of ``queries.analyse_study`` (core.delphi_responses.analyse over the submitted
questionnaires, with the study's quartile method, critical-value method and decision rules):

* per goal, the activities' mean suitability score for the goal (1–7) and the indicators'
  지표적합성 (share answering "suitable") and 지표중요도 (mean importance, 1–7), each round for the
  whole panel (전체) and for the study's local group (지역: ``DelphiStudy.local_group``, else its first
  group); group figures are descriptive only;
* for the last round, whole panel: n, CVR, the critical count n_e and CVR, the test, mean, SD,
  median, Q1, Q3, 합의도, 수렴도, CV, the stability since the round before (CV change, share of
  panellists who changed their score) and the decision (keep / revise / drop).

Where a framework item holds the report's published figures (``FrameworkItem.printed``, the
demonstration frameworks), they are carried beside the computed ones. Panellists never appear:
only counts of submitted questionnaires per round and group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from bombaram.core import tabular
from bombaram.core.delphi import ALL_GROUP, DecisionRules
from bombaram.valuation import queries
from bombaram.valuation.choices import CriticalMethod, ItemKind, Level, QuartileMethod, RoundStatus
from bombaram.valuation.models import Answer, DelphiStudy, Response, RoundItem
from bombaram.web.permissions import can_edit_framework, can_manage_study

DECISION_LABELS = {"keep": _("Keep"), "revise": _("Revise"), "drop": _("Drop")}
DECISION_KO = {"keep": "유지", "revise": "수정", "drop": "삭제"}
QUARTILE_KO = {"weibull": "SPSS HAVERAGE (Hyndman–Fan 6종)", "linear": "Excel·numpy 기본 (Hyndman–Fan 7종)",
               "tukey": "Tukey 힌지"}
CRITICAL_KO = {"exact": "정확 이항검정 (Ayre & Scally 2014): P(X ≥ n_e | N, ½) ≤ .05인 가장 작은 n_e, N ≤ 4는 검정 불가",
               "lawshe1975": "Lawshe (1975)의 임계 CVR 표"}
PRINTED_DIGITS = 2  # the report prints two decimals


def can_view_analysis(user: Any, study: DelphiStudy) -> bool:
    """The study's administrators and the framework's editors (the owning team) read its analysis."""
    return can_manage_study(user, study) or can_edit_framework(user, study.version.framework)


@dataclass(frozen=True)
class Figure:
    """One figure of the report's tables, with the report's printed value when there is one."""

    value: float | None
    printed: float | None = None

    @property
    def differs(self) -> bool:
        """The computed figure, rounded as the report rounds, is not the printed one."""
        if self.value is None or self.printed is None:
            return False
        return round(self.value, PRINTED_DIGITS) != round(self.printed, PRINTED_DIGITS)


@dataclass(frozen=True)
class Column:
    round: int
    group: str  # ALL_GROUP or the local group's name
    local: bool

    @property
    def printed_suffix(self) -> str | None:
        """r1_all, r2_local … (the report printed rounds 1 and 2 only)."""
        if self.round not in (1, 2):
            return None
        return f"r{self.round}_{'local' if self.local else 'all'}"


@dataclass
class ReportItem:
    code: str
    kind: str
    name: str
    goal_code: str
    parent_code: str
    context: str = ""
    is_new: bool = False
    scores: list[Figure] = field(default_factory=list)  # mean score per column
    shares: list[Figure] = field(default_factory=list)  # suitable share per column (indicators)
    last: dict[str, Any] | None = None  # the last round's whole-panel statistics
    stability: dict[str, Any] | None = None  # from the round before to the last round
    decision: str | None = None

    @property
    def decision_label(self) -> Any:
        return DECISION_LABELS.get(self.decision or "", "")


@dataclass
class IndicatorGroup:
    """The indicators of one rated activity (a sub-activity, or an activity without any)."""

    code: str
    name: str
    indicators: list[ReportItem]


@dataclass
class GoalSection:
    code: str
    name: str
    activities: list[ReportItem]
    indicator_groups: list[IndicatorGroup]
    items: list[ReportItem]  # every item of the goal in framework order


@dataclass
class ItemComments:
    """The panel's comments on one item in one round: the texts only, in alphabetical order, so that
    neither a name nor the order of answering says who wrote which."""

    round: int
    code: str
    name: str
    texts: list[str]


def study_comments(study: DelphiStudy) -> list[ItemComments]:
    """Every comment of a submitted questionnaire, by round and item (in questionnaire order)."""
    rows = (Answer.objects.filter(response__round__study=study, response__submitted__isnull=False)
            .exclude(comment="").values_list("response__round__number", "item__position", "item__code", "item__name",
                                             "comment")
            .order_by("response__round__number", "item__position"))
    grouped: dict[tuple[int, int], ItemComments] = {}
    for number, position, code, name, text in rows:
        entry = grouped.setdefault((number, position), ItemComments(number, code, name, []))
        entry.texts.append(text.strip())
    for entry in grouped.values():
        entry.texts.sort()
    return list(grouped.values())


@dataclass
class Report:
    study: DelphiStudy
    columns: list[Column]
    local_group: str | None
    rounds: list[int]
    last_round: int | None
    last_round_closed: bool
    quartile_method: str
    critical_method: str
    rules: DecisionRules
    goals: list[GoalSection]
    rows: list[dict[str, Any]]  # every statistics row of the analysis (all groups)
    stability: list[dict[str, Any]]
    panel_sizes: dict[tuple[int, str], int]  # (round, group or ALL_GROUP) -> submitted questionnaires
    has_printed: bool
    comments: list[ItemComments] = field(default_factory=list)

    @property
    def quartile_label(self) -> Any:
        return QuartileMethod(self.quartile_method).label

    @property
    def critical_label(self) -> Any:
        return CriticalMethod(self.critical_method).label

    @property
    def indicator_width(self) -> int:
        """Columns of the indicators table: code, name, and each column for suitability and importance."""
        return 2 + 2 * len(self.columns)

    @property
    def items(self) -> list[ReportItem]:
        return [item for goal in self.goals for item in goal.items]

    @property
    def indicators(self) -> list[ReportItem]:
        return [item for item in self.items if item.kind == ItemKind.INDICATOR]

    def round_sizes(self) -> list[tuple[int, int, int | None]]:
        """(round, whole panel, local group) counts of submitted questionnaires."""
        return [(r, self.panel_sizes.get((r, ALL_GROUP), 0),
                 self.panel_sizes.get((r, self.local_group), 0) if self.local_group else None) for r in self.rounds]


def _goal_code(code: str) -> str:
    return code.split(".", 1)[0].split("-", 1)[0]


def _parent_code(code: str, kind: str) -> str:
    if kind == ItemKind.INDICATOR and "." in code:
        return code.rsplit(".", 1)[0]
    return code.rsplit("-", 1)[0] if "-" in code else ""


def _ordered_items(study: DelphiStudy) -> tuple[list[dict[str, Any]], list[int], dict[int, str]]:
    """Every item asked in any round, in the last round's order (items only asked earlier follow
    the item they followed then); the rounds asked; round statuses."""
    rows = list(RoundItem.objects.filter(round__study=study).order_by("round__number", "position").values(
        "round__number", "round__status", "code", "kind", "name", "goal", "context", "is_new", "framework_item_id"))
    by_round: dict[int, list[dict[str, Any]]] = {}
    statuses: dict[int, str] = {}
    for row in rows:
        by_round.setdefault(row["round__number"], []).append(row)
        statuses[row["round__number"]] = row["round__status"]
    rounds = sorted(by_round)
    order: list[str] = []
    info: dict[str, dict[str, Any]] = {}
    for number in reversed(rounds):
        previous: str | None = None
        for row in by_round[number]:
            code = row["code"]
            known = info.get(code)
            if known is None:
                info[code] = dict(row)
                order.insert(order.index(previous) + 1 if previous is not None else 0, code)
            else:
                known["is_new"] = known["is_new"] or row["is_new"]
                known["framework_item_id"] = known["framework_item_id"] or row["framework_item_id"]
            previous = code
    return [info[code] for code in order], rounds, statuses


def study_report(study: DelphiStudy) -> Report:
    """The study's analysis report (see the module docstring)."""
    analysis = queries.analyse_study(study)
    items, rounds, statuses = _ordered_items(study)
    groups = list(study.groups.order_by("position", "name").values_list("pk", "name"))
    local = next((name for pk, name in groups if pk == study.local_group_id), None)
    if local is None and groups:
        local = groups[0][1]
    columns = [Column(r, g, g != ALL_GROUP) for r in rounds for g in ([ALL_GROUP, local] if local else [ALL_GROUP])]

    stats = {(row["item_code"], row["round"], row["group"]): row for row in analysis["items"]}
    analysed_rounds = sorted({row["round"] for row in analysis["items"]})
    last_round = analysed_rounds[-1] if analysed_rounds else (rounds[-1] if rounds else None)
    stability = {(row["item_code"], row["round_to"]): row for row in analysis["stability"]}

    version_items = list(study.version.items.values("pk", "code", "name", "level", "printed"))
    printed_by_pk = {row["pk"]: row["printed"] or {} for row in version_items}
    printed_by_code = {row["code"]: row["printed"] or {} for row in version_items}
    goal_names = {row["code"]: row["name"] for row in version_items if row["level"] == Level.GOAL}
    has_printed = False

    sections: dict[str, GoalSection] = {}
    by_code: dict[str, ReportItem] = {}
    for row in items:
        code, kind = row["code"], row["kind"]
        printed = (printed_by_pk.get(row["framework_item_id"]) if row["framework_item_id"]
                   else printed_by_code.get(code) if not row["is_new"] else None) or {}
        item = ReportItem(code=code, kind=kind, name=row["name"], goal_code=_goal_code(code),
                          parent_code=_parent_code(code, kind), context=row["context"], is_new=row["is_new"])
        for column in columns:
            cell = stats.get((code, column.round, column.group)) or {}
            suffix = column.printed_suffix
            if kind == ItemKind.ACTIVITY:
                item.scores.append(Figure(cell.get("mean"), printed.get(suffix) if suffix else None))
            else:
                item.shares.append(Figure(cell.get("suitable_share"), printed.get(f"suit_{suffix}") if suffix else None))
                item.scores.append(Figure(cell.get("mean"), printed.get(f"imp_{suffix}") if suffix else None))
            has_printed = has_printed or any(f.printed is not None for f in (*item.scores[-1:], *item.shares[-1:]))
        if last_round is not None:
            item.last = stats.get((code, last_round, ALL_GROUP))
            item.stability = stability.get((code, last_round))
            item.decision = item.last["decision"] if item.last else None
        by_code[code] = item
        section = sections.get(item.goal_code)
        if section is None:
            section = sections[item.goal_code] = GoalSection(
                item.goal_code, goal_names.get(item.goal_code) or row["goal"], [], [], [])
        section.items.append(item)
        if kind == ItemKind.ACTIVITY:
            section.activities.append(item)
        else:
            group = section.indicator_groups[-1] if section.indicator_groups else None
            if group is None or group.code != item.parent_code:
                parent = by_code.get(item.parent_code)
                group = IndicatorGroup(item.parent_code, parent.name if parent else row["context"], [])
                section.indicator_groups.append(group)
            group.indicators.append(item)

    sizes: dict[tuple[int, str], int] = {}
    for number, group, count in (Response.objects.filter(round__study=study, submitted__isnull=False)
                                 .values_list("round__number", "panellist__group__name")
                                 .annotate(n=Count("pk")).order_by()):
        sizes[(number, group)] = sizes.get((number, group), 0) + count
        sizes[(number, ALL_GROUP)] = sizes.get((number, ALL_GROUP), 0) + count

    return Report(
        study=study, columns=columns, local_group=local, rounds=rounds, last_round=last_round,
        last_round_closed=last_round is not None and statuses.get(last_round) == RoundStatus.CLOSED,
        quartile_method=analysis["quartile_method"], critical_method=analysis["critical_method"],
        rules=DecisionRules.from_dict(analysis["rules"]), goals=list(sections.values()), rows=analysis["items"],
        stability=analysis["stability"], panel_sizes=sizes, has_printed=has_printed, comments=study_comments(study))


# ---- XLSX ------------------------------------------------------------------------------------

def _column_label(column: Column) -> str:
    return f"{column.round}차 {'지역' if column.local else '전체'}"


def rule_lines_ko(rules: DecisionRules) -> list[str]:
    """The decision rules as Korean sentences (for the XLSX settings sheet)."""
    lines = []
    lines.append("CVR 검정 통과 (적합 응답 수 ≥ 임계 n_e)" + ("" if rules.require_cvr_pass else ": 쓰지 않음"))
    lines.append(f"합의도 ≥ {rules.consensus_min:g}" + ("" if rules.require_consensus else ": 쓰지 않음"))
    lines.append(f"수렴도 ≤ {rules.convergence_max:g}" + ("" if rules.require_convergence else ": 쓰지 않음"))
    lines.append(f"변이계수(CV) ≤ {rules.cv_max:g}" + ("" if rules.require_cv else ": 쓰지 않음"))
    return lines


def write_xlsx(report: Report, path: Path) -> None:
    """The report as a workbook: 활동 적합성, 지표 적합성·중요도, 통계·판정 (every row, groups
    included, with the stability on the whole-panel rows), 의견 (the panel's comments, no names),
    설정 (methods and rules)."""
    study = report.study
    notes = [f"{study.title}: 델파이 조사 분석 (사분위수: {QUARTILE_KO.get(report.quartile_method, report.quartile_method)})"]
    if study.illustrative:
        notes.append("예시 데이터: 지어낸 패널의 응답입니다")
    labels = [_column_label(c) for c in report.columns]
    printed_on = report.has_printed
    activities, indicators = [], []
    for goal in report.goals:
        for item in goal.activities:
            row = [goal.code, goal.name, item.code, item.name, "신규" if item.is_new else "",
                   *(f.value for f in item.scores)]
            if printed_on:
                row += [f.printed for f in item.scores]
            activities.append(row)
        for group in goal.indicator_groups:
            for item in group.indicators:
                row = [goal.code, goal.name, group.code, group.name, item.code, item.name,
                       "신규" if item.is_new else "", *(f.value for f in item.shares), *(f.value for f in item.scores)]
                if printed_on:
                    row += [f.printed for f in item.shares] + [f.printed for f in item.scores]
                indicators.append(row)
    activity_columns = ["목적 번호", "목적", "코드", "활동", "신규", *labels]
    indicator_columns = ["목적 번호", "목적", "활동 코드", "활동", "코드", "지표", "신규",
                         *(f"지표적합성 {label}" for label in labels), *(f"지표중요도 {label}" for label in labels)]
    if printed_on:
        activity_columns += [f"보고서 {label}" for label in labels]
        indicator_columns += [f"보고서 지표적합성 {label}" for label in labels]
        indicator_columns += [f"보고서 지표중요도 {label}" for label in labels]

    names = {item.code: item.name for item in report.items}
    stability = {(s["item_code"], s["round_to"]): s for s in report.stability}
    stats = []
    for row in report.rows:
        moved = stability.get((row["item_code"], row["round"])) if row["group"] == ALL_GROUP else None
        stats.append([
            row["item_code"], "활동" if row["item_kind"] == ItemKind.ACTIVITY else "지표", names.get(row["item_code"], ""),
            row["round"], "전체" if row["group"] == ALL_GROUP else row["group"], row["n"], row["suitable_n"],
            row["suitable_share"], row["cvr"], row["ne_critical"], row["cvr_critical"],
            None if row["cvr_pass"] is None else ("통과" if row["cvr_pass"] else "불통과"),
            row["score_n"], row["mean"], row["sd"], row["median"], row["q1"], row["q3"], row["consensus"],
            row["convergence"], row["cv"], moved["cv_change"] if moved else None,
            moved["score_changed_share"] if moved else None, DECISION_KO.get(row["decision"] or "", "")])
    stats_columns = ["코드", "종류", "항목", "차수", "집단", "응답 수", "적합 응답 수", "지표적합성", "CVR", "임계 n_e",
                     "임계 CVR", "CVR 검정", "점수 응답 수", "평균", "표준편차", "중앙값", "Q1", "Q3", "합의도", "수렴도",
                     "변이계수", "CV 변화 (앞 차수 대비)", "점수를 바꾼 비율", "판정"]

    settings = [["조사", study.title], ["틀", str(study.version)],
                ["사분위수", QUARTILE_KO.get(report.quartile_method, report.quartile_method)],
                ["CVR 임계값", CRITICAL_KO.get(report.critical_method, report.critical_method)]]
    settings += [["판정 규칙", line] for line in rule_lines_ko(report.rules)]
    settings += [
        ["판정", "유지 = 쓰는 규칙을 모두 통과; 삭제 = CVR 검정 불통과; 수정 = 그 밖 (규칙 불통과 또는 응답 수 부족)"],
        ["판정 대상", "전체 패널. 집단별 수치는 기술 통계일 뿐 판정에 쓰지 않습니다"],
        ["지역", report.local_group or "—"],
        *[[f"{r}차 제출 설문 수", f"전체 {a}" + (f", 지역 {b}" if b is not None else "")] for r, a, b in report.round_sizes()],
        ["합의도", "1 − (Q3 − Q1) / 중앙값"], ["수렴도", "(Q3 − Q1) / 2"], ["변이계수", "표준편차 (n − 1) / 평균"],
        ["예시 데이터", "예" if study.illustrative else "아니오"],
    ]
    tabular.write_xlsx(path, {
        "활동 적합성": (activity_columns, activities),
        "지표 적합성·중요도": (indicator_columns, indicators),
        "통계·판정": (stats_columns, stats),
        "의견": (["차수", "코드", "항목", "의견"],
                 [[c.round, c.code, c.name, text] for c in report.comments for text in c.texts]),
        "설정": (["항목", "값"], settings),
    }, notes=notes)
