import pytest

from bombaram.datagen.demo.registry import load_demo_registry


@pytest.fixture
def demo(reference):
    load_demo_registry()


def test_statistics_page_shows_tables_map_and_illustrative_label(client, demo):
    html = client.get("/statistics/", {"as_of": "2014-01-31"}).content.decode()
    assert "예시 데이터" in html
    assert html.count("<path ") >= 25
    assert "사회적기업: 마포 &gt; 종로 &gt; 영등포" in html or "사회적기업: 마포 > 종로 > 영등포" in html
    assert ">1,871<" in html and ">967<" in html and ">14,607<" in html
    assert "/statistics/download/district-type.xlsx?as_of=2014-01-31" in html
    assert "교육 서비스업" in html


def test_comparison_with_all_seoul_businesses(demo):
    import datetime as dt

    import pytest

    from bombaram.ecosystem.queries import compute

    stats = compute(dt.date(2014, 1, 31))
    education = next(r for r in stats.base_comparison if r.industry == "education")
    # organisations: 299 of 1,871. Businesses (Seoul, 2012) in the ten matched sections:
    # 30,044 + 68,226 + 21,467 + 22,042 + 115,415 + 22 + 209,989 + 53,950 + 19,077 + 379 = 540,611
    assert education.organisation_share_pct == pytest.approx(299 / 1871 * 100)
    assert education.business_share_pct == pytest.approx(30044 / 540611 * 100)
    assert education.ratio == pytest.approx((299 / 1871) / (30044 / 540611))
    assert 0 < stats.base_hoover < 1
    # 25 equal districts would give HHI 400; the organisations are more concentrated than that
    assert stats.concentration["total"]["hhi"] > 400


