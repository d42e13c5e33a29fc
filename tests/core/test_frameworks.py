"""Tests for bombaram.core.frameworks: the logic model as data, CSV in and out.

Counts and codes of the report's frameworks are worked out here from the
packaged CSV files with the csv module, never taken from the code under test.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import bombaram
from bombaram.core.frameworks import (
    INDICATOR_FIGURE_COLUMNS,
    Activity,
    Framework,
    FrameworkFileError,
    Goal,
    Indicator,
    PrintedFigures,
    SubActivity,
    load_reference_framework,
    read_framework_csv,
    write_activities_csv,
    write_framework_csv,
)

REFERENCE = Path(bombaram.__file__).parent / "reference" / "delphi"
DISTRICTS = ("nowon", "seongbuk")

HEADER = "goal_no,goal,activity_no,activity,subactivity_no,subactivity,indicator"
ACTIVITY_HEADER = "goal_no,goal,activity_no,activity,subactivity_no,subactivity,r1_all,r1_local,r2_all,r2_local,note"


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Override the project-wide Django fixture: these tests are pure Python."""


def _rows(district: str, kind: str) -> list[dict[str, str]]:
    with (REFERENCE / f"{district}_{kind}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _rated_code(row: dict[str, str]) -> str:
    """The rated activity item of a reference row (CORRECTIONS.md §0 convention)."""
    sub = row["subactivity_no"]
    return sub if sub and sub != row["activity_no"] else row["activity_no"]


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _errors(
    excinfo: pytest.ExceptionInfo[FrameworkFileError],
) -> set[tuple[int | None, str | None]]:
    return {(e.row, e.column) for e in excinfo.value.errors}


# ---------------------------------------------------------------------------
# The reference frameworks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("district", DISTRICTS)
def test_reference_framework_counts_match_the_files(district):
    indicator_rows = _rows(district, "indicators")
    activity_rows = _rows(district, "activities")
    all_rows = activity_rows + indicator_rows
    goals = {r["goal_no"] for r in all_rows}
    rated = {_rated_code(r) for r in all_rows}

    framework, printed = load_reference_framework(district)
    items = framework.rated_items()

    assert len(framework.goals) == len(goals)
    assert [i.code for i in items if i.kind == "activity"] == sorted(
        rated, key=lambda code: [int(part) for part in code.split("-")]
    )
    assert sum(1 for i in items if i.kind == "indicator") == len(indicator_rows)
    assert len(framework.indicators()) == len(indicator_rows)


def test_reference_counts_are_the_reports():
    # CORRECTIONS.md §7 and the foundation's summary: 27 (노원) and 21 (성북) 세부활동.
    nowon, _ = load_reference_framework("nowon")
    seongbuk, _ = load_reference_framework("seongbuk")
    assert (len(nowon.goals), sum(i.kind == "activity" for i in nowon.rated_items())) == (4, 27)
    assert (len(seongbuk.goals), sum(i.kind == "activity" for i in seongbuk.rated_items())) == (
        6,
        21,
    )


def test_nowon_codes_and_the_no_subactivity_convention():
    framework, printed = load_reference_framework("nowon")
    rows = _rows("nowon", "indicators")

    # 1-1-1's indicators are the first rows whose subactivity_no is 1-1-1, in file order.
    first_111 = [r["indicator"] for r in rows if r["subactivity_no"] == "1-1-1"]
    assert framework.find("1-1-1.1").name == first_111[0] == "진단 만족도"
    assert framework.find("1-1-1.3").name == first_111[2]

    # 2-1 repeats the activity in the sub-activity cells: it has no sub-activity,
    # its indicators hang on the activity and are coded 2-1.N.
    activity = framework.find("2-1")
    assert isinstance(activity, Activity)
    assert activity.subactivities == ()
    rows_21 = [r["indicator"] for r in rows if r["activity_no"] == "2-1"]
    assert [i.name for i in activity.indicators] == rows_21
    assert [i.code for i in activity.indicators] == [f"2-1.{n}" for n in range(1, len(rows_21) + 1)]
    assert "no separate sub-activity" in activity.note

    # 1-1 has sub-activities; 3-2-2 has indicators but no printed activity score.
    assert [s.code for s in framework.find("1-1").subactivities] == [
        "1-1-1",
        "1-1-2",
        "1-1-3",
        "1-1-4",
    ]
    assert [i.name for i in framework.find("3-2-2").indicators] == [
        r["indicator"] for r in rows if r["subactivity_no"] == "3-2-2"
    ]
    assert "3-2-2" not in printed

    items = {i.code: i for i in framework.rated_items()}
    assert items["1-1-1"].parent_code == "1-1"
    assert items["2-1"].parent_code == "2"
    assert items["2-1.1"].parent_code == "2-1"
    assert items["1-1-1.1"].parent_code == "1-1-1"


def test_seongbuk_rates_activities_and_new_indicators_are_flagged():
    framework, printed = load_reference_framework("seongbuk")
    rows = _rows("seongbuk", "indicators")
    items = framework.rated_items()
    assert items[0][:2] == ("1-1", "activity")
    assert items[1][:2] == ("1-1.1", "indicator")
    assert items[1].name == rows[0]["indicator"]
    assert framework.find("5-1").subactivities == ()
    assert framework.find("1-1.1").direction == "increase"

    nowon, _ = load_reference_framework("nowon")
    new = [r for r in _rows("nowon", "indicators") if r["added_in_round2"] == "true"]
    assert sum(i.added_in_round2 for i in nowon.indicators()) == len(new)


def test_printed_figures_are_the_file_values():
    _, printed = load_reference_framework("nowon")
    first = _rows("nowon", "indicators")[0]
    assert printed.value("1-1-1.1", "suit_r1_all") == float(first["suit_r1_all"]) == 0.89
    assert printed.value("1-1-1.1", "imp_r2_local") == float(first["imp_r2_local"])
    activity = _rows("nowon", "activities")[0]
    assert printed.value("1-1-1", "r1_all") == float(activity["r1_all"])
    # 1-1-3 was not rated in round 1: empty cells are None.
    assert printed.value("1-1-3", "r1_all") is None
    assert printed.value("1-1-3", "r2_all") == 5.96
    assert printed.value("no-such-item", "r1_all") is None


@pytest.mark.parametrize("district", DISTRICTS)
def test_round_trip_gives_the_same_framework_and_figures(district):
    framework, printed = load_reference_framework(district)
    indicators_text = write_framework_csv(framework, printed)
    activities_text = write_activities_csv(framework, printed)

    again, again_printed = read_framework_csv(
        indicators_text, name=framework.name, activities=activities_text
    )
    assert again == framework
    assert again_printed == printed

    # The first columns are the reference file's, row for row.
    with (REFERENCE / f"{district}_indicators.csv").open(encoding="utf-8", newline="") as fh:
        reference = list(csv.reader(fh))
    written = list(csv.reader(io.StringIO(indicators_text)))
    width = len(reference[0])
    assert written[0][:width] == reference[0]
    # a text that starts with a quote is written with one more (Excel hides the first): read back, equal
    from bombaram.core.tabular import restore_formula_text

    assert [[restore_formula_text(c) for c in row[:width]] for row in written] == reference
    assert written[0][width:] == ["indicator_code", "unit", "kind", "direction", "data_source", "crosswalk"]
    with (REFERENCE / f"{district}_activities.csv").open(encoding="utf-8", newline="") as fh:
        written_activities = list(csv.reader(io.StringIO(activities_text)))
        assert [[restore_formula_text(c) for c in row] for row in written_activities] == list(csv.reader(fh))


def test_round_trip_keeps_descriptive_columns_and_codes():
    text = _csv(
        "1,목적,1-1,활동,,,지표 가,2-1-9,건,output,decrease,행정자료,true,메모",
        "1,목적,1-1,활동,,,지표 나,,명,outcome,,,false,",
        header=HEADER + ",indicator_code,unit,kind,direction,data_source,added_in_round2,note",
    )
    framework, printed = read_framework_csv(text, name="시험")
    assert framework.find("2-1-9") == Indicator(
        "2-1-9", "지표 가", "건", "output", "decrease", "행정자료", True, "메모"
    )
    # the second indicator keeps its position-based code
    assert framework.find("1-1.2") == Indicator("1-1.2", "지표 나", "명", "outcome")
    assert len(printed) == 0
    again = read_framework_csv(write_framework_csv(framework), name="시험")
    assert again == (framework, PrintedFigures())


def test_write_leaves_subactivity_cells_empty_when_no_activity_has_one():
    framework = Framework(
        "시험", (Goal("1", "목적", (Activity("1-1", "활동", (), (Indicator("1-1.1", "지표"),)),)),)
    )
    row = list(csv.reader(io.StringIO(write_framework_csv(framework))))[1]
    assert row[:7] == ["1", "목적", "1-1", "활동", "", "", "지표"]


def test_find_and_rated_items_on_a_hand_built_framework():
    sub = SubActivity("1-1-1", "세부", (Indicator("1-1-1.1", "지표"),))
    framework = Framework("시험", (Goal("1", "목적", (Activity("1-1", "활동", (sub,)),)),))
    assert framework.find("1-1-1") is sub
    assert framework.find("9") is None
    assert framework.rated_items() == [
        ("1-1-1", "activity", "세부", "1-1"),
        ("1-1-1.1", "indicator", "지표", "1-1-1"),
    ]
    with pytest.raises(ValueError):
        Activity("1-2", "활동", (sub,), (Indicator("1-2.1", "지표"),))
    with pytest.raises(ValueError):
        Indicator("1", "지표", kind="input")


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------


def test_reads_cp949_and_utf8_with_bom():
    text = _csv("1,사회적 경제 시장을 조성한다.,1-1,상호거래 확대,,,상호거래 건수와 거래 금액")
    for data in (text.encode("cp949"), ("\ufeff" + text).encode("utf-8"), "\ufeff" + text):
        framework, _ = read_framework_csv(data, name="성북")
        assert framework.find("1-1.1").name == "상호거래 건수와 거래 금액"
        assert framework.goals[0].name == "사회적 경제 시장을 조성한다."


def test_reference_file_read_as_cp949_gives_the_same_framework():
    data = (REFERENCE / "seongbuk_indicators.csv").read_text(encoding="utf-8")
    framework, printed = read_framework_csv(data.encode("cp949"), name="성북")
    expected, expected_printed = read_framework_csv(data, name="성북")
    assert (framework, printed) == (expected, expected_printed)


def test_undecodable_bytes_are_rejected():
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(b"\xff\xfe\xfd\xfc" * 3, name="x")
    assert "인코딩" in excinfo.value.errors[0].reason


# ---------------------------------------------------------------------------
# Errors, each with its spreadsheet row and column
# ---------------------------------------------------------------------------


def test_missing_and_unknown_columns():
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv("goal_no,goal,activity_no,activity,subactivity_no,indicater\n", name="x")
    assert _errors(excinfo) == {(1, "indicater"), (1, "subactivity"), (1, "indicator")}
    assert all(e.file == "indicators" for e in excinfo.value.errors)


def test_duplicate_column():
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(_csv("1,a,1-1,b,,,c,d", header=HEADER + ",indicator"), name="x")
    assert _errors(excinfo) == {(1, "indicator")}


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("1,목적,1-1,활동,,,", "indicator"),  # empty indicator name
        ("1,목적,2-1,활동,,,지표", "activity_no"),  # 2-1 under goal 1
        ("1,목적,11,활동,,,지표", "activity_no"),  # not "1-…"
        ("1,목적,1-1,활동,1-2-1,세부,지표", "subactivity_no"),  # 1-2-1 under 1-1
        ("1,목적,1-1,활동,1-1-1,,지표", "subactivity"),  # number without name
        ("1,목적,1-1,활동,,세부,지표", "subactivity_no"),  # name without number
        ("1,목적,1-1,활동,1-1,다른 이름,지표", "subactivity"),  # repeats the number only
        (",목적,1-1,활동,,,지표", "goal_no"),
        ("1,목적,1-1,,,,지표", "activity"),
    ],
)
def test_row_errors_name_row_and_column(row, column):
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(_csv("1,목적,1-1,활동,,,첫 지표", row), name="x")
    assert _errors(excinfo) == {(3, column)}
    assert excinfo.value.errors[0].reason  # a Korean sentence


