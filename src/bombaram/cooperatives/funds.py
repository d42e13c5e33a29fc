"""Writes of local funds (지역기금): the fund, pledges and contributions by contributor kind, contributions
raised through the programme ledger (linked, not typed again), grants and loans to registry organisations,
repayments. Each write replays the fund's movements through core.local_funds (a back-dated grant that would
overdraw the fund later is refused too), checks the user's scope and is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import ContributionKind, FundUseKind
from bombaram.cooperatives.models import FundContribution, FundRepayment, FundUse, LocalFund
from bombaram.core import local_funds as core
from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.permissions import can_keep_local_fund, check, has_role


def fund_messages() -> dict[str, str]:
    return {
        "overdrawn": _("The fund would not hold enough money for this on that date."),
        "overrepaid": _("The repayment is more than is still owed on the loan."),
        "not_a_loan": _("Repayments can only be made on a loan."),
        "not_positive": _("Enter an amount of more than zero won."),
        "unknown_kind": _("Unknown kind of movement."),
    }


def movements(fund: LocalFund, extra: list[core.Movement] = ()) -> list[core.Movement]:
    """The fund's money movements as core inputs: contributions received (a linked ledger record's amount),
    grants, loans and repayments; pledges are not money and are left out."""
    rows: list[core.Movement] = []
    for c in (FundContribution.objects.filter(fund=fund, kind=ContributionKind.PAID)
              .select_related("ledger_record").order_by("day", "id")):
        if c.ledger_record_id is not None and c.ledger_record.status != "approved":
            continue  # a ledger record reopened after linking counts again once approved again
        rows.append(core.Movement(c.day, core.CONTRIBUTION, c.amount, seq=c.pk))
    for u in FundUse.objects.filter(fund=fund).order_by("day", "id"):
        rows.append(core.Movement(u.day, core.GRANT if u.kind == FundUseKind.GRANT else core.LOAN, u.amount_won,
                                  loan=u.pk, seq=u.pk))
    for r in FundRepayment.objects.filter(loan__fund=fund).order_by("day", "id"):
        rows.append(core.Movement(r.day, core.REPAYMENT, r.amount_won, loan=r.loan_id, seq=r.pk))
    return rows + list(extra)


def _validate(fund: LocalFund, new: core.Movement) -> None:
    try:
        core.balance(movements(fund, [new]), as_of=new.day)
    except core.FundError as error:
        day = error.movement.day if error.movement is not None else new.day
        raise ValidationError(_("%(date)s: %(problem)s") % {"date": date_format(day, "Y-m-d"),
                                                             "problem": fund_messages()[error.code]}) from error


def _lock(fund: LocalFund) -> LocalFund:
    """Writers to one fund queue on its row, so two concurrent uses are checked one after the other."""
    return LocalFund.objects.select_for_update().get(pk=fund.pk)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def open_local_fund(*, user, name: str, district, team=None, opened_on: dt.date, note: str = "") -> LocalFund:
    check(has_role(user, Role.CENTRE_ADMIN, district=district))
    if team is not None and team.district_id != district.pk:
        raise ValidationError(_("The programme team is not in that district."))
    if not name.strip():
        raise ValidationError(_("Enter the fund's name."))
    fund = LocalFund.objects.create(name=name.strip(), district=district, team=team, opened_on=opened_on, note=note)
    audit.record("cooperatives.fund.opened", actor=user, obj=fund, district=district.code,
                 team=team.pk if team else None)
    return fund


@transaction.atomic
def record_contribution(*, user, fund: LocalFund, kind: str, day: dt.date, contributor: str, contributor_kind: str,
                        amount_won: int) -> FundContribution:
    """A pledge (약정) or a contribution received (납입)."""
    check(can_keep_local_fund(user, fund))
    fund = _lock(fund)
    if not contributor.strip():
        raise ValidationError(_("Enter the contributor."))
    if amount_won <= 0:
        raise ValidationError(fund_messages()["not_positive"])
    if day < fund.opened_on:
        raise ValidationError(_("The date cannot be before the fund was opened."))
    contribution = FundContribution.objects.create(fund=fund, kind=kind, day=day, contributor=contributor.strip(),
                                                   contributor_kind=contributor_kind, amount_won=amount_won,
                                                   recorded_by=_user(user))
    audit.record(f"cooperatives.fund.{kind}", actor=user, obj=contribution, fund=fund.pk, day=day.isoformat(),
                 contributor_kind=contributor_kind, amount_won=amount_won)
    return contribution


def unlinked_ledger_records(fund: LocalFund):
    """The approved 'fund' records of the fund's programme team not linked to a contribution yet."""
    from bombaram.programmes.models import LedgerRecord

    if fund.team_id is None:
        return LedgerRecord.objects.none()
    return (LedgerRecord.objects.filter(team_id=fund.team_id, kind="fund", status="approved",
                                        fund_contribution__isnull=True).order_by("date", "pk"))


