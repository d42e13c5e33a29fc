"""Correcting and withdrawing a recorded purchase: eligibility decided again, the report's sums in
step, the audit trail keeping what was, the published month untouched but flagged, permissions,
stale forms and double submissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.http import urlencode

from bombaram.procurement import queries, reports
from bombaram.procurement.models import Disclosure, Purchase, PurchaseTotal
from bombaram.procurement.services import corrections, totals
from bombaram.procurement.services.disclosures import publish_month
from bombaram.procurement.services.purchases import record_purchase
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.procurement.conftest import BN_HAENGBOK, BN_NEULBOM

FORM = {"purchased_on": dt.date(2014, 5, 20), "supplier_name": "㈜행복도시락", "supplier_business_no": BN_HAENGBOK,
        "item": "도시락", "category": "goods", "amount_won": 300_000, "contract_method": "", "channel": "direct",
        "exception_code": None, "exception_justification": "", "note": ""}


def _sums(institution) -> list[tuple]:
    return sorted(PurchaseTotal.objects.filter(institution=institution).values_list(
        "year", "month", "dimension", "key1", "key2", "eligible_won", "total_won", "counted_n", "n"))


@pytest.fixture
def officer(seongbuk, make_user):
    return make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)


@pytest.fixture
def division(make_user):
    return make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


@pytest.fixture
def may(seongbuk, officer):
    """A May 2014 purchase from 행복도시락, certified only on 2014-06-15: not counted."""
    purchase = record_purchase(user=officer, department=seongbuk.welfare, **FORM)
    assert not purchase.counted
    return purchase


def _correct(user, purchase, department, reason="날짜를 잘못 적었습니다", **changes):
    return corrections.correct_purchase(user=user, purchase=purchase, revision=purchase.revision, reason=reason,
                                        department=department, **{**FORM, **changes})


def test_a_corrected_date_is_decided_again_and_the_sums_follow(seongbuk, officer, may):
    # also an August purchase, so the July/May rows are not the only ones
    record_purchase(user=officer, department=seongbuk.welfare, **{**FORM, "purchased_on": dt.date(2014, 8, 1),
                                                                  "amount_won": 50_000})
    haengbok = str(seongbuk.haengbok.pk)
    assert (2014, 5, "supplier_month", haengbok, "", 0, 300_000, 0, 1) in _sums(seongbuk.institution)

    outcome = _correct(officer, may, seongbuk.welfare, purchased_on=dt.date(2014, 7, 2))
    corrected = Purchase.objects.get(pk=may.pk)
    assert corrected.counted and corrected.not_counted_reason == ""  # certified on 2014-06-15
    assert corrected.revision == 2 and corrected.corrected is not None
    assert outcome.published_months == []
    kept = _sums(seongbuk.institution)
    # May has no purchase left: its sums are gone, not left at zero; July holds 300,000 counted
    assert not [row for row in kept if row[1] == 5]
    assert (2014, 7, "supplier_month", haengbok, "", 300_000, 300_000, 1, 1) in kept
    totals.rebuild(seongbuk.institution)
    assert _sums(seongbuk.institution) == kept
    # the annual report reads it: 300,000 (July) + 50,000 (August) counted of 350,000
    report = reports.annual_report(seongbuk.institution, 2014)
    assert (report.eligible_won, report.total_won) == (350_000, 350_000)


def test_the_audit_trail_keeps_before_after_and_the_reason(seongbuk, officer, may):
    _correct(officer, may, seongbuk.welfare, amount_won=320_000, item="행사 도시락",
             reason="영수증 금액과 다릅니다")
    event = AuditEvent.objects.get(name="procurement.purchase.corrected")
    assert event.actor == officer and event.object_id == str(may.pk)
    assert event.data["reason"] == "영수증 금액과 다릅니다" and event.data["revision"] == 2
    assert event.data["changed"] == {"amount_won": [300_000, 320_000], "item": ["도시락", "행사 도시락"]}


def test_a_withdrawn_purchase_leaves_the_sums_and_stays_in_the_audit_trail(seongbuk, officer, may):
    before = _sums(seongbuk.institution)
    other = record_purchase(user=officer, department=seongbuk.welfare, **{**FORM, "amount_won": 1_000})
    corrections.withdraw_purchase(user=officer, purchase=other, revision=1, reason="두 번 입력했습니다")
    assert not Purchase.objects.filter(pk=other.pk).exists()
    assert _sums(seongbuk.institution) == before
    event = AuditEvent.objects.get(name="procurement.purchase.withdrawn")
    assert event.data["reason"] == "두 번 입력했습니다"
    assert event.data["purchase"]["amount_won"] == 1_000 and event.data["purchase"]["purchased_on"] == "2014-05-20"
    assert event.data["purchase"]["supplier_name"] == "㈜행복도시락"


def test_a_reason_is_required_and_bad_values_change_nothing(seongbuk, officer, may):
    with pytest.raises(ValidationError) as caught:
        _correct(officer, may, seongbuk.welfare, reason="  ", amount_won=1)
    assert caught.value.message_dict == {"reason": [corrections.REASON_REQUIRED]}
    with pytest.raises(ValidationError) as caught:
        _correct(officer, may, seongbuk.welfare, amount_won=0, item=" ")
    assert set(caught.value.message_dict) == {"amount_won", "item"}
    with pytest.raises(ValidationError):
        corrections.withdraw_purchase(user=officer, purchase=may, revision=1, reason="")
    stored = Purchase.objects.get(pk=may.pk)
    assert (stored.amount_won, stored.item, stored.revision) == (300_000, "도시락", 1)
    assert not AuditEvent.objects.filter(name__in=["procurement.purchase.corrected",
                                                   "procurement.purchase.withdrawn"]).exists()


def test_a_stale_form_and_a_repeated_one_never_overwrite(seongbuk, officer, division, may):
    _correct(division, may, seongbuk.welfare, amount_won=310_000, reason="사회적경제과 확인")
    with pytest.raises(corrections.StaleRevision, match="제2판"):  # the officer's form still shows revision 1
        _correct(officer, may, seongbuk.welfare, amount_won=999_000)
    fresh = Purchase.objects.get(pk=may.pk)
    with pytest.raises(corrections.NothingChanged):  # the same correction sent again
        _correct(division, fresh, seongbuk.welfare, amount_won=310_000)
    with pytest.raises(corrections.StaleRevision):
        corrections.withdraw_purchase(user=officer, purchase=may, revision=1, reason="중복")
    stored = Purchase.objects.get(pk=may.pk)
    assert (stored.amount_won, stored.revision) == (310_000, 2)


def test_only_the_department_and_the_division_correct(seongbuk, make_user, may, division):
    culture = make_user("culture", Role.DEPARTMENT_OFFICER, department=seongbuk.culture)
    with pytest.raises(PermissionDenied):
        _correct(culture, may, seongbuk.welfare, amount_won=1_000)
    with pytest.raises(PermissionDenied):
        _correct(culture, may, seongbuk.culture, amount_won=1_000)  # moving it into one's own department
    with pytest.raises(PermissionDenied):
        corrections.withdraw_purchase(user=culture, purchase=may, revision=1, reason="남의 것")
    officer = may.created_by
    with pytest.raises(PermissionDenied):  # the welfare officer cannot hand it to another department
        _correct(officer, may, seongbuk.culture)
    assert Purchase.objects.get(pk=may.pk).department == seongbuk.welfare
    _correct(division, may, seongbuk.culture, reason="문화체육과 구매였습니다")  # the division may
    assert Purchase.objects.get(pk=may.pk).department == seongbuk.culture


def test_a_published_month_stays_as_published_and_is_listed_for_a_correction(seongbuk, officer, division, may):
    june = record_purchase(user=officer, department=seongbuk.welfare, **{**FORM, "purchased_on": dt.date(2014, 6, 3)})
    publish_month(user=division, institution=seongbuk.institution, year=2014, month=5)
    publish_month(user=division, institution=seongbuk.institution, year=2014, month=6)
    assert queries.months_changed_since_publication([seongbuk.institution]) == []
    published = Disclosure.objects.get(year=2014, month=5).snapshot

    outcome = _correct(officer, may, seongbuk.welfare, purchased_on=dt.date(2014, 7, 2))  # from May to July
    assert outcome.published_months == [(2014, 5)]  # July was not published
    assert Disclosure.objects.get(year=2014, month=5).snapshot == published
    changed = queries.months_changed_since_publication([seongbuk.institution])
    assert [(c.year, c.month, c.version) for c in changed] == [(2014, 5, 1)]
    corrections.withdraw_purchase(user=officer, purchase=june, revision=1, reason="취소된 계약")
    changed = queries.months_changed_since_publication([seongbuk.institution])
    assert [(c.year, c.month) for c in changed] == [(2014, 5), (2014, 6)]

    publish_month(user=division, institution=seongbuk.institution, year=2014, month=5, reason="7월 구매로 정정")
    assert Disclosure.objects.get(year=2014, month=5, version=2).snapshot["totals"]["count"] == 0
    assert [(c.year, c.month) for c in queries.months_changed_since_publication([seongbuk.institution])] == [(2014, 6)]


@pytest.mark.parametrize("changes", [
    {"purchased_on": dt.date(2015, 1, 5)},                                            # into another year
    {"department": "culture"},                                                          # another department
    {"supplier_name": "늘봄사회적협동조합", "supplier_business_no": BN_NEULBOM},         # another supplier, counted
    {"supplier_name": "큰회사", "supplier_business_no": "", "exception_code": 2,         # not in the registry,
     "exception_justification": "재고가 없어 다른 곳에서 샀습니다."},                      # with an exception
    {"category": "services", "item": "청소 용역", "channel": "sales_hall"},
])
def test_every_kind_of_correction_leaves_the_sums_equal_to_a_rebuild(seongbuk, division, may, changes):
    record_purchase(user=division, department=seongbuk.welfare, **{**FORM, "purchased_on": dt.date(2014, 7, 9)})
    department = seongbuk.culture if changes.get("department") == "culture" else seongbuk.welfare
    _correct(division, may, department, **{k: v for k, v in changes.items() if k != "department"})
    kept = _sums(seongbuk.institution)
    totals.rebuild(seongbuk.institution)
    assert _sums(seongbuk.institution) == kept
    assert all(n > 0 for *_rest, n in kept)  # no sum of no purchase, nothing negative


def test_withdrawing_every_purchase_leaves_no_sums(seongbuk, officer, may):
    other = record_purchase(user=officer, department=seongbuk.welfare, **{**FORM, "purchased_on": dt.date(2014, 8, 9)})
    for purchase in (may, other):
        corrections.withdraw_purchase(user=officer, purchase=purchase, revision=1, reason="잘못 입력")
    assert not PurchaseTotal.objects.exists()


def test_sums_that_had_drifted_are_rebuilt_when_a_purchase_is_taken_out(seongbuk, officer, may):
    """A purchase written behind the services' back is not in the sums: correcting it would leave a
    negative sum, so the institution's sums are recomputed instead, and then equal a rebuild."""
    stray = Purchase.objects.create(institution=seongbuk.institution, department=seongbuk.welfare,
                                    purchased_on=dt.date(2014, 9, 1), supplier_name="큰회사", item="의자",
                                    category="goods", amount_won=70_000, counted=False, not_counted_reason="등록부에 없음")
    _correct(officer, stray, seongbuk.welfare, purchased_on=dt.date(2014, 10, 1), supplier_name="큰회사",
             supplier_business_no="", item="의자", amount_won=70_000)
    kept = _sums(seongbuk.institution)
    assert not PurchaseTotal.objects.filter(n__lt=0).exists()
    totals.rebuild(seongbuk.institution)
    assert _sums(seongbuk.institution) == kept
    assert (2014, 10, "supplier_month", "n:큰회사", "", 0, 70_000, 0, 1) in kept


