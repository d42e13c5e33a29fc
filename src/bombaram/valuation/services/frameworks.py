"""Frameworks (logic models) in versions: stored from and turned back into core.frameworks data,
imported from and exported to the report's CSV layout, edited item by item, and the selection of a
Delphi study adopted as the framework's next version.

Who writes: ``web.permissions.can_edit_framework`` (the owning team's staff, or administrators whose
scope covers the owner); adopting a study's selection: ``can_manage_study``.

A version a Delphi round has asked about is frozen (``services.delphi.open_round``): its items are
never changed again; ``new_version`` copies them into version n + 1, which is edited instead.

Codes are stable across versions (measurements find previous years by code): goal "3", activity
"3-2", sub-activity "3-2-1", indicator "<activity or sub-activity>.<n>". A new item takes the next
free number under its parent (the highest number in use + 1); codes never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, ProtectedError, Q
from django.http import Http404

from bombaram.core import frameworks as core
from bombaram.valuation.choices import Direction, ItemKind, Level, ResultKind, RoundStatus
from bombaram.valuation.models import (
    DelphiStudy,
    Framework,
    FrameworkItem,
    FrameworkVersion,
    SharedIndicator,
)
from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_framework, can_manage_study, check, has_role

FROZEN_MESSAGE = "이 버전은 델파이 조사에 쓰여 고정되었습니다. 새 버전을 만들어 고치십시오."
#: Which level may hang under which: None = top level.
PARENT_LEVELS: dict[str, tuple[str | None, ...]] = {
    Level.GOAL: (None,),
    Level.ACTIVITY: (Level.GOAL,),
    Level.SUBACTIVITY: (Level.ACTIVITY,),
    Level.INDICATOR: (Level.ACTIVITY, Level.SUBACTIVITY),
}
#: Fields ``update_item`` may change per level (codes, levels and parents never change).
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    Level.GOAL: ("name",),
    Level.ACTIVITY: ("name", "note"),
    Level.SUBACTIVITY: ("name", "note"),
    Level.INDICATOR: ("name", "unit", "result_kind", "direction", "data_source", "added_in_round2", "note",
                      "crosswalk"),
}
_MAX_LENGTHS = {"name": 300, "unit": 40, "data_source": 300}
RESERVED_SLUGS = {"new"}  # /valuation/frameworks/new/ is the form
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# ---- reads ------------------------------------------------------------------------------------

@dataclass
class Node:
    """An item of a version with its children, for the tree pages."""

    item: FrameworkItem
    children: list[Node] = field(default_factory=list)

    @property
    def indicators(self) -> list[Node]:
        return [c for c in self.children if c.item.level == Level.INDICATOR]

    @property
    def branches(self) -> list[Node]:
        return [c for c in self.children if c.item.level != Level.INDICATOR]


def version_tree(version: FrameworkVersion) -> list[Node]:
    """The goals of ``version``, each with its activities, sub-activities and indicators, in
    framework order (one query)."""
    items = list(version.items.order_by("position", "pk"))
    nodes = {item.pk: Node(item) for item in items}
    roots: list[Node] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def framework_versions(framework: Framework) -> list[FrameworkVersion]:
    """The framework's versions, newest first, each with ``item_count`` and ``indicator_count``."""
    return list(framework.versions.select_related("derived_from_study", "created_by").annotate(
        item_count=Count("items"), indicator_count=Count("items", filter=Q(items__level=Level.INDICATOR)),
    ).order_by("-number"))


def get_version(framework: Framework, number: int) -> FrameworkVersion:
    version = framework.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def may_create_framework(user: Any) -> bool:
    """True when ``user`` may own at least one new framework (a team's staff or an administrator)."""
    return has_role(user, Role.CENTRE_ADMIN) or has_role(user, Role.TEAM_STAFF)


# ---- core data in and out ---------------------------------------------------------------------

