"""Tests for bombaram.core.delphi_responses (and the benchmark helper).

Every expected number is worked out by hand in a comment next to it; none is
produced by the code under test.
"""

from __future__ import annotations

import json
import math

import pytest

from bombaram.core.delphi import DecisionRules
from bombaram.core.delphi_responses import (
    COLUMNS,
    DelphiResponse,
    ResponseFileError,
    RowError,
    UnreadableResponseFile,
    analyse,
    decode_response_file,
    read_responses,
)
from bombaram.datagen.delphi_responses import bench_delphi, synthetic_response_csv

HEADER = "round,panellist,group,item_code,item_kind,suitable,score"


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Override the project-wide Django fixture: these tests are pure Python
    and also run with ``-p no:django``."""


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def test_reads_a_valid_file():
    text = _csv(
        "1,P1,자치구 현장,1-1-1,indicator,예,6",
        "1, P1 ,자치구 현장,1-1,Activity,,7",  # spaces and letter case tolerated
        "2,P2,시 단위 전문가,1-1-1,indicator,,",  # nothing answered: kept, counts as blank
    )
    assert read_responses(text) == [
        DelphiResponse(1, "P1", "자치구 현장", "1-1-1", "indicator", True, 6, 2),
        DelphiResponse(1, "P1", "자치구 현장", "1-1", "activity", None, 7, 3),
        DelphiResponse(2, "P2", "시 단위 전문가", "1-1-1", "indicator", None, None, 4),
    ]


def test_columns_may_come_in_any_order():
    text = "score,suitable,item_kind,item_code,group,panellist,round\n5,N,indicator,2-1,현장,P9,3\n"
    assert read_responses(text) == [
        DelphiResponse(3, "P9", "현장", "2-1", "indicator", False, 5, 2)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", True),
        ("0", False),
        ("Y", True),
        ("n", False),
        ("yes", True),
        ("NO", False),
        ("예", True),
        ("아니오", False),
        ("아니요", False),
        ("", None),
    ],
)
def test_suitable_spellings(text, expected):
    (response,) = read_responses(_csv(f"1,P1,g,1-1,indicator,{text},4"))
    assert response.suitable is expected


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),  # Excel's "CSV UTF-8": BOM first
        lambda t: t.encode("cp949"),  # Korean Excel's plain "CSV"
        lambda t: t.replace("\n", "\r\n").encode("cp949"),  # with Windows line ends
        lambda t: "\ufeff" + t,  # str that still carries the BOM
    ],
)
def test_encodings(encode):
    text = _csv("1,P1,자치구 현장,1-1-1,indicator,아니오,3")
    assert read_responses(encode(text)) == [
        DelphiResponse(1, "P1", "자치구 현장", "1-1-1", "indicator", False, 3, 2)
    ]


def test_undecodable_bytes_are_rejected():
    # 0x80 is not valid UTF-8 and not a CP949 lead byte
    with pytest.raises(ResponseFileError) as caught:
        decode_response_file(b"round\x80,panellist\n")
    assert caught.value.errors[0].row is None
    assert "UTF-8" in caught.value.errors[0].reason


def test_quoted_cells_and_blank_rows():
    text = _csv(
        '1,P1,"자치구 현장, 동북권",1-1,activity,,4',
        "",  # row 3: an empty spreadsheet row is skipped
        ",,,,,,",  # row 4: empty cells only, also skipped
        "1,P2,x,1-1,activity,,9",  # row 5: bad score, reported as row 5
    )
    with pytest.raises(ResponseFileError) as caught:
        read_responses(text)
    assert [(e.row, e.column) for e in caught.value.errors] == [(5, "score")]
    ok = _csv('1,P1,"자치구 현장, 동북권",1-1,activity,,4', "", ",,,,,,")
    assert read_responses(ok)[0].group == "자치구 현장, 동북권"


MALFORMED = [
    # (case, rows after the header or a full text, [(row, column)], a word of the reason)
    (
        "unknown column",
        HEADER + ",weight\n1,P1,g,1-1,activity,,4,2\n",
        [(1, "weight")],
        "알 수 없는 열",
    ),
    (
        "missing column",
        "round,panellist,group,item_code,item_kind,suitable\n1,P1,g,1-1,activity,\n",
        [(1, "score")],
        "필수 열",
    ),
    ("duplicated column", HEADER + ",score\n", [(1, "score")], "두 번"),
    ("score 9", _csv("1,P1,g,1-1,activity,,9"), [(2, "score")], "1부터 7"),
    (
        "score abc",
        _csv("1,P1,g,1-1,activity,,4", "1,P1,g,1-2,activity,,abc"),
        [(3, "score")],
        "1부터 7",
    ),
    ("score 0", _csv("1,P1,g,1-1,activity,,0"), [(2, "score")], "1부터 7"),
    ("score 6.0", _csv("1,P1,g,1-1,activity,,6.0"), [(2, "score")], "1부터 7"),
    ("item_kind foo", _csv("1,P1,g,1-1,foo,,4"), [(2, "item_kind")], "activity 또는 indicator"),
    (
        "answered twice",
        _csv("1,P1,g,1-1,activity,,4", "2,P1,g,1-1,activity,,5", "1,P1,g,1-1,activity,,6"),
        [(4, "item_code")],  # round 2 is another round: only row 4 repeats row 2
        "두 번 응답",
    ),
    ("round 0", _csv("0,P1,g,1-1,activity,,4"), [(2, "round")], "1 이상의 정수"),
    ("round -1", _csv("-1,P1,g,1-1,activity,,4"), [(2, "round")], "1 이상의 정수"),
    ("round 1.5", _csv("1.5,P1,g,1-1,activity,,4"), [(2, "round")], "1 이상의 정수"),
    ("round empty", _csv(",P1,g,1-1,activity,,4"), [(2, "round")], "1 이상의 정수"),
    ("suitable maybe", _csv("1,P1,g,1-1,indicator,maybe,4"), [(2, "suitable")], "예/아니오"),
    ("suitable for activity", _csv("1,P1,g,1-1,activity,예,4"), [(2, "suitable")], "비워"),
    ("empty panellist", _csv("1, ,g,1-1,activity,,4"), [(2, "panellist")], "식별자"),
    ("empty item code", _csv("1,P1,g,,activity,,4"), [(2, "item_code")], "항목 코드"),
    ("group all", _csv("1,P1,All,1-1,activity,,4"), [(2, "group")], "예약어"),
    (
        "panellist in two groups",
        _csv("1,P1,현장,1-1,activity,,4", "1,P1,전문가,1-2,activity,,4"),
        [(3, "group")],
        "행 2",
    ),
    (
        "item of two kinds",
        _csv("1,P1,g,1-1,activity,,4", "1,P2,g,1-1,indicator,예,4"),
        [(3, "item_kind")],
        "행 2",
    ),
    ("too few cells", _csv("1,P1,g,1-1,activity,4"), [(2, None)], "칸 수"),
    ("header only", _csv(), [(2, None)], "응답 행이 없습니다"),
    ("empty file", "", [(1, None)], "비어"),
    (
        "several problems at once",
        _csv("x,P1,g,1-1,foo,,9", "1,P1,g,1-2,activity,,4", "1,P1,g,1-2,activity,,5"),
        [(2, "round"), (2, "item_kind"), (2, "score"), (4, "item_code")],
        "라운드",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "expected", "word"), MALFORMED, ids=[case[0] for case in MALFORMED]
)
def test_malformed_files_are_rejected_with_rows_and_columns(case, text, expected, word):
    with pytest.raises(ResponseFileError) as caught:
        read_responses(text)
    errors = caught.value.errors
    assert [(e.row, e.column) for e in errors] == expected
    assert word in errors[0].reason
    assert all(isinstance(e, RowError) and e.reason for e in errors)
    assert "오류" in str(caught.value)


def test_errors_are_json_able():
    with pytest.raises(ResponseFileError) as caught:
        read_responses(_csv("1,P1,g,1-1,activity,,9"))
    assert [e.to_dict() for e in caught.value.errors] == [
        {
            "row": 2,
            "column": "score",
            "reason": "점수는 1부터 7까지의 정수이거나 비어 있어야 합니다: '9'",
        }
    ]


def test_the_same_bad_value_is_reported_on_every_row():
    text = _csv("1,P1,g,1-1,activity,,9", "1,P2,g,1-1,activity,,9")
    with pytest.raises(ResponseFileError) as caught:
        read_responses(text)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "score"), (3, "score")]


# ---------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------

# Five panellists: P1-P3 in 자치구 현장, P4-P5 in 시 단위 전문가.
STUDY = _csv(
    # round 1
    "1,P1,자치구 현장,1-1,activity,,4",
    "1,P2,자치구 현장,1-1,activity,,5",
    "1,P3,자치구 현장,1-1,activity,,6",
    "1,P4,시 단위 전문가,1-1,activity,,6",
    "1,P5,시 단위 전문가,1-1,activity,,7",
    "1,P1,자치구 현장,1-1-1,indicator,예,3",
    "1,P2,자치구 현장,1-1-1,indicator,1,4",
    "1,P3,자치구 현장,1-1-1,indicator,yes,4",
    "1,P4,시 단위 전문가,1-1-1,indicator,Y,4",
    "1,P5,시 단위 전문가,1-1-1,indicator,예,5",
    "1,P1,자치구 현장,1-1-2,indicator,예,6",
    "1,P2,자치구 현장,1-1-2,indicator,y,6",
    "1,P3,자치구 현장,1-1-2,indicator,예,6",
    "1,P4,시 단위 전문가,1-1-2,indicator,1,6",
    "1,P5,시 단위 전문가,1-1-2,indicator,아니오,6",
    "1,P1,자치구 현장,1-1-10,indicator,yes,5",
    "1,P2,자치구 현장,1-1-10,indicator,,",
    "1,P4,시 단위 전문가,1-1-10,indicator,,",
    # round 2: only 1-1-1 asked again; P5 leaves the score empty
    "2,P1,자치구 현장,1-1-1,indicator,예,4",
    "2,P2,자치구 현장,1-1-1,indicator,예,4",
    "2,P3,자치구 현장,1-1-1,indicator,예,4",
    "2,P4,시 단위 전문가,1-1-1,indicator,예,4",
    "2,P5,시 단위 전문가,1-1-1,indicator,예,",
)

ITEM_KEYS = [
    "item_code",
    "item_kind",
    "round",
    "group",
    "n",
    "suitable_n",
    "suitable_share",
    "cvr",
    "ne_critical",
    "cvr_critical",
    "cvr_pass",
    "score_n",
    "mean",
    "sd",
    "median",
    "q1",
    "q3",
    "consensus",
    "convergence",
    "cv",
    "decision",
]

ALL = "all"
CITY = "시 단위 전문가"  # 시 (U+C2DC) sorts before 자 (U+C790)
DISTRICT = "자치구 현장"

# Each row as worked out by hand (weibull quartiles, exact CVR test, default rules):
# fields n, suitable_n, share, cvr, ne_crit, cvr_crit, pass, score_n, mean, sd, median,
# q1, q3, consensus, convergence, cv, decision.
# fmt: off
EXPECTED_ROWS = [
    # 1-1 (activity), round 1, all: [4,5,6,6,7]; mean 28/5; s² = (5·162 - 28²)/20 = 1.3;
    # Q1 h=1.5 -> 4.5, Q3 h=4.5 -> 6.5; consensus 1 - 2/6; convergence 1 -> revise
    ("1-1", 1, ALL, 5, None, None, None, None, None, None, 5, 5.6, math.sqrt(1.3), 6, 4.5, 6.5,
     2 / 3, 1.0, math.sqrt(1.3) / 5.6, "revise"),
    # city [6,7]: mean 6.5, s² = (.25+.25)/1 = .5; n=2: Q1 h=.75 -> 6, Q3 h=2.25 -> 7;
    # consensus 1 - 1/6.5 = 11/13
    ("1-1", 1, CITY, 2, None, None, None, None, None, None, 2, 6.5, math.sqrt(0.5), 6.5, 6, 7,
     11 / 13, 0.5, math.sqrt(0.5) / 6.5, None),
    # district [4,5,6]: mean 5, s² = (1+0+1)/2 = 1; Q1 h=1 -> 4, Q3 h=3 -> 6; 1 - 2/5 = .6
    ("1-1", 1, DISTRICT, 3, None, None, None, None, None, None, 3, 5.0, 1.0, 5, 4, 6,
     0.6, 1.0, 0.2, None),
    # 1-1-1 round 1, all: 5 of 5 yes -> CVR 1, critical 5 (P = 1/32), pass;
    # [3,4,4,4,5]: mean 4, s² = (5·82 - 400)/20 = .5; Q1 3.5, Q3 4.5; 1 - 1/4 = .75; .5 -> keep
    ("1-1-1", 1, ALL, 5, 5, 1.0, 1.0, 5, 1.0, True, 5, 4.0, math.sqrt(0.5), 4, 3.5, 4.5,
     0.75, 0.5, math.sqrt(0.5) / 4, "keep"),
    # city: 2 of 2 (N = 2: not testable); [4,5]: mean 4.5, s² = .5; Q1 4, Q3 5; 1 - 1/4.5 = 7/9
    ("1-1-1", 1, CITY, 2, 2, 1.0, 1.0, None, None, None, 2, 4.5, math.sqrt(0.5), 4.5, 4, 5,
     7 / 9, 0.5, math.sqrt(0.5) / 4.5, None),
    # district: 3 of 3; [3,4,4]: mean 11/3, s² = (3·41 - 121)/6 = 1/3; Q1 h=1 -> 3, Q3 h=3 -> 4
    ("1-1-1", 1, DISTRICT, 3, 3, 1.0, 1.0, None, None, None, 3, 11 / 3, math.sqrt(1 / 3), 4, 3, 4,
     0.75, 0.5, math.sqrt(1 / 3) / (11 / 3), None),
    # 1-1-1 round 2, all: 5 of 5 yes (P5 answered yes without a score) -> pass;
    # [4,4,4,4]: sd 0, IQR 0 -> consensus 1, convergence 0, CV 0 -> keep
    ("1-1-1", 2, ALL, 5, 5, 1.0, 1.0, 5, 1.0, True, 4, 4.0, 0.0, 4, 4, 4,
     1.0, 0.0, 0.0, "keep"),
    # city: P4 4 and P5 yes only -> one score: sd and CV undefined
    ("1-1-1", 2, CITY, 2, 2, 1.0, 1.0, None, None, None, 1, 4.0, None, 4, 4, 4,
     1.0, 0.0, None, None),
    ("1-1-1", 2, DISTRICT, 3, 3, 1.0, 1.0, None, None, None, 3, 4.0, 0.0, 4, 4, 4,
     1.0, 0.0, 0.0, None),
    # 1-1-2, all: 4 of 5 yes -> share .8, CVR (4-2.5)/2.5 = .6 < 1 (critical 5) -> drop
    ("1-1-2", 1, ALL, 5, 4, 0.8, 0.6, 5, 1.0, False, 5, 6.0, 0.0, 6, 6, 6,
     1.0, 0.0, 0.0, "drop"),
    # city: 1 of 2 -> share .5, CVR (1-1)/1 = 0
    ("1-1-2", 1, CITY, 2, 1, 0.5, 0.0, None, None, None, 2, 6.0, 0.0, 6, 6, 6,
     1.0, 0.0, 0.0, None),
    ("1-1-2", 1, DISTRICT, 3, 3, 1.0, 1.0, None, None, None, 3, 6.0, 0.0, 6, 6, 6,
     1.0, 0.0, 0.0, None),
    # 1-1-10 (after 1-1-2 in natural order), all: P1 only (P2, P4 blank rows) -> n 1;
    # 1 of 1: CVR 1 but not testable; one score -> CV undefined -> revise
    ("1-1-10", 1, ALL, 1, 1, 1.0, 1.0, None, None, None, 1, 5.0, None, 5, 5, 5,
     1.0, 0.0, None, "revise"),
    # city: P4's blank row only -> nothing answered
    ("1-1-10", 1, CITY, 0, 0, None, None, None, None, None, 0, None, None, None, None, None,
     None, None, None, None),
    ("1-1-10", 1, DISTRICT, 1, 1, 1.0, 1.0, None, None, None, 1, 5.0, None, 5, 5, 5,
     1.0, 0.0, None, None),
]
# fmt: on


def _expected_item(row):
    code, round_, group, *values = row
    kind = "activity" if code == "1-1" else "indicator"
    return dict(zip(ITEM_KEYS, [code, kind, round_, group, *values], strict=True))


def test_analyse_by_hand():
    result = analyse(read_responses(STUDY.encode("cp949")))
    assert result["quartile_method"] == "weibull"
    assert result["critical_method"] == "exact"
    assert result["rules"] == DecisionRules().to_dict()
    assert [list(item) for item in result["items"]] == [ITEM_KEYS] * len(EXPECTED_ROWS)
    assert len(result["items"]) == len(EXPECTED_ROWS)
    for got, row in zip(result["items"], EXPECTED_ROWS, strict=True):
        expected = _expected_item(row)
        for key in ITEM_KEYS:
            if expected[key] is None or isinstance(expected[key], bool):
                assert got[key] is expected[key], (row[:3], key)
            elif isinstance(expected[key], float):
                assert got[key] == pytest.approx(expected[key]), (row[:3], key)
            else:
                assert got[key] == expected[key], (row[:3], key)


def test_stability_by_hand():
    result = analyse(read_responses(STUDY))
    # 1-1-1 round 1 -> 2: CV √.5/4 = .1768 -> 0; relative |0 - .1768|/.1768 = 1;
    # scored in both rounds: P1-P4 (P5 has no round-2 score); changed: P1 3 -> 4
    assert result["stability"] == [
        {
            "item_code": "1-1-1",
            "item_kind": "indicator",
            "round_from": 1,
            "round_to": 2,
            "cv_from": pytest.approx(math.sqrt(0.5) / 4),
            "cv_to": 0.0,
            "cv_change": pytest.approx(-math.sqrt(0.5) / 4),
            "cv_relative_change": pytest.approx(1.0),
            "panellists_in_both": 4,
            "score_changed_n": 1,
            "score_changed_share": 0.25,  # 1/4
        }
    ]


def test_analyse_is_json_able_and_unrounded():
    result = analyse(read_responses(STUDY))
    text = json.dumps(result, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == result
    first = result["items"][0]
    assert first["consensus"] == 2 / 3  # 0.666..., not 0.67


@pytest.mark.parametrize(
    ("method", "decision", "q1", "q3"),
    [
        # 1-1, all: [4,5,6,6,7]
        ("weibull", "revise", 4.5, 6.5),  # consensus .667, convergence 1
        ("linear", "keep", 5, 6),  # h = 2 and 4: consensus 1 - 1/6 = .833, convergence .5
        ("tukey", "keep", 5, 6),  # halves [4,5,6], [6,6,7]
    ],
)
def test_quartile_method_changes_the_decision_in_analyse(method, decision, q1, q3):
    result = analyse(read_responses(STUDY), quartile_method=method)
    first = result["items"][0]
    assert (first["item_code"], first["group"]) == ("1-1", "all")
    assert (first["q1"], first["q3"], first["decision"]) == (q1, q3, decision)
    assert result["quartile_method"] == method


def test_lawshe_table_in_analyse():
    result = analyse(read_responses(STUDY), critical_method="lawshe1975")
    row = result["items"][3]  # 1-1-1, round 1, all: N = 5 -> Lawshe .99
    assert (row["item_code"], row["round"], row["group"]) == ("1-1-1", 1, "all")
    assert row["cvr_critical"] == 0.99
    assert row["ne_critical"] == 5  # ⌈5 × 1.99/2⌉ = ⌈4.975⌉
    assert row["cvr_pass"] is True  # 5 >= 5
    assert result["critical_method"] == "lawshe1975"


def test_custom_rules_in_analyse():
    rules = DecisionRules(require_cvr_pass=False)
    result = analyse(read_responses(STUDY), rules=rules)
    decisions = {
        (i["item_code"], i["round"]): i["decision"] for i in result["items"] if i["decision"]
    }
    # 1-1-2 fails the CVR test only (scores all 6): with the rule off it is kept
    # 1-1-10 still has one score (CV undefined) -> revise
    assert decisions == {
        ("1-1", 1): "revise",
        ("1-1-1", 1): "keep",
        ("1-1-1", 2): "keep",
        ("1-1-2", 1): "keep",
        ("1-1-10", 1): "revise",
    }
    assert result["rules"]["require_cvr_pass"] is False


def test_items_sort_naturally_and_groups_after_all():
    rows = [
        DelphiResponse(1, "P1", "나", code, "activity", None, 4)
        for code in ["1-2-10", "1-2-9", "1-10-1", "1-2-1"]
    ] + [DelphiResponse(1, "P2", "가", "1-2-9", "activity", None, 5)]
    result = analyse(rows)
    assert [(i["item_code"], i["group"]) for i in result["items"]] == [
        ("1-2-1", "all"),
        ("1-2-1", "나"),
        ("1-2-9", "all"),
        ("1-2-9", "가"),
        ("1-2-9", "나"),
        ("1-2-10", "all"),
        ("1-2-10", "나"),
        ("1-10-1", "all"),
        ("1-10-1", "나"),
    ]


def test_panellists_without_group_count_in_all_only():
    rows = [
        DelphiResponse(1, "P1", "", "1", "activity", None, 4),
        DelphiResponse(1, "P2", "g", "1", "activity", None, 6),
    ]
    items = analyse(rows)["items"]
    assert [(i["group"], i["n"], i["mean"]) for i in items] == [("all", 2, 5.0), ("g", 1, 6.0)]


def test_stability_skips_missing_rounds_and_uses_consecutive_ones():
    rows = [
        DelphiResponse(1, "P1", "g", "1", "activity", None, 4),
        DelphiResponse(3, "P1", "g", "1", "activity", None, 4),
    ]
    (only,) = analyse(rows)["stability"]
    # rounds 1 and 3 are consecutive for this item; one score each: CV undefined
    assert (only["round_from"], only["round_to"]) == (1, 3)
    assert only["cv_change"] is None
    assert (only["panellists_in_both"], only["score_changed_n"]) == (1, 0)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                DelphiResponse(1, "P1", "g", "1", "activity", None, 4),
                DelphiResponse(1, "P1", "g", "1", "activity", None, 5),
            ],
            "두 번",
        ),
        (
            [
                DelphiResponse(1, "P1", "g", "1", "activity", None, 4),
                DelphiResponse(2, "P1", "g", "1", "indicator", True, 5),
            ],
            "종류",
        ),
    ],
)
def test_analyse_rejects_invalid_responses(rows, message):
    with pytest.raises(ValueError, match=message):
        analyse(rows)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"quartile_method": "type9"}, "사분위수"), ({"critical_method": "x"}, "CVR 임계값")],
)
def test_analyse_rejects_unknown_methods(kwargs, message):
    with pytest.raises(ValueError, match=message):
        analyse([], **kwargs)


def test_analyse_of_nothing():
    assert analyse([])["items"] == []


# ---------------------------------------------------------------------------
# Benchmark helper
# ---------------------------------------------------------------------------


def test_synthetic_file_is_deterministic_and_valid():
    text = synthetic_response_csv(items=6, panellists=4, rounds=2, seed=3)
    assert text == synthetic_response_csv(items=6, panellists=4, rounds=2, seed=3)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert len(read_responses(text)) == 6 * 4 * 2  # items × panellists × rounds


def test_bench_runs_on_a_small_size():
    figures = bench_delphi(items=10, panellists=12, rounds=2, seed=3, repeats=1)
    assert figures["answer_rows"] == 10 * 12 * 2  # 240
    assert figures["result_rows"] == 10 * 2 * 3  # items × rounds × (all + 2 groups) = 60
    assert figures["repeats"] == 1
    assert figures["parse_s"] >= 0
    assert figures["analyse_s"] >= 0
    assert figures["total_s"] == pytest.approx(figures["parse_s"] + figures["analyse_s"])


def test_an_unclosed_quote_is_reported_in_korean_and_stops_reading():
    text = _csv("1,P1,g,1-1,activity,,9", '1,P2,g,"1-2' + "x" * 200_000)
    with pytest.raises(UnreadableResponseFile) as caught:
        read_responses(text)
    errors = caught.value.errors
    assert [(e.row, e.column) for e in errors] == [(2, "score"), (3, None)]  # the row read before is kept
    assert errors[-1].reason.startswith("CSV 형식 오류: 칸 하나가 너무 깁니다")
    assert "(field larger than field limit" in errors[-1].reason  # the technical detail, in parentheses
    with pytest.raises(UnreadableResponseFile) as caught:
        read_responses('"' + "x" * 200_000)  # in the header
    assert caught.value.errors[0].row == 1 and "칸 하나가 너무 깁니다" in caught.value.errors[0].reason
    with pytest.raises(UnreadableResponseFile):
        decode_response_file(b"round\x80,panellist\n")
    assert issubclass(UnreadableResponseFile, ResponseFileError)
