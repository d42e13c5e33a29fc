"""The founding assembly's quorum and votes (협동조합 기본법 제15조·제85조 제3항), checked by hand."""

import pytest

from bombaram.core.founding import FoundingError, Pledges, decide, pledged


@pytest.mark.parametrize(("consenting", "present", "votes_for", "quorate", "carried"), [
    # 512 consenting members: more than half is 257 (256 is exactly half, not more)
    (512, 256, 256, False, False),
    (512, 257, 172, True, True),    # 2/3 of 257 = 171.33…, so 172 votes carry (3·172 = 516 ≥ 514)
    (512, 257, 171, True, False),   # 3·171 = 513 < 514
    (512, 300, 200, True, True),    # exactly two thirds: 3·200 = 600 = 2·300
    (512, 300, 199, True, False),
    (5, 3, 2, True, True),          # the smallest founding: 5 founders, 3 present, 2 for
    (5, 2, 2, False, False),        # 2 of 5 is not a majority
    (0, 0, 0, False, False),        # nobody consented: nothing can be decided
])
def test_decide_applies_majority_present_and_two_thirds_of_present(consenting, present, votes_for, quorate, carried):
    vote = decide(consenting=consenting, present=present, votes_for=votes_for)
    assert (vote.quorate, vote.carried) == (quorate, carried)


def test_needed_counts_are_the_smallest_that_pass():
    vote = decide(consenting=512, present=257, votes_for=172)
    assert vote.quorum_needed == 257 and vote.votes_needed == 172
    assert decide(consenting=511, present=256, votes_for=0).quorum_needed == 256  # 511/2 = 255.5


@pytest.mark.parametrize(("present", "votes_for", "votes_against", "code"), [
    (513, 0, 0, "more_present_than_consenting"),
    (300, 250, 51, "more_votes_than_present"),
    (-1, 0, 0, "negative"),
])
def test_inconsistent_counts_are_refused(present, votes_for, votes_against, code):
    with pytest.raises(FoundingError) as error:
        decide(consenting=512, present=present, votes_for=votes_for, votes_against=votes_against)
    assert error.value.code == code


def test_pledges_sum_shares_times_price():
    # 3 members pledging 2, 5 and 1 shares of 10,000 won: 8 shares, 80,000 won
    assert pledged([2, 5, 1], share_price_won=10_000) == Pledges(members=3, shares=8, capital_won=80_000)
    with pytest.raises(FoundingError):
        pledged([2, 0], share_price_won=10_000)
