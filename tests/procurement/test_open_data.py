"""Open data of the purchase system (issue 11, points 1–4): OCDS releases that never change, every
purchase with its procurement method, package links that resolve, downloads where people look.

OCDS output is checked with tools nobody here wrote (tests/ocds_check.py): the official 1.1.5
schemas with jsonschema, libcoveocds offline, ocdsmerge for compiled releases.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import importlib
import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.apps import apps
from django.utils import translation

from bombaram.procurement import open_data, reports
from bombaram.procurement.models import Disclosure, Purchase, PurchaseRevision
from bombaram.procurement.services import corrections, plans
from bombaram.procurement.services.disclosures import publish_month
from bombaram.procurement.services.purchases import record_purchase
from bombaram.registry.models import District
from bombaram.web.choices import Role
from tests.ocds_check import merged, problems, schema_errors
from tests.procurement.conftest import BN_HAENGBOK, BN_NEULBOM

FORM = {"supplier_name": "늘봄사회적협동조합", "supplier_business_no": BN_NEULBOM, "item": "청소", "category": "services",
        "contract_method": "private_contract", "channel": "direct", "exception_code": None,
        "exception_justification": "", "note": ""}
TODAY = dt.date(2015, 1, 20)  # the months of 2014 have ended


@pytest.fixture
def officer(seongbuk, make_user):
    return make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)


@pytest.fixture
def division(make_user):
    return make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


@pytest.fixture
def july(seongbuk, officer):
    """Three July 2014 purchases of 복지정책과: 400,000 and 250,000 counted (늘봄, a social
    cooperative), 300,000 from 행복도시락 (certified since 2014-06-15: counted too)."""
    made = [record_purchase(user=officer, department=seongbuk.welfare, purchased_on=dt.date(2014, 7, day),
                            amount_won=amount, **{**FORM, **extra})
            for day, amount, extra in ((3, 400_000, {}), (10, 250_000, {"item": "세제", "category": "goods"}),
                                       (21, 300_000, {"supplier_name": "㈜행복도시락", "supplier_business_no": BN_HAENGBOK,
                                                      "item": "도시락", "category": "goods",
                                                      "contract_method": "restricted_competition"}))]
    return made


def _package(institution, year=2014) -> dict:
    return reports.ocds_package(institution, year, base_url="https://se.example.go.kr/")


def _of(package: dict, purchase: Purchase) -> list[dict]:
    return [r for r in package["releases"] if r["ocid"].endswith(f"-{purchase.pk}")]


def _correct(user, purchase, reason, **changes):
    values = {name: getattr(purchase, name) for name in (
        "purchased_on", "supplier_name", "supplier_business_no", "item", "category", "amount_won", "contract_method",
        "channel", "exception_code", "exception_justification", "note")}
    return corrections.correct_purchase(user=user, purchase=purchase, revision=purchase.revision, reason=reason,
                                        department=purchase.department, **{**values, **changes})


# ---- 1. a correction adds a release; a withdrawal a cancelled one --------------------------------


def test_a_correction_adds_a_release_and_the_one_issued_before_never_changes(seongbuk, officer, july):
    first, second, _third = july
    before = _package(seongbuk.institution)
    issued = _of(before, first)
    assert [r["id"] for r in issued] == [f"seongbuk-{first.pk}-contract"]

    _correct(officer, first, "계약서의 금액으로 정정", amount_won=350_000)
    after = _package(seongbuk.institution)
    releases = _of(after, first)
    assert len(releases) == 2
    assert releases[0] == issued[0]  # same ocid, same id, same date, same amount: untouched
    amended = releases[1]
    assert amended["ocid"] == issued[0]["ocid"]
    assert amended["id"] == f"seongbuk-{first.pk}-revision-2"
    assert amended["date"] >= issued[0]["date"]  # to the millisecond: equal only within one
    assert after["releases"].index(amended) == after["releases"].index(releases[0]) + 1
    assert amended["tag"] == ["awardUpdate", "contractAmendment"]
    assert amended["awards"][0]["value"]["amount"] == 350_000 and issued[0]["awards"][0]["value"]["amount"] == 400_000
    amendment = amended["awards"][0]["amendments"][0]
    assert amendment["rationale"] == "계약서의 금액으로 정정"
    assert amendment["amendsReleaseID"] == issued[0]["id"] and amendment["releaseID"] == amended["id"]
    assert "400,000원 → 350,000원" in amendment["description"]
    assert amended["contracts"][0]["amendments"] == amended["awards"][0]["amendments"]
    # the other purchases' releases are as they were
    assert _of(after, second) == _of(before, second)


def test_a_withdrawal_adds_a_cancelled_release_instead_of_deleting_one(seongbuk, officer, july):
    _first, second, _third = july
    issued = _of(_package(seongbuk.institution), second)
    corrections.withdraw_purchase(user=officer, purchase=second, revision=second.revision, reason="두 번 입력됨")
    assert not Purchase.objects.filter(pk=second.pk).exists()
    releases = _of(_package(seongbuk.institution), second)
    assert [r["id"] for r in releases] == [issued[0]["id"], f"seongbuk-{second.pk}-withdrawal"]
    assert releases[0] == issued[0]
    cancelled = releases[1]
    assert cancelled["tag"] == ["awardCancellation", "contractUpdate"]
    assert cancelled["awards"][0]["status"] == cancelled["contracts"][0]["status"] == "cancelled"
    assert cancelled["awards"][0]["amendments"][0]["rationale"] == "두 번 입력됨"
    kept = PurchaseRevision.objects.get(purchase_number=second.pk)
    assert kept.withdrawn and kept.values["amount_won"] == 250_000


def test_a_kept_revision_cannot_be_changed_or_deleted(seongbuk, officer, july):
    _correct(officer, july[0], "금액 정정", amount_won=390_000)
    kept = PurchaseRevision.objects.get(purchase_number=july[0].pk)
    kept.reason = "고쳐 쓴 사유"
    with pytest.raises(Exception, match="바꿀 수 없습니다|cannot be changed"):
        kept.save()
    with pytest.raises(Exception, match="지울 수 없습니다|cannot be deleted"):
        kept.delete()
    assert PurchaseRevision.objects.get(pk=kept.pk).reason == "금액 정정"


def test_after_a_correction_and_a_withdrawal_both_packages_pass_the_standard_tools(client, seongbuk, officer, july):
    first, second, third = july
    _correct(officer, first, "금액 정정", amount_won=350_000)
    _correct(officer, Purchase.objects.get(pk=first.pk), "품목 이름 정정", item="청소 용역")
    corrections.withdraw_purchase(user=officer, purchase=second, revision=second.revision, reason="두 번 입력됨")
    releases = client.get("/purchase/report/seongbuk/2014/download.ocds").json()
    records = client.get("/purchase/report/seongbuk/2014/download.records").json()
    for package in (releases, records):
        assert schema_errors(package) == []
        assert problems(package) == {}
    assert [len(r["releases"]) for r in records["records"]] == [3, 2, 1]  # two corrections; a withdrawal; none
    for record in records["records"]:
        assert record["compiledRelease"] == merged(copy.deepcopy(record["releases"]))
    compiled = {r["ocid"].rsplit("-", 1)[1]: r["compiledRelease"] for r in records["records"]}
    assert compiled[str(first.pk)]["awards"][0]["value"]["amount"] == 350_000
    assert compiled[str(first.pk)]["awards"][0]["title"] == "청소 용역"
    assert len(compiled[str(first.pk)]["awards"][0]["amendments"]) == 2
    assert compiled[str(second.pk)]["contracts"][0]["status"] == "cancelled"
    assert compiled[str(third.pk)]["tender"]["procurementMethod"] == "selective"


# ---- 2. every purchase of the demonstration carries its procurement method -------------------------


def test_the_demonstrations_ocds_after_a_correction_and_a_withdrawal_is_clean_and_has_every_method(reference, make_user):
    from bombaram.datagen.demo.procurement import load_demo_procurement, publish_demo_disclosures
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()
    load_demo_procurement()
    division = make_user("division", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    publish_demo_disclosures(division)
    institution = Purchase.objects.filter(institution__code="seongbuk").first().institution
    corrected, withdrawn = Purchase.objects.filter(institution=institution, purchased_on__year=2014).order_by("pk")[:2]
    _correct(division, corrected, "금액 정정 (예시)", amount_won=corrected.amount_won + 100_000)
    corrections.withdraw_purchase(user=division, purchase=withdrawn, revision=withdrawn.revision, reason="중복 입력 (예시)")

    package = _package(institution)
    purchases = [r for r in package["releases"] if "awards" in r]
    assert len(purchases) == Purchase.objects.filter(institution=institution, purchased_on__year=2014).count() + 3
    missing = [r["id"] for r in purchases if not r["tender"].get("procurementMethod")]
    assert missing == []
    assert {r["tender"]["procurementMethod"] for r in purchases} == {"direct", "selective", "open"}
    assert schema_errors(package) == []
    assert problems(package) == {}
    records = open_data.record_package(institution, 2014, base_url="https://se.example.go.kr/")
    assert schema_errors(records) == []
    assert problems(records) == {}


def test_the_migration_stores_codes_where_korean_names_were_stored(seongbuk):
    """The demonstration stored 수의계약, 제한경쟁입찰, 일반경쟁입찰: the migration turns them (and any
    spacing of them) into codes and leaves codes, blanks and unknown text alone."""
    migration = importlib.import_module("bombaram.procurement.migrations.0013_contract_methods_stored_as_codes")
    stored = ["수의계약", "제한경쟁입찰", "일반 경쟁입찰", "지명경쟁", "private_contract", "", "협상에 의한 계약"]
    rows = [Purchase.objects.create(institution=seongbuk.institution, department=seongbuk.welfare,
                                    purchased_on=dt.date(2014, 3, 1), supplier_name="업체", item="물건", category="goods",
                                    amount_won=1_000, contract_method=method) for method in stored]
    migration.names_to_codes(apps, None)
    assert [Purchase.objects.get(pk=r.pk).contract_method for r in rows] == [
        "private_contract", "restricted_competition", "open_competition", "nominated_competition",
        "private_contract", "", "협상에 의한 계약"]


# ---- 3. the package's links resolve ----------------------------------------------------------------


def test_the_package_uri_is_its_own_address_from_the_setting_with_licence_and_policy(client, settings, seongbuk, july):
    settings.BOMBARAM_PUBLIC_URL = "https://se.example.go.kr"
    package = client.get("/purchase/report/seongbuk/2014/download.ocds").json()
    assert package["uri"] == "https://se.example.go.kr/purchase/report/seongbuk/2014/download.ocds"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publicationPolicy"] == "https://se.example.go.kr/purchase/open-data/"
    again = client.get(urlsplit(package["uri"]).path)  # the uri answers with the package itself
    assert again.status_code == 200 and again.json()["releases"] == package["releases"]
    policy = client.get(urlsplit(package["publicationPolicy"]).path)
    html = policy.content.decode()
    assert policy.status_code == 200
    for words in ("공공구매 공개 데이터 정책", "무엇을 공개하나요", "언제 공개하나요", "정정은 어떻게 나타나나요", "cancelled",
                  "크리에이티브 커먼즈 저작자표시 4.0", "ocds-bmbram-"):
        assert words in html
    records = client.get("/purchase/report/seongbuk/2014/download.records").json()
    assert records["uri"] == "https://se.example.go.kr/purchase/report/seongbuk/2014/download.records"
    assert records["packages"] == [package["uri"]]


def test_without_the_setting_the_uri_is_the_address_the_request_came_to(client, settings, seongbuk, july):
    settings.BOMBARAM_PUBLIC_URL = ""
    package = client.get("/purchase/report/seongbuk/2014/download.ocds").json()
    assert package["uri"] == "http://testserver/purchase/report/seongbuk/2014/download.ocds"
    assert package["publicationPolicy"] == "http://testserver/purchase/open-data/"


# ---- 4. downloads where people look ---------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of every table of a page, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads Hangul
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _won(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_report_page_links_a_csv_and_download_csv_answers_with_the_department_table(client, seongbuk, july):
    html = client.get("/purchase/report/seongbuk/2014/").content.decode()
    assert "/purchase/report/seongbuk/2014/download.csv" in html
    response = client.get("/purchase/report/seongbuk/2014/download.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == reports.DEPARTMENT_COLUMNS
    page = _tables(html)[0]  # the page's 부서별 table
    assert [row[0] for row in rows[1:]] == [row[0] for row in page[1:]] == ["복지정책과"]
    welfare = rows[1]
    assert _won(welfare[3]) == _won(welfare[4]) == 400_000 + 250_000 + 300_000 == _won(page[1][3])


@pytest.fixture
def published_july(seongbuk, division, july):
    return publish_month(user=division, institution=seongbuk.institution, year=2014, month=7, today=TODAY)


def test_the_monthly_disclosure_offers_csv_xlsx_and_ocds_of_exactly_its_rows_and_totals(client, seongbuk, officer,
                                                                                      published_july):
    url = "/purchase/public/disclosures/seongbuk/2014/7/"
    html = client.get(url).content.decode()
    for fmt in ("csv", "xlsx", "ocds"):
        assert f"{url}download.{fmt}?version=1" in html
    departments, purchases = _tables(html)[:2]
    shown = [[r[0], r[1], r[2], r[3], _won(r[5])] for r in purchases[1:]]
    total = next(r for r in departments if r[0] == "전체")
    assert len(shown) == 3 and _won(total[2]) == 950_000

    rows = _csv(client.get(f"{url}download.csv?version=1"))
    assert [[r[0], r[1], r[2], r[3], _won(r[5])] for r in rows[1:]] == shown
    assert sum(_won(r[5]) for r in rows[1:]) == _won(total[2])

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{url}download.xlsx?version=1").content))
    sheet = [[c for c in row] for row in book["구매 내역"].iter_rows(values_only=True)]
    header = sheet.index(["구매일자", "부서", "공급업체", "품목", "구분", "금액 (원)", "실적 인정", "불인정 사유", "관내기업", "구매대행"])
    assert [[r[0], r[1], r[2], r[3], r[5]] for r in sheet[header + 1:]] == shown
    by_department = [list(row) for row in book["부서별"].iter_rows(values_only=True)]
    assert ["전체", 3, 950_000, _won(total[3]), float(total[4])] in by_department

    package = client.get(f"{url}download.ocds?version=1").json()
    assert schema_errors(package) == [] and problems(package) == {}
    amounts = sorted(r["awards"][0]["value"]["amount"] for r in package["releases"])
    assert amounts == sorted(r[4] for r in shown) and sum(amounts) == 950_000


def test_a_disclosures_ocds_stays_what_was_published_after_a_correction(client, seongbuk, officer, published_july, july):
    url = "/purchase/public/disclosures/seongbuk/2014/7/download.ocds?version=1"
    before = client.get(url).json()["releases"]
    _correct(officer, july[0], "금액 정정", amount_won=350_000)
    corrections.withdraw_purchase(user=officer, purchase=july[1], revision=july[1].revision, reason="두 번 입력됨")
    _correct(officer, july[2], "8월 구매였음", purchased_on=dt.date(2014, 8, 1))  # moved out of July
    assert client.get(url).json()["releases"] == before  # as published: the later releases are not in it
    # the page still shows the published version, and so does its CSV
    assert sum(_won(r[5]) for r in _csv(client.get(url.replace(".ocds", ".csv")))[1:]) == 950_000
    # a second version, published with the correction, has the releases issued by then
    publish_month(user=Disclosure.objects.first().published_by, institution=seongbuk.institution, year=2014, month=7,
                  reason="정정 공시", today=TODAY)
    latest = client.get(url.replace("version=1", "version=2")).json()
    assert schema_errors(latest) == [] and problems(latest) == {}
    by_ocid: dict[str, list[dict]] = {}
    for release in latest["releases"]:
        by_ocid.setdefault(release["ocid"], []).append(release)
    amounts = sorted(merged(copy.deepcopy(rels))["awards"][0]["value"]["amount"] for rels in by_ocid.values())
    assert amounts == [350_000]  # version 2 shows neither the withdrawn nor the moved purchase
    assert sum(_won(r[5]) for r in _csv(client.get(url.replace(".ocds?version=1", ".csv?version=2")))[1:]) == 350_000


def test_the_published_plan_offers_csv_xlsx_and_ocds_of_exactly_what_it_shows(client, seongbuk, officer, division):
    plan = plans.create_plan(user=officer, department=seongbuk.welfare, year=2015)
    plans.add_plan_item(user=officer, plan=plan, item="도시락", category="goods", planned_won=3_000_000,
                        candidates=[seongbuk.neulbom.pk])
    plans.add_plan_item(user=officer, plan=plan, item="청소 용역", category="services", planned_won=2_000_000)
    plans.submit_plan(user=officer, plan=plan)
    plans.approve_plan(user=division, plan=plan)
    plans.publish_plan(user=division, institution=seongbuk.institution, year=2015)
    url = "/purchase/public/plans/seongbuk/2015/"
    html = client.get(url).content.decode()
    for fmt in ("csv", "xlsx", "ocds"):
        assert f"{url}download.{fmt}?version=1" in html
    tables = _tables(html)
    items = [[r[0], r[1], _won(r[2])] for r in tables[1][1:] if r[0] != "부서 합계"]
    assert items == [["도시락", "물품", 3_000_000], ["청소 용역", "용역", 2_000_000]]
    rows = _csv(client.get(f"{url}download.csv"))
    assert [[r[1], r[2], _won(r[3])] for r in rows[1:]] == items
    assert rows[1][4] == "늘봄사회적협동조합"
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{url}download.xlsx").content))
    assert ["전체", None, 5_000_000, 2, None] in [list(r) for r in book["부서별"].iter_rows(values_only=True)]
    package = client.get(f"{url}download.ocds").json()
    assert schema_errors(package) == [] and problems(package) == {}
    assert [r["planning"]["budget"]["amount"]["amount"] for r in package["releases"]] == [5_000_000]
    assert package["uri"].endswith("/purchase/public/plans/seongbuk/2015/download.ocds?version=1")


def test_downloads_of_an_unknown_format_or_version_are_not_found(client, published_july):
    assert client.get("/purchase/public/disclosures/seongbuk/2014/7/download.pdf").status_code == 404
    assert client.get("/purchase/public/disclosures/seongbuk/2014/7/download.csv?version=9").status_code == 404
    assert client.get("/purchase/public/disclosures/seongbuk/2014/8/download.csv").status_code == 404
    assert client.get("/purchase/public/plans/seongbuk/2014/download.csv").status_code == 404


def test_the_json_of_a_disclosure_download_is_the_same_for_both_languages(client, published_july):
    korean = client.get("/purchase/public/disclosures/seongbuk/2014/7/download.ocds").json()
    with translation.override("ko"):  # the English request activates English: put Korean back for the next tests
        english = client.get("/en/purchase/public/disclosures/seongbuk/2014/7/download.ocds").json()
    assert korean["uri"] == english["uri"]  # the canonical (Korean) address either way
    assert json.dumps(korean["releases"]) == json.dumps(english["releases"])
