"""The back office applies the application's scopes (issue 12, point 1).

The matrix is generated from the admin site's registry: every registered model × every role ×
changelist, change (GET and POST), add and delete. Each model has one 성북 object in ``WORLD`` and an
expected kind in ``EXPECTED`` — written here from the application's rules (DESIGN.md "Who uses it",
web.permissions), not read from the admin classes —, so a model registered later without a line here,
or without the scoped base (web.admin_scopes), fails.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from bombaram.core.names import normalise_name
from bombaram.market.models import SalesOutlet
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Disclosure,
    EligibilityPolicy,
    Institution,
    PlanItem,
    Purchase,
    PurchasePlan,
    YearTarget,
)
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import (
    CooperativeCount,
    Designation,
    DesignationType,
    District,
    ImportBatch,
    IndustryGroup,
    Organisation,
)
from bombaram.valuation.models import (
    DelphiStudy,
    Framework,
    FrameworkItem,
    FrameworkVersion,
    Measurement,
    PanelGroup,
    Panellist,
    SroiSetting,
)
from bombaram.web.admin_scopes import ScopedAdmin, ScopedInline
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

SEONGBUK, NOWON = "11290", "11350"
ROLES = ["superuser", "nowon_admin", "seongbuk_admin", "city_admin", "officer", "team_staff", "org_staff", "anonymous"]
ADMINS = {"superuser", "nowon_admin", "seongbuk_admin", "city_admin"}
SEONGBUK_WRITERS = {"superuser", "seongbuk_admin", "city_admin"}
NOBODY: set[str] = set()

#: what each kind of model allows: (changelist opens, the 성북 object is listed / opens, change and
#: delete it, open the add form)
KINDS = {
    # districts, industries, designation types: administrators read, superusers write
    "reference": (ADMINS, ADMINS, {"superuser"}, {"superuser"}),
    # 성북's: its district's administrators and the whole region's; 노원's administrator adds only its own
    "seongbuk": (ADMINS, SEONGBUK_WRITERS, SEONGBUK_WRITERS, ADMINS),
    # written by the application's services (rules, audit trail): shown in scope, never changed here
    "seongbuk_read_only": (ADMINS, SEONGBUK_WRITERS, NOBODY, NOBODY),
    # imports change organisations anywhere: whole-region administrators
    "region_read_only": (ADMINS, {"superuser", "city_admin"}, NOBODY, NOBODY),
    # the valuation app: its services only; the role's group has no back-office permission there
    "superuser_read_only": ({"superuser"}, {"superuser"}, NOBODY, NOBODY),
    # accounts and roles
    "superuser": ({"superuser"}, {"superuser"}, {"superuser"}, {"superuser"}),
}

#: model → (kind, the 성북 object, a field to change and the value sent; None unticks a checkbox)
EXPECTED = {
    "registry.region": ("reference", lambda w: w.region, ("name_en", "Seoul (changed)")),
    "registry.district": ("reference", lambda w: w.seongbuk, ("name_ko", "바뀐구")),
    "registry.industrygroup": ("reference", lambda w: w.industry, ("name_ko", "바뀐업종")),
    "registry.designationtype": ("reference", lambda w: w.designation_type, ("name_ko", "바뀐유형")),
    "registry.organisation": ("seongbuk", lambda w: w.org, ("name", "바뀐 성북 조직")),
    "registry.importbatch": ("region_read_only", lambda w: w.batch, ("filename", "changed.csv")),
    "procurement.institution": ("seongbuk", lambda w: w.institution, ("name", "바뀐구청")),
    "procurement.eligibilitypolicy": ("seongbuk", lambda w: w.policy, ("reseller_counts", None)),
    "procurement.departmenttarget": ("seongbuk", lambda w: w.department_target, ("target_won", "123")),
    "procurement.purchaseplan": ("seongbuk_read_only", lambda w: w.plan, ("comment", "바뀐 의견")),
    "procurement.purchase": ("seongbuk_read_only", lambda w: w.purchase, ("item", "바뀐 품목")),
    "procurement.disclosure": ("seongbuk_read_only", lambda w: w.disclosure, ("reason", "바뀐 사유")),
    "programmes.programmeteam": ("seongbuk", lambda w: w.team, ("name", "바뀐 사업단")),
    "market.salesoutlet": ("seongbuk", lambda w: w.sales_outlet, ("name", "바뀐 판매관")),
    "valuation.framework": ("superuser_read_only", lambda w: w.framework, ("name", "바뀐 틀")),
    "valuation.frameworkversion": ("superuser_read_only", lambda w: w.version, ("note", "바뀐 판")),
    "valuation.delphistudy": ("superuser_read_only", lambda w: w.study, ("title", "바뀐 조사")),
    "valuation.panellist": ("superuser_read_only", lambda w: w.panellist, ("name", "바뀐 패널")),
    "valuation.measurement": ("superuser_read_only", lambda w: w.measurement, ("note", "바뀐 메모")),
    "valuation.sroisetting": ("superuser_read_only", lambda w: w.sroi, ("note", "바뀐 메모")),
    "cooperatives.cooperative": ("seongbuk_read_only", lambda w: w.cooperative, ("note", "바뀐 메모")),
    "cooperatives.survey": ("seongbuk_read_only", lambda w: w.survey, ("title", "바뀐 조사")),
    "cooperatives.founding": ("seongbuk_read_only", lambda w: w.founding, ("name", "바뀐 설립 준비")),
    "cooperatives.localfund": ("seongbuk_read_only", lambda w: w.fund, ("name", "바뀐 기금")),
    "auth.user": ("superuser", lambda w: w.users["officer"], ("first_name", "바뀐 이름")),
    "auth.group": ("superuser", lambda w: Group.objects.get(name=Role.DEPARTMENT_OFFICER.value), ("name", "renamed")),
}


@pytest.fixture
def world(reference, make_user):
    """One object of every registered model in 성북, their 노원 counterparts where the rules compare
    them, and a user of every role."""
    seongbuk, nowon = District.objects.get(code=SEONGBUK), District.objects.get(code=NOWON)
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk)
    nowon_institution = Institution.objects.create(code="nowon", name="노원구청", district=nowon)
    general = Department.objects.create(institution=institution, code="general", name="총무과")
    nowon_general = Department.objects.create(institution=nowon_institution, code="general", name="총무과")
    org = Organisation.objects.create(name="성북 마을부엌", name_key=normalise_name("성북 마을부엌"), district=seongbuk)
    Designation.objects.create(organisation=org, type=DesignationType.objects.get(code="village_enterprise"),
                               granted=dt.date(2013, 1, 1))
    CooperativeCount.objects.create(organisation=org, counted_on=dt.date(2014, 1, 31), members=5)
    team = ProgrammeTeam.objects.get(district=seongbuk)
    plan = PurchasePlan.objects.create(department=general, year=2015)
    PlanItem.objects.create(plan=plan, item="복사용지", category="goods", planned_won=1_000_000)
    framework = Framework.objects.create(name="성북 틀", slug="sb-test", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    indicator = FrameworkItem.objects.create(version=version, level="indicator", code="1-1.1", name="참여자 수")
    study = DelphiStudy.objects.create(version=version, title="성북 델파이")
    group = PanelGroup.objects.create(study=study, name="현장")
    users = {
        "superuser": get_user_model().objects.create_superuser("root", password="correct-horse-battery"),
        "nowon_admin": make_user("nowon-admin", Role.CENTRE_ADMIN, district=nowon),
        "seongbuk_admin": make_user("seongbuk-admin", Role.CENTRE_ADMIN, district=seongbuk),
        "city_admin": make_user("city-admin", Role.CENTRE_ADMIN),
        "officer": make_user("sb-general", Role.DEPARTMENT_OFFICER, department=general),
        "team_staff": make_user("sb-team", Role.TEAM_STAFF, team=team),
        "org_staff": make_user("sb-org", Role.ORGANISATION_STAFF, district=seongbuk),
        "anonymous": None,
    }
    return SimpleNamespace(
        region=seongbuk.region, seongbuk=seongbuk, nowon=nowon, industry=IndustryGroup.objects.get(code="welfare"),
        designation_type=DesignationType.objects.get(code="village_enterprise"), org=org,
        nowon_org=Organisation.objects.create(name="노원 마을부엌", name_key=normalise_name("노원 마을부엌"), district=nowon),
        batch=ImportBatch.objects.create(filename="list.csv", designation="village_enterprise", as_of=dt.date(2014, 1, 31),
                                         status="applied", token="t1"),
        institution=institution, nowon_institution=nowon_institution, general=general, nowon_general=nowon_general,
        year_target=YearTarget.objects.create(institution=institution, year=2014, target_won=2_500_000_000),
        policy=EligibilityPolicy.objects.create(institution=institution, eligible_types=["certified_se"]),
        department_target=DepartmentTarget.objects.create(department=general, year=2014, target_won=100_000_000),
        nowon_department_target=DepartmentTarget.objects.create(department=nowon_general, year=2014, target_won=50_000_000),
        plan=plan,
        purchase=Purchase.objects.create(institution=institution, department=general, purchased_on=dt.date(2014, 3, 2),
                                         supplier=org, supplier_name=org.name, item="도시락", category="goods",
                                         amount_won=100_000, counted=True),
        disclosure=Disclosure.objects.create(institution=institution, kind="monthly", year=2014, month=3,
                                             snapshot={"institution": {"name": "성북구청"}}),
        team=team, framework=framework, version=version, study=study,
        panellist=Panellist.objects.create(study=study, group=group, name="패널", label="P01", token_hash="0" * 64),
        measurement=Measurement.objects.create(team=team, item=indicator, code="1-1.1", year=2014),
        sroi=SroiSetting.objects.create(team=team, year=2014, investment_won=200_000_000),
        sales_outlet=SalesOutlet.objects.create(name="성북구 사회적경제 판매관", kind="sales_hall", district=seongbuk),
        users=users,
        **_cooperatives_world(org, seongbuk, team),
    )


def _cooperatives_world(org, seongbuk, team) -> dict:
    from bombaram.cooperatives.models import Cooperative, Founding, LocalFund, Survey

    cooperative = Cooperative.objects.create(organisation=org, share_price_won=10_000)
    return {"cooperative": cooperative,
            "survey": Survey.objects.create(cooperative=cooperative, title="성북 의견조사", question="?",
                                            held_on=dt.date(2014, 3, 1), token="sb-survey"),
            "founding": Founding.objects.create(name="성북 설립 준비", legal_form="cooperative", district=seongbuk,
                                                share_price_won=10_000, started_on=dt.date(2014, 1, 1)),
            "fund": LocalFund.objects.create(name="성북 기금", district=seongbuk, team=team, opened_on=dt.date(2014, 1, 1))}


def _label(model) -> str:
    return model._meta.label_lower


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class _FormFields(HTMLParser):
    """What a browser would send from the admin's change form (id ``<model>_form``)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset") or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.fields.append((a["name"], a.get("value", "on") if kind == "checkbox" else a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def _change_data(client, superuser, model, obj, field: str, value: str | None) -> dict:
    """The change form as the superuser sees it, with ``field`` set to ``value`` (None: left out)."""
    client.force_login(superuser)
    page = client.get(_url(model, "change", obj.pk)).content.decode()
    client.logout()
    parser = _FormFields(f"{model._meta.model_name}_form")
    parser.feed(page)
    data: dict[str, list[str]] = {}
    for name, current in parser.fields:
        data.setdefault(name, []).append(current)
    data.pop(field, None)
    if value is not None:
        data[field] = [value]
    data["_save"] = ["Save"]
    return data