def test_a_correction_the_disclosure_does_not_show_leaves_the_list_once_checked(seongbuk, officer, division, may):
    """Only the note changed: the published month is listed (its purchases changed), publishing finds
    nothing new, and the month leaves the list instead of staying there for good."""
    from bombaram.procurement.services.disclosures import DisclosureUnchanged

    publish_month(user=division, institution=seongbuk.institution, year=2014, month=5)
    _correct(officer, may, seongbuk.welfare, note="영수증 번호 2014-051")
    assert [(c.year, c.month) for c in queries.months_changed_since_publication([seongbuk.institution])] == [(2014, 5)]
    with pytest.raises(DisclosureUnchanged):
        publish_month(user=division, institution=seongbuk.institution, year=2014, month=5, reason="비고 정정")
    assert queries.months_changed_since_publication([seongbuk.institution]) == []
    assert Disclosure.objects.filter(year=2014, month=5).count() == 1
    fresh = Purchase.objects.get(pk=may.pk)
    _correct(officer, fresh, seongbuk.welfare, note="영수증 번호 2014-051", amount_won=310_000)  # a real change after
    assert [(c.year, c.month) for c in queries.months_changed_since_publication([seongbuk.institution])] == [(2014, 5)]


def test_the_back_office_shows_purchases_but_never_changes_them(client, seongbuk, may, django_user_model):
    """Corrections go through the application (eligibility, sums, audit trail), not around it."""
    admin = django_user_model.objects.create_superuser("root", password="correct-horse-battery")
    client.force_login(admin)
    change = reverse("admin:procurement_purchase_change", args=[may.pk])
    assert client.get(change).status_code == 200  # to read
    client.post(change, {"amount_won": "1", "item": "바뀐 품목"})
    assert client.post(reverse("admin:procurement_purchase_delete", args=[may.pk]), {"post": "yes"}).status_code == 403
    stored = Purchase.objects.get(pk=may.pk)
    assert (stored.amount_won, stored.item, stored.revision) == (300_000, "도시락", 1)