def test_the_same_code_with_two_names():
    text = _csv(
        "1,목적,1-1,활동,,,지표 가",
        "1,다른 목적,1-2,활동 둘,,,지표 나",  # goal 1 renamed
        "1,목적,1-1,활동 다름,,,지표 다",  # activity 1-1 renamed
    )
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(3, "goal"), (4, "activity")}
    assert "행 2" in excinfo.value.errors[0].reason


def test_activity_with_and_without_subactivities():
    text = _csv("1,목적,1-1,활동,1-1-1,세부,지표 가", "1,목적,1-1,활동,,,지표 나")
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(3, "subactivity_no")}


def test_duplicate_indicator_code():
    header = HEADER + ",indicator_code"
    text = _csv(
        "1,목적,1-1,활동,,,지표 가,",  # 1-1.1 by position
        "1,목적,1-1,활동,,,지표 나,1-1.1",  # given explicitly: clash
        "1,목적,1-1,활동,,,지표 다,1-1",  # clashes with the activity's number
        header=header,
    )
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(3, "indicator_code"), (4, "indicator_code")}


@pytest.mark.parametrize(
    ("extra_header", "cells", "column"),
    [
        ("kind", "input", "kind"),
        ("direction", "up", "direction"),
        ("added_in_round2", "maybe", "added_in_round2"),
        ("suit_r1_all", '"0,89"', "suit_r1_all"),  # not a number (decimal comma)
        ("suit_r1_all", "1.2", "suit_r1_all"),  # share above 1
        ("suit_r2_local", "-0.1", "suit_r2_local"),
        ("imp_r1_all", "0.5", "imp_r1_all"),  # mean below 1
        ("imp_r2_local", "7.5", "imp_r2_local"),
        ("imp_r2_all", "nan", "imp_r2_all"),
    ],
)
def test_bad_values(extra_header, cells, column):
    text = _csv(f"1,목적,1-1,활동,,,지표,{cells}", header=f"{HEADER},{extra_header}")
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(2, column)}


