"""The department evaluation (Art. 17) with the institution's own weights, set by the 사회적경제과."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bombaram.procurement import reports
from bombaram.procurement.models import DepartmentTarget, EvaluationSetting, Purchase, YearTarget
from bombaram.procurement.services import totals
from bombaram.procurement.services.evaluation import set_evaluation_weights
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent


@pytest.fixture
def year(seongbuk):
    """복지정책과 buys 1,000,000 from one supplier, 문화체육과 500,000 from two; both have a target of
    1,000,000 and no plan."""
    YearTarget.objects.create(institution=seongbuk.institution, year=2014, target_won=2_000_000)
    for department in (seongbuk.welfare, seongbuk.culture):
        DepartmentTarget.objects.create(department=department, year=2014, target_won=1_000_000)
    for department, supplier, amount in ((seongbuk.welfare, "햇살", 1_000_000), (seongbuk.culture, "달빛", 250_000),
                                         (seongbuk.culture, "별빛", 250_000)):
        Purchase.objects.create(institution=seongbuk.institution, department=department, purchased_on=dt.date(2014, 7, 1),
                                supplier_name=supplier, item="도시락", category="goods", amount_won=amount, counted=True)
    totals.rebuild(seongbuk.institution)
    return seongbuk


def _totals(institution) -> dict[str, tuple[float, int]]:
    _report, scores = reports.evaluation(institution, 2014)
    return {s.name: (round(s.total_score, 2), s.rank) for s in scores}


def test_weights_change_the_scores_and_the_ranking(year, make_user):
    # default weights 50/20/15/15, by hand (plan 0 for both: no plan; exceptions 100: none recorded):
    # 복지: achievement 100, breadth 1/2 → 50: (50·100 + 20·0 + 15·100 + 15·50) / 100 = 72.5
    # 문화: achievement 50, breadth 2/2 → 100: (50·50 + 0 + 15·100 + 15·100) / 100 = 55.0
    assert _totals(year.institution) == {"복지정책과": (72.5, 1), "문화체육과": (55.0, 2)}
    admin = make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    set_evaluation_weights(user=admin, institution=year.institution, achievement="0", plan_on_time="0",
                           justified_exceptions="0", supplier_breadth="100", plan_late_cutoff_days="10")
    # only breadth counts now: 복지 50, 문화 100
    assert _totals(year.institution) == {"문화체육과": (100.0, 1), "복지정책과": (50.0, 2)}
    event = AuditEvent.objects.get(name="procurement.evaluation.weights_changed")
    assert event.data["before"]["achievement"] == 50 and event.data["after"]["supplier_breadth"] == 100


@pytest.mark.parametrize("bad, message", [
    ({"achievement": "-1"}, "평가 가중치는 0 이상이고 합이 0보다 커야 합니다."),
    ({"achievement": "0", "plan_on_time": "0", "justified_exceptions": "0", "supplier_breadth": "0"},
     "평가 가중치는 0 이상이고 합이 0보다 커야 합니다."),
    ({"plan_on_time": "많이"}, "가중치와 지연 한도 일수는 숫자로 적어 주세요."),
    ({"supplier_breadth": "1e9"}, "가중치는 1,000 이하, 지연 한도 일수는 366일 이하로 적어 주세요."),
    ({"plan_late_cutoff_days": "-3"}, "계획 지연 한도 일수는 0 이상이어야 합니다."),
])
def test_bad_weights_are_refused_with_a_korean_message_and_nothing_changes(year, make_user, bad, message):
    admin = make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    values = {"achievement": "50", "plan_on_time": "20", "justified_exceptions": "15", "supplier_breadth": "15",
              "plan_late_cutoff_days": "10", **bad}
    with pytest.raises(ValidationError) as raised:
        set_evaluation_weights(user=admin, institution=year.institution, **values)
    assert raised.value.messages == [message]
    assert not EvaluationSetting.objects.exists()


def test_only_the_institutions_social_economy_division_sets_the_weights(year, make_user):
    for who in (make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")),
                make_user("officer", Role.DEPARTMENT_OFFICER, department=year.welfare)):
        with pytest.raises(PermissionDenied):
            set_evaluation_weights(user=who, institution=year.institution, achievement=1, plan_on_time=1,
                                   justified_exceptions=1, supplier_breadth=1, plan_late_cutoff_days=1)
    assert not EvaluationSetting.objects.exists()
    assert reverse("purchase-evaluation", args=["seongbuk", 2014])  # the page that shows them


def test_the_evaluation_page_shows_the_weights_and_the_division_changes_them(client, year, make_user):
    url = reverse("purchase-evaluation", args=["seongbuk", 2014])
    client.force_login(make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    page = client.get(url).content.decode()
    assert "달성률 50, 계획 기한 준수 20, 타당한 예외 15, 공급업체 다양성 15" in page
    assert page.index("복지정책과") < page.index("문화체육과")  # 72.5 before 55.0

    bad = client.post(url, {"achievement": "-5", "plan_on_time": "0", "justified_exceptions": "0",
                            "supplier_breadth": "0", "plan_late_cutoff_days": "10"})
    assert bad.status_code == 400 and not EvaluationSetting.objects.exists()
    assert "aria-invalid" in bad.content.decode()

    saved = client.post(url, {"achievement": "0", "plan_on_time": "0", "justified_exceptions": "0",
                              "supplier_breadth": "100", "plan_late_cutoff_days": "10"}, follow=True)
    page = saved.content.decode()
    assert "가중치를 저장했습니다" in page and "달성률 0, 계획 기한 준수 0, 타당한 예외 0, 공급업체 다양성 100" in page
    table = page[page.index("<tbody>"):]
    assert table.index("문화체육과") < table.index("복지정책과")  # breadth only: 100 before 50

    client.force_login(make_user("officer", Role.DEPARTMENT_OFFICER, department=year.welfare))
    assert client.post(url, {"achievement": "1", "plan_on_time": "1", "justified_exceptions": "1",
                             "supplier_breadth": "1", "plan_late_cutoff_days": "1"}).status_code == 403
    assert EvaluationSetting.objects.get().supplier_breadth == 100
