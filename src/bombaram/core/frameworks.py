"""The logic model (framework) of a team or district as plain data, CSV in and out.

A framework (성과 논리모형) runs goal (목적) → activity (활동) → optional
sub-activity (세부활동) → indicator (평가지표)::

    Framework("노원")
      Goal("1", "사회적 경제 주체 역량을 강화한다.")
        Activity("1-1", …)
          SubActivity("1-1-1", …)
            Indicator("1-1-1.1", "진단 만족도")
        Activity("2-1", …)            # no sub-activity:
          Indicator("2-1.1", …)       # indicators hang on the activity

Codes come from the file: goal "1", activity "1-2", sub-activity "1-2-3"; an
indicator's code is its parent's code (the sub-activity if any, else the
activity), a dot and its 1-based position under that parent in file order
("1-1-1.3", "1-2.1"), unless the file gives an ``indicator_code``.

The CSV layout is the one of the report's frameworks shipped in
``reference/delphi/`` (see ``CORRECTIONS.md`` there): one row per indicator
(``*_indicators.csv``), plus an optional file with one row per rated activity
(``*_activities.csv``) that adds activities without indicators and the
activities' printed Delphi scores.  A row whose ``subactivity_no`` and
``subactivity`` repeat the activity (노원 2-1, 2-2, 2-3, 4-2) means "no
sub-activity", as do empty sub-activity cells (성북).

The Delphi figures printed in the report travel with the framework as
:class:`PrintedFigures`, so that they can be shown beside a study's own
results (and reproduced by :mod:`bombaram.datagen.delphi_2014`).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from bombaram.core.tabular import csv_safe_row, restore_formula_text

__all__ = [
    "ACTIVITY_FIGURE_COLUMNS",
    "ACTIVITY_FILE_COLUMNS",
    "INDICATOR_FIGURE_COLUMNS",
    "INDICATOR_FILE_COLUMNS",
    "Activity",
    "Framework",
    "FrameworkFileError",
    "FrameworkRowError",
    "Goal",
    "Indicator",
    "PrintedFigures",
    "RatedItem",
    "SubActivity",
    "load_reference_framework",
    "read_framework_csv",
    "write_activities_csv",
    "write_framework_csv",
]

REFERENCE_DIR = Path(__file__).parent.parent / "reference" / "delphi"

#: The packaged frameworks of the report: file prefix → framework name.
REFERENCE_DISTRICTS: dict[str, str] = {"nowon": "노원", "seongbuk": "성북"}

HIERARCHY_COLUMNS: tuple[str, ...] = (
    "goal_no",
    "goal",
    "activity_no",
    "activity",
    "subactivity_no",
    "subactivity",
)
#: Printed indicator figures: 지표적합성 (share, 0..1) then 지표중요도 (mean, 1..7),
#: each round 1 then round 2, whole panel (all) then local sub-panel (local).
INDICATOR_FIGURE_COLUMNS: tuple[str, ...] = tuple(
    f"{question}_r{round_}_{group}"
    for question in ("suit", "imp")
    for round_ in (1, 2)
    for group in ("all", "local")
)
#: Printed activity figures: mean suitability for the goal (1..7).
ACTIVITY_FIGURE_COLUMNS: tuple[str, ...] = ("r1_all", "r1_local", "r2_all", "r2_local")

#: Columns of the indicators file, in the order written: the reference file's
#: columns first, then the optional descriptive ones.
INDICATOR_FILE_COLUMNS: tuple[str, ...] = (
    *HIERARCHY_COLUMNS,
    "indicator",
    *INDICATOR_FIGURE_COLUMNS,
    "added_in_round2",
    "note",
    "indicator_code",
    "unit",
    "kind",
    "direction",
    "data_source",
    "crosswalk",
)
REQUIRED_INDICATOR_COLUMNS: tuple[str, ...] = (*HIERARCHY_COLUMNS, "indicator")
ACTIVITY_FILE_COLUMNS: tuple[str, ...] = (*HIERARCHY_COLUMNS, *ACTIVITY_FIGURE_COLUMNS, "note")

KINDS: tuple[str, ...] = ("output", "outcome", "")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease")

#: Accepted cell values (lower-cased) → stored value; Korean labels are accepted too.
_KIND_VALUES = {
    "": "",
    "output": "output",
    "outcome": "outcome",
    "산출": "output",
    "성과": "outcome",
}
_DIRECTION_VALUES = {
    "": "increase",
    "increase": "increase",
    "decrease": "decrease",
    "증가": "increase",
    "감소": "decrease",
}
_BOOLEAN_VALUES: dict[str, bool] = dict.fromkeys(
    ("", "false", "0", "n", "no", "아니오", "아니요"), False
) | dict.fromkeys(("true", "1", "y", "yes", "예", "신규"), True)
#: Allowed range of each printed figure (inclusive).
_FIGURE_RANGES: dict[str, tuple[int, int]] = {
    **{c: (0, 1) for c in INDICATOR_FIGURE_COLUMNS if c.startswith("suit_")},
    **{c: (1, 7) for c in INDICATOR_FIGURE_COLUMNS if c.startswith("imp_")},
    **{c: (1, 7) for c in ACTIVITY_FIGURE_COLUMNS},
}
_FILE_LABELS = {"indicators": "지표 파일", "activities": "활동 파일"}


# ---------------------------------------------------------------------------
# The framework as data
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator (평가지표): what is measured, in which unit, which way is better."""

    code: str
    name: str
    unit: str = ""
    kind: str = ""
    direction: str = "increase"
    data_source: str = ""
    added_in_round2: bool = False
    note: str = ""
    #: shared core indicators this local one corresponds to (crosswalk), e.g. ("iris:PI4060~close",)
    crosswalk: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"지표 종류는 output, outcome 또는 빈 값이어야 합니다: '{self.kind}'")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"지표 방향은 increase 또는 decrease여야 합니다: '{self.direction}'")