def _stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def _admin_events(obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=_label(type(obj)), object_id=str(obj.pk), name__contains=".admin_"))


def test_every_registered_admin_uses_the_scoped_base():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, ScopedAdmin), f"{_label(model)} is registered without web.admin_scopes.ScopedAdmin"
        assert model_admin.scope is not None, f"{_label(model)}'s admin has no scope"
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedInline), f"{inline.__name__} ({_label(model)}) is not a ScopedInline"


def test_the_matrix_covers_every_registered_model():
    registered = {_label(model) for model in admin.site._registry}
    assert registered - set(EXPECTED) == set(), "add the new model to EXPECTED (its kind and a 성북 object)"
    assert set(EXPECTED) - registered == set()


MATRIX = [(label, role) for label in sorted(_label(m) for m in admin.site._registry) for role in ROLES]


@pytest.mark.parametrize(("label", "role"), MATRIX)
def test_back_office_matrix(client, world, label, role):
    model = next(m for m in admin.site._registry if _label(m) == label)
    kind, get_obj, (field, value) = EXPECTED[label]
    lists, views, writes, adds = KINDS[kind]
    obj = get_obj(world)
    user = world.users[role]
    data = _change_data(client, world.users["superuser"], model, obj, field, value)
    if user is not None:
        client.force_login(user)

    changelist = client.get(_url(model, "changelist"))
    assert (changelist.status_code == 200) == (role in lists), changelist.status_code
    if changelist.status_code == 200:
        assert (_url(model, "change", obj.pk) in changelist.content.decode()) == (role in views)
    assert (client.get(_url(model, "change", obj.pk)).status_code == 200) == (role in views)
    assert (client.get(_url(model, "add")).status_code == 200) == (role in adds)
    assert (client.get(_url(model, "delete", obj.pk)).status_code == 200) == (role in writes)

    count = model._default_manager.count()
    client.post(_url(model, "add"), {})
    assert model._default_manager.count() == count  # an empty form adds nothing, allowed or not

    before = _stored(obj)
    response = client.post(_url(model, "change", obj.pk), data)
    if role in writes:
        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
        assert _stored(obj) != before
        events = _admin_events(obj)
        assert [e.name for e in events] == [f"{label}.admin_changed"]
        change = events[0].data["changes"][field]
        assert change["from"] == _plain_value(before, field) and change["to"] == _plain_value(_stored(obj), field)
        assert events[0].actor == user
    else:
        assert _stored(obj) == before
        assert _admin_events(obj) == []

    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    if role in writes:
        gone = _stored(obj) is None
        # deleted and recorded, or kept because other rows protect it (the page says which)
        assert gone or response.status_code == 200
        assert gone == any(e.name == f"{label}.admin_deleted" for e in _admin_events(obj))
    else:
        assert _stored(obj) is not None


