"""Reading a paper Delphi study's response file and analysing it (pure Python).

The response file is CSV text (UTF-8 with or without BOM, or CP949) with one
row per panellist, round and item::

    round,panellist,group,item_code,item_kind,suitable,score
    1,P01,자치구 현장,1-1-1,indicator,예,6
    1,P01,자치구 현장,1-1,activity,,7

* ``round``: positive integer;
* ``panellist``: any non-empty identifier;
* ``group``: the panellist's group (e.g. 자치구 현장, 시 단위 전문가); may be
  empty, in which case the panellist only counts in the whole-panel ("all")
  rows; "all" itself is reserved;
* ``item_code``: e.g. "1-2-10";
* ``item_kind``: ``activity`` or ``indicator``;
* ``suitable``: 1/0, Y/N, 예/아니오(아니요), yes/no (any letter case); empty
  when not asked or not answered; must be empty for activities (activities
  have no yes/no question);
* ``score``: integer 1-7; empty when not answered.

Column names are matched ignoring letter case and surrounding spaces; cell
values are stripped of surrounding spaces.  Completely empty rows are skipped.
A malformed file is rejected with :class:`ResponseFileError` listing every
problem found, each with the row number a spreadsheet shows (header = 1,
first data row = 2), the column and a Korean reason.

:func:`analyse` then produces the per item / round / group statistics of
:mod:`bombaram.core.delphi` as a JSON-able dict.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from bombaram.core import collector
from bombaram.core.delphi import (
    ALL_GROUP,
    CriticalMethod,
    DecisionRules,
    ItemKind,
    QuartileMethod,
    check_critical_method,
    check_quartile_method,
    decide,
    natural_sort_key,
    round_stability,
    score_summary_from_counts,
    suitability_result,
)

COLUMNS: tuple[str, ...] = (
    "round",
    "panellist",
    "group",
    "item_code",
    "item_kind",
    "suitable",
    "score",
)

_SUITABLE_VALUES: dict[str, bool | None] = {
    "": None,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "예": True,
    "아니오": False,
    "아니요": False,
}
_SCORE_VALUES: dict[str, int | None] = {"": None} | {str(i): i for i in range(1, 8)}
_KIND_VALUES: dict[str, str] = {"activity": "activity", "indicator": "indicator"}
_MISSING = object()

#: The default decision rules (consensus >= .75, convergence <= .5, CV <= .5,
#: CVR test passed); :class:`DecisionRules` is frozen, so sharing it is safe.
DEFAULT_RULES = DecisionRules()


@dataclass(slots=True)
class DelphiResponse:
    """One panellist's answer to one item in one round."""

    round: int
    panellist: str
    group: str
    item_code: str
    item_kind: ItemKind
    suitable: bool | None
    score: int | None
    source_row: int | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a response file: spreadsheet row, column, Korean reason."""

    row: int | None
    column: str | None
    reason: str

    def to_dict(self) -> dict[str, int | str | None]:
        """The error as a JSON-able dict.

        Formula: none (serialisation).  Source: the fields above.
        """
        return {"row": self.row, "column": self.column, "reason": self.reason}


class ResponseFileError(ValueError):
    """A response file was rejected; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        first = errors[0] if errors else None
        summary = f"응답 파일에 오류가 {len(errors)}건 있습니다."
        if first is not None:
            summary += f" (첫 오류: 행 {first.row}, 열 {first.column}: {first.reason})"
        super().__init__(summary)


class UnreadableResponseFile(ResponseFileError):
    """The file cannot be read as CSV text at all (its encoding, or a CSV syntax error that stops
    reading); the last of ``errors`` says why, any before it were found in the rows read until then."""


def _csv_error_reason(error: csv.Error) -> str:
    """A Korean reason for the csv module's (English) error, the original kept in parentheses."""
    text = str(error)
    if text.startswith("field larger than field limit"):
        reason = ("칸 하나가 너무 깁니다. 큰따옴표(\")로 연 칸이 닫히지 않아 "
                  "파일의 나머지가 한 칸으로 읽혔는지 확인해 주세요")
    elif text.startswith("new-line character seen in unquoted field"):
        reason = "큰따옴표로 감싸지 않은 칸 안에 줄바꿈이 있습니다"
    elif text.startswith("line contains NUL"):
        reason = "파일에 NUL 문자가 있습니다. CSV 텍스트 파일인지 확인해 주세요"
    else:
        reason = "CSV 형식이 올바르지 않아 읽기를 멈췄습니다"
    return f"CSV 형식 오류: {reason} ({text})"


