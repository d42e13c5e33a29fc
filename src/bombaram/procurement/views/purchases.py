"""Purchases (구매실적): the record form for department officers and the list of recorded purchases.

Permissions are the service's: a forged POST for another department reaches ``record_purchase``,
which refuses it (403) before anything is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.procurement import queries
from bombaram.procurement.choices import Channel
from bombaram.procurement.forms import PurchaseForm
from bombaram.procurement.services import purchases as services
from bombaram.web.permissions import check

PAGE_SIZE = 50

def _crumbs(*extra):
    return [(_("Public purchase"), reverse("purchase-index")), *extra]


def purchase_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = queries.editable_departments(request.user)
    check(bool(departments))
    initial = {"purchased_on": timezone.localdate(), "channel": Channel.DIRECT}
    if len(departments) == 1:
        initial["department"] = departments[0].pk
    form = PurchaseForm(request.POST or None, departments=departments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            purchase = services.record_purchase(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if purchase.counted:
                messages.success(request, _("Recorded. The purchase counts as a social economy purchase."))
            else:
                messages.success(request, _("Recorded. It does not count as a social economy purchase: %(reason)s")
                                 % {"reason": purchase.not_counted_reason})
            return redirect("purchase-list")
    return render(request, "procurement/purchase_form.html", {
        "form": form,
        "crumbs": _crumbs((_("Purchases"), reverse("purchase-list")), (_("Record a purchase"), None)),
    })


def purchase_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = queries.editable_departments(request.user)
    check(bool(departments))
    chosen = [d for d in departments if str(d.pk) == request.GET.get("department")]
    page = Paginator(queries.purchases_of(chosen or departments), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "procurement/purchase_list.html", {
        "page": page, "departments": departments, "chosen": chosen[0] if chosen else None,
        "several_institutions": len({d.institution_id for d in departments}) > 1,
        "query": query.urlencode(),
        "crumbs": _crumbs((_("Purchases"), None)),
    })


urlpatterns = [
    path("purchases/", purchase_list, name="purchase-list"),
    path("purchases/new/", purchase_new, name="purchase-new"),
]
