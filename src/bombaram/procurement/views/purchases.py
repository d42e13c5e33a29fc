"""Purchases (구매실적): the record form for department officers, the list of recorded purchases,
and the correction and withdrawal of one (with a reason, kept in the audit trail).

Permissions are the service's: a forged POST for another department reaches ``record_purchase`` or
``correct_purchase``, which refuse it (403) before anything is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bombaram.procurement import queries
from bombaram.procurement.choices import Channel
from bombaram.procurement.forms import (
    PurchaseCorrectionForm,
    PurchaseFilterForm,
    PurchaseForm,
    PurchaseWithdrawForm,
)
from bombaram.procurement.services import corrections
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


def _back_to_list(request) -> str:
    """The list page the user came from (its filter and page), else the list."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    return back if back.startswith(reverse("purchase-list")) else reverse("purchase-list")


def _tell_published(request, outcome: corrections.Outcome) -> None:
    if outcome.published_months:
        months = ", ".join(_("%(month)s/%(year)s") % {"year": y, "month": m} for y, m in outcome.published_months)
        messages.warning(request, _("%(months)s was already published: the public page shows it as published "
                                    "until the social economy division publishes a correction.") % {"months": months})


def purchase_edit(request, pk: int):
    """Correct a recorded purchase: the record form filled in, a reason, and a way to withdraw it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    purchase = queries.get_purchase_for_edit(request.user, pk)
    departments = [d for d in queries.editable_departments(request.user)
                   if d.institution_id == purchase.institution_id]
    form = PurchaseCorrectionForm(request.POST or None, departments=departments,
                                  initial=PurchaseCorrectionForm.initial_of(purchase))
    back = _back_to_list(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            outcome = corrections.correct_purchase(user=request.user, purchase=purchase, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except corrections.StaleRevision as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('purchase-edit', args=[pk])}?{urlencode({'back': back})}")
        except corrections.NothingChanged as exc:
            messages.info(request, str(exc))
            return HttpResponseRedirect(back)
        else:
            corrected = outcome.purchase
            if corrected.counted:
                messages.success(request, _("Corrected. The purchase counts as a social economy purchase."))
            else:
                messages.success(request, _("Corrected. It does not count as a social economy purchase: %(reason)s")
                                 % {"reason": corrected.not_counted_reason})
            _tell_published(request, outcome)
            return HttpResponseRedirect(back)
    return render(request, "procurement/purchase_form.html", {
        "form": form, "purchase": purchase, "back": back,
        "published": queries.latest_monthly(purchase.institution_id, purchase.purchased_on),
        "withdraw_form": PurchaseWithdrawForm(initial={"revision": purchase.revision}, auto_id="withdraw_%s"),
        "crumbs": _crumbs((_("Purchases"), back), (_("Correct a purchase"), None)),
    })


def purchase_withdraw(request, pk: int):
    """Withdraw (delete) a purchase recorded by mistake; POST from the correction page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    purchase = queries.get_purchase_for_edit(request.user, pk)
    form = PurchaseWithdrawForm(request.POST or None, auto_id="withdraw_%s",
                                initial={"revision": purchase.revision})
    back = _back_to_list(request)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = corrections.withdraw_purchase(user=request.user, purchase=purchase, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except corrections.StaleRevision as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('purchase-edit', args=[pk])}?{urlencode({'back': back})}")
        else:
            messages.success(request, _("The purchase of %(date)s, %(supplier)s, %(item)s was withdrawn.")
                             % {"date": f"{purchase.purchased_on:%Y-%m-%d}", "supplier": purchase.supplier_name,
                                "item": purchase.item})
            _tell_published(request, outcome)
            return HttpResponseRedirect(back)
    return render(request, "procurement/purchase_withdraw.html", {
        "form": form, "purchase": purchase, "back": back,
        "published": queries.latest_monthly(purchase.institution_id, purchase.purchased_on),
        "crumbs": _crumbs((_("Purchases"), back), (_("Withdraw a purchase"), None)),
    })


def purchase_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = queries.editable_departments(request.user)
    check(bool(departments))
    filters = PurchaseFilterForm(request.GET, departments=departments)
    filters.is_valid()  # a bad filter is said beside its field; the others still apply
    chosen = filters.cleaned_data.get("department")
    shown = [d for d in departments if d.pk == chosen] or departments
    purchases = queries.purchases_of(shown, month=filters.cleaned_data.get("month"),
                                     text=filters.cleaned_data.get("q") or "")
    page = Paginator(purchases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "procurement/purchase_list.html", {
        "page": page, "filters": filters, "filtered": any(request.GET.get(name) for name in filters.fields),
        "query": query.urlencode(),
        "crumbs": _crumbs((_("Purchases"), None)),
    })


urlpatterns = [
    path("purchases/", purchase_list, name="purchase-list"),
    path("purchases/new/", purchase_new, name="purchase-new"),
    path("purchases/<int:pk>/edit/", purchase_edit, name="purchase-edit"),
    path("purchases/<int:pk>/withdraw/", purchase_withdraw, name="purchase-withdraw"),
]