def decode_response_file(data: bytes | str) -> str:
    """CSV text of a response file given as bytes (UTF-8 ± BOM, or CP949) or str.

    Formula: try UTF-8 with an optional byte order mark first, then CP949
    (Korean Windows / Excel "CSV" exports); a leading BOM is dropped from str
    input too.  Raises :class:`UnreadableResponseFile` (a
    :class:`ResponseFileError`) when neither decodes.
    Source: WHATWG/Unicode UTF-8 and Microsoft code page 949.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        raise UnreadableResponseFile(
            [
                RowError(
                    None,
                    None,
                    "파일 인코딩을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 "
                    "저장된 CSV 파일이어야 합니다.",
                )
            ]
        ) from None


def _header_errors(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name not in COLUMNS:
            shown = raw.strip() or f"({index + 1}번째 열)"
            errors.append(
                RowError(
                    1,
                    shown,
                    f"알 수 없는 열입니다. 쓸 수 있는 열: {', '.join(COLUMNS)}",
                )
            )
        elif name in positions:
            errors.append(RowError(1, name, "같은 이름의 열이 두 번 있습니다."))
        else:
            positions[name] = index
    for name in COLUMNS:
        if name not in positions:
            errors.append(RowError(1, name, "필수 열이 없습니다."))
    return positions, errors


def _check_values(
    raw_round: str, raw_kind: str, raw_suitable: str, raw_score: str
) -> tuple[int, str, bool | None, int | None] | list[tuple[str, str]]:
    """Validated (round, kind, suitable, score), or a list of (column, reason)."""
    problems: list[tuple[str, str]] = []
    text = raw_round.strip()
    round_number = 0
    if text.isascii() and text.isdigit() and len(text) <= 9 and int(text) > 0:  # int() of 5,000 digits raises
        round_number = int(text)
    else:
        problems.append(("round", f"라운드는 1 이상의 정수여야 합니다: '{text}'"))
    text = raw_kind.strip()
    kind = _KIND_VALUES.get(text.lower())
    if kind is None:
        problems.append(("item_kind", f"항목 종류는 activity 또는 indicator여야 합니다: '{text}'"))
    text = raw_suitable.strip()
    suitable = _SUITABLE_VALUES.get(text.lower(), _MISSING)
    if suitable is _MISSING:
        problems.append(
            (
                "suitable",
                "적합 여부는 1/0, Y/N, 예/아니오, yes/no 중 하나이거나 "
                f"비어 있어야 합니다: '{text}'",
            )
        )
    elif suitable is not None and kind == "activity":
        problems.append(
            (
                "suitable",
                "활동(activity)에는 적합 여부(예/아니오) 질문이 없으므로 "
                "이 칸은 비워 두어야 합니다.",
            )
        )
    text = raw_score.strip()
    score = _SCORE_VALUES.get(text, _MISSING)
    if score is _MISSING:
        problems.append(("score", f"점수는 1부터 7까지의 정수이거나 비어 있어야 합니다: '{text}'"))
    if problems:
        return problems
    return round_number, kind, suitable, score  # type: ignore[return-value]


def _check_person(raw_panellist: str, raw_group: str) -> tuple[str, str] | list[tuple[str, str]]:
    """Validated (panellist, group), or a list of (column, reason)."""
    problems: list[tuple[str, str]] = []
    panellist = raw_panellist.strip()
    group = raw_group.strip()
    if not panellist:
        problems.append(("panellist", "패널(응답자) 식별자가 비어 있습니다."))
    if group.lower() == ALL_GROUP:
        problems.append(
            (
                "group",
                f"'{group}'은(는) 전체 패널을 뜻하는 예약어라 그룹 이름으로 쓸 수 없습니다.",
            )
        )
    return problems or (panellist, group)


@collector.paused()  # 180,000 answers: no cycles among them (see core.collector)
def read_responses(data: bytes | str) -> list[DelphiResponse]:
    """Read and validate a paper-study response file (see the module docstring).

    Formula: none (parsing).  Checks, each reported with the spreadsheet row
    (header = 1), the column and a Korean reason:
    * header: unknown, duplicated or missing columns — a faulty header is
      reported on its own, since the rows cannot be read without it;
    * rows: wrong number of cells; ``round`` not a positive integer; empty
      ``panellist`` or ``item_code``; ``item_kind`` not activity/indicator;
      ``suitable`` not a yes/no value, or given for an activity; ``score`` not
      an integer 1-7; a group named "all"; a panellist answering the same item
      twice in a round; a panellist in two groups; an item code with two kinds;
    * a file without data rows.
    All row problems are collected and raised together as
    :class:`ResponseFileError`; a file that is not CSV text (encoding, or a
    CSV syntax error that stops reading, e.g. an unclosed quote) raises
    :class:`UnreadableResponseFile` with a Korean reason.
    Source: the response-file layout agreed for the bombaram Delphi module.
    """
    text = decode_response_file(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise UnreadableResponseFile([RowError(1, None, _csv_error_reason(error))]) from None
    if header is None or not "".join(header).strip():
        raise ResponseFileError([RowError(1, None, "파일이 비어 있거나 머리글 행이 없습니다.")])
    positions, header_errors = _header_errors(header)
    if header_errors:
        raise ResponseFileError(header_errors)
    width = len(header)
    pick = itemgetter(*(positions[name] for name in COLUMNS))

    errors: list[RowError] = []
    add_error = errors.append
    responses: list[DelphiResponse] = []
    append = responses.append
    value_cache: dict[tuple[str, str, str, str], Any] = {}
    person_cache: dict[tuple[str, str], Any] = {}
    item_cache: dict[tuple[str, str | None], Any] = {}
    panellist_groups: dict[str, tuple[str, int]] = {}
    item_kinds: dict[str, tuple[str, int]] = {}
    first_answer: dict[tuple[int, str], dict[str, int]] = {}
    data_rows = 0
    row_number = 1

    try:
        for row_number, record in enumerate(reader, start=2):
            if len(record) != width:
                if "".join(record).strip():
                    add_error(
                        RowError(
                            row_number,
                            None,
                            f"칸 수({len(record)})가 머리글의 열 수({width})와 다릅니다.",
                        )
                    )
                continue
            raw_round, raw_panellist, raw_group, raw_item, raw_kind, raw_suitable, raw_score = pick(
                record
            )

            values = value_cache.get((raw_round, raw_kind, raw_suitable, raw_score))
            if values is None:
                values = _check_values(raw_round, raw_kind, raw_suitable, raw_score)
                value_cache[(raw_round, raw_kind, raw_suitable, raw_score)] = values
            if type(values) is list and not "".join(record).strip():
                continue  # an empty spreadsheet row (its round is empty, so invalid)
            data_rows += 1
            row_ok = True
            if type(values) is list:
                row_ok = False
                for column, reason in values:
                    add_error(RowError(row_number, column, reason))
                round_number, kind, suitable, score = 0, None, None, None
            else:
                round_number, kind, suitable, score = values

            person = person_cache.get((raw_panellist, raw_group))
            if person is None:
                person = _check_person(raw_panellist, raw_group)
                if type(person) is tuple:
                    known_group = panellist_groups.setdefault(person[0], (person[1], row_number))
                    if known_group[0] != person[1]:
                        person = [
                            (
                                "group",
                                f"패널 '{person[0]}'의 그룹 '{person[1]}'이(가) 행 "
                                f"{known_group[1]}의 그룹 '{known_group[0]}'과(와) "
                                "다릅니다.",
                            )
                        ]
                person_cache[(raw_panellist, raw_group)] = person
            if type(person) is list:
                row_ok = False
                for column, reason in person:
                    add_error(RowError(row_number, column, reason))
                panellist = group = ""
            else:
                panellist, group = person

            item_code = item_cache.get((raw_item, kind))
            if item_code is None:
                item_code = raw_item.strip()
                if not item_code:
                    item_code = [("item_code", "항목 코드가 비어 있습니다.")]
                elif kind is not None:
                    known_kind = item_kinds.setdefault(item_code, (kind, row_number))
                    if known_kind[0] != kind:
                        item_code = [
                            (
                                "item_kind",
                                f"항목 '{item_code}'의 종류 '{kind}'이(가) 행 "
                                f"{known_kind[1]}의 '{known_kind[0]}'과(와) 다릅니다.",
                            )
                        ]
                item_cache[(raw_item, kind)] = item_code
            if type(item_code) is list:
                row_ok = False
                for column, reason in item_code:
                    add_error(RowError(row_number, column, reason))
                item_code = ""

            if round_number and panellist and item_code:
                # nested dicts: no new tuple per row kept alive (cheaper for the GC)
                answered = first_answer.get((round_number, panellist))
                if answered is None:
                    answered = first_answer[(round_number, panellist)] = {}
                first = answered.setdefault(item_code, row_number)
                if first != row_number:
                    row_ok = False
                    add_error(
                        RowError(
                            row_number,
                            "item_code",
                            f"패널 '{panellist}'이(가) 라운드 {round_number}에서 항목 "
                            f"'{item_code}'에 두 번 응답했습니다 (처음 응답: 행 {first}).",
                        )
                    )

            if row_ok and not errors:
                append(
                    DelphiResponse(
                        round_number, panellist, group, item_code, kind, suitable, score, row_number
                    )
                )
    except csv.Error as error:  # reading stops here: the rows after it are unknown
        add_error(RowError(row_number + 1, None, _csv_error_reason(error)))
        raise UnreadableResponseFile(errors) from None

    if data_rows == 0 and not errors:
        errors.append(RowError(2, None, "응답 행이 없습니다."))
    if errors:
        raise ResponseFileError(errors)
    return responses


@collector.paused()
def analyse(
    responses: Iterable[DelphiResponse],
    quartile_method: QuartileMethod = "weibull",
    rules: DecisionRules = DEFAULT_RULES,
    critical_method: CriticalMethod = "exact",
) -> dict[str, Any]:
    """Per item / round / group statistics, decisions and stability.

    Formula: for every item, round and group ("all" = whole panel, then each group):
    * n = panellists who answered anything (yes/no or score) for the item;
    * suitable_n, suitable_share (지표적합성 = yes / answered), CVR,
      ne_critical, cvr_critical, cvr_pass — :func:`delphi.suitability_result`
      with N = number who answered the yes/no question; null for activities;
    * score_n, mean, sd, median, q1, q3, consensus (합의도 = 1 − (Q3−Q1)/Mdn),
      convergence (수렴도 = (Q3−Q1)/2), cv (SD/mean) —
      :func:`delphi.score_summary_from_counts` with ``quartile_method``;
    * decision (keep / revise / drop, :func:`delphi.decide`) on "all" rows
      only; null on group rows (descriptive only).
    A group appears for an item and round when any of its panellists has a
    row there; if those rows are all blank its row shows n = 0 and nulls.
    "stability" lists, per item and pair of consecutive rounds in which the
    item was answered (whole panel), CV change, relative CV change and the
    share of panellists scoring in both rounds who changed their score
    (:func:`delphi.round_stability`).

    Rows are sorted by item code in natural order ("1-2-10" after "1-2-9"),
    then round, then "all" followed by the groups in alphabetical (가나다)
    order.  Floats are not rounded.  ``responses`` are expected to be valid
    (e.g. from :func:`read_responses`); an item code with two kinds, or a
    panellist answering an item twice in a round, raises ``ValueError``.
    Source: Lawshe (1975); Ayre & Scally (2014); Hyndman & Fan (1996);
    Tukey (1977); 이종성 (2001); English & Kernan (1976) — see
    :mod:`bombaram.core.delphi`.
    """
    check_quartile_method(quartile_method)
    check_critical_method(critical_method)

    cells: dict[tuple[str, int], list[DelphiResponse]] = {}
    get_cell = cells.get
    for response in responses:
        key = (response.item_code, response.round)
        rows = get_cell(key)
        if rows is None:
            cells[key] = [response]
        else:
            rows.append(response)
    answer_of = attrgetter("group", "suitable", "score")
    kind_of = attrgetter("item_kind")
    panellist_of = attrgetter("panellist")
    score_of = attrgetter("score")

    item_kinds: dict[str, str] = {}
    # (item_code, round) -> (statistics per group, panellist -> score)
    summaries: dict[tuple[str, int], Any] = {}
    items_out: list[dict[str, Any]] = []
    rounds_by_item: dict[str, list[int]] = {}

    for item_code, round_number in sorted(
        cells, key=lambda key: (natural_sort_key(key[0]), key[1])
    ):
        rows = cells[(item_code, round_number)]
        tally = Counter(map(answer_of, rows))
        scores = dict(zip(map(panellist_of, rows), map(score_of, rows), strict=True))
        if len(scores) != len(rows):
            raise ValueError(
                f"한 패널이 라운드 {round_number}에서 항목 '{item_code}'에 두 번 이상 응답했습니다."
            )
        kinds = set(map(kind_of, rows))
        kind = kinds.pop()
        if kinds or item_kinds.setdefault(item_code, kind) != kind:
            raise ValueError(f"항목 '{item_code}'의 종류(activity/indicator)가 서로 다릅니다.")

        # group -> [answered anything, yes, answered yes/no, {score: count}]
        groups: dict[str, list[Any]] = {}
        for (group, suitable, score), count in tally.items():
            accumulator = groups.get(group)
            if accumulator is None:
                accumulator = groups[group] = [0, 0, 0, {}]
            if suitable is not None:
                accumulator[2] += count
                if suitable:
                    accumulator[1] += count
            elif score is None:
                continue  # a blank row: neither question answered
            accumulator[0] += count
            if score is not None:
                score_counts = accumulator[3]
                score_counts[score] = score_counts.get(score, 0) + count
        whole: list[Any] = [0, 0, 0, {}]
        for accumulator in groups.values():
            whole[0] += accumulator[0]
            whole[1] += accumulator[1]
            whole[2] += accumulator[2]
            score_counts = whole[3]
            for score, count in accumulator[3].items():
                score_counts[score] = score_counts.get(score, 0) + count
        groups.pop("", None)  # panellists without a group count in "all" only
        groups[ALL_GROUP] = whole

        order = [ALL_GROUP] + sorted(g for g in groups if g != ALL_GROUP)
        for group in order:
            answered, yes, asked, score_counts = groups[group]
            summary = score_summary_from_counts(score_counts, quartile_method)
            suitability = (
                suitability_result(yes, asked, critical_method) if kind == "indicator" else None
            )
            decision = (
                decide(kind, suitability, summary, rules)  # type: ignore[arg-type]
                if group == ALL_GROUP
                else None
            )
            items_out.append(
                {
                    "item_code": item_code,
                    "item_kind": kind,
                    "round": round_number,
                    "group": group,
                    "n": answered,
                    "suitable_n": None if suitability is None else suitability.suitable_n,
                    "suitable_share": None if suitability is None else suitability.suitable_share,
                    "cvr": None if suitability is None else suitability.cvr,
                    "ne_critical": None if suitability is None else suitability.ne_critical,
                    "cvr_critical": None if suitability is None else suitability.cvr_critical,
                    "cvr_pass": None if suitability is None else suitability.cvr_pass,
                    **summary.to_dict(),
                    "decision": decision,
                }
            )
            if group == ALL_GROUP:
                summaries[(item_code, round_number)] = (
                    summary.cv,
                    {p: s for p, s in scores.items() if s is not None},
                )
        rounds_by_item.setdefault(item_code, []).append(round_number)

    stability_out: list[dict[str, Any]] = []
    for item_code, rounds in rounds_by_item.items():
        for round_from, round_to in zip(rounds, rounds[1:], strict=False):
            cv_from, scores_from = summaries[(item_code, round_from)]
            cv_to, scores_to = summaries[(item_code, round_to)]
            result = round_stability(round_from, round_to, cv_from, cv_to, scores_from, scores_to)
            stability_out.append(
                {
                    "item_code": item_code,
                    "item_kind": item_kinds[item_code],
                    "round_from": result.round_from,
                    "round_to": result.round_to,
                    "cv_from": result.cv_from,
                    "cv_to": result.cv_to,
                    "cv_change": result.cv_change,
                    "cv_relative_change": result.cv_relative_change,
                    "panellists_in_both": result.panellists_in_both,
                    "score_changed_n": result.score_changed_n,
                    "score_changed_share": result.score_changed_share,
                }
            )

    return {
        "quartile_method": quartile_method,
        "critical_method": critical_method,
        "rules": rules.to_dict(),
        "items": items_out,
        "stability": stability_out,
    }
