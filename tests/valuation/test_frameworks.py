"""Frameworks: stored from and back to core data, CSV import and export through the pages, item
editing with generated codes, frozen versions and who may change what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bombaram.core import frameworks as core
from bombaram.core.frameworks import load_reference_framework
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.choices import Level
from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
from bombaram.valuation.services import frameworks as service
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

SEONGBUK, MAPO = "11290", "11440"


@pytest.fixture
def seongbuk_team(reference):
    return ProgrammeTeam.objects.select_related("district").get(district__code=SEONGBUK)


@pytest.fixture
def people(seongbuk_team, make_user):
    return {
        "team": make_user("team", Role.TEAM_STAFF, team=seongbuk_team),
        "admin": make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code=SEONGBUK)),
        "mapo": make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code=MAPO)),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def framework(seongbuk_team):
    return Framework.objects.create(name="성북 틀", slug="seongbuk", owner_team=seongbuk_team,
                                    owner_district=seongbuk_team.district, source="2014년 보고서")


def _reference_version(framework, district: str) -> FrameworkVersion:
    core_framework, printed = load_reference_framework(district)
    return service.version_from_core(framework=framework, core_framework=core_framework, printed=printed,
                                     note="보고서의 틀")


def _login(client, user):
    client.force_login(user)
    return client


# ---- core data in and out ---------------------------------------------------------------------

@pytest.mark.parametrize("district", ["seongbuk", "nowon"])
def test_reference_framework_round_trips_through_the_database(framework, district):
    core_framework, printed = load_reference_framework(district)
    version = _reference_version(framework, district)

    nodes = list(core_framework.walk())
    assert version.number == 1
    assert version.items.count() == len(nodes)
    assert version.items.filter(level=Level.INDICATOR).count() == len(core_framework.indicators())
    assert list(version.items.order_by("position").values_list("code", flat=True)) == [n.code for n in nodes]
    back, back_printed = service.version_to_core(version)
    assert back.goals == core_framework.goals
    assert dict(back_printed.values) == {code: dict(v) for code, v in printed.values.items()}
    assert service.export_csv(version) == core.write_framework_csv(core_framework, printed)
    assert service.export_activities_csv(version) == core.write_activities_csv(core_framework, printed)


def test_parents_levels_and_indicator_fields_are_stored(framework):
    version = _reference_version(framework, "nowon")
    sub = version.items.get(code="1-1-1")
    assert sub.level == Level.SUBACTIVITY and sub.parent.code == "1-1" and sub.parent.parent.code == "1"
    indicator = version.items.get(code="1-1-1.1")
    assert indicator.parent == sub and indicator.name == "진단 만족도"
    assert indicator.printed["suit_r1_all"] == pytest.approx(0.89)
    assert version.items.filter(level=Level.INDICATOR, added_in_round2=True).count() == 11
    direct = version.items.get(code="2-1")  # 노원 2-1 has no sub-activity: indicators hang on it
    assert direct.children.filter(level=Level.INDICATOR).exists()


# ---- CSV import and export through the pages -----------------------------------------------------

def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_importing_a_good_file_makes_the_next_version(client, framework, people):
    core_framework, printed = load_reference_framework("seongbuk")
    indicators = core.write_framework_csv(core_framework, printed).encode("utf-8")
    activities = core.write_activities_csv(core_framework, printed).encode("utf-8")
    _login(client, people["team"])
    url = reverse("framework-import", args=[framework.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, {"indicators": _upload("i.csv", indicators), "activities": _upload("a.csv", activities),
                                 "note": "2015년 개정"})

    version = framework.versions.get(number=1)
    assert response.status_code == 302 and response["Location"] == reverse("framework-version", args=["seongbuk", 1])
    assert version.note == "2015년 개정" and version.created_by == people["team"]
    assert version.items.count() == len(list(core_framework.walk()))
    assert service.export_csv(version) == core.write_framework_csv(core_framework, printed)
    assert AuditEvent.objects.filter(name="valuation.framework.imported", object_id=str(version.pk)).exists()
    # importing again makes v2, v1 stays
    client.post(url, {"indicators": _upload("i.csv", indicators)})
    assert list(framework.versions.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_broken_file_lists_rows_and_columns_and_writes_nothing(client, framework, people):
    core_framework, _ = load_reference_framework("seongbuk")
    lines = core.write_framework_csv(core_framework).splitlines()
    lines[3] = lines[3].replace(",1-1,", ",2-9,", 1)  # row 4: activity 2-9 under goal 1
    lines[5] = lines[5].replace(",false,", ",maybe,", 1)  # row 6: not a yes/no
    _login(client, people["team"])

    response = client.post(reverse("framework-import", args=[framework.slug]),
                           {"indicators": _upload("i.csv", "\n".join(lines).encode("utf-8"))})

    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["file_errors"]}
    assert (4, "activity_no") in errors and (6, "added_in_round2") in errors
    html = response.content.decode()
    assert "활동 번호 &#x27;2-9&#x27;이(가) 목적 번호 &#x27;1-&#x27;(으)로 시작하지 않습니다." in html
    assert "<td class=\"num\">4</td><td>activity_no</td>" in html
    assert not FrameworkVersion.objects.filter(framework=framework).exists()
    assert not FrameworkItem.objects.exists()


def test_a_cp949_file_from_excel_is_read(client, framework, people):
    core_framework, printed = load_reference_framework("nowon")
    data = core.write_framework_csv(core_framework, printed).encode("cp949")
    _login(client, people["admin"])

    response = client.post(reverse("framework-import", args=[framework.slug]), {"indicators": _upload("i.csv", data)})

    assert response.status_code == 302
    version = framework.versions.get()
    assert version.items.get(code="1-1-1.1").name == "진단 만족도"
    assert version.items.filter(level=Level.INDICATOR).count() == len(core_framework.indicators())


def test_import_is_refused_without_the_right_to_edit(client, framework, people):
    data = core.write_framework_csv(load_reference_framework("seongbuk")[0]).encode()
    url = reverse("framework-import", args=[framework.slug])
    assert client.get(url).status_code == 302  # anonymous: log in first
    for who in ("mapo", "nobody"):
        _login(client, people[who])
        assert client.post(url, {"indicators": _upload("i.csv", data)}).status_code == 403
    assert not FrameworkVersion.objects.exists()
    with pytest.raises(PermissionDenied):
        service.import_csv(user=people["mapo"], framework=framework, data=data)


def test_export_is_utf8_with_bom_and_a_file_name(client, framework):
    version = _reference_version(framework, "seongbuk")
    response = client.get(reverse("framework-export", args=["seongbuk", 1]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content[3:].decode("utf-8") == service.export_csv(version)
    assert 'filename="seongbuk-v1-indicators.csv"' in response["Content-Disposition"]
    activities = client.get(reverse("framework-export-activities", args=["seongbuk", 1]))
    assert activities.content[3:].decode("utf-8") == service.export_activities_csv(version)
    assert client.get(reverse("framework-export", args=["seongbuk", 7])).status_code == 404


# ---- pages ------------------------------------------------------------------------------------

def test_anyone_reads_the_tree_but_only_editors_see_controls(client, framework, people):
    _reference_version(framework, "nowon")
    framework.illustrative = True
    framework.save(update_fields=["illustrative"])
    response = client.get(reverse("framework-detail", args=["seongbuk"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "진단 만족도" in html and "사회적 경제조직 초기 진단 및 모니터링" in html and "2014년 보고서" in html
    assert "예시 데이터" in html
    edit_url = reverse("framework-item-edit", args=["seongbuk", FrameworkItem.objects.get(code="1-1-1.1").pk])
    assert edit_url not in html and reverse("framework-import", args=["seongbuk"]) not in html

    _login(client, people["team"])
    html = client.get(reverse("framework-detail", args=["seongbuk"])).content.decode()
    assert edit_url in html and reverse("framework-import", args=["seongbuk"]) in html
    assert client.get(reverse("framework-list")).status_code == 200
    # the editing page on its own (no JavaScript, or a link followed before htmx loaded) starts in the name
    page = client.get(edit_url).content.decode()
    assert page.count(" autofocus") == 1 and 'name="name"' in page.split(" autofocus")[0].rsplit("<", 1)[-1]


def test_tree_and_list_pages_read_a_fixed_number_of_queries(client, framework, people,
                                                            django_assert_max_num_queries):
    _reference_version(framework, "nowon")  # 132 items
    _login(client, people["team"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("framework-detail", args=["seongbuk"])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("framework-list")).status_code == 200


def test_an_empty_upload_is_a_form_error(client, framework, people):
    _login(client, people["team"])
    response = client.post(reverse("framework-import", args=[framework.slug]), {})
    assert response.status_code == 200 and response.context["form"].errors["indicators"]
    assert not FrameworkVersion.objects.exists()


def test_creating_a_framework_through_the_page(client, seongbuk_team, people):
    _login(client, people["team"])
    response = client.post(reverse("framework-create"), {"name": "성북 2015", "slug": "seongbuk-2015",
                                                         "owner_team": seongbuk_team.pk, "description": ""})
    framework = Framework.objects.get(slug="seongbuk-2015")
    assert response.status_code == 302 and framework.owner_district == seongbuk_team.district
    assert list(framework.versions.values_list("number", flat=True)) == [1]
    # a team's staff cannot make a framework for another owner
    other = ProgrammeTeam.objects.exclude(pk=seongbuk_team.pk).first()
    response = client.post(reverse("framework-create"), {"name": "남의 틀", "slug": "other", "owner_team": other.pk})
    assert response.status_code == 200 and not Framework.objects.filter(slug="other").exists()
    with pytest.raises(PermissionDenied):
        service.create_framework(user=people["team"], name="남의 틀", slug="other", owner_team=other)
    with pytest.raises(ValidationError, match="이미 쓰이고"):
        service.create_framework(user=people["team"], name="또", slug="seongbuk-2015", owner_team=seongbuk_team)


# ---- editing ------------------------------------------------------------------------------------

def test_codes_are_generated_under_the_parent(framework, people):
    user = people["team"]
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = service.add_item(user=user, version=version, parent=None, level=Level.GOAL, name="시장을 조성한다")
    second = service.add_item(user=user, version=version, parent=None, level=Level.GOAL, name="역량을 강화한다")
    a1 = service.add_item(user=user, version=version, parent=goal, level=Level.ACTIVITY, name="상호거래")
    a2 = service.add_item(user=user, version=version, parent=goal, level=Level.ACTIVITY, name="공공시장")
    sub = service.add_item(user=user, version=version, parent=a2, level=Level.SUBACTIVITY, name="구매 상담")
    i1 = service.add_item(user=user, version=version, parent=sub, level=Level.INDICATOR, name="상담 건수",
                          unit="건", result_kind="output", direction="increase", data_source="사업단 기록")
    i2 = service.add_item(user=user, version=version, parent=a1, level=Level.INDICATOR, name="거래액", unit="원")
    i3 = service.add_item(user=user, version=version, parent=a1, level=Level.INDICATOR, name="거래 기업 수")

    assert [goal.code, second.code, a1.code, a2.code, sub.code] == ["1", "2", "1-1", "1-2", "1-2-1"]
    assert [i1.code, i2.code, i3.code] == ["1-2-1.1", "1-1.1", "1-1.2"]
    assert i1.unit == "건" and i1.result_kind == "output" and i1.data_source == "사업단 기록"
    # positions follow the framework order, whatever the order of adding
    assert list(version.items.order_by("position").values_list("code", flat=True)) == [
        "1", "1-1", "1-1.1", "1-1.2", "1-2", "1-2-1", "1-2-1.1", "2"]
    # one activity never has both sub-activities and indicators
    with pytest.raises(ValidationError, match="세부 활동을 더할 수 없습니다"):
        service.add_item(user=user, version=version, parent=a1, level=Level.SUBACTIVITY, name="x")
    with pytest.raises(ValidationError, match="세부 활동 아래에"):
        service.add_item(user=user, version=version, parent=a2, level=Level.INDICATOR, name="x")
    with pytest.raises(ValidationError, match="목적 아래에"):
        service.add_item(user=user, version=version, parent=None, level=Level.ACTIVITY, name="x")
    core_framework, _ = service.version_to_core(version)
    assert [i.code for i in core_framework.indicators()] == ["1-1.1", "1-1.2", "1-2-1.1"]


def test_add_page_continues_the_codes_of_an_imported_framework(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    goals = version.items.filter(level=Level.GOAL).count()
    _login(client, people["team"])
    url = reverse("framework-item-add", args=["seongbuk", 1]) + "?level=goal"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "새 목적"})
    assert response.status_code == 302
    assert version.items.get(name="새 목적").code == str(goals + 1)
    activity = version.items.get(code="1-1")
    indicators = activity.children.count()
    client.post(reverse("framework-item-add", args=["seongbuk", 1]) + f"?level=indicator&parent={activity.pk}",
                {"name": "새 지표", "unit": "개", "result_kind": "outcome", "direction": "decrease"})
    new = version.items.get(name="새 지표")
    assert new.code == f"1-1.{indicators + 1}" and new.direction == "decrease" and new.parent == activity


def test_update_and_delete_items(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    indicator = version.items.get(code="1-1.1")
    _login(client, people["team"])
    response = client.post(reverse("framework-item-edit", args=["seongbuk", indicator.pk]), {
        "name": "상호거래 금액", "unit": "원", "result_kind": "outcome", "direction": "increase",
        "data_source": "회계 자료", "note": ""})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.result_kind, indicator.data_source, indicator.code) == (
        "상호거래 금액", "원", "outcome", "회계 자료", "1-1.1")
    assert AuditEvent.objects.filter(name="valuation.framework.item_updated", object_id=str(indicator.pk)).exists()

    activity = version.items.get(code="1-1")
    with pytest.raises(ValidationError, match="아래에 달린 항목"):
        service.delete_item(user=people["team"], item=activity)
    count = version.items.count()
    response = client.post(reverse("framework-item-delete", args=["seongbuk", indicator.pk]))
    assert response.status_code == 302 and version.items.count() == count - 1
    assert not version.items.filter(code="1-1.1").exists()


def test_a_frozen_version_is_never_changed(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    version.frozen = True
    version.save(update_fields=["frozen"])
    indicator = version.items.get(code="1-1.1")
    count = version.items.count()
    for call in (lambda: service.update_item(user=people["team"], item=indicator, name="바뀐 이름"),
                 lambda: service.delete_item(user=people["team"], item=indicator),
                 lambda: service.add_item(user=people["team"], version=version, parent=None, level=Level.GOAL,
                                          name="새 목적")):
        with pytest.raises(ValidationError) as raised:
            call()
        assert raised.value.messages == [service.FROZEN_MESSAGE]
    _login(client, people["team"])
    response = client.post(reverse("framework-item-edit", args=["seongbuk", indicator.pk]), {"name": "바뀐 이름"},
                           follow=True)
    assert service.FROZEN_MESSAGE in response.content.decode()
    client.post(reverse("framework-item-delete", args=["seongbuk", indicator.pk]))
    client.post(reverse("framework-item-add", args=["seongbuk", 1]) + "?level=goal", {"name": "새 목적"})
    indicator.refresh_from_db()
    assert indicator.name != "바뀐 이름" and version.items.count() == count

    # the way out: a new version, a copy that can be edited
    response = client.post(reverse("framework-new-version", args=["seongbuk", 1]))
    new = framework.versions.get(number=2)
    assert response.status_code == 302 and not new.frozen and new.items.count() == count
    assert service.export_csv(new) == service.export_csv(version)
    copy = new.items.get(code="1-1.1")
    service.update_item(user=people["team"], item=copy, name="바뀐 이름")
    indicator.refresh_from_db()
    assert indicator.name != "바뀐 이름" and new.items.get(code="1-1.1").name == "바뀐 이름"


def test_forged_posts_without_the_right_are_refused(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    indicator = version.items.get(code="1-1.1")
    before = service.export_csv(version)
    for who in ("mapo", "nobody"):
        _login(client, people[who])
        assert client.post(reverse("framework-item-edit", args=["seongbuk", indicator.pk]),
                           {"name": "해킹"}).status_code == 403
        assert client.post(reverse("framework-item-delete", args=["seongbuk", indicator.pk])).status_code == 403
        assert client.post(reverse("framework-item-add", args=["seongbuk", 1]) + "?level=goal",
                           {"name": "해킹"}).status_code == 403
        assert client.post(reverse("framework-new-version", args=["seongbuk", 1])).status_code == 403
    client.logout()
    assert client.post(reverse("framework-item-delete", args=["seongbuk", indicator.pk])).status_code == 302
    assert service.export_csv(version) == before and framework.versions.count() == 1
    assert not AuditEvent.objects.filter(name__startswith="valuation.framework.item").exists()
    with pytest.raises(PermissionDenied):
        service.update_item(user=people["mapo"], item=indicator, name="해킹")


# ---- inline editing (htmx) --------------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_inline_edit_puts_the_form_in_the_row_and_saves_only_that_row(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    indicator = version.items.get(code="1-1.1")
    url = reverse("framework-item-edit", args=["seongbuk", indicator.pk])
    _login(client, people["team"])

    response = client.get(url, **HTMX)
    form = response.content.decode()
    assert "HX-Request" in response["Vary"]  # one address, two answers: caches must tell them apart
    # the row itself, with the same id, so that the editor takes the row's place in the table
    assert form.startswith(f'<tr id="item-{indicator.pk}" class="fw-editing"><td colspan="7">')
    assert "<html" not in form and f'hx-target="#item-{indicator.pk}"' in form
    assert f'id="item-{indicator.pk}-name"' in form  # ids of its own
    assert form.count("autofocus") == 1 and f'autofocus required id="item-{indicator.pk}-name"' in form
    assert f'value="{indicator.name}"' in form
    # Cancel puts back this row only, taken from the version page
    assert f'hx-select="#item-{indicator.pk}" hx-target="#item-{indicator.pk}"' in form

    # a bad value: the editor again, with the error, the focus on the first wrong field, nothing written
    bad = client.post(url, {"name": indicator.name, "direction": "sideways"}, **HTMX)
    text = bad.content.decode()
    assert bad.status_code == 200 and "HX-Retarget" not in bad
    assert text.startswith(f'<tr id="item-{indicator.pk}"') and 'class="field-error"' in text
    assert text.count("autofocus") == 1 and '<select name="direction" autofocus aria-invalid="true"' in text
    indicator.refresh_from_db()
    assert indicator.direction != "sideways"

    saved = client.post(url, {"name": "상호거래 금액", "unit": "원", "result_kind": "outcome",
                              "direction": "increase", "data_source": "", "note": ""}, **HTMX)
    text = saved.content.decode()
    # only the row, in place of its editor: other open editors keep what is typed in them
    assert saved.status_code == 200 and "HX-Retarget" not in saved
    assert text.startswith(f'<tr id="item-{indicator.pk}" class="fw-just-saved">') and "fw-tree" not in text
    assert "상호거래 금액" in text and "<td data-label=\"단위\">원</td>" in text
    # the message to the tree's status line (out of band, in a <template> so that it parses after a <tr>)
    assert ('<template><p id="fw-status" role="status" class="message success" hx-swap-oob="true">'
            "1-1.1 항목을 저장했습니다.</p></template>") in text
    # the keyboard focus comes back to the saved item's edit link
    assert text.count(" autofocus") == 1 and f'hx-target="#item-{indicator.pk}" hx-swap="outerHTML" autofocus' in text
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.code) == ("상호거래 금액", "원", "1-1.1")


def test_inline_edit_of_a_heading_keeps_the_heading_level(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    goal = version.items.get(code="1")
    url = reverse("framework-item-edit", args=["seongbuk", goal.pk])
    _login(client, people["team"])
    page = client.get(reverse("framework-detail", args=["seongbuk"])).content.decode()
    # the goal's section is named by its heading, inside the element the editor replaces
    assert f'<section class="fw-goal" aria-labelledby="item-{goal.pk}-h">' in page
    assert f'<div id="item-{goal.pk}" class="fw-item-head">\n<h2 id="item-{goal.pk}-h" class="fw-heading">' in page

    form = client.get(url, **HTMX).content.decode()
    assert form.startswith(f'<div id="item-{goal.pk}" class="fw-editing">')
    assert f'<h2 class="fw-inline-title" id="item-{goal.pk}-h"><span id="item-{goal.pk}-title">목적 1 수정</span></h2>' in form
    saved = client.post(url, {"name": "사회적 경제 시장을 함께 만든다."}, **HTMX).content.decode()
    assert saved.startswith(f'<div id="item-{goal.pk}" class="fw-item-head fw-just-saved">\n<h2 id="item-{goal.pk}-h"')
    assert "사회적 경제 시장을 함께 만든다." in saved
    # a goal with activities under it offers no "remove"
    assert "framework-item-delete" not in saved and "/delete/" not in saved


def test_inline_add_takes_the_place_of_the_link_and_gives_the_next_code(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    activity = version.items.get(code="1-1")
    url = reverse("framework-item-add", args=["seongbuk", 1]) + f"?level=indicator&parent={activity.pk}"
    _login(client, people["team"])
    page = client.get(reverse("framework-detail", args=["seongbuk"])).content.decode()
    assert f'hx-get="{url.replace("&", "&amp;")}" hx-target="closest .fw-add"' in page

    form = client.get(url, **HTMX).content.decode()
    # it takes the place of the activity's "add" links, and has their id so that Cancel finds them
    assert f'<p class="fw-add no-print" id="add-under-{activity.pk}">' in page
    assert form.startswith(f'<div id="add-under-{activity.pk}" class="fw-editing">')
    assert "data-fw-redraws" in form  # the page asks before a redraw drops changes in other editors
    taken = sorted(activity.children.values_list("code", flat=True))
    assert taken == ["1-1.1", "1-1.2", "1-1.3"]  # as the report prints 1-1
    assert '평가지표 추가 <span class="fw-code">1-1.4</span>' in form
    assert f'id="add-under-{activity.pk}-name"' in form

    saved = client.post(url, {"name": "새 지표", "unit": "건", "result_kind": "output", "direction": "increase"},
                        **HTMX)
    new = version.items.get(name="새 지표")
    assert new.code == "1-1.4" and new.parent == activity
    text = saved.content.decode()
    assert saved["HX-Retarget"] == "#fw-tree" and saved["HX-Reswap"] == "outerHTML"
    assert text.startswith('<div class="fw-tree" id="fw-tree"')
    assert '<p id="fw-status" role="status" class="message success">1-1.4 새 지표 항목을 추가했습니다.</p>' in text
    assert text.count(" autofocus") == 1 and f'hx-target="#item-{new.pk}" hx-swap="outerHTML" autofocus' in text
    # the versions table below the tree counts the new indicator too (swapped out of band)
    versions = text[text.index('<section class="panel" id="fw-versions"'):]
    assert 'hx-swap-oob="true"' in versions.split(">", 1)[0]
    assert f'<td class="num">{version.items.filter(level=Level.INDICATOR).count()}</td>' in versions


def test_inline_editing_keeps_the_rules_of_the_pages(client, framework, people):
    version = _reference_version(framework, "seongbuk")
    indicator = version.items.get(code="1-1.1")
    url = reverse("framework-item-edit", args=["seongbuk", indicator.pk])
    _login(client, people["mapo"])
    assert client.get(url, **HTMX).status_code == 403
    assert client.post(url, {"name": "해킹", "direction": "increase"}, **HTMX).status_code == 403

    client.logout()  # a session that ran out while the editor was open: the login page, as a whole page
    response = client.post(url, {"name": "바뀐 이름", "direction": "increase"}, HTTP_HX_CURRENT_URL=
                           "http://testserver/valuation/frameworks/seongbuk/", **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/valuation/frameworks/seongbuk/"

    version.frozen = True
    version.save(update_fields=["frozen"])
    _login(client, people["team"])
    # a frozen version: a whole-page visit back to the version, whose message says why (no partial
    # swapped into the tree)
    response = client.post(url, {"name": "바뀐 이름", "direction": "increase"}, **HTMX)
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("framework-version", args=["seongbuk", 1])
    assert service.FROZEN_MESSAGE in client.get(response["HX-Redirect"]).content.decode()
    indicator.refresh_from_db()
    assert indicator.name != "바뀐 이름"