@pytest.mark.parametrize(
    ("extra_header", "cells"),
    [
        ("kind,direction", "산출,감소"),
        ("suit_r1_all,imp_r1_all", "0,7"),  # the ends of the ranges
        ("suit_r1_all,imp_r1_all", "-,"),  # "-" and empty mean no value
        ("added_in_round2", "신규"),
    ],
)
def test_accepted_values(extra_header, cells):
    text = _csv(f"1,목적,1-1,활동,,,지표,{cells}", header=f"{HEADER},{extra_header}")
    framework, _ = read_framework_csv(text, name="x")
    assert framework.find("1-1.1").name == "지표"


def test_new_indicator_must_not_have_round_one_figures():
    text = _csv("1,목적,1-1,활동,,,지표,true,0.9", header=f"{HEADER},added_in_round2,suit_r1_all")
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(2, "added_in_round2")}


def test_every_problem_is_reported_at_once():
    text = _csv(
        "1,목적,1-1,활동,,,지표,output",
        "1,목적,2-1,활동,,,,outcome",  # two problems in one row
        "1,목적,1-1,활동,,,지표,bad",
        "",  # an empty row is skipped
        "1,목적,1-1",  # too few cells
        header=HEADER + ",kind",
    )
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="x")
    assert _errors(excinfo) == {(3, "activity_no"), (3, "indicator"), (4, "kind"), (6, None)}
    assert "4건" in str(excinfo.value)


