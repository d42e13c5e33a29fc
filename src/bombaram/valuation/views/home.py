from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation.models import DelphiStudy, Framework, Measurement
from bombaram.valuation.services import measurement
from bombaram.web.choices import Role
from bombaram.web.permissions import has_role


def valuation_home(request):
    """What each user comes for: frameworks, studies (administrators), the teams' social accounts,
    and for the centre the measurements waiting for approval."""
    frameworks = Framework.objects.select_related("owner_team", "owner_district").prefetch_related("versions")
    admin = has_role(request.user, Role.CENTRE_ADMIN)
    studies = DelphiStudy.objects.select_related("version__framework").prefetch_related("rounds") if admin else []
    teams = ProgrammeTeam.objects.select_related("district").order_by("district__name")
    years = sorted(set(Measurement.objects.filter(status="approved").values_list("year", flat=True)), reverse=True)
    waiting = len(measurement.review_queue(request.user)) if admin else 0
    sroi_waiting = len(measurement.sroi_waiting(request.user)) if admin else 0
    return render(request, "valuation/home.html", {
        "frameworks": frameworks, "studies": studies, "teams": teams, "years": years, "admin": admin,
        "waiting": waiting, "sroi_waiting": sroi_waiting, "crumbs": [(_("Social value"), None)]})