def _plain_value(row: dict, field: str):
    value = row.get(field, row.get(f"{field}_id"))
    return value.isoformat() if hasattr(value, "isoformat") else value


# ---- the probe's findings, one by one ------------------------------------------------------------

def _as(client, world, role):
    client.force_login(world.users[role])


def test_a_nowon_administrator_changes_nothing_of_seongbuk(client, world):
    """The issue's findings: 성북 총무과's target, 성북구청's year target and name, a 성북 organisation,
    the 성북 team, a district's name."""
    superuser = world.users["superuser"]
    sends = [
        (DepartmentTarget, world.department_target, _change_data(client, superuser, DepartmentTarget,
                                                                world.department_target, "target_won", "1")),
        (Institution, world.institution, _change_data(client, superuser, Institution, world.institution, "name", "노원이 바꾼 이름")),
        (Organisation, world.org, _change_data(client, superuser, Organisation, world.org, "name", "노원이 바꾼 조직")),
        (ProgrammeTeam, world.team, _change_data(client, superuser, ProgrammeTeam, world.team, "name", "노원이 바꾼 사업단")),
        (District, world.seongbuk, _change_data(client, superuser, District, world.seongbuk, "name_ko", "노원이 바꾼 구")),
    ]
    year_target = sends[1][2]
    year_target["targets-0-target_won"] = ["1"]  # the institution's year target, in its inline
    _as(client, world, "nowon_admin")
    before = {(type(obj), obj.pk): _stored(obj) for _model, obj, _data in sends}
    for model, obj, data in sends:
        response = client.post(_url(model, "change", obj.pk), data)
        assert response.status_code in (302, 403)
    assert {(type(obj), obj.pk): _stored(obj) for _model, obj, _data in sends} == before
    assert YearTarget.objects.get(pk=world.year_target.pk).target_won == 2_500_000_000
    assert not AuditEvent.objects.filter(name__contains=".admin_").exists()


