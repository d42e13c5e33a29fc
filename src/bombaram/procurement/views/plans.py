"""Purchase plans (Art. 6): the officers' and the 사회적경제과's pages (including the deadline the
사회적경제과 sets for a year's plans), and the public plan page.

"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.core.purchase import default_plan_due
from bombaram.procurement import queries
from bombaram.procurement.choices import Category, DepartmentKind, DisclosureKind, PlanStatus
from bombaram.procurement.forms import (
    DecisionForm,
    PlanDeadlineForm,
    PlanItemForm,
    PlanStartForm,
    PublishPlanForm,
)
from bombaram.procurement.models import DepartmentTarget, Institution, PlanItem
from bombaram.procurement.services import allocation, disclosures, plans
from bombaram.web.permissions import can_manage_purchases, check

# ---- pages for officers and the 사회적경제과 -----------------------------------------------------


def _login_required(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _crumbs(*extra):
    return [(_("Public purchase"), reverse("purchase-index")), (_("Purchase plans"), reverse("plan-list")), *extra]


def plan_list(request):
    if (login := _login_required(request)) is not None:
        return login
    departments = queries.editable_departments(request.user)
    managed = queries.managed_institutions(request.user)
    check(bool(departments or managed))
    start_form = PlanStartForm(request.POST or None, departments=departments,
                               initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and start_form.is_valid():
        try:
            plan = plans.create_plan(user=request.user, department=start_form.cleaned_data["department"],
                                     year=start_form.cleaned_data["year"])
        except plans.PlanError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("plan-detail", pk=plan.pk)
    groups: dict[tuple[int, int], dict] = {}

    def group_of(institution, year: int) -> dict:
        return groups.setdefault((institution.pk, year), {
            "institution": institution, "year": year, "plans": [], "approved": 0,
            "can_publish": institution in managed})

    for plan in queries.visible_plans(request.user):
        group = group_of(plan.department.institution, plan.year)
        group["plans"].append(plan)
        group["approved"] += plan.status == PlanStatus.APPROVED
    # a deadline set before any plan was started shows its year too, to the division and the departments
    institutions = {i.pk: i for i in [*managed, *(d.institution for d in departments)]}
    deadlines = queries.plan_deadlines(institutions.values())
    for institution_id, year in deadlines:
        group_of(institutions[institution_id], year)
    published = {(i.pk, row["year"]): row for i in managed for row in queries.plan_index(i)}
    for key, group in groups.items():
        group["published"] = published.get(key)
        deadline = deadlines.get(key)
        group["due"] = deadline.due if deadline else None
        group["default_due"] = default_plan_due(group["year"])
    ordered = sorted(groups.values(), key=lambda g: (-g["year"], g["institution"].name))
    next_year = timezone.localdate().year + 1
    return render(request, "procurement/plan_list.html", {
        "groups": ordered, "start_form": start_form if departments else None,
        "publish_form": PublishPlanForm(institutions=managed) if managed else None,
        "deadline_form": PlanDeadlineForm(institutions=managed, auto_id="deadline_%s", initial={
            "institution": managed[0] if len(managed) == 1 else None, "year": next_year,
            "due": default_plan_due(next_year)}) if managed else None,
        "crumbs": _crumbs()[:-1] + [(_("Purchase plans"), None)],
        "target_notices": allocation.pending_notices(request.user) if departments else [],
    })


def plan_detail(request, pk: int):
    if (login := _login_required(request)) is not None:
        return login
    plan = queries.get_plan_for_user(request.user, pk)
    editable = plan.status in plans.EDITABLE
    form = PlanItemForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plans.add_plan_item(user=request.user, plan=plan, item=data["item"], category=data["category"],
                                    planned_won=data["planned_won"], candidates=data["candidates"])
            except plans.PlanError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Item added."))
            return redirect("plan-detail", pk=plan.pk)
    items = queries.plan_items(plan)
    by_category = [{"label": label, "planned_won": sum(i.planned_won for i in items if i.category == code)}
                   for code, label in Category.choices]
    target = DepartmentTarget.objects.filter(department=plan.department, year=plan.year).values_list(
        "target_won", flat=True).first()
    return render(request, "procurement/plan_detail.html", {
        "plan": plan, "items": items, "by_category": by_category, "target_won": target,
        "planned_won": sum(i.planned_won for i in items),
        "form": form if editable else None,
        "can_submit": editable and bool(items),
        "can_decide": plan.status == PlanStatus.SUBMITTED and can_manage_purchases(request.user, plan.department.institution),
        "decision_form": DecisionForm(),
        "crumbs": _crumbs((f"{plan.department.name} {plan.year}", None)),
    })


@require_POST
def plan_item_remove(request, pk: int, item_pk: int):
    plan = queries.get_plan_for_user(request.user, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    try:
        plans.remove_plan_item(user=request.user, item=item)
    except plans.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Item removed."))
    return redirect("plan-detail", pk=plan.pk)


@require_POST
def plan_submit(request, pk: int):
    plan = queries.get_plan_for_user(request.user, pk)
    try:
        plans.submit_plan(user=request.user, plan=plan)
    except plans.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The plan was submitted to the social economy division."))
    return redirect("plan-detail", pk=plan.pk)


@require_POST
def plan_decide(request, pk: int):
    plan = queries.get_plan_for_user(request.user, pk)
    check(can_manage_purchases(request.user, plan.department.institution))
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    action = request.POST.get("action")
    try:
        if action == "approve":
            plans.approve_plan(user=request.user, plan=plan, comment=comment)
            messages.success(request, _("The plan was approved."))
        elif action == "return":
            plans.return_plan(user=request.user, plan=plan, comment=comment)
            messages.success(request, _("The plan was returned to the department."))
    except plans.PlanError as exc:
        messages.error(request, str(exc))
    return redirect("plan-detail", pk=plan.pk)


@require_POST
def plan_due(request):
    """The 사회적경제과 sets the deadline of an institution's plans for a year."""
    if (login := _login_required(request)) is not None:
        return login
    managed = queries.managed_institutions(request.user)
    check(bool(managed))
    form = PlanDeadlineForm(request.POST, institutions=managed)
    if not form.is_valid():
        # a forged institution is not in the user's list: refused like any other institution's plans
        check(all(e.code != "invalid_choice" for e in form.errors.as_data().get("institution", [])))
        messages.error(request, " ".join(f"{form.fields[name].label}: {error}"
                                         for name, errors in form.errors.items() for error in errors))
        return redirect("plan-list")
    data = form.cleaned_data
    try:
        changed = plans.set_due(user=request.user, institution=data["institution"], year=data["year"], due=data["due"])
    except plans.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The %(year)s plans are due by %(due)s (it applies to the %(n)s plans started so far).")
                         % {"year": data["year"], "due": f"{data['due']:%Y-%m-%d}", "n": changed})
    return redirect(f"{reverse('plan-list')}#group-{data['institution'].pk}-{data['year']}")


