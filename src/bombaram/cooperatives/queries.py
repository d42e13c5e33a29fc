"""Reads for cooperatives' share registers (permission-checked getters)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404

from bombaram.cooperatives.choices import MemberKind
from bombaram.cooperatives.models import Cooperative, CreditAccount, CreditEntry, Member, ShareEvent
from bombaram.cooperatives.services import core_events
from bombaram.core import share_register as sr
from bombaram.web.permissions import can_keep_share_register, check


def cooperatives_for_user(user) -> list[Cooperative]:
    """The registers ``user`` keeps: their own cooperative's, or those of the districts they administer."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Cooperative.objects.select_related("organisation__district").order_by("organisation__name")
    return [c for c in rows if can_keep_share_register(user, c)]


def get_cooperative_for_user(user, pk: int) -> Cooperative:
    cooperative = get_object_or_404(Cooperative.objects.select_related("organisation__district"), pk=pk)
    check(can_keep_share_register(user, cooperative))
    return cooperative


def register(cooperative: Cooperative, as_of: dt.date) -> tuple[sr.Register, dict[int, Member]]:
    """The register on ``as_of`` (core.share_register) and the members by id."""
    events, kinds = core_events(cooperative)
    result = sr.register_as_of(events, kinds=kinds, share_price_won=cooperative.share_price_won, as_of=as_of,
                               kind_order=MemberKind.values)
    members = {m.pk: m for m in Member.objects.filter(cooperative=cooperative)}
    return result, members


def events(cooperative: Cooperative, *, until: dt.date) -> list[ShareEvent]:
    return list(ShareEvent.objects.filter(cooperative=cooperative, day__lte=until)
                .select_related("member", "counterparty").order_by("-day", "-id"))


def kind_label(kind: str) -> str:
    return str(MemberKind(kind).label) if kind in MemberKind.values else kind


def credit_accounts(cooperative: Cooperative) -> list[CreditAccount]:
    return list(CreditAccount.objects.filter(member__cooperative=cooperative).select_related("member")
                .order_by("member__number"))


def statement(account: CreditAccount) -> list[CreditEntry]:
    """The account's entries, newest first, each with its transfer and the other side's member."""
    return list(account.entries.select_related("transfer__payer__member", "transfer__payee__member").order_by("-id"))


def survey_results(survey) -> tuple[int, list]:
    """(n, rows of core.surveys.tally in the questionnaire's order, each with the answers by source)."""
    from django.db.models import Count

    from bombaram.core.surveys import tally

    labels = list(survey.choices.order_by("order", "id").values_list("label", flat=True))
    counts = dict(survey.answers.values("choice__label").annotate(n=Count("id")).values_list("choice__label", "n"))
    return tally(labels, [label for label, n in counts.items() for _ in range(n)])
