"""Recording purchases: eligibility on the purchase date, Art. 10 exceptions, file imports, the record form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from bombaram.core import purchase as rules
from bombaram.core.identifiers import format_business_no
from bombaram.procurement.models import Purchase
from bombaram.procurement.services.purchases import (
    EXCEPTION_ON_COUNTED,
    PurchaseFileError,
    import_purchases,
    record_purchase,
)
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK, BN_MAPO, BN_NEULBOM, make_org
from tests.registry.files import cp949_csv, utf8_csv

HEADER = ["date", "department", "supplier_name", "supplier_business_no", "item", "category", "amount_won",
          "channel", "exception_reason", "exception_justification"]
WHY = "긴급 구호물자가 필요해 사회적경제기업 제품을 기다릴 수 없었습니다"
NOT_IN_REGISTRY = "사회적경제 조직 등록부에 없는 업체입니다"


def _import(tmp_path, rows, header=HEADER, **options):
    path = utf8_csv(tmp_path / "purchases.csv", header, rows)
    return import_purchases(source=path, filename=path.name, institution_code="seongbuk", **options)


def _row(day, supplier, business_no, item="도시락", amount="100,000", channel="", reason="", why="",
         department="복지정책과", category="물품"):
    return [day, department, supplier, business_no, item, category, amount, channel, reason, why]


# ---- eligibility on the purchase date --------------------------------------------------------


def test_a_purchase_counts_only_once_the_supplier_is_certified(seongbuk, tmp_path):
    plan = _import(tmp_path, [_row("2014-05-20", "㈜행복도시락", format_business_no(BN_HAENGBOK)),
                              _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="250,000")])
    assert plan.exit_code == 0 and plan.written
    report = plan.report()
    assert (report["rows"], report["created"], report["counted"], report["not_counted"]) == (2, 2, 1, 1)
    assert (report["counted_won"], report["not_counted_won"]) == (250_000, 100_000)
    may, july = Purchase.objects.order_by("purchased_on")
    assert may.supplier == july.supplier == seongbuk.haengbok
    assert not may.counted
    assert may.not_counted_reason == "구매일(2014-05-20)에는 아직 인증 사회적기업 지정 전이었습니다(지정일 2014-06-15)."
    assert july.counted and july.not_counted_reason == ""
    assert july.in_district is True and july.indirect is False
    assert july.supplier_business_no == BN_HAENGBOK and july.amount_won == 250_000


def test_the_day_of_certification_counts_and_the_day_before_does_not(seongbuk, make_user):
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)
    values = {"user": officer, "department": seongbuk.welfare, "supplier_name": "행복도시락",
              "item": "간식", "category": "goods", "amount_won": 30_000}
    before = record_purchase(purchased_on=dt.date(2014, 6, 14), **values)
    on_the_day = record_purchase(purchased_on=dt.date(2014, 6, 15), **values)
    assert not before.counted and on_the_day.counted
    assert on_the_day.supplier == seongbuk.haengbok  # found by its name without the legal form


def test_a_general_cooperative_never_counts(seongbuk, tmp_path):
    _import(tmp_path, [_row("2013-04-01", "두레협동조합", BN_DUREH), _row("2014-11-30", "두레협동조합", BN_DUREH)])
    reasons = set(Purchase.objects.values_list("counted", "not_counted_reason"))
    assert reasons == {(False, "보유한 지정(일반 협동조합)은 이 기관의 구매실적 인정 대상 유형이 아닙니다.")}


def test_a_sales_hall_purchase_counts_for_the_producer(seongbuk, tmp_path):
    _import(tmp_path, [_row("2014-03-03", "늘봄사회적협동조합", BN_NEULBOM, item="수제 비누", channel="판매관")])
    purchase = Purchase.objects.get()
    assert purchase.channel == "sales_hall" and purchase.counted and not purchase.indirect
    assert purchase.supplier == seongbuk.neulbom


def test_a_reseller_purchase_counts_but_is_flagged_indirect(seongbuk, tmp_path):
    _import(tmp_path, [_row("2014-03-03", "마포마을부엌", BN_MAPO, channel="구매대행")])
    purchase = Purchase.objects.get()
    assert purchase.channel == "reseller" and purchase.counted and purchase.indirect
    assert purchase.in_district is False  # 마포구: counted, flagged as outside 성북


def test_a_supplier_not_in_the_registry_is_recorded_as_not_counted(seongbuk, tmp_path):
    plan = _import(tmp_path, [_row("2014-03-03", "대한문구", "", item="복사용지", amount="48,000")])
    assert plan.exit_code == 0 and plan.report()["not_counted"] == 1
    purchase = Purchase.objects.get()
    assert purchase.supplier is None and not purchase.counted and purchase.not_counted_reason == NOT_IN_REGISTRY


def test_a_name_shared_by_two_organisations_is_not_guessed(seongbuk, tmp_path):
    make_org("햇살공방", "", "11290", ("village_enterprise", dt.date(2012, 1, 1), None))
    make_org("햇살공방", "", "11440", ("village_enterprise", dt.date(2012, 1, 1), None))
    plan = _import(tmp_path, [_row("2014-03-03", "햇살공방", "")])
    purchase = Purchase.objects.get()
    assert purchase.supplier is None and not purchase.counted
    assert purchase.not_counted_reason == ("이름이 같은 조직이 등록부에 2곳 있어 업체를 정할 수 없습니다: "
                                           "사업자등록번호를 적어 주십시오")
    assert [w["row"] for w in plan.report()["warnings"]] == [2]


# ---- Art. 10 exceptions ------------------------------------------------------------------------


@pytest.mark.parametrize("code", [1, 2, 3, 4, 5, 6])
def test_each_exception_reason_needs_a_written_justification(seongbuk, tmp_path, code):
    plan = _import(tmp_path, [_row("2014-03-03", "대한문구", "", reason=str(code), why=WHY),
                              _row("2014-03-04", "대한문구", "", reason=str(code))], skip_invalid=True)
    assert plan.report()["rejected"] == [{"row": 3, "column": "exception_justification", "value": "",
                                          "error": "예외 사유를 서면으로 기록하십시오(조례 제10조 제2항)."}]
    purchase = Purchase.objects.get()
    assert purchase.exception_code == code and purchase.exception_justification == WHY
    assert purchase.purchased_on == dt.date(2014, 3, 3)


def test_exception_reasons_by_short_label_and_too_short_justifications(seongbuk, tmp_path):
    plan = _import(tmp_path, [_row("2014-03-03", "대한문구", "", reason="긴급 수요", why=WHY),
                              _row("2014-03-04", "대한문구", "", reason="제5호", why=WHY),
                              _row("2014-03-05", "대한문구", "", reason="3", why="급해서"),
                              _row("2014-03-06", "대한문구", "", reason="7", why=WHY),
                              _row("2014-03-07", "대한문구", "", why=WHY)], skip_invalid=True)
    assert sorted(Purchase.objects.values_list("exception_code", flat=True)) == [3, 5]
    assert [(e["row"], e["column"], e["error"]) for e in plan.report()["rejected"]] == [
        (4, "exception_justification", "예외 사유를 구체적으로 적어 주십시오(10자 이상)."),
        (5, "exception_reason", "알 수 없는 예외 사유입니다: '7' (1~6: 1 품질 불만, 2 재고 부족, 3 긴급 수요, "
                                "4 예산 초과 가격, 5 수의계약 불가, 6 기관장의 합리적 판단)"),
        (6, "exception_reason", "우선구매 예외 사유(조례 제10조 제1항 제1호~제6호)를 선택하십시오."),
    ]


def test_an_exception_on_a_purchase_that_counts_is_rejected(seongbuk, tmp_path):
    plan = _import(tmp_path, [_row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, reason="3", why=WHY),
                              _row("2014-05-01", "㈜행복도시락", BN_HAENGBOK, reason="3", why=WHY)])
    assert plan.exit_code == 1 and not plan.written and Purchase.objects.count() == 0
    assert plan.report()["rejected"] == [{"row": 2, "column": "exception_reason", "value": "3", "error": EXCEPTION_ON_COUNTED}]


# ---- files ---------------------------------------------------------------------------------------


def test_a_cp949_file_with_korean_headers(seongbuk, tmp_path):
    header = ["구매일자", "부서", "업체명", "사업자등록번호", "품목", "구분", "금액", "계약방법", "구매경로", "예외사유",
              "사유설명", "비고"]
    rows = [["2014.7.1", "welfare", "㈜행복도시락", format_business_no(BN_HAENGBOK), "행사 도시락", "물품", "1억 868만원",
             "수의계약", "", "", "", "어르신 잔치"],
            ["2014년 8월 5일", "문화체육과", "대한기획", "", "축제 대행", "용역", "9800000", "일반경쟁입찰", "직접",
             "4", "사회적경제기업 견적이 올해 예산을 넘었습니다", ""]]
    path = cp949_csv(tmp_path / "구매실적.csv", header, rows)
    plan = import_purchases(source=path, filename=path.name, institution_code="seongbuk")
    assert plan.report()["rejected"] == [] and plan.written
    lunch, festival = Purchase.objects.order_by("purchased_on")
    # 1억 868만원 = 1 × 100,000,000 + 868 × 10,000 = 108,680,000 won
    assert (lunch.purchased_on, lunch.department, lunch.amount_won) == (dt.date(2014, 7, 1), seongbuk.welfare, 108_680_000)
    assert (lunch.category, lunch.contract_method, lunch.channel, lunch.note) == ("goods", "private_contract", "direct", "어르신 잔치")
    assert lunch.counted
    assert (festival.department, festival.category, festival.amount_won) == (seongbuk.culture, "services", 9_800_000)
    assert (festival.contract_method, festival.exception_code, festival.counted) == ("open_competition", 4, False)
    assert plan.report()["counted_won"] == 108_680_000 and plan.report()["not_counted_won"] == 9_800_000


def test_an_amount_column_in_thousands_of_won(seongbuk, tmp_path):
    header = ["구매일자", "부서", "업체명", "품목", "구분", "금액(천원)"]
    path = utf8_csv(tmp_path / "p.csv", header, [["2014-07-01", "복지정책과", "행복도시락", "도시락", "물품", "1,234"]])
    import_purchases(source=path, filename=path.name, institution_code="seongbuk")
    assert Purchase.objects.get().amount_won == 1_234_000


def test_a_broken_file_lists_every_problem_by_row_and_column_and_writes_nothing(seongbuk, tmp_path):
    rows = [
        _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK),                        # row 2: fine
        _row("2014-13-01", "㈜행복도시락", BN_HAENGBOK),                        # row 3: no such month
        _row("2014-07", "㈜행복도시락", BN_HAENGBOK, department="없는과"),      # row 4: month only, unknown department
        _row("2014-07-02", "대한문구", "", category="기타", amount="-5,000"),   # row 5: category, negative amount
        _row("2014-07-03", "", "", item="", channel="택배"),                     # row 6: no supplier, no item, channel
        _row("2014-07-04", "대한문구", "123-45-678"),                           # row 7: business number too short
    ]
    plan = _import(tmp_path, rows)
    assert plan.exit_code == 1 and not plan.written and Purchase.objects.count() == 0
    report = plan.report()
    assert report["rows"] == 6 and report["created"] == 1  # would be created, were nothing rejected
    got = {(e["row"], e["column"]): (e["value"], e["error"]) for e in report["rejected"]}
    assert sorted(got) == [(3, "date"), (4, "date"), (4, "department"), (5, "amount_won"), (5, "category"),
                           (6, "channel"), (6, "item"), (6, "supplier_name"), (7, "supplier_business_no")]
    assert got[(4, "department")] == ("없는과", "성북구청에 없는 부서입니다: '없는과'")
    assert got[(4, "date")] == ("2014-07", "구매일자는 날짜(일)까지 적어 주십시오: '2014-07'")
    assert got[(5, "category")] == ("기타", "알 수 없는 구분입니다: '기타' (물품, 용역, 공사 중 하나)")
    assert got[(5, "amount_won")] == ("-5,000", "금액은 0원보다 커야 합니다: '-5,000'")
    assert got[(6, "supplier_name")] == ("", "업체명이 비어 있습니다")
    assert got[(6, "item")] == ("", "품목이 비어 있습니다")
    assert got[(6, "channel")] == ("택배", "알 수 없는 구매경로입니다: '택배' (직접, 판매관, 구매대행 중 하나)")
    assert got[(3, "date")][0] == "2014-13-01" and "2014-13-01" in got[(3, "date")][1]
    assert "10자리" in got[(7, "supplier_business_no")][1]


def test_files_that_cannot_be_read_raise_with_a_korean_message(seongbuk, tmp_path):
    with pytest.raises(PurchaseFileError, match="필수 열을 찾지 못했습니다"):
        _import(tmp_path, [["2014-07-01", "복지정책과"]], header=["date", "department"])
    path = utf8_csv(tmp_path / "p.csv", HEADER, [_row("2014-07-01", "대한문구", "")])
    with pytest.raises(PurchaseFileError, match="알 수 없는 기관 코드입니다: 'nowon'"):
        import_purchases(source=path, filename=path.name, institution_code="nowon")


def test_importing_the_same_file_twice_leaves_purchases_unchanged(seongbuk, tmp_path):
    rows = [_row("2014-07-01", "㈜행복도시락", BN_HAENGBOK), _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK),
            _row("2014-07-02", "대한문구", "", item="복사용지")]
    first = _import(tmp_path, rows)
    assert first.report()["created"] == 3  # the same lunch bought twice that day is two purchases
    assert [(w["row"], w["error"]) for w in first.report()["warnings"]] == [
        (3, "2행과 부서·날짜·업체·품목·금액이 같습니다: 두 번 산 것이 맞는지 확인해 주십시오")]
    again = _import(tmp_path, rows)
    assert (again.report()["created"], again.report()["unchanged"], again.exit_code) == (0, 3, 0)
    assert Purchase.objects.count() == 3
    more = _import(tmp_path, [*rows, _row("2014-07-03", "대한문구", "", item="토너")])
    assert (more.report()["created"], more.report()["unchanged"]) == (1, 3)
    assert Purchase.objects.count() == 4


def _sums() -> set[tuple]:
    from bombaram.procurement.models import PurchaseTotal

    return set(PurchaseTotal.objects.filter(n__gt=0).values_list(
        "institution_id", "year", "month", "dimension", "key1", "key2", "eligible_won", "total_won", "counted_n", "n"))


def test_the_sums_an_import_adds_equal_a_rebuild_from_the_purchases(seongbuk, tmp_path):
    # the import adds its new purchases' sums itself (totals.add_new: multi-row upserts on SQLite, COPY into
    # a temporary table and one INSERT … SELECT on PostgreSQL); a second file adds to the sums the first left
    from bombaram.procurement.services import totals

    first = [_row("2014-07-01", "㈜행복도시락", BN_HAENGBOK), _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK),
             _row("2014-07-02", "대한문구", "", item="복사용지", category="물품"),
             _row("2014-05-20", "㈜행복도시락", BN_HAENGBOK, amount="70,000", department="문화체육과")]
    assert _import(tmp_path, first).written
    second = [*first, _row("2014-07-03", "대한문구", "", item="토너", amount="1,234,567"),
              _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="9,000", category="용역")]
    assert _import(tmp_path, second).report()["created"] == 2
    added = _sums()
    assert len({row[3] for row in added}) == 4 and any(row[7] == 1_234_567 for row in added)
    totals.rebuild(seongbuk.institution)
    assert _sums() == added


def test_skip_invalid_writes_the_valid_rows_and_dry_run_writes_nothing(seongbuk, tmp_path):
    rows = [_row("2014-07-01", "㈜행복도시락", BN_HAENGBOK), _row("2014-07-02", "대한문구", "", amount="많이"),
            _row("2014-07-03", "대한문구", "", item="토너")]
    assert not _import(tmp_path, rows).written and Purchase.objects.count() == 0
    preview = _import(tmp_path, rows, skip_invalid=True, dry_run=True)
    assert not preview.written and preview.report()["created"] == 2 and Purchase.objects.count() == 0
    plan = _import(tmp_path, rows, skip_invalid=True)
    assert plan.written and plan.exit_code == 1 and [e["row"] for e in plan.report()["rejected"]] == [3]
    assert sorted(Purchase.objects.values_list("item", flat=True)) == ["도시락", "토너"]
    event = AuditEvent.objects.get(name="procurement.purchases.imported")
    assert (event.data["created"], event.data["rejected"]) == (2, 1)


def test_an_officer_importing_may_only_record_for_their_department(seongbuk, tmp_path, make_user):
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)
    plan = _import(tmp_path, [_row("2014-07-01", "대한문구", ""), _row("2014-07-01", "대한문구", "", department="문화체육과")],
                   user=officer)
    assert [(e["row"], e["column"], e["error"]) for e in plan.report()["rejected"]] == [
        (3, "department", "이 부서의 구매를 기록할 권한이 없습니다: '문화체육과'")]
    assert Purchase.objects.count() == 0


# ---- the record form and the list ----------------------------------------------------------------


def _form(department, **extra):
    return {"purchased_on": "2014-07-01", "department": department.pk, "supplier_name": "㈜행복도시락",
            "supplier_business_no": "", "item": "도시락", "category": "goods", "amount_won": "1,500,000",
            "contract_method": "private_contract", "channel": "direct", "exception_code": "",
            "exception_justification": "", "note": "", **extra}


def test_an_officer_records_a_purchase_for_their_own_department(client, seongbuk, make_user):
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)
    client.force_login(officer)
    page = client.get(reverse("purchase-new")).content.decode()
    assert "복지정책과" in page and "문화체육과" not in page
    response = client.post(reverse("purchase-new"), _form(seongbuk.welfare))
    assert response.status_code == 302 and response["Location"] == reverse("purchase-list")
    purchase = Purchase.objects.get()
    assert (purchase.department, purchase.supplier, purchase.amount_won) == (seongbuk.welfare, seongbuk.haengbok, 1_500_000)
    assert purchase.counted and purchase.created_by == officer and purchase.institution == seongbuk.institution
    event = AuditEvent.objects.get(name="procurement.purchase.recorded")
    assert event.actor == officer and event.object_id == str(purchase.pk) and event.data["counted"] is True


def test_a_forged_post_for_another_department_is_refused_and_writes_nothing(client, seongbuk, make_user):
    client.force_login(make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare))
    response = client.post(reverse("purchase-new"), _form(seongbuk.culture))
    assert response.status_code == 403
    assert Purchase.objects.count() == 0 and not AuditEvent.objects.filter(name__startswith="procurement.").exists()


def test_the_social_economy_division_records_for_any_department(client, seongbuk, make_user):
    client.force_login(make_user("sb", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    page = client.get(reverse("purchase-new")).content.decode()
    assert "복지정책과" in page and "문화체육과" in page
    assert client.post(reverse("purchase-new"), _form(seongbuk.culture)).status_code == 302
    assert Purchase.objects.get().department == seongbuk.culture


def test_other_users_cannot_record(client, seongbuk, make_user):
    url = reverse("purchase-new")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user("nobody"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")))
    assert client.post(url, _form(seongbuk.welfare)).status_code == 403
    assert Purchase.objects.count() == 0


def test_form_errors_are_shown_in_korean_and_nothing_is_written(client, seongbuk, make_user):
    client.force_login(make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare))
    url = reverse("purchase-new")
    html = client.post(url, _form(seongbuk.welfare, supplier_name="대한문구", exception_code="3")).content.decode()
    assert "예외 사유를 서면으로 기록하십시오(조례 제10조 제2항)." in html
    html = client.post(url, _form(seongbuk.welfare, exception_code="3", exception_justification=WHY)).content.decode()
    assert EXCEPTION_ON_COUNTED in html  # 행복도시락 is certified on 2014-07-01: no exception to record
    html = client.post(url, _form(seongbuk.welfare, amount_won="0")).content.decode()
    assert "금액은 0원보다 커야 합니다: &#x27;0&#x27;" in html
    assert Purchase.objects.count() == 0
    client.post(url, _form(seongbuk.welfare, supplier_name="대한문구", exception_code="3", exception_justification=WHY))
    purchase = Purchase.objects.get()
    assert (purchase.counted, purchase.exception_code, purchase.not_counted_reason) == (False, 3, NOT_IN_REGISTRY)


def test_the_list_shows_an_officer_only_their_department_newest_first(client, seongbuk, make_user, tmp_path):
    _import(tmp_path, [_row("2014-05-20", "㈜행복도시락", BN_HAENGBOK, item="오월 도시락"),
                       _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, item="칠월 도시락"),
                       _row("2014-08-01", "늘봄사회적협동조합", BN_NEULBOM, item="팔월 비누", department="문화체육과")])
    client.force_login(make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare))
    html = client.get(reverse("purchase-list")).content.decode()
    assert "팔월 비누" not in html
    assert html.index("칠월 도시락") < html.index("오월 도시락")
    assert "구매일(2014-05-20)에는 아직 인증 사회적기업 지정 전이었습니다(지정일 2014-06-15)." in html
    client.force_login(make_user("sb", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    html = client.get(reverse("purchase-list")).content.decode()
    assert html.index("팔월 비누") < html.index("칠월 도시락") < html.index("오월 도시락")
    html = client.get(reverse("purchase-list"), {"department": seongbuk.culture.pk}).content.decode()
    assert "팔월 비누" in html and "칠월 도시락" not in html


def test_the_list_query_count_does_not_grow_with_rows(client, seongbuk, make_user, tmp_path, django_assert_max_num_queries):
    rows = [_row(f"2014-07-{d:02d}", "㈜행복도시락", BN_HAENGBOK, department=dep) for d in range(1, 29)
            for dep in ("복지정책과", "문화체육과")]
    _import(tmp_path, rows)
    client.force_login(make_user("sb", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    client.get(reverse("purchase-list"))
    with django_assert_max_num_queries(7):
        response = client.get(reverse("purchase-list"))
    assert response.content.decode().count("<tr>") == 1 + 50  # header row and a full page


def test_the_choices_of_the_forms_are_cores_values():
    """A category or channel core adds must get a label here too (and none may exist only here)."""
    from bombaram.procurement.choices import Category, Channel

    assert set(Category.values) == {c.value for c in rules.Category}
    assert set(Channel.values) == {c.value for c in rules.Channel}