@require_POST
def plan_publish(request):
    if (login := _login_required(request)) is not None:
        return login
    managed = queries.managed_institutions(request.user)
    check(bool(managed))
    form = PublishPlanForm(request.POST, institutions=managed)
    if not form.is_valid():
        messages.error(request, _("Choose an institution and a year to publish."))
        return redirect("plan-list")
    institution, year = form.cleaned_data["institution"], form.cleaned_data["year"]
    try:
        disclosure = plans.publish_plan(user=request.user, institution=institution, year=year,
                                        reason=form.cleaned_data["reason"])
    except disclosures.DisclosureUnchanged as exc:
        messages.warning(request, str(exc))
        return redirect("public-plan", institution_code=institution.code, year=year)
    except (plans.PlanError, disclosures.DisclosureError) as exc:
        messages.error(request, str(exc))
        return redirect("plan-list")
    messages.success(request, _("Published as version %(version)s.") % {"version": disclosure.version})
    return redirect("public-plan", institution_code=institution.code, year=year)


# ---- the public page --------------------------------------------------------------------------


def public_plan(request, institution_code: str, year: int):
    """The published plan (latest version, or ?version=N) from the stored snapshot only."""
    institution = get_object_or_404(Institution, code=institution_code)
    shown = queries.published(institution, DisclosureKind.PLAN, year, None, _version(request))
    snapshot = shown.disclosure.snapshot
    categories = dict(Category.choices)
    kinds = dict(DepartmentKind.choices)
    statuses = dict(PlanStatus.choices)
    by_category = [{"label": categories.get(c["category"], c["category"]), "planned_won": c["planned_won"]}
                   for c in snapshot["by_category"]]
    departments = [{**d, "kind_label": kinds.get(d["kind"], d["kind"]),
                    "items": [{**i, "category_label": categories.get(i["category"], i["category"])} for i in d["items"]]}
                   for d in snapshot["departments"]]
    pending = [{**p, "status_label": statuses.get(p["status"], "")} for p in snapshot["not_approved"]]
    return render(request, "procurement/plan_public.html", {
        "institution": institution, "year": year, "shown": shown, "snapshot": snapshot, "by_category": by_category,
        "departments": departments, "pending": pending,
        "crumbs": [(_("Public purchase"), reverse("purchase-index")),
                   (snapshot["institution"]["name"], reverse("public-disclosure-index", args=[institution.code])),
                   (_("%(year)s purchase plan") % {"year": year}, None)],
    })


def public_plan_download(request, institution_code: str, year: int, fmt: str):
    """The published plan (latest version, or ?version=N) as CSV, XLSX or OCDS."""
    from bombaram.procurement.views.disclosures import download_published

    institution = get_object_or_404(Institution, code=institution_code)
    return download_published(request, institution, DisclosureKind.PLAN, year, None, fmt)


def _version(request) -> int | None:
    return queries.version_asked(request.GET.get("version", ""))


urlpatterns = [
    path("plans/", plan_list, name="plan-list"),
    path("plans/publish/", plan_publish, name="plan-publish"),
    path("plans/due/", plan_due, name="plan-due"),
    path("plans/<int:pk>/", plan_detail, name="plan-detail"),
    path("plans/<int:pk>/submit/", plan_submit, name="plan-submit"),
    path("plans/<int:pk>/decide/", plan_decide, name="plan-decide"),
    path("plans/<int:pk>/items/<int:item_pk>/remove/", plan_item_remove, name="plan-item-remove"),
    path("public/plans/<slug:institution_code>/<int:year>/", public_plan, name="public-plan"),
    path("public/plans/<slug:institution_code>/<int:year>/download.<slug:fmt>", public_plan_download,
         name="public-plan-download"),
]
