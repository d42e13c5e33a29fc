"""The directory and the JSON API answer ``as_of``: the registry as it stood on a date (R1)."""

from __future__ import annotations

import datetime as dt

import pytest

from bombaram.registry.models import Designation, DesignationType, Organisation
from bombaram.registry.services import import_organisations
from tests.registry.files import BN_A, BN_B, cp949_csv

HEADER = ["기업명", "사업자등록번호", "자치구", "업종", "인증일"]
ROWS = [["㈜행복도시락", BN_A, "성북구", "식음료", "2012-12-08"],
        ["늘봄사회적협동조합", BN_B, "마포구", "복지", "2013-06-01"],
        ["초록가게", "", "성북구", "환경", "2013-03-01"]]


@pytest.fixture
def history(reference, tmp_path, settings):
    """행복도시락 certified 2012-12-08; 늘봄 certified 2013-06-01 and a village enterprise 2012-01-01 to
    2013-06-01; 초록가게 certified 2013-03-01 and closed 2013-10-01; a fourth founded only in 2014."""
    settings.HOME = tmp_path
    import_organisations(source=cp949_csv(tmp_path / "se.csv", HEADER, ROWS), filename="se.csv",
                         designation="certified_se", as_of=dt.date(2014, 1, 31))
    Organisation.objects.filter(name="초록가게").update(closed=dt.date(2013, 10, 1), status="closed")
    Designation.objects.create(organisation=Organisation.objects.get(business_no=BN_B),
                               type=DesignationType.objects.get(code="village_enterprise"),
                               granted=dt.date(2012, 1, 1), ended=dt.date(2013, 6, 1))
    Organisation.objects.create(name="새싹공방", name_key="새싹공방", founded=dt.date(2014, 3, 2))


def _names(client, **params):
    data = client.get("/api/organisations/", params).json()
    return {o["name"]: [d["type"] for d in o["designations"]] for o in data["results"]}, data


def test_api_answers_the_registry_as_it_stood_on_a_date(client, history):
    names, data = _names(client, as_of="2013-05-31")
    assert data["as_of"] == "2013-05-31"
    # 늘봄: still a village enterprise, not yet certified; 초록가게 not yet closed; 새싹공방 not yet founded
    assert names == {"㈜행복도시락": ["certified_se"], "늘봄사회적협동조합": ["village_enterprise"], "초록가게": ["certified_se"]}
    names, _ = _names(client, as_of="2013-06-01")  # the end day is excluded, the grant day included
    assert names["늘봄사회적협동조합"] == ["certified_se"]
    names, _ = _names(client, as_of="2013-10-01", designation="certified_se")  # closed on that day: gone
    assert set(names) == {"㈜행복도시락", "늘봄사회적협동조합"}
    names, _ = _names(client, as_of="2012-06-30", designation="certified_se")
    assert names == {}
    names, _ = _names(client, as_of="2012-06-30", designation="village_enterprise")
    assert names == {"늘봄사회적협동조합": ["village_enterprise"]}
    assert "새싹공방" in _names(client)[0]  # without a date: the registry as it is, every organisation


@pytest.mark.parametrize("bad", ["2014-02-30", "2014-13-01", "어제", "31.01.2014x"])
def test_api_refuses_a_date_it_cannot_read(client, history, bad):
    response = client.get("/api/organisations/", {"as_of": bad})
    assert response.status_code == 400
    assert response.json()["fields"]["as_of"] == ["날짜를 YYYY-MM-DD 형식으로 적어 주세요 (예: 2014-01-31)."]


def test_directory_page_shows_the_registry_on_a_date_and_says_so(client, history):
    html = client.get("/organisations/", {"as_of": "2013-05-31"}).content.decode()
    assert "조직 3곳" in html and "2013-05-31 기준" in html and "새싹공방" not in html
    assert 'value="2013-05-31"' in html  # the date stays in the form
    html = client.get("/organisations/", {"as_of": "2013-12-31", "designation": "certified_se"}).content.decode()
    assert "조직 2곳" in html and "초록가게" not in html


def test_directory_page_says_a_bad_date_in_korean_and_lists_nothing(client, history):
    response = client.get("/organisations/", {"as_of": "2014-02-30", "district": "11290"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "기준일을 읽을 수 없습니다: 날짜를 YYYY-MM-DD 형식으로 적어 주세요" in html
    assert "조직 0곳" in html and "㈜행복도시락" not in html


def test_organisation_mode_lists_an_organisation_under_its_highest_designation_only(client, history):
    org = Organisation.objects.get(business_no=BN_A)
    Designation.objects.create(organisation=org, type=DesignationType.objects.get(code="cooperative"), granted=dt.date(2013, 1, 1))
    holders, _ = _names(client, as_of="2014-01-31", designation="cooperative")
    counted, _ = _names(client, as_of="2014-01-31", designation="cooperative", mode="organisation")
    assert "㈜행복도시락" in holders and counted == {}  # counted as a certified social enterprise
    _, data = _names(client, as_of="2014-01-31", designation="any", mode="designation")
    assert data["count"] == 2 and data["designations_counted"] == 3  # 초록가게 closed in 2013