@dataclass(frozen=True, slots=True)
class SubActivity:
    """A sub-activity (세부활동) and its indicators."""

    code: str
    name: str
    indicators: tuple[Indicator, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity (활동): either sub-activities, or indicators directly under it."""

    code: str
    name: str
    subactivities: tuple[SubActivity, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.subactivities and self.indicators:
            raise ValueError(
                f"활동 '{self.code}'에 세부활동이 있으면 지표는 세부활동 아래에 두어야 합니다."
            )


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal (목적) and its activities."""

    code: str
    name: str
    activities: tuple[Activity, ...] = ()


class RatedItem(NamedTuple):
    """One item a Delphi questionnaire rates: an activity or an indicator."""

    code: str
    kind: str  # "activity" | "indicator"
    name: str
    parent_code: str


FrameworkNode = Goal | Activity | SubActivity | Indicator


@dataclass(frozen=True, slots=True)
class Framework:
    """A logic model: named goals → activities → sub-activities → indicators."""

    name: str
    goals: tuple[Goal, ...] = ()

    def walk(self) -> Iterator[FrameworkNode]:
        """Every goal, activity, sub-activity and indicator in framework order.

        Formula: depth-first, pre-order (a parent before its children, children
        in file order).  Source: the framework's own order.
        """
        for goal in self.goals:
            yield goal
            for activity in goal.activities:
                yield activity
                yield from activity.indicators
                for sub in activity.subactivities:
                    yield sub
                    yield from sub.indicators

    def rated_items(self) -> list[RatedItem]:
        """The items a Delphi round rates, in framework order.

        Formula: for each activity, the activity item is each of its
        sub-activities when it has any (노원 rates 1-1-1, 1-1-2 …), otherwise
        the activity itself (성북 rates 1-1, 1-2 …; 노원 rates 2-1); each
        activity item is followed by its indicators.  ``parent_code`` is the
        activity (for a sub-activity), the goal (for an activity) or the rated
        activity item (for an indicator).
        Source: the report's 목적과 활동 and 평가지표 tables.
        """
        items: list[RatedItem] = []
        for goal in self.goals:
            for activity in goal.activities:
                if activity.subactivities:
                    for sub in activity.subactivities:
                        items.append(RatedItem(sub.code, "activity", sub.name, activity.code))
                        items.extend(
                            RatedItem(i.code, "indicator", i.name, sub.code) for i in sub.indicators
                        )
                else:
                    items.append(RatedItem(activity.code, "activity", activity.name, goal.code))
                    items.extend(
                        RatedItem(i.code, "indicator", i.name, activity.code)
                        for i in activity.indicators
                    )
        return items

    def indicators(self) -> list[Indicator]:
        """Every indicator in framework order.

        Formula: the indicators of :meth:`walk`.  Source: as :meth:`walk`.
        """
        return [node for node in self.walk() if isinstance(node, Indicator)]

    def find(self, code: str) -> FrameworkNode | None:
        """The goal, activity, sub-activity or indicator with ``code``; None if none.

        Formula: the first node of :meth:`walk` whose code equals ``code``
        (codes are unique in a framework read by :func:`read_framework_csv`).
        Source: as :meth:`walk`.
        """
        for node in self.walk():
            if node.code == code:
                return node
        return None


@dataclass(frozen=True, slots=True)
class PrintedFigures:
    """Delphi figures printed in the report, per item code and column.

    ``values[code][column]``: for indicators the columns of
    :data:`INDICATOR_FIGURE_COLUMNS`, for activity items those of
    :data:`ACTIVITY_FIGURE_COLUMNS`; None where the cell is empty.  Items
    without any printed value are left out.
    """

    values: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)

    def value(self, code: str, column: str) -> float | None:
        """The printed figure of item ``code`` in ``column``, or None.

        Formula: look-up; None for an unknown item or an empty cell.
        Source: the framework file.
        """
        return self.values.get(code, {}).get(column)

    def __contains__(self, code: object) -> bool:
        return code in self.values

    def __len__(self) -> int:
        return len(self.values)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameworkRowError:
    """One problem in a framework file: spreadsheet row, column, Korean reason."""

    row: int | None
    column: str | None
    reason: str
    file: str = "indicators"

    def to_dict(self) -> dict[str, int | str | None]:
        """The error as a JSON-able dict.

        Formula: none (serialisation).  Source: the fields above.
        """
        return {"file": self.file, "row": self.row, "column": self.column, "reason": self.reason}


