"""The local-currency pilot's mutual-credit ledger on the real database: double entry, limits,
the zero-sum invariant (property-based), idempotent retries and two concurrent writers."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bombaram.cooperatives import ledger
from bombaram.cooperatives.models import CreditAccount, CreditEntry, CreditTransfer, Member
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent


def open_accounts(officer, doksan, limits):
    members = Member.objects.filter(cooperative=doksan, credit_account__isnull=True).order_by("number")[: len(limits)]
    return [ledger.open_credit_account(user=officer, member=m, credit_limit=limit) for m, limit in zip(members, limits, strict=True)]


def assert_books_balance():
    assert (CreditAccount.objects.aggregate(s=Sum("balance"))["s"] or 0) == 0
    assert (CreditEntry.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
    for account in CreditAccount.objects.all():
        assert account.balance >= -account.credit_limit
        assert account.balance == (account.entries.aggregate(s=Sum("amount"))["s"] or 0)
    for transfer in CreditTransfer.objects.prefetch_related("entries"):
        assert sorted((e.account_id, e.amount) for e in transfer.entries.all()) == sorted(
            [(transfer.payer_id, -transfer.amount), (transfer.payee_id, transfer.amount)])


def test_transfer_is_double_entry_with_statements(doksan, officer):
    a, b = open_accounts(officer, doksan, [100_000, 0])
    transfer, applied = ledger.transfer_credit(user=officer, cooperative=doksan, payer=a, payee=b, amount=30_000,
                                               idempotency_key="k1", memo="매점 물품")
    assert applied
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.balance, b.balance) == (-30_000, 30_000)
    assert [(e.amount, e.balance_after) for e in ledger_statement(a)] == [(-30_000, -30_000)]
    assert AuditEvent.objects.filter(name="cooperatives.credit.transferred").count() == 1
    assert_books_balance()


def ledger_statement(account):
    from bombaram.cooperatives.queries import statement

    return statement(account)


def test_retried_transfer_is_applied_once_and_a_reused_key_with_other_details_is_refused(doksan, officer):
    a, b = open_accounts(officer, doksan, [100_000, 0])
    first, applied = ledger.transfer_credit(user=officer, cooperative=doksan, payer=a, payee=b, amount=10_000, idempotency_key="same")
    again, applied_again = ledger.transfer_credit(user=officer, cooperative=doksan, payer=a, payee=b, amount=10_000, idempotency_key="same")
    assert applied and not applied_again and again.pk == first.pk
    with pytest.raises(ValidationError) as caught:
        ledger.transfer_credit(user=officer, cooperative=doksan, payer=a, payee=b, amount=20_000, idempotency_key="same")
    assert "다른 내용으로 이미 제출" in caught.value.messages[0]
    a.refresh_from_db()
    assert a.balance == -10_000 and CreditTransfer.objects.filter(payer=a).count() == 1


def test_over_limit_is_refused_with_a_korean_message_and_nothing_written(doksan, officer):
    a, b = open_accounts(officer, doksan, [50_000, 0])
    before = CreditTransfer.objects.count(), CreditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        ledger.transfer_credit(user=officer, cooperative=doksan, payer=a, payee=b, amount=50_001, idempotency_key="x")
    assert caught.value.messages == ["보내는 계정의 잔액이 신용 한도 아래로 내려갑니다."]
    with pytest.raises(ValidationError):
        ledger.transfer_credit(user=officer, cooperative=doksan, payer=b, payee=a, amount=1, idempotency_key="y")  # b has 0, limit 0
    assert (CreditTransfer.objects.count(), CreditEntry.objects.count()) == before
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.balance, b.balance) == (0, 0)


def test_an_officer_of_another_cooperative_cannot_transfer(doksan, officer, make_user):
    a, b = open_accounts(officer, doksan, [50_000, 0])
    stranger = make_user("stranger", Role.ORGANISATION_STAFF)
    with pytest.raises(PermissionDenied):
        ledger.transfer_credit(user=stranger, cooperative=doksan, payer=a, payee=b, amount=1, idempotency_key="z")
    assert not CreditTransfer.objects.filter(payer=a).exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_sequence_of_transfers_keeps_the_books_at_zero(doksan, officer, data):
    accounts = list(CreditAccount.objects.filter(member__cooperative=doksan).order_by("pk"))
    if not accounts:
        accounts = open_accounts(officer, doksan, [0, 10_000, 50_000, 100_000])
    steps = data.draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(-100, 60_000),
                                         st.sampled_from(["a", "b", "c", "new"])), max_size=12))
    for n, (i, j, amount, key) in enumerate(steps):
        key = f"{key}-{data.draw(st.integers(0, 3))}" if key != "new" else f"new-{CreditTransfer.objects.count()}-{n}"
        try:
            ledger.transfer_credit(user=officer, cooperative=doksan, payer=accounts[i], payee=accounts[j], amount=amount,
                                   idempotency_key=key)
        except ValidationError:
            pass
    assert_books_balance()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_create_no_money(reference, make_user):
    """Two threads, each its own database connection, transfer back and forth between the same two
    accounts at once (opposite lock orders if done naively) and double-submit the same keys."""
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives

    doksan = load_demo_cooperatives()
    officer = make_user("officer", Role.ORGANISATION_STAFF)
    doksan.officers.add(officer)
    a, b = open_accounts(officer, doksan, [5_000, 5_000])
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    outcomes: list[tuple[str, bool]] = []

    def writer(payer, payee, name):
        try:
            barrier.wait()
            for n in range(25):
                for key in (f"{name}-{n}", f"shared-{n}"):  # "shared-n" is submitted by both writers
                    p, q = (a, b) if key.startswith("shared") else (payer, payee)
                    try:
                        transfer, applied = ledger.transfer_credit(user=officer, cooperative=doksan, payer=p, payee=q,
                                                                   amount=1_000, idempotency_key=key)
                        outcomes.append((key, applied))
                    except ValidationError:
                        outcomes.append((key, False))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(a, b, "ab")), threading.Thread(target=writer, args=(b, a, "ba"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert_books_balance()
    keys = list(CreditTransfer.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys))
    shared_applied = [k for k, applied in outcomes if k.startswith("shared") and applied]
    assert len(shared_applied) == len(set(shared_applied))          # each doubled key applied by one writer only
    a.refresh_from_db(), b.refresh_from_db()
    # every applied transfer moved 1,000: a's balance is 1,000 × (received − paid)
    paid_by_a = CreditTransfer.objects.filter(payer=a).count()
    paid_by_b = CreditTransfer.objects.filter(payer=b).count()
    assert a.balance == 1_000 * (paid_by_b - paid_by_a) and a.balance + b.balance == 0
    assert a.balance >= -5_000 and b.balance >= -5_000
    assert paid_by_a + paid_by_b >= 10 and len(shared_applied) >= 1   # the writers really wrote


def test_demo_ledger_balances_and_pages(client, doksan, officer):
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives

    load_demo_cooperatives()                                   # a second load writes nothing more
    assert CreditTransfer.objects.count() == 3
    # 18 → 1: 30,000; 1 → 19: 12,000; 19 → 2: 5,000  ⇒  1: +18,000, 2: +5,000, 18: −30,000, 19: +7,000
    balances = dict(CreditAccount.objects.values_list("member__number", "balance"))
    assert balances == {1: 18_000, 2: 5_000, 18: -30_000, 19: 7_000}
    assert_books_balance()
    client.force_login(officer)
    html = client.get(f"/cooperatives/{doksan.pk}/credit/").content.decode()
    assert "잔액 합계 (언제나 0)" in html and ">-30,000<" in html
    page = client.get(f"/cooperatives/{doksan.pk}/credit/").context["transfer_form"]
    key = page.initial["idempotency_key"]
    a = CreditAccount.objects.get(member__number=1)
    b = CreditAccount.objects.get(member__number=2)
    post = {"action": "transfer", "t-idempotency_key": key, "t-payer": a.pk, "t-payee": b.pk, "t-amount": "1000", "t-memo": ""}
    assert client.post(f"/cooperatives/{doksan.pk}/credit/", post).status_code == 302
    assert client.post(f"/cooperatives/{doksan.pk}/credit/", post).status_code == 302   # double submission
    assert CreditTransfer.objects.count() == 4
    bad = client.post(f"/cooperatives/{doksan.pk}/credit/", {**post, "t-idempotency_key": "other", "t-amount": "999999"})
    assert bad.status_code == 400 and "신용 한도 아래로" in bad.content.decode()
    statement = client.get(f"/cooperatives/{doksan.pk}/credit/{a.pk}/").content.decode()
    assert "매점 물품 (예시)" in statement and "+30,000" in statement and ">17,000<" in statement
