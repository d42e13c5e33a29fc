"""Monthly disclosures: snapshot figures by hand, frozen versions, corrections, double submission, public pages."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bombaram.procurement import queries
from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import Department, Disclosure, Institution, Purchase
from bombaram.procurement.services.disclosures import (
    DisclosureError,
    DisclosureUnchanged,
    publish_month,
)
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

NOT_IN_REGISTRY = "사회적경제 조직 등록부에 없는 업체입니다"


@pytest.fixture
def march(reference):
    """성북 (illustrative) with three purchases in March 2015, and one each side of the month."""
    institution = Institution.objects.create(code="seongbuk", name="성북구청", illustrative=True,
                                             district=District.objects.get(code="11290"))
    jobs = Department.objects.create(institution=institution, code="jobs", name="일자리경제과")
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    rows = [  # (department, date, supplier, item, category, amount, counted, in_district, indirect)
        (jobs, dt.date(2015, 3, 2), "㈜행복도시락", "친환경 복사용지", "goods", 1_200_000, True, True, False),
        (welfare, dt.date(2015, 3, 15), "늘봄사회적협동조합", "행사 도시락", "services", 800_000, True, False, True),
        (jobs, dt.date(2015, 3, 31), "큰회사", "사무용 의자", "goods", 2_000_000, False, None, False),
        (jobs, dt.date(2015, 2, 28), "㈜행복도시락", "2월 구매", "goods", 9_000_000, True, True, False),
        (jobs, dt.date(2015, 4, 1), "㈜행복도시락", "4월 구매", "goods", 7_000_000, True, True, False),
    ]
    for department, day, supplier, item, category, amount, counted, in_district, indirect in rows:
        Purchase.objects.create(institution=institution, department=department, purchased_on=day,
                                supplier_name=supplier, item=item, category=category, amount_won=amount,
                                counted=counted, not_counted_reason="" if counted else NOT_IN_REGISTRY,
                                in_district=in_district, indirect=indirect)
    return institution


@pytest.fixture
def division(make_user):
    """The 사회적경제과 of 성북 (an administrator scoped to the district)."""
    return make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


def test_month_snapshot_figures_by_hand(march, division):
    disclosure = publish_month(user=division, institution=march, year=2015, month=3)
    snap = disclosure.snapshot
    assert (disclosure.kind, disclosure.year, disclosure.month, disclosure.version) == ("monthly", 2015, 3, 1)
    # 1,200,000 + 800,000 + 2,000,000 = 4,000,000; counted 1,200,000 + 800,000 = 2,000,000 → 50 %
    assert snap["totals"]["total_won"] == 4_000_000
    assert snap["totals"]["counted_won"] == 2_000_000
    assert snap["totals"]["counted_share_pct"] == 50.0
    assert (snap["totals"]["count"], snap["totals"]["counted_count"]) == (3, 2)
    assert snap["totals"]["in_district_counted_won"] == 1_200_000
    assert snap["totals"]["indirect_won"] == 800_000
    # in the institution's department order (가나다): 복지정책과 800,000 of 800,000 → 100 %;
    # 일자리경제과 1,200,000 + 2,000,000 = 3,200,000, counted 1,200,000 → 37.5 %
    assert snap["by_department"] == [
        {"department": "복지정책과", "count": 1, "total_won": 800_000, "counted_won": 800_000, "counted_share_pct": 100.0},
        {"department": "일자리경제과", "count": 2, "total_won": 3_200_000, "counted_won": 1_200_000, "counted_share_pct": 37.5},
    ]
    assert [p["date"] for p in snap["purchases"]] == ["2015-03-02", "2015-03-15", "2015-03-31"]
    chair = snap["purchases"][2]
    assert chair == {"date": "2015-03-31", "department": "일자리경제과", "supplier": "큰회사", "item": "사무용 의자",
                     "category": "goods", "amount_won": 2_000_000, "counted": False,
                     "not_counted_reason": NOT_IN_REGISTRY, "in_district": None, "indirect": False}
    assert snap["institution"] == {"code": "seongbuk", "name": "성북구청", "illustrative": True}
    event = AuditEvent.objects.get(name="procurement.disclosure.published")
    assert event.actor == division and event.data["version"] == 1 and event.data["total_won"] == 4_000_000


def test_a_published_disclosure_cannot_be_changed_or_deleted(march, division):
    disclosure = publish_month(user=division, institution=march, year=2015, month=3)
    disclosure.snapshot["totals"]["total_won"] = 1
    with pytest.raises(ValidationError):
        disclosure.save()
    with pytest.raises(ValidationError):
        disclosure.delete()
    stored = Disclosure.objects.get(pk=disclosure.pk)
    assert stored.snapshot["totals"]["total_won"] == 4_000_000


def test_publishing_a_month_again_needs_a_reason_and_new_content(march, division):
    publish_month(user=division, institution=march, year=2015, month=3)
    with pytest.raises(DisclosureError, match="정정 사유"):
        publish_month(user=division, institution=march, year=2015, month=3)
    with pytest.raises(DisclosureUnchanged, match="달라진 것이 없어"):
        publish_month(user=division, institution=march, year=2015, month=3, reason="다시 공시")
    assert Disclosure.objects.filter(institution=march).count() == 1


def test_a_correction_is_a_new_version_and_the_public_page_keeps_the_history(client, march, division):
    publish_month(user=division, institution=march, year=2015, month=3)
    chair = Purchase.objects.get(item="사무용 의자")
    Purchase.objects.filter(pk=chair.pk).update(amount_won=1_000_000)  # the amount was entered wrongly
    with pytest.raises(DisclosureError, match="정정 사유"):
        publish_month(user=division, institution=march, year=2015, month=3)
    second = publish_month(user=division, institution=march, year=2015, month=3, reason="의자 구매금액 입력 오류 정정")
    assert second.version == 2 and second.reason == "의자 구매금액 입력 오류 정정"
    # 1,200,000 + 800,000 + 1,000,000 = 3,000,000; 2,000,000 / 3,000,000 = 66.67 %
    assert (second.snapshot["totals"]["total_won"], second.snapshot["totals"]["counted_share_pct"]) == (3_000_000, 66.67)
    assert Disclosure.objects.get(version=1).snapshot["totals"]["total_won"] == 4_000_000

    url = reverse("public-disclosure", args=["seongbuk", 2015, 3])
    html = client.get(url).content.decode()
    assert "3,000,000" in html and "66.7" in html and "4,000,000" not in html
    assert "의자 구매금액 입력 오류 정정" in html and '?version=1"' in html
    old = client.get(url, {"version": 1}).content.decode()
    assert "4,000,000" in old and "50.0" in old and '?version=2"' in old
    assert client.get(url, {"version": 3}).status_code == 404


def test_a_double_submitted_form_publishes_one_version(client, march, division):
    client.force_login(division)
    form = {"institution": march.pk, "year": 2015, "month": 3, "reason": ""}
    first = client.post(reverse("disclosure-manage"), form)
    assert first.status_code == 302 and first["Location"] == reverse("public-disclosure", args=["seongbuk", 2015, 3])
    again = client.post(reverse("disclosure-manage"), form)
    assert again.status_code == 200 and "정정 사유" in again.content.decode()
    assert Disclosure.objects.count() == 1
    Purchase.objects.filter(item="사무용 의자").update(amount_won=1_000_000)
    correction = {**form, "reason": "금액 정정"}
    assert client.post(reverse("disclosure-manage"), correction).status_code == 302
    assert client.post(reverse("disclosure-manage"), correction).status_code == 302  # warned, nothing new
    assert list(Disclosure.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_the_public_page_shows_only_what_was_published(client, march, division):
    url = reverse("public-disclosure", args=["seongbuk", 2015, 3])
    assert client.get(url).status_code == 404
    publish_month(user=division, institution=march, year=2015, month=3)
    Purchase.objects.create(institution=march, department=Department.objects.get(code="jobs"),
                            purchased_on=dt.date(2015, 3, 20), supplier_name="나중업체", item="나중에 입력한 구매",
                            category="goods", amount_won=5_000_000, counted=True)
    html = client.get(url).content.decode()
    assert "나중에 입력한 구매" not in html and "4,000,000" in html
    assert "친환경 복사용지" in html and "1,200,000" in html and "사무용 의자" in html
    assert "예시 데이터" in html  # the institution is illustrative
    assert html.index("4,000,000") < html.index("친환경 복사용지")  # the totals come before the table
    assert client.get(reverse("public-disclosure", args=["seongbuk", 2015, 4])).status_code == 404
    assert client.get(reverse("public-disclosure", args=["nowhere", 2015, 3])).status_code == 404
    # a version that is not a plain number shows the latest (², a sign, a huge number); an unknown one is 404
    for odd in ("²", "-1", "9" * 30, "1.0"):
        assert client.get(url, {"version": odd}).status_code == 200
    assert client.get(url, {"version": "7"}).status_code == 404
    assert queries.version_asked("²") is None and queries.version_asked("2") == 2


def test_the_index_lists_the_published_months(client, march, division):
    index = reverse("public-disclosure-index", args=["seongbuk"])
    assert "2,000,000" not in client.get(index).content.decode()
    publish_month(user=division, institution=march, year=2015, month=3)
    publish_month(user=division, institution=march, year=2015, month=2)
    months = queries.monthly_index(march)
    assert [(m["year"], m["month"], m["version"]) for m in months] == [(2015, 3, 1), (2015, 2, 1)]
    html = client.get(index).content.decode()
    assert reverse("public-disclosure", args=["seongbuk", 2015, 3]) in html
    assert reverse("public-disclosure", args=["seongbuk", 2015, 2]) in html and "9,000,000" in html


def test_only_the_social_economy_division_of_the_district_publishes(client, march, make_user):
    officer = make_user("officer", Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="jobs"))
    mapo = make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440"))
    for user in (officer, mapo):
        with pytest.raises(PermissionDenied):
            publish_month(user=user, institution=march, year=2015, month=3)
    assert client.get(reverse("disclosure-manage")).status_code == 302  # to the login page
    for user in (officer, mapo):
        client.force_login(user)
        assert client.post(reverse("disclosure-manage"), {"institution": march.pk, "year": 2015, "month": 3}).status_code == 403
    assert not Disclosure.objects.exists()


def test_month_and_year_are_checked(march, division):
    with pytest.raises(DisclosureError, match="월은 1에서 12"):
        publish_month(user=division, institution=march, year=2015, month=13)


def test_the_public_page_reads_the_snapshot_only_and_is_fast(client, march, division, django_assert_max_num_queries):
    jobs = Department.objects.get(code="jobs")
    Purchase.objects.bulk_create(
        Purchase(institution=march, department=jobs, purchased_on=dt.date(2015, 3, 1 + n % 28), supplier_name=f"업체{n}",
                 item=f"품목{n}", category="goods", amount_won=10_000 + n, counted=n % 3 != 0)
        for n in range(600))
    publish_month(user=division, institution=march, year=2015, month=3)
    url = reverse("public-disclosure", args=["seongbuk", 2015, 3])
    client.get(url)  # warm
    with django_assert_max_num_queries(4):  # institution, version history, one snapshot (+ session)
        client.get(url)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.2, timings


def test_month_snapshot_of_an_empty_month(march, division):
    disclosure = publish_month(user=division, institution=march, year=2015, month=7)
    assert disclosure.snapshot["totals"]["total_won"] == 0
    assert disclosure.snapshot["totals"]["counted_share_pct"] is None
    assert queries.published(march, DisclosureKind.MONTHLY, 2015, 7).disclosure.pk == disclosure.pk