# ---- the pages -------------------------------------------------------------------------------------------


def _post(client, purchase, **changes):
    data = {**FORM, "purchased_on": FORM["purchased_on"].isoformat(), "amount_won": "300,000",
            "department": purchase.department_id, "revision": purchase.revision, "reason": "금액 정정",
            "exception_code": "", **changes}
    return client.post(reverse("purchase-edit", args=[purchase.pk]), data)


def test_the_officer_corrects_from_the_list_and_is_told_about_the_published_month(
        client, seongbuk, officer, division, may):
    publish_month(user=division, institution=seongbuk.institution, year=2014, month=5)
    client.force_login(officer)
    listing = client.get(reverse("purchase-list") + "?page=1").content.decode()
    edit_url = reverse("purchase-edit", args=[may.pk])
    assert f'href="{edit_url}?back=/purchase/purchases/%3Fpage%3D1"' in listing
    page = client.get(edit_url).content.decode()
    assert 'value="300,000"' in page and "이미 공시" in page and 'name="revision" value="1"' in page

    response = _post(client, may, amount_won="320,000", back="/purchase/purchases/?page=1")
    assert response.status_code == 302 and response["Location"] == "/purchase/purchases/?page=1"
    assert Purchase.objects.get(pk=may.pk).amount_won == 320_000
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("정정했습니다" in m for m in shown) and any("5월" in m and "정정 공시" in m for m in shown)

    client.force_login(division)
    manage = client.get(reverse("disclosure-manage")).content.decode()
    assert "공시 뒤에 바뀐 달" in manage and f"?institution={seongbuk.institution.pk}&amp;year=2014&amp;month=5" in manage
    form = client.get(reverse("disclosure-manage"),
                      {"institution": seongbuk.institution.pk, "year": 2014, "month": 5}).context["form"]
    assert (form.initial["year"], form.initial["month"]) == (2014, 5)


