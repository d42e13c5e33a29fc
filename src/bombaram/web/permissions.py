"""Who may do what: the one place where roles and scopes are checked.

Views and services ask ``has_role`` / ``require_role``; nothing else reads RoleAssignment.
Superusers pass every check. A scope field left empty on an assignment matches anything.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from bombaram.web.choices import Role


def has_role(user: Any, role: Role | str, *, district: Any = None, team: Any = None, department: Any = None) -> bool:
    """True when ``user`` holds ``role`` in a scope covering the given district, team and department."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for assignment in _assignments(user):
        if assignment.role != role:
            continue
        if district is not None and assignment.district_id not in (None, district.pk):
            continue
        if team is not None and assignment.team_id not in (None, team.pk):
            continue
        if team is not None and assignment.team_id is None and assignment.district_id not in (None, team.district_id):
            continue
        if department is not None and assignment.department_id not in (None, department.pk):
            continue
        return True
    return False


def _assignments(user: Any) -> list[Any]:
    cached = getattr(user, "_bombaram_roles", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._bombaram_roles = cached
    return cached


def can_edit_team(user: Any, team: Any) -> bool:
    """The team's own staff, or an administrator whose scope covers the team's district."""
    return has_role(user, Role.TEAM_STAFF, team=team) or has_role(user, Role.CENTRE_ADMIN, district=team.district)


def can_edit_organisation(user: Any, organisation: Any, *, district: Any = None) -> bool:
    """An administrator whose scope covers the organisation's district (and the new one, when moving it).

    Organisations outside the region or without a district are the whole-region administrators'.
    """
    target = district if district is not None else organisation.district
    if target is None:
        return _whole_region_admin(user)
    return has_role(user, Role.CENTRE_ADMIN, district=target)


def can_manage_purchases(user: Any, institution: Any) -> bool:
    """The 사회적경제과: an administrator whose scope covers the institution's district. An institution
    without a district (e.g. loaded from a targets file) is the whole-region administrators' only."""
    if institution.district_id is None:
        return _whole_region_admin(user)
    return has_role(user, Role.CENTRE_ADMIN, district=institution.district)


def can_edit_department(user: Any, department: Any) -> bool:
    """A department officer of that department (never another's), or the 사회적경제과."""
    return has_role(user, Role.DEPARTMENT_OFFICER, department=department) or can_manage_purchases(user, department.institution)


def can_import(user: Any) -> bool:
    """Imports change organisations anywhere in the region: whole-region administrators only."""
    return _whole_region_admin(user)


def can_edit_framework(user: Any, framework: Any) -> bool:
    """The owning team's staff, or an administrator whose scope covers the owner's district
    (frameworks owned by nobody: whole-region administrators)."""
    if framework.owner_team_id is not None:
        return can_edit_team(user, framework.owner_team)
    if framework.owner_district_id is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=framework.owner_district)
    return _whole_region_admin(user)


def can_manage_study(user: Any, study: Any) -> bool:
    """Panels, rounds and proposals: administrators whose scope covers the framework's owner."""
    framework = study.version.framework
    if framework.owner_team_id is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=framework.owner_team.district)
    if framework.owner_district_id is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=framework.owner_district)
    return _whole_region_admin(user)


def can_enter_measurements(user: Any, team: Any) -> bool:
    """A team enters its own indicator values (never another team's); administrators may help."""
    return can_edit_team(user, team)


def can_approve_measurements(user: Any, team: Any) -> bool:
    """The support centre approves: an administrator whose scope covers the team's district."""
    return has_role(user, Role.CENTRE_ADMIN, district=team.district)


def can_view_accounts_drafts(user: Any, team: Any) -> bool:
    """Unapproved values are seen by the team and the centre; the public sees approved ones only."""
    return can_enter_measurements(user, team) or can_approve_measurements(user, team)


def _whole_region_admin(user: Any) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return has_role(user, Role.CENTRE_ADMIN) and any(
        a.district_id is None for a in _assignments(user) if a.role == Role.CENTRE_ADMIN
    )


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_role(*roles: Role | str):
    """View decorator: login required, then one of ``roles`` in any scope (finer checks in the view)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(any(has_role(request.user, role) for role in roles))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_approve_ledger(user: Any, team: Any) -> bool:
    """The support centre reviews a team's ledger: an administrator whose scope covers the team's district."""
    return has_role(user, Role.CENTRE_ADMIN, district=team.district)


def can_view_ledger_drafts(user: Any, team: Any) -> bool:
    """Unapproved ledger records are seen by the team itself and the centre, never by another team."""
    return can_edit_team(user, team) or can_approve_ledger(user, team)
def can_manage_contracts(user: Any, team: Any) -> bool:
    """Contracts and their evaluations are the support centre's: an administrator covering the team's district."""
    return has_role(user, Role.CENTRE_ADMIN, district=team.district)


def can_bind_indicator_sources(user: Any, framework: Any) -> bool:
    """Which system an indicator's value comes from is the centre's decision (the team could otherwise
    unbind a value to type it): an administrator covering the framework's owner."""
    if framework.owner_team_id is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=framework.owner_team.district)
    if framework.owner_district_id is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=framework.owner_district)
    return _whole_region_admin(user)
def can_keep_share_register(user: Any, cooperative: Any) -> bool:
    """A cooperative's share register (personal data: names and holdings) is seen and changed only by its
    own officers (organisation staff named on the register, never another cooperative's) or by an
    administrator whose scope covers the cooperative's district."""
    if has_role(user, Role.ORGANISATION_STAFF) and cooperative.officers.filter(pk=user.pk).exists():
        return True
    return can_edit_organisation(user, cooperative.organisation)


def can_view_job(user: Any, job: Any) -> bool:
    """A background job, its progress and its result file: the user who started it (or a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk)


def can_import_purchases(user: Any, institution: Any) -> bool:
    """Upload an institution's purchase file: its 사회적경제과, or an officer of one of its
    departments (the rows of other departments are then refused by the import)."""
    return can_manage_purchases(user, institution) or any(
        can_edit_department(user, d) for d in institution.departments.all())


def can_report_region(user: Any) -> bool:
    """The report of every institution at once: whole-region administrators only."""
    return _whole_region_admin(user)
