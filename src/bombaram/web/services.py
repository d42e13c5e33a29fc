"""Writes for accounts and roles."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.models import RoleAssignment

#: apps whose data a centre administrator manages in the back office
ADMIN_APPS = ["registry", "programmes", "procurement", "cooperatives", "market"]


@transaction.atomic
def ensure_role_groups() -> None:
    """One Django group per role (named by its label); administrators get the back-office permissions."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role == Role.CENTRE_ADMIN:
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


@transaction.atomic
def assign_role(*, user: Any, role: Role, district: Any = None, team: Any = None, department: Any = None,
                actor: Any = None) -> RoleAssignment:
    """Give ``user`` a role in a scope; administrators also get into the back office."""
    ensure_role_groups()
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, district=district, team=team,
                                                               department=department)
    user.groups.add(Group.objects.get(name=role.value))
    if role == Role.CENTRE_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit.record("web.role.assigned", actor=actor, obj=assignment, role=role.value,
                     district=getattr(district, "code", None), team=getattr(team, "pk", None))
    return assignment


def create_demo_accounts(home: Path) -> list[tuple[str, str, str]]:
    """Demonstration accounts with generated passwords, kept in ``home/demo-accounts.txt``.

    Idempotent: existing accounts keep their password. Returns (username, password, description).
    """
    from bombaram.programmes.models import ProgrammeTeam

    user_model = get_user_model()
    path = home / "demo-accounts.txt"
    known = read_demo_accounts(home)
    seongbuk = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    wanted = [
        ("centre", "사회적경제지원센터 관리자 (예시)", Role.CENTRE_ADMIN, {}),
        ("seongbuk-team", f"{seongbuk.name} 담당자 (예시)", Role.TEAM_STAFF, {"team": seongbuk}),
    ]
    from bombaram.procurement.models import Department

    general = Department.objects.filter(institution__code="seongbuk", code="general").first()
    if general is not None:
        wanted.append(("seongbuk-general", "성북구청 총무과 구매 담당자 (예시)", Role.DEPARTMENT_OFFICER, {"department": general}))
    from bombaram.cooperatives.models import Cooperative

    doksan = Cooperative.objects.filter(organisation__name="독산고건강매점협동조합").first()
    if doksan is not None:  # an officer who sees and edits this cooperative's register only
        wanted.append(("coop-officer", "독산고건강매점협동조합 임원 (예시)", Role.ORGANISATION_STAFF, {}))
    accounts = []
    for username, description, role, scope in wanted:
        password = dict((u, p) for u, p, _ in known).get(username)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = password or secrets.token_urlsafe(9)
            user = user_model.objects.create_user(username=username, password=password, first_name=description)
        elif password is None:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
        assign_role(user=user, role=role, **scope)
        if username == "coop-officer":
            doksan.officers.add(user)
        accounts.append((username, password, description))
    if accounts != known:
        path.write_text("".join(f"{u}\t{p}\t{d}\n" for u, p, d in accounts), encoding="utf-8")
        path.chmod(0o600)
    return accounts


def read_demo_accounts(home: Path) -> list[tuple[str, str, str]]:
    path = home / "demo-accounts.txt"
    if not path.exists():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r[0], r[1], r[2]) for r in rows if len(r) == 3]