def test_the_map_measure_is_swapped_by_htmx(client, demo):
    response = client.get("/statistics/", {"as_of": "2014-01-31", "measure": "lq:culture", "partial": "map"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<figure class="map" id="stat-map">') and "입지계수: 문화" in html
    assert "HX-Request" in response["Vary"]


def test_an_unknown_measure_falls_back_and_a_bad_date_is_said_and_the_rest_kept(client, demo):
    from django.utils import timezone

    response = client.get("/statistics/", {"measure": "nonsense", "as_of": "2014-13-45", "mode": "designation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "날짜를 읽을 수 없어 등록부의 마지막 자료 기준일의 수치를 보여 줍니다" in html and 'aria-invalid="true"' in html
    assert 'value="2014-01-31"' in html and f'value="{timezone.localdate().isoformat()}"' not in html
    assert '<option value="designation" selected>' in html  # the good field is kept
    # a download never gives a table for another date than the one asked for
    bad = client.get("/statistics/download/district-type.csv", {"as_of": "2014-13-45"})
    assert bad.status_code == 400 and "기준일: 올바른 날짜" in bad.content.decode()
    # nor does the printed report or the LQ comparison; an unknown way of counting is refused there too
    for url in ("/statistics/report/", "/statistics/lq-comparison/"):
        bad = client.get(url, {"as_of": "2014-13-45"})
        assert bad.status_code == 400 and "기준일: 올바른 날짜" in bad.content.decode()
        assert client.get(url, {"mode": "nonsense"}).status_code == 400
    # an unknown map measure only changes the map: downloads and the report ignore it
    assert client.get("/statistics/download/district-type.csv", {"measure": "x" * 100}).status_code == 200
    page = client.get("/statistics/", {"mode": "nonsense"}).content.decode()
    assert 'id="id_mode_error"' in page and '<option value="organisation" selected>' in page


def test_downloads(client, demo):
    response = client.get("/statistics/download/industry.csv", {"as_of": "2014-01-31"})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert "교육,education,299,16" in response.content.decode("utf-8-sig")
    assert "%EC%98%88%EC%8B%9C" in response["Content-Disposition"]  # 예시데이터 in the file name
    assert client.get("/statistics/download/nothing.csv").status_code == 404
    assert client.get("/statistics/download/industry.pdf").status_code == 404


def test_report_and_lq_comparison_pages(client, demo):
    report = client.get("/statistics/report/", {"as_of": "2014-01-31"}).content.decode()
    assert "총괄발표" in report and "예시 데이터" in report
    comparison = client.get("/statistics/lq-comparison/", {"as_of": "2014-01-31"}).content.decode()
    assert "RMSE" in comparison and "/ 250" in comparison


def test_statistics_page_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    client.get("/statistics/")
    with django_assert_max_num_queries(15):
        client.get("/statistics/")


def test_cached_statistics_follow_every_registry_write(client, demo, tmp_path):
    import datetime as dt

    from bombaram.registry.services import import_organisations
    from tests.registry.files import utf8_csv

    before = client.get("/statistics/download/district-type.csv", {"as_of": "2014-01-31"}).content.decode("utf-8-sig")
    assert "성북구,12,8,7,27,7,28,5,67" in before
    path = utf8_csv(tmp_path / "one.csv", ["기업명", "자치구", "인증일"], [["새 인증기업", "성북구", "2013-01-01"]])
    import_organisations(source=path, filename="one.csv", designation="certified_se", as_of=dt.date(2014, 1, 31))
    after = client.get("/statistics/download/district-type.csv", {"as_of": "2014-01-31"}).content.decode("utf-8-sig")
    assert "성북구,13,8,7,28,7,28,5,68" in after


def test_cached_statistics_follow_changes_to_districts_industries_and_designation_types(client, demo):
    """A back-office edit of the reference rows the tables read changes the cached tables too."""
    from bombaram.registry.models import IndustryGroup

    url = "/statistics/download/industry.csv"
    group = IndustryGroup.objects.order_by("order").first()
    assert group.name_ko in client.get(url, {"as_of": "2014-01-31"}).content.decode("utf-8-sig")
    group.name_ko = "바뀐 업종 이름"
    group.save(update_fields=["name_ko"])
    assert "바뀐 업종 이름" in client.get(url, {"as_of": "2014-01-31"}).content.decode("utf-8-sig")

    from bombaram.registry.models import District

    district = District.objects.get(code="11290")
    district.name_ko = "성북구(새 이름)"
    district.save(update_fields=["name_ko"])
    after = client.get("/statistics/download/district-type.csv", {"as_of": "2014-01-31"}).content.decode("utf-8-sig")
    assert "성북구(새 이름),12,8,7,27,7,28,5,67" in after


def test_without_a_date_the_statistics_are_of_the_registrys_latest_data_and_say_so(client, demo):
    """The demonstration registry's last grant and last cooperative count are of 2014-01-31: read in
    2026, the page shows the registry on that date (1,871 organisations), not an empty "today"."""
    import datetime as dt

    from bombaram.ecosystem.queries import latest_registry_date
    from bombaram.registry.models import CooperativeCount, Designation

    assert Designation.objects.order_by("-granted").values_list("granted", flat=True)[0] == dt.date(2014, 1, 31)
    assert CooperativeCount.objects.order_by("-counted_on").values_list("counted_on", flat=True)[0] == dt.date(2014, 1, 31)
    assert latest_registry_date() == dt.date(2014, 1, 31)
    html = client.get("/statistics/").content.decode()
    assert 'value="2014-01-31"' in html and ">1,871<" in html
    assert "등록부의 마지막 자료 기준일 2014-01-31" in html
    assert "/statistics/download/district-type.csv?as_of=2014-01-31" in html
    # the download and the printed report without a date are of the same day
    download = client.get("/statistics/download/district-type.csv")
    assert "2014-01-31" in download["Content-Disposition"]


def test_the_latest_date_follows_registry_writes_and_ignores_future_dates(client, demo):
    import datetime as dt

    from django.utils import timezone

    from bombaram.ecosystem.queries import latest_registry_date
    from bombaram.registry.models import Designation, bump_revision

    designation = Designation.objects.order_by("pk").first()
    # a planned end after today is not data the registry holds yet
    Designation.objects.filter(pk=designation.pk).update(ended=timezone.localdate() + dt.timedelta(days=400))
    bump_revision()
    assert latest_registry_date() == dt.date(2014, 1, 31)
    Designation.objects.filter(pk=designation.pk).update(ended=dt.date(2014, 6, 30))
    bump_revision()
    assert latest_registry_date() == dt.date(2014, 6, 30)
    assert "등록부의 마지막 자료 기준일 2014-06-30" in client.get("/statistics/").content.decode()


def test_an_empty_registry_shows_today(client, reference):
    from django.utils import timezone

    from bombaram.ecosystem.queries import latest_registry_date

    assert latest_registry_date() is None
    html = client.get("/statistics/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html and "마지막 자료 기준일" not in html
