"""The shell: pages render in Korean and English, navigation has no dead link, no N+1 queries."""

import re

import pytest
from django.urls import reverse


def test_home_in_korean_shows_the_map_and_the_reports_figures(client, reference):
    html = client.get("/").content.decode()
    assert '<html lang="ko">' in html
    assert "서울의 사회적경제 지역생태계" in html
    assert html.count("<path ") == 25
    assert html.count('<a href="/programmes/') >= 13 + 13  # map links + cohort lists
    assert "1,228" in html and "4,603" in html and "14,500" in html
    assert "경계: 도로명주소(2015), southkorea/seoul-maps" in html
    assert "본문 바로가기" in html


def test_home_in_english(client, reference):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Seoul&#x27;s social economy ecosystem" in html or "Seoul's social economy ecosystem" in html
    assert "Seongbuk-gu" in html


def _switch(client, page):
    html = client.get(page).content.decode()
    form = re.search(r'name="next" type="hidden" value="([^"]*)">\s*<button type="submit" name="language" value="(\w+)"', html)
    return client.post("/i18n/setlang/", {"next": form.group(1), "language": form.group(2)})


def test_language_switch_keeps_the_page(client, reference):
    response = _switch(client, "/programmes/")
    assert response.status_code == 302 and response["Location"] == "/en/programmes/"
    assert client.get("/en/programmes/").content.decode().count('lang="en"') >= 1
    response = _switch(client, "/en/programmes/")
    assert response["Location"] == "/programmes/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_link_in_the_navigation_and_on_the_home_page_works(client, reference, prefix):
    html = client.get(prefix + "/").content.decode()
    links = {href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")}
    assert links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_navigation_shows_the_back_office_only_to_staff(client, reference, make_user):
    assert "/admin/" not in client.get("/").content.decode()
    from bombaram.web.choices import Role

    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_home_page_query_count_is_bounded(client, reference, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(6):
        client.get("/")


def test_team_list_and_detail(client, reference):
    html = client.get(reverse("team-list")).content.decode()
    assert html.count("<tr>") == 14  # header + 13 teams
    assert "성북구사회적경제지원단" in html
    from bombaram.programmes.models import ProgrammeTeam

    team = ProgrammeTeam.objects.get(district__code="11440")
    detail = client.get(team.get_absolute_url()).content.decode()
    assert "마포사회적경제생태계조성지원사업단" in detail and "3차 (2013년 6월부터)" in detail
    assert "연락처 수정" not in detail  # the public reads, does not edit


def test_unknown_page_is_a_korean_404(client, reference):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_login_with_a_wrong_password_says_so_in_korean(client, reference, make_user):
    make_user("someone")
    response = client.post(reverse("login"), {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "올바른 아이디와 비밀번호를 입력하십시오" in response.content.decode() or "올바른" in response.content.decode()