def test_forged_and_bad_requests_change_nothing(client, seongbuk, make_user, may):
    culture = make_user("culture", Role.DEPARTMENT_OFFICER, department=seongbuk.culture)
    client.force_login(culture)
    assert client.get(reverse("purchase-edit", args=[may.pk])).status_code == 403
    assert _post(client, may, amount_won="1").status_code == 403
    assert client.post(reverse("purchase-withdraw", args=[may.pk]), {"revision": 1, "reason": "x"}).status_code == 403
    assert client.get(reverse("purchase-edit", args=[999_999])).status_code == 404

    client.force_login(may.created_by)
    response = _post(client, may, amount_won="삼십만", reason="")  # malformed amount, no reason
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "amount_won" in errors and "reason" in errors
    response = _post(client, may, back="https://evil.example/")  # nothing changed; a forged return address
    assert response["Location"] == "/purchase/purchases/"            # is ignored
    assert Purchase.objects.get(pk=may.pk).revision == 1
    assert _post(client, may, amount_won="1,000").status_code == 302  # a real correction: revision 2
    back = "/purchase/purchases/?department=1&page=2"
    response = _post(client, may, amount_won="2,000", back=back)  # the form of revision 1 sent again: stale
    assert response.status_code == 302
    assert response["Location"] == reverse("purchase-edit", args=[may.pk]) + "?" + urlencode({"back": back})
    stored = Purchase.objects.get(pk=may.pk)
    assert (stored.amount_won, stored.revision) == (1_000, 2)
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("그사이에 이 구매실적이 정정되었습니다(제2판)" in m for m in messages)


def test_the_list_finds_the_purchase_to_correct_by_month_and_words(client, seongbuk, officer, division, may):
    record_purchase(user=officer, department=seongbuk.welfare, **{**FORM, "purchased_on": dt.date(2014, 7, 3),
                                                                  "item": "행사 다과"})
    record_purchase(user=division, department=seongbuk.culture, **{**FORM, "purchased_on": dt.date(2014, 7, 4),
                                                                   "item": "공연 도시락"})
    client.force_login(division)

    def items(**params) -> list[str]:
        response = client.get(reverse("purchase-list"), params)
        assert response.status_code == 200
        return [p.item for p in response.context["page"]]

    assert items() == ["공연 도시락", "행사 다과", "도시락"]
    assert items(month="2014-07") == ["공연 도시락", "행사 다과"]
    assert items(month="2014-05", q="도시락") == ["도시락"]
    assert items(q="행복") == ["공연 도시락", "행사 다과", "도시락"]  # the supplier's name
    assert items(department=seongbuk.culture.pk) == ["공연 도시락"]
    response = client.get(reverse("purchase-list"), {"month": "2014-13", "q": "다과"})
    assert [p.item for p in response.context["page"]] == ["행사 다과"]  # the bad month is left out, said once
    assert "연-월 형식(예: 2014-07)으로 입력해 주세요" in response.content.decode()
    assert "조건 지우기" in response.content.decode()  # a bad filter can be cleared too
    client.force_login(officer)  # an officer's list: their department only, whatever is asked
    assert items(department=seongbuk.culture.pk) == ["행사 다과", "도시락"]
