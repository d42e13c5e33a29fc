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


# --- market: needs and matching (mktmatch) ---
def can_post_need(user: Any, *, department: Any = None, district: Any = None, organisation: Any = None) -> bool:
    """A department posts its own needs (its officers, or the 사회적경제과); an organisation posts its own
    (its market staff, never another organisation's, or the centre covering its district: can_edit_market_records);
    a group purchase's need is posted by the centre for the buyers' district."""
    if department is not None:
        return can_edit_department(user, department)
    if organisation is not None:
        return can_edit_market_records(user, organisation)
    if district is not None:
        return has_role(user, Role.CENTRE_ADMIN, district=district)
    return False


def can_edit_need(user: Any, need: Any) -> bool:
    """Outcomes and changes: the posting department's officers (never another's), the posting organisation's
    market staff (never another's), or the centre."""
    if need.department_id is not None:
        return can_edit_department(user, need.department)
    if need.organisation_id is not None and can_edit_market_records(user, need.organisation):
        return True  # an organisation's own need: its market staff too
    return has_role(user, Role.CENTRE_ADMIN, district=need.district)


def can_view_need_contacts(user: Any, need: Any) -> bool:
    """The buyers' contact details are for those who act on the need; the public sees open needs without them."""
    return can_edit_need(user, need)


def can_edit_market_records(user: Any, organisation: Any) -> bool:
    """An organisation's catalogue and its trades: its own staff (organisation staff listed as its market
    staff, never another organisation's), or the centre: an administrator whose scope covers its district."""
    if has_role(user, Role.ORGANISATION_STAFF) and organisation.market_staff.filter(user_id=user.pk).exists():
        return True
    return can_edit_organisation(user, organisation)


def can_enter_trade(user: Any, buyer: Any, seller: Any) -> bool:
    """A trade is entered or changed by either party's staff, or by the centre covering either party."""
    return can_edit_market_records(user, buyer) or can_edit_market_records(user, seller)


def centre_admin_districts(user: Any) -> list[int] | None:
    """District ids ``user`` administers as the centre; None for the whole region (superusers included)."""
    if _whole_region_admin(user):
        return None
    return [a.district_id for a in _assignments(user) if a.role == Role.CENTRE_ADMIN]


def can_operate_store(user: Any, store: Any) -> bool:
    """A school healthy store's product list: its operators (organisation staff named on the store), the
    officers of the cooperative that runs it, or an administrator covering the cooperative's district."""
    if has_role(user, Role.ORGANISATION_STAFF) and store.operators.filter(pk=user.pk).exists():
        return True
    return can_keep_share_register(user, store.cooperative)


def can_operate_hub(user: Any, hub: Any) -> bool:
    """A hub centre's spaces, tenancies and bookings: its operators (organisation or team staff named on the
    hub), or an administrator covering the hub's district (a hub without a district: the whole region's)."""
    if (has_role(user, Role.ORGANISATION_STAFF) or has_role(user, Role.TEAM_STAFF)) \
            and hub.operators.filter(pk=user.pk).exists():
        return True
    if hub.district_id is None:
        return _whole_region_admin(user)
    return has_role(user, Role.CENTRE_ADMIN, district=hub.district)

def can_keep_founding(user: Any, founding: Any) -> bool:
    """A founding (설립 준비: founders, consenting members, the assembly) is kept by its own officers
    (organisation staff named on it) or by an administrator whose scope covers its district."""
    if has_role(user, Role.ORGANISATION_STAFF) and founding.officers.filter(pk=user.pk).exists():
        return True
    return has_role(user, Role.CENTRE_ADMIN, district=founding.district)


def can_keep_local_fund(user: Any, fund: Any) -> bool:
    """A local fund (지역기금) is kept by its programme team's staff or an administrator covering its district."""
    if fund.team_id is not None and has_role(user, Role.TEAM_STAFF, team=fund.team):
        return True
    return has_role(user, Role.CENTRE_ADMIN, district=fund.district)


def administers_district(user: Any, district: Any) -> bool:
    """An administrator whose scope covers ``district`` (None: the whole region's administrators). The
    back office's anchor check for the cooperatives' rows, which their services write."""
    if district is None:
        return _whole_region_admin(user)
    return has_role(user, Role.CENTRE_ADMIN, district=district)

def can_run_outlet(user: Any, outlet: Any) -> bool:
    """A sales outlet's ledger and settlement (the sales hall): its own staff (organisation staff named on the
    outlet, never another outlet's) or an administrator whose scope covers the outlet's district."""
    if has_role(user, Role.ORGANISATION_STAFF) and outlet.staff.filter(pk=user.pk).exists():
        return True
    return has_role(user, Role.CENTRE_ADMIN, district=outlet.district)


def can_record_sale(user: Any, outlet: Any, department: Any = None) -> bool:
    """A sale: the outlet's staff or the centre; a sale to a public department at the sales hall also the
    officer of that department who bought (never another department's)."""
    if can_run_outlet(user, outlet):
        return True
    return (department is not None and outlet.kind == "sales_hall"
            and has_role(user, Role.DEPARTMENT_OFFICER, department=department))

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
