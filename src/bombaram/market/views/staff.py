"""The centre's page naming each organisation's staff, who then keep its catalogue and trades."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bombaram.market.models import OrganisationStaff
from bombaram.market.services import staff as services
from bombaram.registry.models import Organisation
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_organisation, centre_admin_districts, check, has_role


class StaffForm(forms.Form):
    organisation = forms.IntegerField(label=gettext_lazy("Organisation's registry number"), min_value=1,
                                      max_value=2**63 - 1)
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["organisation_obj"] = Organisation.objects.filter(pk=data["organisation"]).first()
        if data["organisation_obj"] is None:
            self.add_error("organisation", f"등록부에 없는 조직 번호입니다: #{data['organisation']}")
        data["member"] = get_user_model().objects.filter(username=data["username"], is_active=True).first()
        if data["member"] is None:
            self.add_error("username", f"그런 아이디의 사용자가 없습니다: {data['username']}")
        return data


def staff_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(has_role(request.user, Role.CENTRE_ADMIN))
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation_obj"]
        if not can_edit_organisation(request.user, organisation):
            form.add_error("organisation", "이 조직은 담당 자치구 밖에 있습니다.")
        else:
            services.add_organisation_staff(user=request.user, organisation=organisation,
                                            member=form.cleaned_data["member"])
            messages.success(request, _("The user now keeps the organisation's catalogue and trades."))
            return redirect("market-staff")
    links = OrganisationStaff.objects.select_related("organisation", "user").order_by("organisation__name",
                                                                                      "user__username")
    districts = centre_admin_districts(request.user)
    if districts is not None:
        links = links.filter(organisation__district_id__in=districts)
    return render(request, "market/catalogue/staff.html", {
        "form": form, "links": links[:500],
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (_("Organisation staff"), None)]})


@require_POST
def staff_remove(request, pk: int):
    link = OrganisationStaff.objects.select_related("organisation", "user").filter(pk=pk).first()
    if link is None or not can_edit_organisation(request.user, link.organisation):
        raise Http404
    services.remove_organisation_staff(user=request.user, link=link)
    messages.success(request, _("The user no longer keeps the organisation's records."))
    return redirect("market-staff")