def _next_number(framework: Framework) -> int:
    return (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def version_from_core(*, framework: Framework, core_framework: core.Framework,
                      printed: core.PrintedFigures | None = None, user: Any = None, note: str = "",
                      number: int | None = None) -> FrameworkVersion:
    """Store ``core_framework`` as a new version of ``framework`` (number: the next one unless given).

    Items keep the framework order (``position``), their codes and parent links; indicators their
    unit, output/outcome, direction, data source, round-2 flag and note; every item its printed
    Delphi figures (``printed``), if any. No permission check: the callers (``import_csv``, the
    demonstration loader) make it."""
    printed = printed or core.PrintedFigures()
    with transaction.atomic():
        version = FrameworkVersion.objects.create(
            framework=framework, number=number or _next_number(framework), note=note,
            created_by=user if getattr(user, "is_authenticated", False) else None)
        position = 0

        def make(node: Any, level: str, parent: FrameworkItem | None) -> FrameworkItem:
            nonlocal position
            position += 1
            figures = printed.values.get(node.code)
            item = FrameworkItem(version=version, level=level, code=node.code, name=node.name, parent=parent,
                                 position=position, note=getattr(node, "note", ""),
                                 printed=dict(figures) if figures else None)
            if level == Level.INDICATOR:
                item.unit, item.result_kind, item.direction = node.unit, node.kind, node.direction
                item.data_source, item.added_in_round2 = node.data_source, node.added_in_round2
                item.crosswalk = list(node.crosswalk)
            return item

        # one bulk insert per level, parents first, so children can point at their parents' ids
        goals, activities, subs, indicators = [], [], [], []
        for goal in core_framework.goals:
            goal_item = make(goal, Level.GOAL, None)
            goals.append(goal_item)
            for activity in goal.activities:
                activity_item = make(activity, Level.ACTIVITY, goal_item)
                activities.append(activity_item)
                indicators += [(make(i, Level.INDICATOR, None), activity_item) for i in activity.indicators]
                for sub in activity.subactivities:
                    sub_item = make(sub, Level.SUBACTIVITY, activity_item)
                    subs.append(sub_item)
                    indicators += [(make(i, Level.INDICATOR, None), sub_item) for i in sub.indicators]
        # (bulk_create takes a parent's id from the parent object saved just before)
        FrameworkItem.objects.bulk_create(goals)
        FrameworkItem.objects.bulk_create(activities)
        FrameworkItem.objects.bulk_create(subs)
        for item, parent in indicators:
            item.parent = parent
        FrameworkItem.objects.bulk_create([item for item, _ in indicators])
        audit.record("valuation.framework.version_created", actor=user, obj=version, framework=framework.slug,
                     number=version.number, items=position, source="core")
    return version


def version_to_core(version: FrameworkVersion) -> tuple[core.Framework, core.PrintedFigures]:
    """The version as core.frameworks data (the inverse of ``version_from_core``)."""
    printed: dict[str, dict[str, float | None]] = {}
    goals = []
    for goal in version_tree(version):
        if goal.item.level != Level.GOAL:
            continue
        activities = []
        for activity in goal.branches:
            subs = tuple(core.SubActivity(s.item.code, s.item.name, tuple(_indicator(i.item) for i in s.indicators),
                                          s.item.note) for s in activity.branches)
            direct = tuple(_indicator(i.item) for i in activity.indicators)
            activities.append(core.Activity(activity.item.code, activity.item.name, subs, direct, activity.item.note))
        goals.append(core.Goal(goal.item.code, goal.item.name, tuple(activities)))
    for item in version.items.exclude(printed=None).only("code", "printed"):
        if item.printed:
            printed[item.code] = dict(item.printed)
    return core.Framework(version.framework.name, tuple(goals)), core.PrintedFigures(printed)


def _indicator(item: FrameworkItem) -> core.Indicator:
    return core.Indicator(code=item.code, name=item.name, unit=item.unit, kind=item.result_kind,
                          direction=item.direction, data_source=item.data_source,
                          added_in_round2=item.added_in_round2, note=item.note, crosswalk=tuple(item.crosswalk or ()))


def export_csv(version: FrameworkVersion) -> str:
    """The version's indicators file (core.frameworks.write_framework_csv), with printed figures."""
    return core.write_framework_csv(*version_to_core(version))


def export_activities_csv(version: FrameworkVersion) -> str:
    """The version's activities file (core.frameworks.write_activities_csv), with printed figures."""
    return core.write_activities_csv(*version_to_core(version))


# ---- writes -----------------------------------------------------------------------------------

def _locked_framework(framework: Framework) -> Framework:
    return Framework.objects.select_for_update(of=("self",)).select_related("owner_team__district", "owner_district").get(
        pk=framework.pk)


def file_column_lengths() -> dict[str, int]:
    """Longest text each column of a framework file may hold: FrameworkItem's fields (the same
    limits on SQLite and PostgreSQL)."""
    length = {name: FrameworkItem._meta.get_field(name).max_length for name in ("code", "name", "unit", "data_source")}
    return {**dict.fromkeys(("goal_no", "activity_no", "subactivity_no", "indicator_code"), length["code"]),
            **dict.fromkeys(("goal", "activity", "subactivity", "indicator"), length["name"]),
            "unit": length["unit"], "data_source": length["data_source"]}


@transaction.atomic
def import_csv(*, user: Any, framework: Framework, data: bytes, activities: bytes | None = None,
               note: str = "") -> FrameworkVersion:
    """A new version (the next number) read from an indicators CSV and an optional activities CSV in
    the report's layout. A faulty file raises core.frameworks.FrameworkFileError listing every
    problem with its file, row and column; nothing is written then."""
    framework = _locked_framework(framework)
    check(can_edit_framework(user, framework))
    core_framework, printed = core.read_framework_csv(data, name=framework.name, activities=activities,
                                                      crosswalk_codes=shared_indicator_keys(),
                                                      max_lengths=file_column_lengths())
    version = version_from_core(framework=framework, core_framework=core_framework, printed=printed, user=user,
                                note=note.strip() or "CSV 파일에서 가져옴")
    audit.record("valuation.framework.imported", actor=user, obj=version, framework=framework.slug,
                 number=version.number, indicators=len(core_framework.indicators()),
                 with_activities=activities is not None)
    return version


@transaction.atomic
def create_framework(*, user: Any, name: str, slug: str, owner_team: Any = None, owner_district: Any = None,
                     description: str = "") -> Framework:
    """A new framework with an empty version 1. The owner is a team (its district follows) or a
    district; the user must be allowed to edit frameworks of that owner."""
    name, slug = (name or "").strip(), (slug or "").strip()
    if owner_team is not None and owner_district is None:
        owner_district = owner_team.district
    framework = Framework(name=name, slug=slug, owner_team=owner_team, owner_district=owner_district,
                          description=(description or "").strip())
    check(can_edit_framework(user, framework))
    if not name:
        raise ValidationError("틀 이름을 적어 주세요.")
    if not slug or not _SLUG.match(slug):
        raise ValidationError("짧은 이름은 영문자, 숫자, 하이픈(-), 밑줄(_)로만 적어 주세요.")
    if slug.lower() in RESERVED_SLUGS:
        raise ValidationError(f"짧은 이름 '{slug}'은(는) 쓸 수 없습니다. 다른 이름을 골라 주세요.")
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError(f"짧은 이름 '{slug}'은(는) 이미 쓰이고 있습니다.")
    framework.save()
    version = FrameworkVersion.objects.create(framework=framework, number=1, note="새 틀", created_by=user)
    audit.record("valuation.framework.created", actor=user, obj=framework, slug=slug, title=name,
                 owner_team=owner_team.pk if owner_team else None,
                 owner_district=owner_district.pk if owner_district else None, version=version.pk)
    return framework


def _copy_items(source: FrameworkVersion, target: FrameworkVersion, *, keep: Any = None,
                clear_round2: bool = False) -> tuple[dict[str, FrameworkItem], list[str]]:
    """Copy the items of ``source`` into ``target`` in framework order; ``keep(item)`` False leaves an
    item (and so its children) out. Returns the copies by code and the codes left out."""
    copies: dict[int, FrameworkItem] = {}
    left_out: list[str] = []
    position = 0

    def copy(nodes: list[Node], parent: FrameworkItem | None) -> None:
        nonlocal position
        for node in nodes:
            item = node.item
            if keep is not None and not keep(item):
                left_out.append(item.code)
                continue
            position += 1
            new = FrameworkItem.objects.create(
                version=target, level=item.level, code=item.code, name=item.name, parent=parent, position=position,
                unit=item.unit, result_kind=item.result_kind, direction=item.direction,
                data_source=item.data_source, added_in_round2=item.added_in_round2 and not clear_round2,
                note=item.note, printed=item.printed, crosswalk=item.crosswalk)
            copies[item.pk] = new
            copy(node.children, new)

    copy(version_tree(source), None)
    return {item.code: item for item in copies.values()}, left_out


@transaction.atomic
def new_version(*, user: Any, version: FrameworkVersion, note: str = "") -> FrameworkVersion:
    """Copy every item of ``version`` into a new, unfrozen version (the framework's next number)."""
    framework = _locked_framework(version.framework)
    check(can_edit_framework(user, framework))
    number = _next_number(framework)
    target = FrameworkVersion.objects.create(
        framework=framework, number=number, created_by=user,
        note=(note or "").strip() or f"v{version.number}에서 복사")
    copies, _ = _copy_items(version, target)
    audit.record("valuation.framework.version_created", actor=user, obj=target, framework=framework.slug,
                 number=number, copied_from=version.number, items=len(copies), source="copy")
    return target


def _editable(user: Any, version: FrameworkVersion) -> FrameworkVersion:
    """The version locked for an edit, after the permission and frozen checks."""
    version = FrameworkVersion.objects.select_for_update(of=("self",)).select_related(
        "framework__owner_team__district", "framework__owner_district").get(pk=version.pk)
    check(can_edit_framework(user, version.framework))
    if version.frozen:
        raise ValidationError(FROZEN_MESSAGE)
    return version


def next_code(version: FrameworkVersion, parent: FrameworkItem | None, level: str) -> str:
    """The next free code under ``parent``: goal "3", activity "3-2", sub-activity "3-2-1",
    indicator "<parent>.<n>" (n = the highest number used under the parent + 1)."""
    codes = list(version.items.values_list("code", flat=True))
    if level == Level.GOAL:
        prefix, pattern = "", re.compile(r"^(\d+)$")
    elif level == Level.INDICATOR:
        prefix = parent.code + "."
        pattern = re.compile("^" + re.escape(prefix) + r"(\d+)$")
    else:
        prefix = parent.code + "-"
        pattern = re.compile("^" + re.escape(prefix) + r"(\d+)$")
    used = [int(m.group(1)) for code in codes if (m := pattern.match(code))]
    return f"{prefix}{max(used, default=0) + 1}"


def _clean_fields(level: str, fields: dict[str, Any]) -> dict[str, Any]:
    allowed = EDITABLE_FIELDS[level]
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(f"이 수준의 항목에서는 고칠 수 없는 칸입니다: {', '.join(unknown)}")
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "added_in_round2":
            clean[name] = bool(value)
            continue
        if name == "crosswalk":  # text as in the CSV cell ("iris:PI4060~close; toms:NT1") or a list
            text = value if isinstance(value, str) else core.format_crosswalk(tuple(value or ()))
            try:
                clean[name] = list(core.parse_crosswalk(text, known=shared_indicator_keys()))
            except ValueError as exc:
                raise ValidationError(str(exc)) from exc
            continue
        value = (value or "").strip() if isinstance(value, str) or value is None else value
        if name == "result_kind" and value not in ResultKind.values + [""]:
            raise ValidationError("산출 또는 성과 중에서 고르거나 비워 두세요.")
        if name == "direction" and value not in Direction.values:
            raise ValidationError("지표 방향은 '높을수록 좋음' 또는 '낮을수록 좋음' 중에서 골라 주세요.")
        if name in _MAX_LENGTHS and len(value) > _MAX_LENGTHS[name]:
            raise ValidationError(f"'{name}' 칸은 {_MAX_LENGTHS[name]}자까지 쓸 수 있습니다.")
        clean[name] = value
    if "name" in clean and not clean["name"]:
        raise ValidationError("이름을 적어 주세요.")
    return clean


@transaction.atomic
def add_item(*, user: Any, version: FrameworkVersion, parent: FrameworkItem | None, level: str, name: str,
             **fields: Any) -> FrameworkItem:
    """Add a goal (no parent), an activity (under a goal), a sub-activity (under an activity without
    indicators) or an indicator (under an activity without sub-activities, or a sub-activity), at the
    end of its parent's items; its code is the next free one under the parent."""
    version = _editable(user, version)
    if level not in PARENT_LEVELS:
        raise ValidationError("알 수 없는 수준입니다.")
    if parent is not None:
        parent = FrameworkItem.objects.filter(pk=parent.pk, version=version).first()
        if parent is None:
            raise ValidationError("상위 항목이 이 버전에 없습니다.")
    if (parent.level if parent is not None else None) not in PARENT_LEVELS[level]:
        raise ValidationError({
            Level.GOAL: "목적은 맨 위 수준에만 둘 수 있습니다.",
            Level.ACTIVITY: "활동은 목적 아래에 두어야 합니다.",
            Level.SUBACTIVITY: "세부 활동은 활동 아래에 두어야 합니다.",
            Level.INDICATOR: "지표는 활동이나 세부 활동 아래에 두어야 합니다.",
        }[level])
    if parent is not None and parent.level == Level.ACTIVITY:
        child_levels = set(parent.children.values_list("level", flat=True))
        if level == Level.SUBACTIVITY and Level.INDICATOR in child_levels:
            raise ValidationError("이 활동에는 지표가 바로 달려 있어 세부 활동을 더할 수 없습니다. "
                                  "한 활동은 세부 활동이 모두 있거나 모두 없어야 합니다.")
        if level == Level.INDICATOR and Level.SUBACTIVITY in child_levels:
            raise ValidationError("이 활동에는 세부 활동이 있으니 지표는 세부 활동 아래에 더해 주세요.")
    clean = _clean_fields(level, {"name": name, **fields})
    code = next_code(version, parent, level)
    end = _subtree_end(version, parent)
    item = FrameworkItem.objects.create(version=version, level=level, code=code, parent=parent, position=end, **clean)
    _renumber(version)
    audit.record("valuation.framework.item_added", actor=user, obj=item, version=version.pk, code=code,
                 level=level, title=clean["name"])
    return item


def _subtree_end(version: FrameworkVersion, parent: FrameworkItem | None) -> int:
    """The last position in ``parent``'s subtree (or the whole version): a new item placed there,
    behind the existing ones with the same position, ends up after them."""
    if parent is None:
        return version.items.aggregate(p=Max("position"))["p"] or 0
    last = parent.position

    def walk(node: Node) -> None:
        nonlocal last
        last = max(last, node.item.position)
        for child in node.children:
            walk(child)

    def find(nodes: list[Node]) -> Node | None:
        for node in nodes:
            if node.item.pk == parent.pk:
                return node
            found = find(node.children)
            if found is not None:
                return found
        return None

    node = find(version_tree(version))
    if node is not None:
        walk(node)
    return last


def _renumber(version: FrameworkVersion) -> None:
    """Positions 1, 2, … in framework order (parents before children, siblings by position)."""
    changed: list[FrameworkItem] = []
    position = 0

    def walk(nodes: Iterable[Node]) -> None:
        nonlocal position
        for node in nodes:
            position += 1
            if node.item.position != position:
                node.item.position = position
                changed.append(node.item)
            walk(node.children)

    walk(version_tree(version))
    FrameworkItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def update_item(*, user: Any, item: FrameworkItem, **fields: Any) -> FrameworkItem:
    """Change an item's name and (indicators) unit, output/outcome, direction, data source, round-2
    flag and note. Codes, levels and parents stay as they are."""
    version = _editable(user, item.version)
    item = FrameworkItem.objects.select_for_update().get(pk=item.pk, version=version)
    changes = audit.save_changes(item, _clean_fields(item.level, fields))
    if changes:
        audit.record("valuation.framework.item_updated", actor=user, obj=item, version=version.pk, code=item.code,
                     changes=changes)
    return item


@transaction.atomic
def delete_item(*, user: Any, item: FrameworkItem) -> None:
    """Remove an item that has no children from a version that is not frozen."""
    version = _editable(user, item.version)
    item = FrameworkItem.objects.select_for_update().get(pk=item.pk, version=version)
    if item.children.exists():
        raise ValidationError("아래에 달린 항목이 있어 지울 수 없습니다. 아래 항목부터 지워 주세요.")
    code, name = item.code, item.name
    try:
        item.delete()
    except ProtectedError:
        raise ValidationError("이 항목에는 측정값이나 조사 문항이 딸려 있어 지울 수 없습니다.") from None
    _renumber(version)
    audit.record("valuation.framework.item_deleted", actor=user, obj=version, code=code, title=name)


# ---- a Delphi study's selection -----------------------------------------------------------------

@dataclass(frozen=True)
class NewIndicator:
    """A 신규 indicator of a study's last round that the framework version does not hold (an
    accepted proposal): it becomes an indicator of the adopted version, under ``parent_code``."""

    code: str
    name: str
    parent_code: str


def study_new_indicators(study: DelphiStudy) -> list[NewIndicator]:
    """The last round's 신규 indicators that are not items of the study's framework version."""
    last = study.rounds.order_by("-number").first()
    if last is None:
        return []
    version_codes = set(study.version.items.values_list("code", flat=True))
    return [NewIndicator(i.code, i.name, i.code.rsplit(".", 1)[0])
            for i in last.items.filter(is_new=True, kind=ItemKind.INDICATOR).order_by("position")
            if i.code not in version_codes and "." in i.code]


@transaction.atomic
def adopt_selection(*, user: Any, study: DelphiStudy, keep_codes: set[str]) -> FrameworkVersion:
    """The study's selected indicators as the framework's next version.

    The study's framework version is copied without the indicators whose code is not in
    ``keep_codes`` (goals, activities and sub-activities all stay); the 신규 indicators of the last
    round that the version does not hold (accepted proposals) are added under their activity when
    their code is kept. Round-2 flags are cleared: the selection is the validated framework, and a
    later study asks all of it from round 1. The new version records the study
    (``derived_from_study``) and its note lists what was dropped and added."""
    study = DelphiStudy.objects.select_for_update(of=("self",)).select_related(
        "version__framework__owner_team__district", "version__framework__owner_district").get(pk=study.pk)
    check(can_manage_study(user, study))
    last = study.rounds.order_by("-number").first()
    if last is None or last.status != RoundStatus.CLOSED:
        raise ValidationError("마지막 차수를 마감한 뒤에 지표를 선정할 수 있습니다.")
    framework = Framework.objects.select_for_update().get(pk=study.version.framework_id)
    earlier = framework.versions.filter(derived_from_study=study).order_by("number").first()
    if earlier is not None:
        raise ValidationError(f"이 조사의 선정 결과는 이미 v{earlier.number}(으)로 저장되었습니다. "
                              "그 버전을 고쳐 주세요.")
    keep_codes = {str(code) for code in keep_codes}
    number = _next_number(framework)
    target = FrameworkVersion.objects.create(framework=framework, number=number, derived_from_study=study,
                                             created_by=user)
    copies, dropped = _copy_items(
        study.version, target, keep=lambda i: i.level != Level.INDICATOR or i.code in keep_codes, clear_round2=True)
    added: list[str] = []
    skipped: list[str] = []
    for new in study_new_indicators(study):
        if new.code not in keep_codes:
            dropped.append(new.code)
            continue
        parent = copies.get(new.parent_code)
        if parent is None or parent.level not in (Level.ACTIVITY, Level.SUBACTIVITY) or (
                parent.level == Level.ACTIVITY and parent.children.filter(level=Level.SUBACTIVITY).exists()):
            skipped.append(new.code)
            continue
        item = FrameworkItem.objects.create(
            version=target, level=Level.INDICATOR, code=new.code, name=new.name[:300], parent=parent,
            position=_subtree_end(target, parent), note=f"델파이 조사 {last.number}차 신규 지표")
        copies[item.code] = item
        added.append(new.code)
    _renumber(target)
    lines = [f"델파이 조사 '{study.title}'의 선정 결과 (v{study.version.number} 기준, {last.number}차까지)."]
    lines.append(f"뺀 지표 {len(dropped)}개: {', '.join(dropped)}" if dropped else "뺀 지표 없음.")
    lines.append(f"더한 신규 지표 {len(added)}개: {', '.join(added)}" if added else "더한 신규 지표 없음.")
    if skipped:
        lines.append(f"상위 활동을 찾지 못해 더하지 못한 신규 지표: {', '.join(skipped)}")
    target.note = "\n".join(lines)
    target.save(update_fields=["note"])
    audit.record("valuation.framework.selection_adopted", actor=user, obj=target, study=study.pk,
                 framework=framework.slug, number=number, dropped=dropped, added=added, skipped=skipped)
    return target


def get_item_for_edit(user: Any, framework: Framework, pk: int) -> FrameworkItem:
    """The item ``pk`` of ``framework`` for an edit page: 404 if not there, 403 without the right."""
    item = FrameworkItem.objects.select_related("version", "parent").filter(pk=pk, version__framework=framework).first()
    if item is None:
        raise Http404
    if not can_edit_framework(user, framework):
        raise PermissionDenied
    return item


# ---- the crosswalk to shared core indicators ------------------------------------------------------


def shared_indicator_keys() -> set[str]:
    """"scheme:code" of every shared indicator a local one may be mapped to."""
    return {f"{scheme}:{code}" for scheme, code in SharedIndicator.objects.values_list("scheme", "code")}


@transaction.atomic
def load_shared_indicators() -> int:
    """Create or update the shared indicators of the package's reference/crosswalk/shared_indicators.csv
    (idempotent: a second run writes nothing). Returns how many there are."""
    from bombaram.registry.reference_data import read_rows

    existing = {(s.scheme, s.code): s for s in SharedIndicator.objects.all()}
    for row in read_rows("crosswalk", "shared_indicators.csv"):
        values = {"name_ko": row["name_ko"], "name_en": row["name_en"], "url": row["url"]}
        shared = existing.get((row["scheme"], row["code"]))
        if shared is None:
            SharedIndicator.objects.create(scheme=row["scheme"], code=row["code"], **values)
        else:
            audit.save_changes(shared, values)
    return SharedIndicator.objects.count()


def crosswalk_entries(item: FrameworkItem, shared: dict[str, SharedIndicator]) -> list[tuple[SharedIndicator | None, str, str]]:
    """(shared indicator or None when unknown, its "scheme:code", relation) of an item's crosswalk."""
    entries = []
    for entry in item.crosswalk or ():
        key, _, relation = entry.partition("~")
        entries.append((shared.get(key), key, relation or "related"))
    return entries