def test_activities_file_errors_say_which_file():
    activities = _csv(
        "1,목적,1-1,활동,1-1-1,세부,5.5,6,,,",
        "1,목적,1-1,활동,1-1-1,세부,5.5,6,,,",  # the same item twice
        "1,목적,1-1,활동,1-1-2,세부 둘,8,,,,",  # out of range
        header=ACTIVITY_HEADER,
    )
    indicators = _csv("1,목적,1-1,활동,1-1-1,세부 다름,지표")  # renames 1-1-1
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(indicators, name="x", activities=activities)
    found = {(e.file, e.row, e.column) for e in excinfo.value.errors}
    assert found == {
        ("activities", 3, "activity_no"),
        ("activities", 4, "r1_all"),
        ("indicators", 2, "subactivity"),
    }


def test_activities_file_adds_activities_without_indicators():
    activities = _csv(
        "1,목적,1-1,활동,,,5.50,,5.60,,메모",
        "1,목적,1-2,활동 둘,,,,,,,",
        header=ACTIVITY_HEADER,
    )
    framework, printed = read_framework_csv(
        _csv("1,목적,1-1,활동,,,지표"), name="x", activities=activities
    )
    assert [a.code for a in framework.goals[0].activities] == ["1-1", "1-2"]
    assert framework.find("1-1").note == "메모"
    assert printed.values == {
        "1-1": {"r1_all": 5.5, "r1_local": None, "r2_all": 5.6, "r2_local": None}
    }
    assert "1-2" not in printed


