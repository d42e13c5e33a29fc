"""The founding assembly's quorum and votes (창립총회 의결), pure Python.

Rule implemented — 협동조합 기본법 (Framework Act on Cooperatives) 제15조 제3항 (cooperatives) and, in the same
words, 제85조 제3항 (social cooperatives): "창립총회의 의결은 창립총회 개의 전까지 발기인에게 설립동의서를 제출한
자 과반수의 출석과 출석자 3분의 2 이상의 찬성으로 한다." So, with C the consenting members (설립동의자) who
handed in their consent before the assembly opened, P those present and Y those voting for:

* quorum:   P > C / 2            (과반수: more than half, so 2·P > C)
* carried:  Y ≥ 2/3 · P          (3분의 2 이상: at least two thirds, so 3·Y ≥ 2·P), on a quorate assembly.

Integer arithmetic only: no rounding question. The same rule applies to every resolution of the founding
assembly (정관, 사업계획, 예산, 임원 선출); the articles (정관) are the one the founding cannot do without.
Filing: a cooperative is reported (설립신고, 제15조 제1항, to the city or province), a social cooperative is
authorised (설립인가, 제85조 제1항, by the ministry in charge).
"""

from __future__ import annotations

from dataclasses import dataclass


class FoundingError(ValueError):
    """Inconsistent counts; ``code`` names the problem for the caller's message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Vote:
    consenting: int  # C: consenting members who handed in their consent before the assembly opened
    present: int  # P
    votes_for: int  # Y
    votes_against: int = 0
    quorate: bool = False
    carried: bool = False

    @property
    def quorum_needed(self) -> int:
        """The least attendance that is more than half of the consenting members: ⌊C/2⌋ + 1."""
        return self.consenting // 2 + 1

    @property
    def votes_needed(self) -> int:
        """The least number of votes that is at least two thirds of those present: ⌈2P/3⌉."""
        return -(-2 * self.present // 3)


def check_counts(*, consenting: int, present: int, votes_for: int = 0, votes_against: int = 0) -> None:
    if min(consenting, present, votes_for, votes_against) < 0:
        raise FoundingError("negative")
    if present > consenting:
        raise FoundingError("more_present_than_consenting")
    if votes_for + votes_against > present:
        raise FoundingError("more_votes_than_present")


def decide(*, consenting: int, present: int, votes_for: int, votes_against: int = 0) -> Vote:
    """The founding assembly's decision on one resolution (see the module's docstring for the rule)."""
    check_counts(consenting=consenting, present=present, votes_for=votes_for, votes_against=votes_against)
    quorate = consenting > 0 and 2 * present > consenting
    carried = quorate and 3 * votes_for >= 2 * present
    return Vote(consenting=consenting, present=present, votes_for=votes_for, votes_against=votes_against,
                quorate=quorate, carried=carried)


@dataclass(frozen=True)
class Pledges:
    members: int
    shares: int
    capital_won: int


def pledged(shares: list[int], *, share_price_won: int) -> Pledges:
    """Consenting members' pledges: members, shares (구좌) and capital = Σ shares × share price."""
    if share_price_won <= 0 or any(s <= 0 for s in shares):
        raise FoundingError("negative")
    total = sum(shares)
    return Pledges(members=len(shares), shares=total, capital_won=total * share_price_won)
