"""Reads of foundings and local funds (permission-checked getters, the fund's balance as of a date)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404

from bombaram.cooperatives.choices import ContributionKind, ContributorKind, FoundingDocumentKind
from bombaram.cooperatives.models import (
    Founding,
    FundContribution,
    FundRepayment,
    FundUse,
    LocalFund,
)
from bombaram.core import founding as core_founding
from bombaram.core import local_funds as core_funds
from bombaram.web.permissions import can_keep_founding, can_keep_local_fund, check


def foundings_for_user(user) -> list[Founding]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (Founding.objects.select_related("district", "cooperative")
            .annotate(consenting=Count("consenting_members")).order_by("-started_on", "-id"))
    return [f for f in rows if can_keep_founding(user, f)]


def get_founding_for_user(user, pk: int) -> Founding:
    founding = get_object_or_404(Founding.objects.select_related("district", "cooperative__organisation"), pk=pk)
    check(can_keep_founding(user, founding))
    return founding


def pledges(founding: Founding, *, until: dt.date | None = None) -> core_founding.Pledges:
    """Consenting members, shares pledged and capital (shares × share price), those consenting by ``until``."""
    rows = founding.consenting_members.all()
    if until is not None:
        rows = rows.filter(consented_on__lte=until)
    agg = rows.aggregate(n=Count("id"), shares=Sum("shares"))
    shares = agg["shares"] or 0
    return core_founding.Pledges(members=agg["n"], shares=shares, capital_won=shares * founding.share_price_won)


def pledges_by_kind(founding: Founding) -> list[tuple[str, int, int]]:
    """(kind, members, shares) of the consenting members."""
    return list(founding.consenting_members.values_list("kind").annotate(n=Count("id"), s=Sum("shares"))
                .order_by("kind"))


def resolutions(founding: Founding) -> list:
    """The resolutions, each with core.founding.decide's reading (the needed votes)."""
    out = []
    for r in founding.resolutions.all():
        vote = core_founding.decide(consenting=founding.assembly_consenting, present=founding.assembly_present,
                                    votes_for=r.votes_for, votes_against=r.votes_against)
        out.append((r, vote))
    return out


def current_documents(founding: Founding) -> list:
    """(kind label, newest document or None) for 정관, 사업계획, 예산."""
    newest = {}
    for d in founding.documents.order_by("kind", "-uploaded", "-id"):
        newest.setdefault(d.kind, d)
    return [(value, label, newest.get(value)) for value, label in FoundingDocumentKind.choices]


def funds_for_user(user) -> list[LocalFund]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = LocalFund.objects.select_related("district", "team").order_by("district__code", "name")
    return [f for f in rows if can_keep_local_fund(user, f)]


def get_fund_for_user(user, pk: int) -> LocalFund:
    fund = get_object_or_404(LocalFund.objects.select_related("district", "team"), pk=pk)
    check(can_keep_local_fund(user, fund))
    return fund


def fund_balance(fund: LocalFund, as_of: dt.date) -> core_funds.Balance:
    from bombaram.cooperatives.funds import movements

    return core_funds.balance(movements(fund), as_of=as_of)


def contributions_by_kind(fund: LocalFund, as_of: dt.date) -> list[tuple[str, int, int]]:
    """(contributor kind label, pledged won, received won) on ``as_of``, in the choices' order."""
    pledged: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    for c in fund.contributions.filter(day__lte=as_of).select_related("ledger_record"):
        if c.ledger_record_id is not None and c.ledger_record.status != "approved":
            continue
        (pledged if c.kind == ContributionKind.PLEDGE else paid)[c.contributor_kind] += c.amount
    return [(label, pledged[value], paid[value]) for value, label in ContributorKind.choices]


def raised_through_ledger(fund: LocalFund) -> int:
    """The fund's contributions read from the programme ledger (the ledger's 'local_fund_raised' records)."""
    return (fund.contributions.filter(ledger_record__status="approved")
            .aggregate(s=Sum("ledger_record__amount_won"))["s"] or 0)


def contributions(fund: LocalFund, as_of: dt.date) -> list[FundContribution]:
    return list(fund.contributions.filter(day__lte=as_of).select_related("ledger_record").order_by("-day", "-id"))


def uses(fund: LocalFund, as_of: dt.date) -> list[tuple[FundUse, int]]:
    """Grants and loans with, for loans, the amount repaid by ``as_of``."""
    repaid = dict(FundRepayment.objects.filter(loan__fund=fund, day__lte=as_of).values_list("loan")
                  .annotate(s=Sum("amount_won")).values_list("loan", "s"))
    rows = FundUse.objects.filter(fund=fund, day__lte=as_of).select_related("organisation").order_by("-day", "-id")
    return [(u, repaid.get(u.pk, 0)) for u in rows]


def repayments(fund: LocalFund, as_of: dt.date) -> list[FundRepayment]:
    return list(FundRepayment.objects.filter(loan__fund=fund, day__lte=as_of)
                .select_related("loan__organisation").order_by("-day", "-id"))
