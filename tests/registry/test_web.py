"""Directory, organisation page, edit form, upload preview/confirm and the JSON API, as users use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.registry.choices import ImportStatus
from bombaram.registry.models import District, ImportBatch, Organisation
from bombaram.registry.services import import_organisations
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.registry.files import BN_A, BN_B, cp949_csv

HEADER = ["기업명", "사업자등록번호", "자치구", "업종", "인증일"]
ROWS = [["㈜행복도시락", BN_A, "성북구", "식음료", "2012-12-08"],
        ["늘봄사회적협동조합", BN_B, "마포구", "복지", "2013-06-01"],
        ["초록가게", "", "성북구", "환경", "2013-03-01"]]


@pytest.fixture
def registry(reference, tmp_path, settings):
    settings.HOME = tmp_path
    import_organisations(source=cp949_csv(tmp_path / "se.csv", HEADER, ROWS), filename="se.csv",
                         designation="certified_se", as_of=dt.date(2014, 1, 31))


def test_directory_partial_korean_search_and_filters(client, registry):
    html = client.get("/organisations/", {"q": "도시락"}).content.decode()
    assert "㈜행복도시락" in html and "초록가게" not in html
    html = client.get("/organisations/", {"district": "11290", "designation": "certified_se"}).content.decode()
    assert "㈜행복도시락" in html and "초록가게" in html and "늘봄" not in html
    html = client.get("/organisations/", {"industry": "welfare"}).content.decode()
    assert "늘봄사회적협동조합" in html and "초록가게" not in html
    assert "조직 3곳" in client.get("/organisations/").content.decode()


def test_directory_search_by_business_number_and_htmx_partial(client, registry):
    response = client.get("/organisations/", {"q": BN_A[:6]}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "㈜행복도시락" in html
    # the same address answers the page or the rows: a cache must keep them apart
    assert "HX-Request" in response["Vary"] and "HX-Request" in client.get("/organisations/")["Vary"]


def test_directory_query_count_does_not_grow_with_rows(client, registry, django_assert_max_num_queries):
    client.get("/organisations/")
    with django_assert_max_num_queries(8):
        client.get("/organisations/")


def test_organisation_page_shows_timeline_and_designations(client, registry):
    org = Organisation.objects.get(business_no=BN_A)
    html = client.get(org.get_absolute_url()).content.decode()
    assert "지정 이력" in html and "2012-12-08" in html and "<svg" in html
    assert "수정" not in html.split("<main")[1].split("</h1>")[0]  # no edit button for the public


def test_edit_requires_an_admin_whose_scope_covers_the_district(client, registry, make_user):
    org = Organisation.objects.get(business_no=BN_A)  # 성북구
    url = reverse("organisation-edit", args=[org.pk])
    client.force_login(make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")))
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "status": "active"}).status_code == 403
    client.force_login(make_user("seongbuk", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    assert client.get(url).status_code == 200


def test_edit_validates_and_records_history(client, registry, make_user):
    org = Organisation.objects.get(business_no=BN_A)
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    url = reverse("organisation-edit", args=[org.pk])
    data = {"name": org.name, "business_no": BN_A, "district": org.district_id, "status": "active", "phone": "02-123-4567"}
    bad_check = BN_A[:-1] + str((int(BN_A[-1]) + 1) % 10)
    response = client.post(url, {**data, "business_no": bad_check})
    assert response.status_code == 200 and "검증 숫자" in response.content.decode()
    assert Organisation.objects.get(pk=org.pk).business_no == BN_A
    response = client.post(url, {**data, "founded": "2014-01-01", "closed": "2013-01-01"})
    assert "폐업일이 설립일보다 앞섭니다" in response.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.phone == "02-123-4567"
    event = AuditEvent.objects.get(name="registry.organisation.updated")
    assert event.data["changes"]["phone"] == {"from": "", "to": "02-123-4567"}
    assert "02-123-4567" in client.get(org.get_absolute_url()).content.decode()
    # confirming a number whose check digit fails keeps it, and says so
    client.post(url, {**data, "business_no": bad_check, "confirm_numbers": "on"})
    org.refresh_from_db()
    assert org.business_no == bad_check and org.business_no_confirmed


def _upload(client, tmp_path, rows, name="list.csv"):
    content = cp949_csv(tmp_path / name, HEADER, rows).read_bytes()
    return client.post(reverse("import-new"), {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "designation": "cooperative", "as_of": "2014-01-31", "encoding": "auto", "sheet": ""})


def test_upload_preview_then_confirm_writes_once(client, registry, make_user, tmp_path):
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    response = _upload(client, tmp_path, [["새싹 협동조합", "", "강남구", "교육", "2013-02-01"], ROWS[0]])
    batch = ImportBatch.objects.exclude(filename="se.csv").get()  # se.csv: the fixture's own import
    assert response.status_code == 302 and response["Location"].endswith(f"/imports/{batch.token}/")
    assert batch.status == ImportStatus.PREVIEWED and batch.report["created"] == 1 and batch.report["merged"] == 1
    assert not Organisation.objects.filter(name="새싹 협동조합").exists()
    page = client.get(response["Location"]).content.decode()
    assert "새 조직" in page and "등록부에 반영" in page
    confirm = reverse("import-confirm", args=[batch.token])
    client.post(confirm)
    assert Organisation.objects.filter(name="새싹 협동조합").count() == 1
    again = client.post(confirm, follow=True)
    assert "이미 반영한 파일" in again.content.decode()
    assert Organisation.objects.filter(name="새싹 협동조합").count() == 1


def test_upload_with_errors_shows_rows_in_korean_and_writes_only_when_asked(client, registry, make_user, tmp_path):
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    response = _upload(client, tmp_path, [["새싹 협동조합", "", "강남구", "교육", "2013-02-01"], ["", "", "강남구", "교육", "2013-13-01"]])
    page = client.get(response["Location"]).content.decode()
    assert "기업명이 비어 있습니다" in page and "올바른 행만 반영" in page
    batch = ImportBatch.objects.exclude(filename="se.csv").get()
    client.post(reverse("import-confirm", args=[batch.token]))
    assert not Organisation.objects.filter(name="새싹 협동조합").exists()
    client.post(reverse("import-confirm", args=[batch.token]), {"skip_invalid": "1"})
    assert Organisation.objects.filter(name="새싹 협동조합").exists()


def test_unreadable_upload_is_one_message_on_the_form(client, registry, make_user):
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    response = client.post(reverse("import-new"), {
        "file": SimpleUploadedFile("x.csv", "번호,업체\n1,가\n".encode("cp949")), "designation": "cooperative",
        "as_of": "2014-01-31", "encoding": "auto"})
    assert response.status_code == 200 and "기업명" in response.content.decode()
    assert not ImportBatch.objects.exclude(filename="se.csv").exists()


def test_imports_need_a_whole_region_administrator_and_tokens_cannot_be_guessed(client, registry, make_user):
    client.force_login(make_user("seongbuk", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    assert client.get(reverse("import-new")).status_code == 403
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    assert client.get(reverse("import-detail", args=["forged-token"])).status_code == 404
    assert client.post(reverse("import-confirm", args=["forged-token"])).status_code == 404
    client.logout()
    assert client.get(reverse("import-new")).status_code == 403


def test_json_api(client, registry):
    data = client.get("/api/organisations/", {"district": "11290"}).json()
    assert data["count"] == 2 and {r["name"] for r in data["results"]} == {"㈜행복도시락", "초록가게"}
    first = next(r for r in data["results"] if r["business_no"] == BN_A)
    assert first["district"] == {"code": "11290", "name_ko": "성북구", "name_en": "Seongbuk-gu"}
    assert first["designations"][0]["type"] == "certified_se" and first["designations"][0]["granted"] == "2012-12-08"
    detail = client.get(f"/api/organisations/{first['id']}/").json()
    assert detail["name"] == "㈜행복도시락" and detail["cooperative_counts"] == []
    assert client.get("/api/organisations/999999/").status_code == 404
    assert client.get("/api/organisations/", {"district": "nowhere"}).status_code == 400


def test_organisation_page_says_the_list_file_and_row_each_designation_came_from(client, registry, tmp_path, make_user):
    from bombaram.registry.models import Designation, DesignationType

    org = Organisation.objects.get(business_no=BN_B)  # row 3 of se.csv (the header is row 1)
    batch = ImportBatch.objects.get(filename="se.csv")
    designation = org.designations.get()
    assert (designation.import_batch_id, designation.source_row) == (batch.pk, 3)
    assert batch.status == ImportStatus.WRITTEN and batch.report["created"] == 3
    # a second list, uploaded through the web: the previewed batch is the one recorded
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    upload = SimpleUploadedFile("coops.csv", f"기업명,사업자등록번호,자치구,인가일\n늘봄사회적협동조합,{BN_B},마포구,2013-02-01\n".encode())
    response = client.post(reverse("import-new"), {"file": upload, "designation": "social_cooperative", "as_of": "2014-02-28",
                                                   "encoding": "auto"})
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("import-confirm", args=[token]))
    web_batch = ImportBatch.objects.get(token=token)
    coop = org.designations.get(type__code="social_cooperative")
    assert (coop.import_batch_id, coop.source_row) == (web_batch.pk, 2)
    Designation.objects.create(organisation=org, type=DesignationType.objects.get(code="village_enterprise"), granted=dt.date(2012, 5, 1))
    html = client.get(org.get_absolute_url()).content.decode()
    assert "se.csv 3행 (2014-01-31 명단)" in html
    assert "coops.csv 2행 (2014-02-28 명단)" in html and reverse("import-detail", args=[token]) in html
    assert "직접 입력" in html
    client.logout()
    public = client.get(org.get_absolute_url()).content.decode()
    assert "se.csv 3행 (2014-01-31 명단)" in public and reverse("import-detail", args=[token]) not in public