@transaction.atomic
def link_ledger_record(*, user, fund: LocalFund, record, contributor: str, contributor_kind: str) -> FundContribution:
    """A contribution raised through the programme ledger: it points at the approved ledger record and keeps
    no amount of its own, so the ledger's roll-up and the fund read one figure."""
    check(can_keep_local_fund(user, fund))
    fund = _lock(fund)
    return link_record(actor=user, fund=fund, record=record, contributor=contributor, contributor_kind=contributor_kind)


def link_record(*, actor, fund: LocalFund, record, contributor: str, contributor_kind: str) -> FundContribution:
    """``link_ledger_record`` without the permission check (the demo loader)."""
    if not unlinked_ledger_records(fund).filter(pk=record.pk).exists():
        raise ValidationError(_("Choose an approved fund record of the fund's programme team that is not linked yet."))
    contribution = FundContribution.objects.create(fund=fund, kind=ContributionKind.PAID, day=record.date,
                                                   contributor=contributor.strip() or record.title,
                                                   contributor_kind=contributor_kind, ledger_record=record,
                                                   recorded_by=_user(actor))
    audit.record("cooperatives.fund.ledger_linked", actor=actor, obj=contribution, fund=fund.pk, record=record.pk,
                 amount_won=record.amount_won)
    return contribution


@transaction.atomic
def record_fund_use(*, user, fund: LocalFund, kind: str, day: dt.date, organisation, amount_won: int,
                    purpose: str = "") -> FundUse:
    """A grant (지원) or a loan (융자) to a registry organisation, refused when the fund would not hold it."""
    check(can_keep_local_fund(user, fund))
    fund = _lock(fund)
    if kind not in FundUseKind.values:
        raise ValidationError(fund_messages()["unknown_kind"])
    _validate(fund, core.Movement(day, core.GRANT if kind == FundUseKind.GRANT else core.LOAN, amount_won,
                                  loan="new", seq=10**12))
    use = FundUse.objects.create(fund=fund, kind=kind, day=day, organisation=organisation, amount_won=amount_won,
                                 purpose=purpose.strip(), recorded_by=_user(user))
    audit.record(f"cooperatives.fund.{kind}", actor=user, obj=use, fund=fund.pk, day=day.isoformat(),
                 organisation=organisation.pk, amount_won=amount_won)
    return use


@transaction.atomic
def record_repayment(*, user, loan: FundUse, day: dt.date, amount_won: int) -> FundRepayment:
    fund = loan.fund
    check(can_keep_local_fund(user, fund))
    fund = _lock(fund)
    if loan.kind != FundUseKind.LOAN:
        raise ValidationError(fund_messages()["not_a_loan"])
    _validate(fund, core.Movement(day, core.REPAYMENT, amount_won, loan=loan.pk, seq=10**12))
    repayment = FundRepayment.objects.create(loan=loan, day=day, amount_won=amount_won, recorded_by=_user(user))
    audit.record("cooperatives.fund.repayment", actor=user, obj=repayment, fund=fund.pk, loan=loan.pk,
                 day=day.isoformat(), amount_won=amount_won)
    return repayment