def test_the_inline_year_target_of_its_own_institution_is_changed_and_recorded(client, world):
    data = _change_data(client, world.users["superuser"], Institution, world.institution, "name", "성북구청")
    data["targets-0-target_won"] = ["3000000000"]
    _as(client, world, "seongbuk_admin")
    assert client.post(_url(Institution, "change", world.institution.pk), data).status_code == 302
    assert YearTarget.objects.get(pk=world.year_target.pk).target_won == 3_000_000_000
    event = AuditEvent.objects.get(name="procurement.yeartarget.admin_changed")
    assert event.data["changes"] == {"target_won": {"from": 2_500_000_000, "to": 3_000_000_000}}
    assert event.data["parent"] == {"type": "procurement.institution", "id": world.institution.pk}
    assert event.actor == world.users["seongbuk_admin"]


def test_an_administrator_cannot_move_an_object_out_of_their_district(client, world):
    superuser = world.users["superuser"]
    moves = [(Organisation, world.org, "district"), (Institution, world.institution, "district"),
             (ProgrammeTeam, world.team, "district")]
    datas = [(model, obj, _change_data(client, superuser, model, obj, field, str(world.nowon.pk))) for model, obj, field in moves]
    outside = _change_data(client, superuser, Organisation, world.org, "district", "")
    _as(client, world, "seongbuk_admin")
    for model, obj, data in datas:
        response = client.post(_url(model, "change", obj.pk), data)
        assert response.status_code == 200  # the form refuses a district outside the user's scope
        assert "district" in response.context["adminform"].form.errors
        assert _stored(obj)["district_id"] == world.seongbuk.pk
    # an organisation's district left empty (outside the region) is the whole region's: refused too
    assert client.post(_url(Organisation, "change", world.org.pk), outside).status_code == 403
    assert _stored(world.org)["district_id"] == world.seongbuk.pk
    assert not AuditEvent.objects.filter(name__contains=".admin_").exists()


