"""Bad input on the purchase pages and services: one Korean message (row and column for files), nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bombaram.procurement.forms import PlanItemForm
from bombaram.procurement.models import Department, Disclosure, Institution, Purchase, YearTarget
from bombaram.procurement.services.disclosures import DisclosureError, publish_month
from bombaram.procurement.services.purchases import (
    AMOUNT_TOO_LARGE,
    InvalidValue,
    import_purchases,
    parse_amount,
    parse_purchase_date,
    record_purchase,
)
from bombaram.procurement.services.targets import TargetFileError, load_targets
from bombaram.registry.models import District
from bombaram.web.choices import Role
from tests.procurement.conftest import BN_HAENGBOK
from tests.registry.files import utf8_csv

HUGE = "99999999999999999999"
HEADER = ["date", "department", "supplier_name", "supplier_business_no", "item", "category", "amount_won"]


def _import(tmp_path, rows):
    path = utf8_csv(tmp_path / "purchases.csv", HEADER, rows)
    return import_purchases(source=path, filename=path.name, institution_code="seongbuk")


def _row(day="2014-07-01", amount="100,000"):
    return [day, "복지정책과", "㈜행복도시락", BN_HAENGBOK, "도시락", "물품", amount]


def _form(department, **extra):
    return {"purchased_on": "2014-07-01", "department": department.pk, "supplier_name": "㈜행복도시락",
            "supplier_business_no": "", "item": "도시락", "category": "goods", "amount_won": "1,500,000",
            "contract_method": "", "channel": "direct", "exception_code": "",
            "exception_justification": "", "note": "", **extra}


def _targets(tmp_path, text, name="targets.csv"):
    path = tmp_path / name
    path.write_text("institution_code,institution_name,year,department,target_won\n" + text, encoding="utf-8")
    return path


# ---- 1. amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HUGE, "99,999,999,999,999,999,999", "1001조", "1,000,000,000,000,001"])
def test_an_amount_above_1000_jo_won_is_refused(text):
    with pytest.raises(InvalidValue, match="금액이 너무 큽니다"):
        parse_amount(text)
    assert parse_amount("1000조") == 10**15


def test_a_huge_amount_in_the_form_is_a_form_error_not_a_500(client, seongbuk, make_user):
    client.force_login(make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare))
    response = client.post(reverse("purchase-new"), _form(seongbuk.welfare, amount_won=HUGE))
    assert response.status_code == 200
    assert AMOUNT_TOO_LARGE in response.content.decode()
    assert Purchase.objects.count() == 0


def test_a_huge_planned_amount_is_a_form_error():
    form = PlanItemForm(data={"item": "도시락", "category": "goods", "planned_won": HUGE, "candidates": ""})
    assert not form.is_valid()
    assert form.errors["planned_won"] == [AMOUNT_TOO_LARGE]


def test_record_purchase_refuses_a_huge_amount(seongbuk, make_user):
    with pytest.raises(ValidationError) as error:
        record_purchase(user=make_user("sb", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")),
                        department=seongbuk.welfare, purchased_on=dt.date(2014, 7, 1), supplier_name="㈜행복도시락",
                        item="도시락", category="goods", amount_won=10**20)
    assert error.value.message_dict["amount_won"] == [AMOUNT_TOO_LARGE]
    assert Purchase.objects.count() == 0


def test_a_huge_amount_in_a_file_rejects_the_row_with_its_column(seongbuk, tmp_path):
    plan = _import(tmp_path, [_row(), _row(amount=HUGE)])
    assert [(e.row, e.column, e.error) for e in plan.rejected] == [(3, "amount_won", AMOUNT_TOO_LARGE)]
    assert not plan.written and Purchase.objects.count() == 0


def test_a_huge_target_is_refused_with_row_and_column(reference, tmp_path):
    with pytest.raises(TargetFileError) as error:
        load_targets(_targets(tmp_path, f"seongbuk,성북구청,2014,,{HUGE}\n"))
    assert str(error.value) == f"2행 목표액(target_won): {AMOUNT_TOO_LARGE}"
    assert not Institution.objects.exists()


# ---- 2. dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1999-12-31", "9999-12-31", "2999-01-01"])
def test_purchase_dates_outside_2000_to_next_year_are_refused(text):
    with pytest.raises(InvalidValue, match="구매일자가 범위를 벗어났습니다"):
        parse_purchase_date(text)


def test_a_purchase_date_within_a_year_from_today_is_accepted():
    soon = timezone.localdate() + dt.timedelta(days=300)
    assert parse_purchase_date(soon.isoformat()) == soon


def test_a_far_date_in_the_form_or_a_file_is_refused(client, seongbuk, make_user, tmp_path):
    client.force_login(make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare))
    html = client.post(reverse("purchase-new"), _form(seongbuk.welfare, purchased_on="9999-12-31")).content.decode()
    assert "구매일자가 범위를 벗어났습니다: 9999-12-31" in html
    plan = _import(tmp_path, [_row(), _row(day="1999-12-31")])
    assert [(e.row, e.column) for e in plan.rejected] == [(3, "date")]
    assert Purchase.objects.count() == 0


@pytest.mark.parametrize("year", [0, 1999, 2101, 9999, 99999])
@pytest.mark.parametrize("page", ["/purchase/report/seongbuk/{}/", "/purchase/report/seongbuk/{}/download.json",
                                  "/purchase/report/seongbuk/{}/download.ocds",
                                  "/purchase/report/seongbuk/{}/download.xlsx", "/purchase/evaluation/seongbuk/{}/"])
def test_report_pages_for_impossible_years_are_not_found(client, seongbuk, make_user, page, year):
    client.force_login(make_user("sb", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    client.raise_request_exception = False
    assert client.get(page.format(year)).status_code == 404


# ---- 3. OCDS of a year with nothing to publish -----------------------------------------------


def test_ocds_of_an_empty_year_is_not_found_with_a_korean_message(client, seongbuk):
    client.raise_request_exception = False
    response = client.get("/purchase/report/seongbuk/2014/download.ocds")
    assert response.status_code == 404
    assert "공개할 구매계획이나 구매가 없습니다" in response.content.decode()


# ---- 5. targets file --------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["성북구", "seong buk", "seongbuk/1", "a" * 41])
def test_an_institution_code_must_be_a_slug(reference, tmp_path, code):
    with pytest.raises(TargetFileError) as error:
        load_targets(_targets(tmp_path, f"seongbuk,성북구청,2014,,100\n\"{code}\",성북구청,2014,,100\n"))
    assert str(error.value).startswith("3행 기관코드(institution_code): ")
    assert "\n" not in str(error.value)
    assert not Institution.objects.exists()


def test_duplicate_rows_in_one_file_are_refused_with_their_rows(reference, tmp_path):
    path = _targets(tmp_path, "seongbuk,성북구청,2014,,100\nseongbuk,성북구청,2014,총무과,50\n"
                              "seongbuk,성북구청,2015,총무과,60\nseongbuk,성북구청,2014, 총무과 ,70\n"
                              "seongbuk,성북구청,2014,,200\n")
    with pytest.raises(TargetFileError) as error:
        load_targets(path)
    lines = str(error.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("5행 부서(department): 3행과") and lines[1].startswith("6행 부서(department): 2행과")
    assert not Institution.objects.exists() and not Department.objects.exists()


def test_loading_the_same_targets_twice_reports_no_change(reference, tmp_path):
    path = _targets(tmp_path, "seongbuk,성북구청,2014,,100\nseongbuk,성북구청,2014,총무과,50\n")
    assert load_targets(path).changed
    again = load_targets(path)
    assert not again.changed and again.unchanged == 2
    assert YearTarget.objects.get().target_won == 100


# ---- 6. disclosures of a month that has not ended --------------------------------------------


@pytest.fixture
def division(make_user):
    return make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


def test_a_month_that_has_not_ended_cannot_be_published(seongbuk, division):
    with pytest.raises(DisclosureError, match="아직 끝나지 않은 달은 공시할 수 없습니다"):
        publish_month(user=division, institution=seongbuk.institution, year=2015, month=3, today=dt.date(2015, 3, 31))
    with pytest.raises(DisclosureError, match="아직 끝나지 않은 달"):
        publish_month(user=division, institution=seongbuk.institution, year=2015, month=5, today=dt.date(2015, 4, 1))
    assert not Disclosure.objects.exists()
    assert publish_month(user=division, institution=seongbuk.institution, year=2015, month=3,
                         today=dt.date(2015, 4, 1)).version == 1


def test_the_form_refuses_the_current_month(client, seongbuk, division):
    client.force_login(division)
    today = timezone.localdate()
    response = client.post(reverse("disclosure-manage"),
                           {"institution": seongbuk.institution.pk, "year": today.year, "month": today.month})
    assert response.status_code == 200
    assert "아직 끝나지 않은 달은 공시할 수 없습니다" in response.content.decode()
    assert not Disclosure.objects.exists()
