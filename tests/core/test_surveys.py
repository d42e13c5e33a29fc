import pytest

from bombaram.core.surveys import counts_for_share, tally


def test_doksan_parent_survey_count_is_the_only_one_printing_64_75():
    assert counts_for_share(278, 64.75) == [180]
    n, rows = tally(["찬성", "반대"], ["찬성"] * 180 + ["반대"] * 98)
    assert n == 278
    assert [(r.choice, r.count, round(r.share_pct, 2)) for r in rows] == [("찬성", 180, 64.75), ("반대", 98, 35.25)]


@pytest.mark.parametrize(("answers", "n", "expected"), [
    ([], 0, [("a", 0, None), ("b", 0, None)]),
    (["a", None, "b", "a"], 3, [("a", 2, 200 / 3), ("b", 1, 100 / 3)]),   # a blank answer is not counted
    (["b"], 1, [("a", 0, 0.0), ("b", 1, 100.0)]),
])
def test_tally(answers, n, expected):
    got_n, rows = tally(["a", "b"], answers)
    assert got_n == n
    assert [(r.choice, r.count, r.share_pct) for r in rows] == [
        (c, k, pytest.approx(s) if s is not None else None) for c, k, s in expected]


def test_unknown_answer_is_refused():
    with pytest.raises(ValueError):
        tally(["a"], ["z"])
