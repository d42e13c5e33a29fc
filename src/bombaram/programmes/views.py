from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bombaram.programmes import queries, services
from bombaram.programmes.choices import Cohort
from bombaram.programmes.forms import CONTACT_FIELDS, TeamContactsForm
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import can_edit_team, check
from bombaram.web.views import team_map_svg


def team_list(request):
    teams = list(queries.teams())
    return render(request, "programmes/team_list.html", {
        "teams": teams,
        "cohorts": [(c, [t for t in teams if t.cohort == c]) for c in Cohort],
        "map_svg": team_map_svg(request),
    })


def team_detail(request, pk: int):
    team = get_object_or_404(queries.teams(), pk=pk)
    editable = can_edit_team(request.user, team)
    form = None
    if editable:
        form = TeamContactsForm.for_team(team, request.POST or None)
        if request.method == "POST" and form.is_valid():
            changed = services.update_team_contacts(
                user=request.user, team=team, **{k: form.cleaned_data[k] for k in CONTACT_FIELDS}
            )
            if changed:
                messages.success(request, _("The contact details were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(team.get_absolute_url())
    elif request.method == "POST":
        check(False)
    history = []
    if editable:
        labels = {name: field.label for name, field in TeamContactsForm.base_fields.items()}
        events = AuditEvent.objects.filter(
            object_type="programmes.programmeteam", object_id=str(team.pk)
        ).select_related("actor")[:20]
        history = [
            (event, [(labels.get(k, k), v["from"], v["to"]) for k, v in event.data.get("changes", {}).items()])
            for event in events
        ]
    return render(request, "programmes/team_detail.html", {"team": team, "form": form, "history": history})