class FrameworkFileError(ValueError):
    """A framework file was rejected; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FrameworkRowError]) -> None:
        self.errors = errors
        summary = f"틀 파일에 오류가 {len(errors)}건 있습니다."
        if errors:
            first = errors[0]
            summary += (
                f" (첫 오류: {_FILE_LABELS.get(first.file, first.file)} 행 {first.row}, "
                f"열 {first.column}: {first.reason})"
            )
        super().__init__(summary)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _decode(data: bytes | str, file: str) -> str:
    """Text of a CSV file: UTF-8 (± BOM), else CP949; a str loses a leading BOM."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FrameworkFileError(
        [
            FrameworkRowError(
                None,
                None,
                "파일 인코딩을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장된 "
                "CSV 파일이어야 합니다.",
                file,
            )
        ]
    )


def _read_rows(
    text: str,
    file: str,
    known: tuple[str, ...],
    required: tuple[str, ...],
    errors: list[FrameworkRowError],
    max_lengths: Mapping[str, int] | None = None,
) -> tuple[set[str], list[tuple[int, dict[str, str]]]]:
    """(columns present, [(spreadsheet row, {column: stripped cell})]) of a CSV text.

    Header problems (unknown, duplicated, missing required column) and rows
    with a wrong number of cells are appended to ``errors``; a faulty header
    yields no rows.  Completely empty rows are skipped.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    row_number = 1
    positions: dict[str, int] = {}
    try:
        header = next(reader, None)
        if header is None or not "".join(header).strip():
            errors.append(
                FrameworkRowError(1, None, "파일이 비어 있거나 머리글 행이 없습니다.", file)
            )
            return set(), rows
        header_ok = True
        for index, raw in enumerate(header):
            name = raw.strip().lower()
            if not name and index == len(header) - 1:
                continue  # a trailing comma after the last header
            if name not in known:
                header_ok = False
                errors.append(
                    FrameworkRowError(
                        1,
                        raw.strip() or f"({index + 1}번째 열)",
                        f"알 수 없는 열입니다. 쓸 수 있는 열: {', '.join(known)}",
                        file,
                    )
                )
            elif name in positions:
                header_ok = False
                errors.append(FrameworkRowError(1, name, "같은 이름의 열이 두 번 있습니다.", file))
            else:
                positions[name] = index
        for name in required:
            if name not in positions:
                header_ok = False
                errors.append(FrameworkRowError(1, name, "필수 열이 없습니다.", file))
        if not header_ok:
            return set(positions), rows
        width = len(header)
        for row_number, record in enumerate(reader, start=2):
            if not "".join(record).strip():
                continue
            if len(record) != width:
                errors.append(
                    FrameworkRowError(
                        row_number,
                        None,
                        f"칸 수({len(record)})가 머리글의 열 수({width})와 다릅니다.",
                        file,
                    )
                )
                continue
            cells = {
                name: restore_formula_text(record[index].strip())
                for name, index in positions.items()
            }
            if _cell_errors(cells, row_number, file, max_lengths or {}, errors):
                continue
            rows.append((row_number, cells))
    except csv.Error:
        # a quote opened and never closed, or a cell longer than the csv module's limit (131,072)
        errors.append(
            FrameworkRowError(
                row_number + 1 if rows or positions else 1,
                None,
                "CSV 형식 오류: 큰따옴표(\")가 닫히지 않았거나 칸 하나가 너무 깁니다 "
                f"({csv.field_size_limit():,}자 초과).",
                file,
            )
        )
    return set(positions), rows


def _cell_errors(
    cells: dict[str, str],
    row: int,
    file: str,
    max_lengths: Mapping[str, int],
    errors: list[FrameworkRowError],
) -> bool:
    """Report cells holding NUL or longer than their column allows; True when any did."""
    found = False
    for column, value in cells.items():
        if "\x00" in value:
            errors.append(FrameworkRowError(row, column, "NUL 문자가 들어 있습니다.", file))
            found = True
        elif column in max_lengths and len(value) > max_lengths[column]:
            errors.append(
                FrameworkRowError(
                    row,
                    column,
                    f"{max_lengths[column]:,}자까지 적을 수 있습니다 ({len(value):,}자).",
                    file,
                )
            )
            found = True
    return found


class _Builder:
    """Collects the hierarchy from file rows, in order of first appearance."""

    def __init__(self, errors: list[FrameworkRowError]) -> None:
        self.errors = errors
        self.names: dict[str, dict[str, tuple[str, str, int]]] = {
            "goal": {},
            "activity": {},
            "subactivity": {},
        }
        self.goal_activities: dict[str, list[str]] = {}
        self.activity_subs: dict[str, list[str]] = {}
        self.direct: dict[str, tuple[str, int]] = {}  # activity without sub-activity
        self.with_subs: dict[str, tuple[str, int]] = {}
        self.indicators: dict[str, list[Indicator]] = {}
        self.notes: dict[str, str] = {}

    def error(self, file: str, row: int, column: str | None, reason: str) -> None:
        self.errors.append(FrameworkRowError(row, column, reason, file))

    def _name(self, level: str, code: str, name: str, file: str, row: int) -> bool:
        """Register ``code`` → ``name``; False (and an error) on a conflict."""
        known = self.names[level].setdefault(code, (name, file, row))
        if known[0] != name:
            where = (
                f"행 {known[2]}" if known[1] == file else f"{_FILE_LABELS[known[1]]} 행 {known[2]}"
            )
            self.error(
                file,
                row,
                level,
                f"번호 '{code}'에 다른 이름이 있습니다: '{name}' ({where}: '{known[0]}')",
            )
            return False
        return True

    def hierarchy(self, file: str, row: int, cells: dict[str, str]) -> str | None:
        """Register a row's goal/activity/sub-activity; the rated item's code.

        The rated item is the sub-activity, or the activity when the row has
        none (empty sub-activity cells, or cells repeating the activity).
        None when the row has a hierarchy error (reported).
        """
        goal_no, goal = cells["goal_no"], cells["goal"]
        activity_no, activity = cells["activity_no"], cells["activity"]
        sub_no, sub = cells["subactivity_no"], cells["subactivity"]
        ok = True
        for column, value, label in (
            ("goal_no", goal_no, "목적 번호"),
            ("goal", goal, "목적 이름"),
            ("activity_no", activity_no, "활동 번호"),
            ("activity", activity, "활동 이름"),
        ):
            if not value:
                self.error(file, row, column, f"{label}가 비어 있습니다.")
                ok = False
        if goal_no and "." in goal_no:
            self.error(file, row, "goal_no", f"번호에는 점(.)을 쓸 수 없습니다: '{goal_no}'")
            ok = False
        if goal_no and activity_no and not _is_child_code(activity_no, goal_no):
            self.error(
                file,
                row,
                "activity_no",
                f"활동 번호 '{activity_no}'이(가) 목적 번호 '{goal_no}-'(으)로 시작하지 않습니다.",
            )
            ok = False
        if sub_no == activity_no and sub_no:
            if sub and sub != activity:
                self.error(
                    file,
                    row,
                    "subactivity",
                    "세부활동 번호가 활동 번호와 같으면 세부활동이 없다는 뜻이므로 이름도 "
                    f"활동과 같아야 합니다: '{sub}'",
                )
                ok = False
            sub_no = sub = ""
        elif sub_no and not sub:
            self.error(file, row, "subactivity", "세부활동 번호가 있는데 이름이 비어 있습니다.")
            ok = False
        elif sub and not sub_no:
            self.error(file, row, "subactivity_no", "세부활동 이름이 있는데 번호가 비어 있습니다.")
            ok = False
        elif sub_no and activity_no and not _is_child_code(sub_no, activity_no):
            self.error(
                file,
                row,
                "subactivity_no",
                f"세부활동 번호 '{sub_no}'이(가) 활동 번호 '{activity_no}-'(으)로 시작하지 "
                "않습니다.",
            )
            ok = False
        if not ok:
            return None
        ok = self._name("goal", goal_no, goal, file, row)
        ok = self._name("activity", activity_no, activity, file, row) and ok
        if sub_no:
            ok = self._name("subactivity", sub_no, sub, file, row) and ok
        if not ok:
            return None
        if sub_no:
            first = self.direct.get(activity_no)
            if first is not None:
                self.error(
                    file,
                    row,
                    "subactivity_no",
                    f"활동 '{activity_no}'은(는) {_where(first, file)}에서 세부활동 없이 "
                    "쓰였습니다. 한 활동은 세부활동이 모두 있거나 모두 없어야 합니다.",
                )
                return None
            self.with_subs.setdefault(activity_no, (file, row))
        else:
            first = self.with_subs.get(activity_no)
            if first is not None:
                self.error(
                    file,
                    row,
                    "subactivity_no",
                    f"활동 '{activity_no}'에는 세부활동이 있으므로({_where(first, file)}) "
                    "세부활동 번호와 이름을 적어야 합니다.",
                )
                return None
            self.direct.setdefault(activity_no, (file, row))
        activities = self.goal_activities.setdefault(goal_no, [])
        if activity_no not in activities:
            activities.append(activity_no)
        subs = self.activity_subs.setdefault(activity_no, [])
        if sub_no and sub_no not in subs:
            subs.append(sub_no)
        return sub_no or activity_no

    def build(self, name: str) -> Framework:
        """The framework collected so far (call only when there are no errors)."""
        names = {
            level: {code: v[0] for code, v in known.items()} for level, known in self.names.items()
        }
        goals = []
        for goal_no, activity_codes in self.goal_activities.items():
            activities = []
            for activity_no in activity_codes:
                subs = tuple(
                    SubActivity(
                        sub_no,
                        names["subactivity"][sub_no],
                        tuple(self.indicators.get(sub_no, ())),
                        self.notes.get(sub_no, ""),
                    )
                    for sub_no in self.activity_subs.get(activity_no, ())
                )
                direct = () if subs else tuple(self.indicators.get(activity_no, ()))
                activities.append(
                    Activity(
                        activity_no,
                        names["activity"][activity_no],
                        subs,
                        direct,
                        self.notes.get(activity_no, "") if not subs else "",
                    )
                )
            goals.append(Goal(goal_no, names["goal"][goal_no], tuple(activities)))
        return Framework(name, tuple(goals))


def _is_child_code(child: str, parent: str) -> bool:
    """True when ``child`` is ``parent-<something>`` with no dot (e.g. 1-2 under 1)."""
    rest = child.removeprefix(parent + "-")
    return rest != child and bool(rest) and "." not in rest


def _where(first: tuple[str, int], file: str) -> str:
    return f"행 {first[1]}" if first[0] == file else f"{_FILE_LABELS[first[0]]} 행 {first[1]}"


def _figures(
    file: str,
    row: int,
    cells: dict[str, str],
    columns: tuple[str, ...],
    builder: _Builder,
) -> dict[str, float | None] | None:
    """Printed figures of a row (None where empty or "-"); None on an error (reported)."""
    values: dict[str, float | None] = {}
    ok = True
    for column in columns:
        text = cells.get(column, "")
        if text in ("", "-"):
            values[column] = None
            continue
        try:  # float() reads "٣" (Arabic-Indic) as 3: only ASCII (or fullwidth) digits are numbers
            folded = unicodedata.normalize("NFKC", text)
            value = float(folded) if folded.isascii() else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            builder.error(file, row, column, f"숫자가 아닙니다: '{text}'")
            ok = False
            continue
        low, high = _FIGURE_RANGES[column]
        if not low <= value <= high:
            builder.error(file, row, column, f"값은 {low}부터 {high} 사이여야 합니다: '{text}'")
            ok = False
            continue
        values[column] = value
    return values if ok else None


def read_framework_csv(
    data: bytes | str,
    *,
    name: str,
    activities: bytes | str | None = None,
    crosswalk_codes: Collection[str] | None = None,
    max_lengths: Mapping[str, int] | None = None,
) -> tuple[Framework, PrintedFigures]:
    """Read a framework from an indicators CSV and an optional activities CSV.

    Formula: none (parsing).  The indicators file has one row per indicator
    with the columns :data:`REQUIRED_INDICATOR_COLUMNS` and optionally the
    rest of :data:`INDICATOR_FILE_COLUMNS`; the activities file (one row per
    rated activity item, columns :data:`ACTIVITY_FILE_COLUMNS`, figures and
    note optional) is read first, so its order and notes come first and it
    can add activities without indicators.  Both are UTF-8 (± BOM) or CP949,
    column names matched ignoring case and surrounding spaces.

    * codes: goal = ``goal_no``, activity = ``activity_no``, sub-activity =
      ``subactivity_no``; an indicator's code is ``indicator_code`` when given,
      else ``<parent code>.<position under the parent in file order>``;
    * "no sub-activity": empty sub-activity cells, or cells repeating the
      activity's number (and name);
    * printed figures: empty or "-" = no value; shares (suit_*) in 0..1,
      means (imp_*, r*_*) in 1..7.

    Every problem is reported with its file, spreadsheet row (header = 1),
    column and a Korean reason in one :class:`FrameworkFileError`: unreadable
    encoding; unknown, duplicated or missing columns; wrong number of cells;
    empty number or name; an activity number not starting with its goal's
    number plus "-" (e.g. "2-1" under goal 1), likewise a sub-activity under
    its activity; one code with two names; an activity with and without
    sub-activities; an empty indicator name; a duplicate code; a kind other
    than output/outcome (산출/성과) or empty; a ``crosswalk`` entry that is not
    ``scheme:code[~relation]`` or (when ``crosswalk_codes`` is given) names no
    known shared indicator; a direction other than
    increase/decrease (증가/감소) or empty; an ``added_in_round2`` that is not
    true/false or that has round-1 figures; a figure that is not a number or
    is out of range; a cell holding NUL or longer than ``max_lengths`` gives for its
    column (the database's limits, {column: characters}); an activity item given twice in the activities file; an
    indicators file without rows when no activities file is given.
    Source: the layout of ``reference/delphi/*_indicators.csv`` and
    ``*_activities.csv`` (CORRECTIONS.md §0).
    """
    errors: list[FrameworkRowError] = []
    builder = _Builder(errors)
    printed: dict[str, dict[str, float | None]] = {}

    if activities is not None:
        text = _decode(activities, "activities")
        _, rows = _read_rows(
            text, "activities", ACTIVITY_FILE_COLUMNS, HIERARCHY_COLUMNS, errors, max_lengths
        )
        seen: dict[str, int] = {}
        for row, cells in rows:
            code = builder.hierarchy("activities", row, cells)
            figures = _figures("activities", row, cells, ACTIVITY_FIGURE_COLUMNS, builder)
            if code is None:
                continue
            first = seen.setdefault(code, row)
            if first != row:
                builder.error(
                    "activities",
                    row,
                    "activity_no",
                    f"활동 '{code}'이(가) 행 {first}에도 있습니다.",
                )
                continue
            if cells.get("note"):
                builder.notes[code] = cells["note"]
            if figures is not None and any(v is not None for v in figures.values()):
                printed[code] = figures

    text = _decode(data, "indicators")
    columns, rows = _read_rows(
        text, "indicators", INDICATOR_FILE_COLUMNS, REQUIRED_INDICATOR_COLUMNS, errors, max_lengths
    )
    if not rows and not errors and activities is None:
        errors.append(FrameworkRowError(2, None, "지표 행이 없습니다.", "indicators"))
    positions: dict[str, int] = {}
    codes: dict[str, int] = {}
    has_figures = bool(columns & set(INDICATOR_FIGURE_COLUMNS))
    for row, cells in rows:
        parent = builder.hierarchy("indicators", row, cells)
        if parent is not None:
            positions[parent] = positions.get(parent, 0) + 1
        name_text = cells["indicator"]
        if not name_text:
            builder.error("indicators", row, "indicator", "지표 이름이 비어 있습니다.")
        kind = _KIND_VALUES.get(cells.get("kind", "").lower())
        if kind is None:
            builder.error(
                "indicators",
                row,
                "kind",
                f"지표 종류는 output(산출), outcome(성과) 또는 빈 값이어야 합니다: '{cells['kind']}'",
            )
        direction = _DIRECTION_VALUES.get(cells.get("direction", "").lower())
        if direction is None:
            builder.error(
                "indicators",
                row,
                "direction",
                "지표 방향은 increase(증가) 또는 decrease(감소)여야 합니다: "
                f"'{cells['direction']}'",
            )
        added = _BOOLEAN_VALUES.get(cells.get("added_in_round2", "").lower())
        if added is None:
            builder.error(
                "indicators",
                row,
                "added_in_round2",
                f"2차 신규 여부는 true 또는 false여야 합니다: '{cells['added_in_round2']}'",
            )
        figures = _figures("indicators", row, cells, INDICATOR_FIGURE_COLUMNS, builder)
        if (
            added
            and figures is not None
            and any(figures[c] is not None for c in figures if "_r1_" in c)
        ):
            builder.error(
                "indicators",
                row,
                "added_in_round2",
                "2차에 추가된 지표(added_in_round2=true)는 1차 값이 비어 있어야 합니다.",
            )
            figures = None
        if parent is None or not name_text or kind is None or direction is None or added is None:
            continue
        try:
            crosswalk = parse_crosswalk(cells.get("crosswalk", ""), known=crosswalk_codes)
        except ValueError as error:
            builder.error("indicators", row, "crosswalk", str(error))
            continue
        code = cells.get("indicator_code") or f"{parent}.{positions[parent]}"
        first = codes.setdefault(code, row)
        if first != row:
            builder.error(
                "indicators",
                row,
                "indicator_code",
                f"지표 코드 '{code}'이(가) 행 {first}의 지표와 겹칩니다.",
            )
            continue
        builder.indicators.setdefault(parent, []).append(
            Indicator(
                code=code,
                name=name_text,
                unit=cells.get("unit", ""),
                kind=kind,
                direction=direction,
                data_source=cells.get("data_source", ""),
                added_in_round2=added,
                note=cells.get("note", ""),
                crosswalk=crosswalk,
            )
        )
        if has_figures and figures is not None and any(v is not None for v in figures.values()):
            printed[code] = figures

    # An indicator code may not repeat a goal / activity / sub-activity number.
    for code, row in codes.items():
        for level in ("goal", "activity", "subactivity"):
            if code in builder.names[level]:
                builder.error(
                    "indicators",
                    row,
                    "indicator_code",
                    f"지표 코드 '{code}'이(가) 목적·활동 번호와 겹칩니다.",
                )
    if errors:
        raise FrameworkFileError(errors)
    return builder.build(name), PrintedFigures(printed)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _format_figure(value: float | None) -> str:
    """A printed figure as text: two decimals when that is exact ("1.00"), else repr."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text if float(text) == value else repr(value)


def _hierarchy_cells(
    framework: Framework, goal: Goal, activity: Activity, sub: SubActivity | None
) -> list[str]:
    """goal_no … subactivity for a row; "no sub-activity" repeats the activity when
    the framework has sub-activities elsewhere (the report's 노원 layout), else is empty."""
    if sub is not None:
        return [goal.code, goal.name, activity.code, activity.name, sub.code, sub.name]
    mixed = any(a.subactivities for g in framework.goals for a in g.activities)
    if mixed:
        return [goal.code, goal.name, activity.code, activity.name, activity.code, activity.name]
    return [goal.code, goal.name, activity.code, activity.name, "", ""]


def _rated_parents(framework: Framework) -> Iterator[tuple[Goal, Activity, SubActivity | None]]:
    for goal in framework.goals:
        for activity in goal.activities:
            if activity.subactivities:
                for sub in activity.subactivities:
                    yield goal, activity, sub
            else:
                yield goal, activity, None


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(csv_safe_row(row) for row in rows)
    return buffer.getvalue()


def write_framework_csv(framework: Framework, printed: PrintedFigures | None = None) -> str:
    """The indicators file of ``framework`` as CSV text (read back by :func:`read_framework_csv`).

    Formula: none (serialisation).  One row per indicator in framework order
    with the columns :data:`INDICATOR_FILE_COLUMNS` — the reference file's
    columns first (goal_no … imp_r2_local, added_in_round2, note), then
    indicator_code, unit, kind, direction, data_source.  Figures are written
    with two decimals ("1.00"), ``added_in_round2`` as true/false.  An
    activity without sub-activity repeats the activity in the sub-activity
    cells when the framework has sub-activities elsewhere (노원), else leaves
    them empty (성북).  Activities without indicators and activity figures are
    not in this file: write them with :func:`write_activities_csv`.
    Source: ``reference/delphi/*_indicators.csv``.
    """
    printed = printed or PrintedFigures()
    rows: list[list[str]] = [list(INDICATOR_FILE_COLUMNS)]
    for goal, activity, sub in _rated_parents(framework):
        hierarchy = _hierarchy_cells(framework, goal, activity, sub)
        indicators = sub.indicators if sub is not None else activity.indicators
        for indicator in indicators:
            rows.append(
                [
                    *hierarchy,
                    indicator.name,
                    *(
                        _format_figure(printed.value(indicator.code, c))
                        for c in INDICATOR_FIGURE_COLUMNS
                    ),
                    "true" if indicator.added_in_round2 else "false",
                    indicator.note,
                    indicator.code,
                    indicator.unit,
                    indicator.kind,
                    indicator.direction,
                    indicator.data_source,
                    format_crosswalk(indicator.crosswalk),
                ]
            )
    return _csv_text(rows)


def write_activities_csv(framework: Framework, printed: PrintedFigures | None = None) -> str:
    """The activities file of ``framework`` as CSV text (one row per rated activity item).

    Formula: none (serialisation).  Columns :data:`ACTIVITY_FILE_COLUMNS`;
    one row per activity item of :meth:`Framework.rated_items` (sub-activity,
    or activity without sub-activities) with its printed figures and note.
    Source: ``reference/delphi/*_activities.csv``.
    """
    printed = printed or PrintedFigures()
    rows: list[list[str]] = [list(ACTIVITY_FILE_COLUMNS)]
    for goal, activity, sub in _rated_parents(framework):
        item = sub if sub is not None else activity
        rows.append(
            [
                *_hierarchy_cells(framework, goal, activity, sub),
                *(_format_figure(printed.value(item.code, c)) for c in ACTIVITY_FIGURE_COLUMNS),
                item.note,
            ]
        )
    return _csv_text(rows)


def load_reference_framework(district: str) -> tuple[Framework, PrintedFigures]:
    """The report's framework of 노원 ("nowon") or 성북 ("seongbuk") with its printed figures.

    Formula: :func:`read_framework_csv` of the packaged
    ``reference/delphi/<district>_indicators.csv`` with
    ``<district>_activities.csv``; the framework is named "노원" / "성북".
    Source: 지역기반의 사회적 경제 가치측정 연구 (2014), Delphi tables, as
    transcribed in ``reference/delphi/CORRECTIONS.md``.
    """
    if district not in REFERENCE_DISTRICTS:
        raise ValueError(
            f"참고 틀 '{district}'이(가) 없습니다. 다음 중 하나를 쓰세요: "
            f"{', '.join(REFERENCE_DISTRICTS)}"
        )
    return read_framework_csv(
        (REFERENCE_DIR / f"{district}_indicators.csv").read_bytes(),
        name=REFERENCE_DISTRICTS[district],
        activities=(REFERENCE_DIR / f"{district}_activities.csv").read_bytes(),
    )


# ---------------------------------------------------------------------------
# Crosswalk to shared core indicators
# ---------------------------------------------------------------------------

#: How a local indicator relates to a shared one (SKOS mapping relations): the same measure, a close
#: one, a broader shared measure (the local one is a part of it), a narrower one, or only related.
CROSSWALK_RELATIONS: tuple[str, ...] = ("exact", "close", "broader", "narrower", "related")
_CROSSWALK_ENTRY = re.compile(r"([a-z][a-z0-9_]*):([A-Za-z0-9][A-Za-z0-9_.\-]*)(?:~([a-z]+))?")


def parse_crosswalk(text: str, *, known: Collection[str] | None = None) -> tuple[str, ...]:
    """The crosswalk cell: entries ``scheme:code`` or ``scheme:code~relation`` separated by ``;``
    (e.g. ``iris:PI4060~close; toms:NT1``), normalised to ``scheme:code~relation`` (relation
    ``related`` when left out), each once, in the order given.  ValueError (Korean) on a malformed
    entry, an unknown relation, or — when ``known`` (``scheme:code`` strings) is given — an entry
    that names no known shared indicator.  A local indicator is never required to have one."""
    entries: list[str] = []
    for raw in (text or "").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        match = _CROSSWALK_ENTRY.fullmatch(entry)
        if match is None:
            raise ValueError(f"공통 지표 연결은 '체계:코드' 또는 '체계:코드~관계' 형식이어야 합니다: '{entry}'")
        scheme, code, relation = match.group(1), match.group(2), match.group(3) or "related"
        if relation not in CROSSWALK_RELATIONS:
            raise ValueError(
                f"연결 관계는 {', '.join(CROSSWALK_RELATIONS)} 가운데 하나여야 합니다: '{relation}'"
            )
        if known is not None and f"{scheme}:{code}" not in known:
            raise ValueError(f"등록된 공통 지표가 아닙니다: '{scheme}:{code}'")
        normalised = f"{scheme}:{code}~{relation}"
        if not any(e.rsplit("~", 1)[0] == f"{scheme}:{code}" for e in entries):
            entries.append(normalised)
    return tuple(entries)


def format_crosswalk(entries: tuple[str, ...]) -> str:
    """The crosswalk cell written back (read again by :func:`parse_crosswalk` to the same entries)."""
    return "; ".join(entries)