def test_empty_indicators_file_is_rejected():
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(HEADER + "\n", name="x")
    assert _errors(excinfo) == {(2, None)}
    with pytest.raises(FrameworkFileError):
        read_framework_csv("", name="x")


def test_indicator_figure_columns_are_the_reference_ones():
    with (REFERENCE / "nowon_indicators.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(c for c in header if c.startswith(("suit_", "imp_"))) == INDICATOR_FIGURE_COLUMNS


def test_unknown_reference_district():
    with pytest.raises(ValueError, match="nowon"):
        load_reference_framework("gangnam")


# ---------------------------------------------------------------------------
# Crosswalk to shared core indicators (data, never required)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "expected"), [
    ("", ()),
    ("iris:PI4060", ("iris:PI4060~related",)),
    ("iris:PI4060~close; toms:NT1 ;", ("iris:PI4060~close", "toms:NT1~related")),
    ("svi:ecosystem~broader;svi:ecosystem~exact", ("svi:ecosystem~broader",)),  # once, the first wins
])
def test_crosswalk_cells_are_read_and_normalised(cell, expected):
    from bombaram.core.frameworks import format_crosswalk, parse_crosswalk

    assert parse_crosswalk(cell) == expected
    assert parse_crosswalk(format_crosswalk(expected)) == expected


@pytest.mark.parametrize(("cell", "said"), [
    ("PI4060", "형식"), ("iris:PI4060~same", "연결 관계"), ("IRIS:PI4060", "형식"), ("iris:", "형식"),
    ("toms:NT99", "등록된 공통 지표가 아닙니다"),
])
def test_a_bad_crosswalk_entry_is_refused_with_row_and_column(cell, said):
    text = _csv(f'1,목적,1-1,활동,,,지표 가,"{cell}"', header=HEADER + ",crosswalk")
    with pytest.raises(FrameworkFileError) as excinfo:
        read_framework_csv(text, name="시험", crosswalk_codes={"iris:PI4060", "toms:NT1"})
    assert _errors(excinfo) == {(2, "crosswalk")}
    assert said in str(excinfo.value)


def test_crosswalk_survives_the_round_trip():
    text = _csv('1,목적,1-1,활동,,,지표 가,"iris:PI4060~close; toms:NT1"', "1,목적,1-1,활동,,,지표 나,",
                header=HEADER + ",crosswalk")
    framework, _ = read_framework_csv(text, name="시험", crosswalk_codes={"iris:PI4060", "toms:NT1"})
    assert framework.find("1-1.1").crosswalk == ("iris:PI4060~close", "toms:NT1~related")
    assert framework.find("1-1.2").crosswalk == ()
    assert read_framework_csv(write_framework_csv(framework), name="시험")[0] == framework
