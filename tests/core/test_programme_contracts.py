"""The sunset rule (일몰제) of the programme teams' contracts, worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from bombaram.core.programme_contracts import (
    RULE_KO,
    Action,
    Evaluation,
    Quarter,
    Term,
    check_new_contract,
    one_year_end,
    parse_quarter,
    quarter_actions,
    quarter_of,
    sunset_status,
)

D = dt.date
P, F, N = Evaluation.PASSED, Evaluation.FAILED, Evaluation.PENDING
Y1 = Term(D(2012, 7, 1), D(2013, 6, 30), P, D(2013, 6, 15))
Y2 = Term(D(2013, 7, 1), D(2014, 6, 30), P, D(2014, 6, 15))
Y3 = Term(D(2014, 7, 1), D(2015, 6, 30), N, D(2015, 6, 15))


@pytest.mark.parametrize(("existing", "start", "end", "expected"), [
    # the first contract: one year, 2012-07-01 … 2013-06-30 (the day before the anniversary)
    ([], D(2012, 7, 1), D(2013, 6, 30), []),
    # a shorter first year (1차 began in July, the 3차 in June): allowed
    ([], D(2013, 6, 1), D(2013, 12, 31), []),
    # one day more than a year: refused, the rule quoted
    ([], D(2012, 7, 1), D(2013, 7, 1), ["1년을 넘을 수 없습니다"]),
    # a leap day start: one year ends 2013-02-28
    ([], D(2012, 2, 29), D(2013, 3, 1), ["1년을 넘을 수 없습니다"]),
    ([], D(2012, 2, 29), D(2013, 2, 28), []),
    # end before start
    ([], D(2013, 1, 2), D(2013, 1, 1), ["앞설 수 없습니다"]),
    # first extension after a passed evaluation
    ([Y1], D(2013, 7, 1), D(2014, 6, 30), []),
    # second extension
    ([Y1, Y2], D(2014, 7, 1), D(2015, 6, 30), []),
    # a fourth contract: refused whatever the evaluation
    ([Y1, Y2, Term(D(2014, 7, 1), D(2015, 6, 30), P)], D(2015, 7, 1), D(2016, 6, 30), ["네 번째 협약"]),
    # extension without an evaluation of the previous contract
    ([Term(D(2012, 7, 1), D(2013, 6, 30))], D(2013, 7, 1), D(2014, 6, 30), ["평가 결과가 아직 없습니다"]),
    # extension after a failed evaluation
    ([Term(D(2012, 7, 1), D(2013, 6, 30), F)], D(2013, 7, 1), D(2014, 6, 30), ["평가를 통과하지 못했습니다"]),
    # overlapping the previous contract by one day (the previous ends 2013-06-30)
    ([Y1], D(2013, 6, 30), D(2014, 6, 29), ["겹칩니다"]),
    # a contract before the latest one (filling a gap is not an extension)
    ([Term(D(2013, 7, 1), D(2014, 6, 30), P)], D(2012, 7, 1), D(2013, 6, 30), ["뒤에 시작해야"]),
])
def test_check_new_contract(existing, start, end, expected):
    errors = check_new_contract(existing, start, end)
    assert len(errors) == len(expected), errors
    for error, fragment in zip(errors, expected, strict=True):
        assert fragment in error
    refusals_that_quote = [e for e in errors if "1년" in e or "네 번째" in e or "연장할 수 있습니다" in e]
    assert all(RULE_KO in e for e in refusals_that_quote)


def test_rule_is_quoted_in_korean():
    assert "최대 2회" in RULE_KO and "최장 3년" in RULE_KO and "1년 단위" in RULE_KO


@pytest.mark.parametrize(("start", "end"), [
    (D(2012, 7, 1), D(2013, 6, 30)), (D(2012, 11, 1), D(2013, 10, 31)), (D(2012, 2, 29), D(2013, 2, 28)),
    (D(2013, 1, 1), D(2013, 12, 31)),
])
def test_one_year_end(start, end):
    assert one_year_end(start) == end


@pytest.mark.parametrize(("terms", "as_of", "year", "next_evaluation", "left", "ended"), [
    ([], D(2013, 1, 1), None, None, 2, False),
    ([Y1], D(2012, 7, 1), 1, None, 2, False),
    ([Term(D(2012, 7, 1), D(2013, 6, 30), N, D(2013, 5, 20))], D(2013, 1, 1), 1, D(2013, 5, 20), 2, False),
    ([Y1, Y2], D(2014, 1, 1), 2, None, 1, False),
    ([Y1, Y2, Y3], D(2015, 1, 1), 3, D(2015, 6, 15), 0, False),
    # after the third contract: ended, no year running
    ([Y1, Y2, Y3], D(2015, 7, 1), None, D(2015, 6, 15), 0, True),
    # a failed evaluation ends the programme once the contract is over
    ([Term(D(2012, 7, 1), D(2013, 6, 30), F)], D(2013, 7, 1), None, None, 0, True),
    # between contracts (the extension not yet signed): not ended
    ([Y1], D(2013, 7, 15), None, None, 2, False),
])
def test_sunset_status(terms, as_of, year, next_evaluation, left, ended):
    status = sunset_status(terms, as_of)
    assert (status.year, status.next_evaluation, status.extensions_left, status.ended) == (year, next_evaluation, left, ended)
    assert status.of == 3
    assert status.contracts == len(terms)


@pytest.mark.parametrize(("terms", "quarter", "actions"), [
    # Y1 evaluated 2013-06-15 (pending) and ending 2013-06-30: evaluate, then extend, in 2013Q2
    ([Term(D(2012, 7, 1), D(2013, 6, 30), N, D(2013, 6, 15))], Quarter(2013, 2), [Action.EVALUATE, Action.EXTEND]),
    # the evaluation already passed: only the extension is due
    ([Y1], Quarter(2013, 2), [Action.EXTEND]),
    # nothing due in the quarter before
    ([Y1], Quarter(2013, 1), []),
    # the third contract ends in 2015Q2: evaluation pending and the programme ends
    ([Y1, Y2, Y3], Quarter(2015, 2), [Action.EVALUATE, Action.END]),
    # failed evaluation: end
    ([Term(D(2012, 11, 1), D(2013, 10, 31), F, D(2013, 10, 1))], Quarter(2013, 4), [Action.END]),
    # no evaluation date set: the contract's end quarter asks for one
    ([Term(D(2013, 6, 1), D(2013, 12, 31))], Quarter(2013, 4), [Action.EVALUATE, Action.EXTEND]),
    # evaluation date in an earlier quarter than the end
    ([Term(D(2012, 11, 1), D(2013, 10, 31), N, D(2013, 9, 20))], Quarter(2013, 3), [Action.EVALUATE]),
])
def test_quarter_actions(terms, quarter, actions):
    assert quarter_actions(terms, quarter) == actions


@pytest.mark.parametrize(("text", "quarter", "start", "end"), [
    ("2013Q2", Quarter(2013, 2), D(2013, 4, 1), D(2013, 6, 30)),
    ("2013-q4", Quarter(2013, 4), D(2013, 10, 1), D(2013, 12, 31)),
    (" 2012 Q1 ", Quarter(2012, 1), D(2012, 1, 1), D(2012, 3, 31)),
])
def test_parse_quarter(text, quarter, start, end):
    parsed = parse_quarter(text)
    assert parsed == quarter and (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize("text", ["2013Q5", "2013", "Q2", "", "99999Q1", "2013년 2분기"])
def test_parse_quarter_refuses(text):
    with pytest.raises(ValueError, match="분기"):
        parse_quarter(text)


def test_quarter_of_and_shift():
    assert quarter_of(D(2013, 6, 30)) == Quarter(2013, 2)
    assert quarter_of(D(2013, 7, 1)) == Quarter(2013, 3)
    assert Quarter(2013, 4).shifted(1) == Quarter(2014, 1)
    assert Quarter(2013, 1).shifted(-1) == Quarter(2012, 4)
    assert str(Quarter(2013, 2)) == "2013Q2" and Quarter(2013, 2).label_ko() == "2013년 2분기"


def test_target_lines_against_the_ledger_by_hand():
    from decimal import Decimal

    from bombaram.core.programme_contracts import target_lines

    lines = target_lines({"education_trainees": Decimal(300), "markets_and_fairs_held": Decimal(8),
                          "education_hours": Decimal(0), "local_fund_raised": Decimal(5_000_000)},
                         {"education_trainees": 412, "markets_and_fairs_held": 6, "education_hours": 15})
    # 412 / 300 = 137.33… → 137.3 %; 6 / 8 = 75.0 %; a zero target has no percentage; no ledger figure: None
    assert [(x.actual, x.achievement_pct, x.achieved) for x in lines] == [
        (Decimal(412), Decimal("137.3"), True), (Decimal(6), Decimal("75.0"), False),
        (Decimal(15), None, True), (None, None, None)]
    assert [x.actual for x in target_lines({"education_hours": Decimal(10)}, None)] == [None]
