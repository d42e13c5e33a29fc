"""Hub centre pages: the hubs a user runs, a hub's occupancy as of a date with its spaces, tenants,
tenancies and joint projects, and the shared rooms' bookings of a day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.cooperatives import hub as hub_services
from bombaram.cooperatives.choices import SpaceKind, TenantKind
from bombaram.cooperatives.hub_forms import (
    AsOfForm,
    BookingForm,
    DayForm,
    ProjectForm,
    SpaceForm,
    TenancyForm,
    TenantForm,
)
from bombaram.cooperatives.models import HubTenancy, RoomBooking


@login_required
def hub_list(request):
    return render(request, "cooperatives/hub/hub_list.html", {"hubs": hub_services.hubs_for_user(request.user)})


def _date_from(form, name):
    if form.is_bound and form.is_valid() and form.cleaned_data.get(name):
        return form.cleaned_data[name]
    return timezone.localdate()


@login_required
def hub_detail(request, pk: int):
    hub = hub_services.get_hub_for_user(request.user, pk)
    as_of_form = AsOfForm(request.GET or None)
    as_of = _date_from(as_of_form, "as_of")
    action = request.POST.get("action") if request.method == "POST" else None
    forms_by_action = {
        "space": SpaceForm(request.POST if action == "space" else None, prefix="s"),
        "tenant": TenantForm(request.POST if action == "tenant" else None, hub=hub, prefix="t"),
        "let": TenancyForm(request.POST if action == "let" else None, hub=hub, prefix="l"),
        "project": ProjectForm(request.POST if action == "project" else None, hub=hub, prefix="p"),
    }
    if action == "end":
        tenancy = get_object_or_404(HubTenancy.objects.select_related("space"), pk=request.POST.get("tenancy"),
                                    space__hub=hub)
        end_form = DayForm({"day": request.POST.get("end")})
        if end_form.is_valid() and end_form.cleaned_data["day"]:
            try:
                hub_services.end_tenancy(user=request.user, hub=hub, tenancy=tenancy, end=end_form.cleaned_data["day"])
                messages.success(request, _("The tenancy now ends on %(date)s.") % {"date": tenancy.end.isoformat()})
            except ValidationError as error:
                messages.error(request, error.messages[0])
        else:
            messages.error(request, _("Enter a valid date."))
        return redirect(f"{hub.get_absolute_url()}?as_of={as_of.isoformat()}#tenancies")
    if action in forms_by_action:
        form = forms_by_action[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "space":
                    hub_services.add_space(user=request.user, hub=hub, **data)
                    messages.success(request, _("The space was added."))
                elif action == "tenant":
                    hub_services.add_tenant(user=request.user, hub=hub, **data)
                    messages.success(request, _("The tenant was added."))
                elif action == "let":
                    hub_services.let_space(user=request.user, hub=hub, **data)
                    messages.success(request, _("The tenancy was recorded."))
                else:
                    hub_services.add_project(user=request.user, hub=hub, name=data["name"],
                                             description=data["description"], tenants=list(data["tenants"]))
                    messages.success(request, _("The project was added."))
                return redirect(f"{hub.get_absolute_url()}?as_of={as_of.isoformat()}")
            except ValidationError as error:
                form.add_error(None, error.messages[0])
    elif action is not None:
        raise Http404
    summary = hub_services.occupancy(hub, as_of)
    space_labels = dict(SpaceKind.choices)
    tenant_labels = dict(TenantKind.choices)
    rows = hub_services.tenancies(hub)
    current = {t.space_id: t for t in rows if t.start <= as_of and (t.end is None or as_of <= t.end)}
    return render(request, "cooperatives/hub/hub_detail.html", {
        "hub": hub, "as_of": as_of, "as_of_form": as_of_form, "summary": summary,
        "kind_rows": [(space_labels[k.kind], k) for k in summary.by_space_kind],
        "tenant_rows": [(tenant_labels.get(k, k), n) for k, n in summary.tenants_by_kind],
        "spaces": [(s, current.get(s.pk)) for s in hub.spaces.order_by("kind", "name")],
        "tenants": hub.tenants.select_related("organisation").order_by("kind", "name"),
        "tenancies": rows, "projects": hub_services.projects(hub),
        "forms": forms_by_action, "open_form": action,
    }, status=400 if action else 200)


@login_required
def hub_bookings(request, pk: int):
    hub = hub_services.get_hub_for_user(request.user, pk)
    day = _date_from(DayForm(request.GET or None), "day")
    form = BookingForm(request.POST or None, hub=hub, prefix="b", initial={"day": day})
    if request.method == "POST" and request.POST.get("action") == "cancel":
        booking = get_object_or_404(RoomBooking.objects.select_related("space"),
                                    pk=request.POST.get("booking"), space__hub=hub)
        hub_services.cancel_booking(user=request.user, hub=hub, booking=booking)
        messages.success(request, _("The booking was cancelled."))
        return redirect(f"{request.path}?day={day.isoformat()}")
    if request.method == "POST" and form.is_valid():
        starts, ends = form.slot()
        try:
            hub_services.book_room(user=request.user, hub=hub, space=form.cleaned_data["space"],
                                   tenant=form.cleaned_data["tenant"], starts=starts, ends=ends,
                                   purpose=form.cleaned_data["purpose"])
            messages.success(request, _("The room was booked."))
            return redirect(f"{request.path}?day={form.cleaned_data['day'].isoformat()}")
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    return render(request, "cooperatives/hub/hub_bookings.html", {
        "hub": hub, "day": day, "day_form": DayForm(initial={"day": day}), "form": form,
        "bookings": hub_services.bookings(hub, day=day)}, status=400 if request.method == "POST" else 200)