def test_foreign_key_choices_are_the_users_own(client, world):
    _as(client, world, "nowon_admin")
    form = client.get(_url(DepartmentTarget, "add")).context["adminform"].form
    assert list(form.fields["department"].queryset) == [world.nowon_general]
    response = client.post(_url(DepartmentTarget, "add"), {"department": world.general.pk, "year": 2015, "target_won": 1})
    assert "department" in response.context["adminform"].form.errors
    assert not DepartmentTarget.objects.filter(year=2015).exists()
    form = client.get(_url(Institution, "add")).context["adminform"].form
    assert list(form.fields["district"].queryset) == [world.nowon]
    # adding within the scope works and is recorded with the values
    response = client.post(_url(DepartmentTarget, "add"), {"department": world.nowon_general.pk, "year": 2015,
                                                           "target_won": 7_000, "_save": "Save"})
    assert response.status_code == 302
    added = DepartmentTarget.objects.get(year=2015)
    event = AuditEvent.objects.get(name="procurement.departmenttarget.admin_added")
    assert event.object_id == str(added.pk) and event.data["values"]["target_won"] == 7_000


def test_the_changelist_lists_the_users_district_only(client, world):
    _as(client, world, "nowon_admin")
    page = client.get(_url(Organisation, "changelist")).content.decode()
    assert _url(Organisation, "change", world.nowon_org.pk) in page
    assert _url(Organisation, "change", world.org.pk) not in page
    page = client.get(_url(DepartmentTarget, "changelist")).content.decode()
    assert _url(DepartmentTarget, "change", world.nowon_department_target.pk) in page
    assert _url(DepartmentTarget, "change", world.department_target.pk) not in page


def test_an_organisation_renamed_in_the_back_office_is_matched_by_its_new_name(client, world):
    data = _change_data(client, world.users["superuser"], Organisation, world.org, "name", "㈜새이름 협동조합")
    _as(client, world, "seongbuk_admin")
    assert client.post(_url(Organisation, "change", world.org.pk), data).status_code == 302
    world.org.refresh_from_db()
    assert world.org.name_key == normalise_name("㈜새이름 협동조합")
    event = AuditEvent.objects.get(name="registry.organisation.admin_changed")
    assert event.data["changes"]["name"] == {"from": "성북 마을부엌", "to": "㈜새이름 협동조합"}


def test_staff_without_an_administrator_role_reaches_no_model(client, world):
    user = world.users["officer"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    _as(client, world, "officer")
    page = client.get(reverse("admin:index"))
    assert _url(Organisation, "changelist") not in page.content.decode()
    assert client.get(_url(Organisation, "changelist")).status_code == 403
    assert client.get(_url(Organisation, "change", world.org.pk)).status_code != 200


@pytest.mark.parametrize("model", [Purchase, Institution, DepartmentTarget, Organisation])
def test_scoping_a_changelist_costs_the_same_for_more_anchors(client, world, model):
    """The scope's check runs over the anchors read in one query, never one query per anchor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _as(client, world, "seongbuk_admin")
    url = _url(model, "changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        other = Institution.objects.create(code=f"other{n}", name=f"기관{n}", district=world.nowon)
        Department.objects.create(institution=other, code="general", name="총무과")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)
