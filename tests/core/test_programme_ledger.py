"""core.programme_ledger: record kinds, validation with Korean messages, the file row format, the roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bombaram.core.programme_ledger import (
    KIND_MEASURES,
    KINDS,
    Kind,
    LedgerEntry,
    LedgerError,
    Participant,
    RollupRecord,
    entry_to_cells,
    format_organisation,
    parse_cells,
    parse_organisation,
    participant_key,
    rollup,
    validate_entry,
)
from bombaram.core.programme_measures import BY_CODE, How

DAY = dt.date(2013, 5, 1)


def test_every_measure_has_one_rule_and_distinct_rules_are_distinct_measures():
    assert set(KIND_MEASURES) == set(BY_CODE)
    for code, (_kinds, what) in KIND_MEASURES.items():
        assert what.startswith("distinct") == (BY_CODE[code].how is How.DISTINCT), code


@pytest.mark.parametrize(("entry", "field", "words"), [
    (LedgerEntry(Kind.EDUCATION, DAY, "강좌", trainees={"youth": 5}), "hours", "시간"),
    (LedgerEntry(Kind.EDUCATION, DAY, "강좌", hours=Decimal(3)), "trainees", "교육생"),
    (LedgerEntry(Kind.MARKET, DAY, "장터"), "place", "장소"),
    (LedgerEntry(Kind.MARKET, DAY, "장터", place="광장", hours=Decimal(2)), "hours", "적지 않습니다"),
    (LedgerEntry(Kind.FUND, DAY, "기금"), "amount_won", "금액"),
    (LedgerEntry(Kind.SPACE, DAY, "사무실"), "given_by_district", "자치구 제공"),
    (LedgerEntry(Kind.IDEA_TEAM, DAY, "팀", stage="growth"), "stage", "신청, 선정, 보육, 창업"),
    (LedgerEntry(Kind.IDEA_TEAM, DAY, "팀", stage="chosen", organisation_id=3), "organisation", "창업한 팀만"),
    (LedgerEntry(Kind.STUDY_GROUP, DAY, "", persons=3), "title", "이름"),
    (LedgerEntry(Kind.EDUCATION, DAY, "강좌", hours=Decimal("1.25"), trainees={"adult": 1}), "hours", "한 자리"),
    (LedgerEntry(Kind.MARKET, DAY, "장터", place="광장", visitors=-1), "visitors", "0 이상"),
    (LedgerEntry(Kind.MARKET, DAY, "장터", place="광장",
                 participants=[Participant("가", 1), Participant("가 #1", 1)]), "participants", "두 번"),
])
def test_validation_names_the_field_in_korean(entry, field, words):
    with pytest.raises(LedgerError) as error:
        validate_entry(entry)
    assert field in error.value.errors
    assert words in error.value.errors[field]


def test_education_persons_are_the_sum_of_its_target_groups():
    entry = validate_entry(LedgerEntry(Kind.EDUCATION, DAY, "아카데미", hours=Decimal("4.5"),
                                       trainees={"youth": 3, "resident": 7, "adult": 0}))
    assert entry.persons == 10
    assert entry.trainees == {"youth": 3, "resident": 7}


def test_every_kind_accepts_a_record_with_its_required_fields():
    values = {"hours": Decimal(2), "trainees": {"adult": 2}, "stage": "founded", "persons": 4, "place": "광장",
              "amount_won": 1000, "given_by_district": True}
    for kind, spec in KINDS.items():
        entry = LedgerEntry(kind, DAY, "이름")
        for name in spec.required:
            value = values[name]
            if name == "stage":
                value = "founded" if kind is Kind.IDEA_TEAM else "early"
            setattr(entry, name, value)
        validate_entry(entry)


def test_organisation_is_written_with_its_number_and_read_back():
    assert format_organisation("성북 나눔 협동조합", 12) == "성북 나눔 협동조합 #12"
    assert parse_organisation("성북 나눔 협동조합 #12") == ("성북 나눔 협동조합", 12)
    assert parse_organisation("등록 안 된 모임") == ("등록 안 된 모임", None)
    assert parse_organisation("#12") == ("#12", None)
    assert participant_key(None, " 성북  모임 ") == participant_key(None, "성북 모임")
    assert participant_key(5, "아무 이름") == "o:5"


def test_a_row_round_trips_through_the_file_format():
    from bombaram.core.programme_ledger import COLUMNS

    entry = LedgerEntry(Kind.MARKET, DAY, "나눔장터", place="구청 광장", visitors=1200, amount_won=3_500_000,
                        participants=[Participant("가 협동조합", 7), Participant("동네 공방")], note="비 옴",
                        ref="000042")
    cells = entry_to_cells(entry, status="승인")
    row = {code: ("" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)))
           for (code, _label), v in zip(COLUMNS, cells, strict=True)}
    back, errors = parse_cells(row)
    assert errors == {}
    assert back == entry


@pytest.mark.parametrize(("cells", "column", "words"), [
    ({"kind": "장보기", "date": "2013-05-01", "title": "x"}, "kind", "종류는"),
    ({"kind": "장터·박람회", "date": "2013-02-30", "title": "x", "place": "p"}, "date", "날짜"),
    ({"kind": "장터·박람회", "date": "2013-05-01", "title": "x", "place": "p", "visitors": "많음"}, "visitors", "숫자"),
    ({"kind": "교육", "date": "2013-05-01", "title": "x", "hours": "2", "trainees_adult": "3", "persons": "3"},
     "persons", "대상별"),
    ({"kind": "공간", "date": "2013-05-01", "title": "x", "given_by_district": "아마"}, "given_by_district", "예"),
    ({"kind": "아이디어팀", "date": "2013-05-01", "title": "x", "stage": "창업", "organisation": "가게"},
     "organisation", "이름 #번호"),
])
def test_bad_cells_give_a_korean_message_for_their_column(cells, column, words):
    entry, errors = parse_cells(cells)
    assert entry is None
    assert words in errors[column]


def test_rollup_counts_an_organisation_in_three_markets_once():
    # Hand calculation: 3 markets; org o:1 in all three, o:2 in two, the unregistered "n:공방" in one.
    # participating enterprises (distinct) = 3; participations = 3 + 2 + 1 = 6; visitors 100 + 200 + 300 = 600.
    records = [
        RollupRecord(1, Kind.MARKET, visitors=100, amount_won=10, participant_keys=["o:1", "o:2"]),
        RollupRecord(1, Kind.MARKET, visitors=200, participant_keys=["o:1", "o:2", "n:공방"]),
        RollupRecord(2, Kind.MARKET, visitors=300, amount_won=5, participant_keys=["o:1"]),
        RollupRecord(2, Kind.EDUCATION, hours=Decimal("2.5"), persons=12),
        RollupRecord(2, Kind.EDUCATION, hours=Decimal("1.5"), persons=8),
        RollupRecord(1, Kind.SPACE, given_by_district=True),
        RollupRecord(1, Kind.SPACE, given_by_district=True),
        RollupRecord(2, Kind.SPACE, given_by_district=False),
        RollupRecord(3, Kind.AGENDA_WORKSHOP, proposals=2, participant_keys=["n:구청"]),
        RollupRecord(3, Kind.AGENDA_NETWORK, participant_keys=["n:구청", "n:복지관"]),
    ]
    m = rollup(records)
    assert m["markets_and_fairs_held"] == 3
    assert m["participating_enterprises"] == 3
    assert m["market_participations"] == 6
    assert m["market_visitors"] == 600
    assert m["market_sales"] == 15
    assert m["education_hours"] == 4 and isinstance(m["education_hours"], int)
    assert m["education_trainees"] == 20
    assert m["teams_given_office_space_by_district"] == 1  # team 1 twice is one team; team 2 was not given one
    assert m["agenda_participating_institutions"] == 2  # 구청 in a workshop and a network is one institution
    assert m["agenda_workshops"] == 1 and m["agenda_networks"] == 1 and m["agenda_proposals"] == 2
    assert m["local_fund_raised"] == 0
