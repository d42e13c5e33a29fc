"""Framework pages: the list, a framework's current version and its other versions as a tree,
CSV export and import, a new framework, a new version, and the items of an unfrozen version.

Anyone may read frameworks; editing needs ``web.permissions.can_edit_framework`` (the services check
it again on every write, so a forged POST is refused with 403).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bombaram.core.frameworks import FrameworkFileError
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation import queries
from bombaram.valuation.choices import Level, SharedScheme
from bombaram.valuation.forms import FrameworkForm, ImportForm, ItemForm, LevelForm
from bombaram.valuation.models import Framework, FrameworkItem, SharedIndicator
from bombaram.valuation.services import analysis
from bombaram.valuation.services import frameworks as service
from bombaram.web.choices import Role
from bombaram.web.permissions import (
    can_bind_indicator_sources,
    can_edit_framework,
    can_edit_team,
    check,
    has_role,
)


def _crumbs(framework: Framework | None = None, *extra):
    crumbs = [(_("Social value"), reverse("valuation-home")), (_("Frameworks"), reverse("framework-list"))]
    if framework is not None:
        crumbs.append((framework.name, reverse("framework-detail", args=[framework.slug])))
    return crumbs + list(extra)


def _framework(slug: str) -> Framework:
    return get_object_or_404(Framework.objects.select_related("owner_team__district", "owner_district"), slug=slug)


def _errors(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def framework_list(request):
    frameworks = list(Framework.objects.select_related("owner_team", "owner_district").prefetch_related("versions"))
    for framework in frameworks:
        framework.current = max(framework.versions.all(), key=lambda v: v.number, default=None)
    return render(request, "valuation/framework_list.html", {
        "frameworks": frameworks, "can_create": service.may_create_framework(request.user),
        "crumbs": _crumbs()[:-1] + [(_("Frameworks"), None)]})


def framework_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(service.may_create_framework(request.user))
    teams = [t for t in ProgrammeTeam.objects.select_related("district") if can_edit_team(request.user, t)]
    districts = [d for d in District.objects.all() if has_role(request.user, Role.CENTRE_ADMIN, district=d)]
    form = FrameworkForm(request.POST or None, teams=teams, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = service.create_framework(
                user=request.user, name=data["name"], slug=data["slug"], owner_team=data["owner_team"],
                owner_district=data["owner_district"], description=data["description"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The framework was created. Add its goals, activities and indicators, "
                                        "or import them from a CSV file."))
            return redirect("framework-detail", slug=framework.slug)
    return render(request, "valuation/framework_form.html", {
        "form": form, "crumbs": _crumbs(None, (_("New framework"), None))})


def _saved_response(request, framework: Framework, version, *, message: str, item=None,
                   focus: int | None = None) -> HttpResponse:
    """htmx, after an inline save. An edited ``item``: the item alone (its row or heading), in place of
    its editor, so that other open editors keep what is typed in them. An added item: the whole tree
    (the new item has to find its place) and the versions table, whose counts changed. Either way the
    message goes to the tree's status line and the keyboard focus to the saved item's edit link."""
    context = {"framework": framework, "version": version, "can_edit_items": True, "tree_message": message,
               "focus_pk": item.pk if item is not None else focus}
    if item is not None:
        context["node"] = {"item": item, "children": item.children.exists()}
        return render(request, "valuation/_framework_item_saved.html", context)
    context.update(tree=service.version_tree(version), versions=service.framework_versions(framework), oob=True)
    response = render(request, "valuation/_framework_item_saved.html", context)
    response["HX-Retarget"] = "#fw-tree"
    response["HX-Reswap"] = "outerHTML"
    return response


def _autofocus(form: ItemForm) -> ItemForm:
    """The keyboard focus goes to the first field with an error, or else to the name."""
    name = next((n for n in form.fields if n in form.errors), "name")
    form.fields[name].widget.attrs["autofocus"] = True
    return form


def _htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _leave(request, back: str):
    """Back to the version page: a redirect, or for htmx a full page load (a redirect answered to htmx
    would put the whole page inside the tree)."""
    if _htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = back
        return response
    return redirect(back)


def _item_form(request, editor_id: str, **kwargs) -> ItemForm:
    """The item form; inline (htmx) its field ids start with its editor's id, so that two open editors
    never share an id."""
    if not _htmx(request):
        return ItemForm(request.POST or None, **kwargs)
    return ItemForm(request.POST or None, auto_id=f"{editor_id}-%s", **kwargs)


def _to_login(request):
    """The login page, coming back here afterwards; htmx (a session that ran out while an editor was
    open) gets a whole-page visit to it, not the login form inside the tree."""
    if _htmx(request):
        page = request.headers.get("HX-Current-URL", "")
        return _leave(request, redirect_to_login(urlsplit(page).path or request.path).url)
    return redirect_to_login(request.get_full_path())


def _version_page(request, framework: Framework, version, *, current: bool):
    may_edit = can_edit_framework(request.user, framework)
    studies = [(s, analysis.can_view_analysis(request.user, s)) for s in version.studies.all()]
    crumbs = _crumbs(framework) if not current else _crumbs()
    if current:
        crumbs.append((framework.name, None))
    else:
        crumbs.append((f"v{version.number}", None))
    return render(request, "valuation/framework_detail.html", {
        "framework": framework, "version": version, "tree": service.version_tree(version),
        "versions": service.framework_versions(framework), "current": current,
        "may_edit": may_edit, "can_edit_items": may_edit and not version.frozen,
        "studies": studies, "frozen_message": service.FROZEN_MESSAGE, "crumbs": crumbs,
        "may_bind": can_bind_indicator_sources(request.user, framework)})


def framework_detail(request, slug: str):
    framework = _framework(slug)
    version = queries.current_version(framework)
    if version is None:  # a framework is always created with version 1; kept for safety
        return render(request, "valuation/framework_detail.html", {
            "framework": framework, "version": None, "tree": [], "versions": [], "current": True,
            "may_edit": can_edit_framework(request.user, framework), "crumbs": _crumbs()})
    return _version_page(request, framework, version, current=True)


def framework_version(request, slug: str, number: int):
    framework = _framework(slug)
    version = service.get_version(framework, number)
    latest = queries.current_version(framework)
    return _version_page(request, framework, version, current=latest is not None and latest.pk == version.pk)


def _csv_response(text: str, filename: str) -> HttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens the Korean text correctly."""
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def framework_export(request, slug: str, number: int):
    framework = _framework(slug)
    version = service.get_version(framework, number)
    return _csv_response(service.export_csv(version), f"{framework.slug}-v{number}-indicators.csv")


def framework_export_activities(request, slug: str, number: int):
    framework = _framework(slug)
    version = service.get_version(framework, number)
    return _csv_response(service.export_activities_csv(version), f"{framework.slug}-v{number}-activities.csv")


def framework_import(request, slug: str):
    framework = _framework(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(can_edit_framework(request.user, framework))
    form = ImportForm(request.POST if request.method == "POST" else None,
                      request.FILES if request.method == "POST" else None)
    file_errors = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = service.import_csv(user=request.user, framework=framework, data=data["indicators"],
                                         activities=data["activities"], note=data["note"])
        except FrameworkFileError as exc:
            file_errors = exc.errors
        else:
            messages.success(request, _("Version %(number)s was imported.") % {"number": version.number})
            return redirect("framework-version", slug=framework.slug, number=version.number)
    return render(request, "valuation/framework_import.html", {
        "framework": framework, "form": form, "file_errors": file_errors,
        "file_labels": {"indicators": _("Indicators file"), "activities": _("Activities file")},
        "crumbs": _crumbs(framework, (_("Import"), None))}, status=400 if file_errors else 200)


@require_POST
def framework_new_version(request, slug: str, number: int):
    framework = _framework(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("framework-detail", args=[slug]))
    version = service.get_version(framework, number)
    new = service.new_version(user=request.user, version=version, note=request.POST.get("note", "")[:500])
    messages.success(request, _("Version %(number)s was created from version %(source)s. You can edit it now.")
                     % {"number": new.number, "source": version.number})
    return redirect("framework-version", slug=framework.slug, number=new.number)


@vary_on_headers("HX-Request")
def item_add(request, slug: str, number: int):
    """Add a goal, activity, sub-activity or indicator: on its own page, or with htmx in place of the
    "add" link (the form posts back here and the tree is redrawn)."""
    framework = _framework(slug)
    if not request.user.is_authenticated:
        return _to_login(request)
    check(can_edit_framework(request.user, framework))
    version = service.get_version(framework, number)
    back = reverse("framework-version", args=[slug, number])
    where = LevelForm(request.GET or request.POST)
    if not where.is_valid():
        return _leave(request, back)
    level = where.cleaned_data["level"]
    parent = None
    if where.cleaned_data["parent"]:
        parent = get_object_or_404(FrameworkItem, pk=where.cleaned_data["parent"], version=version)
    if version.frozen:
        messages.error(request, service.FROZEN_MESSAGE)
        return _leave(request, back)
    editor_id = f"add-under-{parent.pk if parent else 'root'}"  # the id of the "add" links it replaces
    form = _item_form(request, editor_id, level=level)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item = service.add_item(user=request.user, version=version, parent=parent, level=level,
                                    name=data.pop("name"), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = _("%(code)s %(name)s was added.") % {"code": item.code, "name": item.name}
            if _htmx(request):
                return _saved_response(request, framework, version, message=text, focus=item.pk)
            messages.success(request, text)
            return redirect(f"{back}#item-{item.pk}")
    context = {"framework": framework, "version": version, "form": form, "parent": parent, "level": level,
               "level_label": Level(level).label, "next_code": service.next_code(version, parent, level),
               "back": back, "action": f"{reverse('framework-item-add', args=[slug, number])}?level={level}"
                                       + (f"&parent={parent.pk}" if parent else ""),
               "editor_id": editor_id}
    context["form"] = _autofocus(form)  # the form is what the page (or the editor in place) is for
    if _htmx(request):
        return render(request, "valuation/_framework_item_inline.html", context)
    context["crumbs"] = _crumbs(framework, (f"v{version.number}", back), (_("Add"), None))
    return render(request, "valuation/framework_item_form.html", context)


@vary_on_headers("HX-Request")
def item_edit(request, slug: str, pk: int):
    """Edit an item: on its own page, or with htmx in place of the item (its table row or heading)."""
    framework = _framework(slug)
    if not request.user.is_authenticated:
        return _to_login(request)
    item = service.get_item_for_edit(request.user, framework, pk)
    version = item.version
    back = reverse("framework-version", args=[slug, version.number])
    if version.frozen:
        messages.error(request, service.FROZEN_MESSAGE)
        return _leave(request, back)
    initial = {name: getattr(item, name) for name in service.EDITABLE_FIELDS[item.level]}
    editor_id = f"item-{item.pk}"
    form = _item_form(request, editor_id, initial=initial, level=item.level)
    if request.method == "POST" and form.is_valid():
        try:
            item = service.update_item(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = _("%(code)s was saved.") % {"code": item.code}
            if _htmx(request):
                return _saved_response(request, framework, version, message=text, item=item)
            messages.success(request, text)
            return redirect(f"{back}#item-{item.pk}")
    context = {"framework": framework, "version": version, "form": form, "item": item, "level": item.level,
               "level_label": item.get_level_display(), "back": back,
               "action": reverse("framework-item-edit", args=[slug, item.pk]), "editor_id": editor_id}
    context["form"] = _autofocus(form)  # the form is what the page (or the editor in place) is for
    if _htmx(request):
        return render(request, "valuation/_framework_item_inline.html", context)
    context["crumbs"] = _crumbs(framework, (f"v{version.number}", back), (item.code, None))
    return render(request, "valuation/framework_item_form.html", context)


@require_POST
def item_delete(request, slug: str, pk: int):
    framework = _framework(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("framework-detail", args=[slug]))
    item = service.get_item_for_edit(request.user, framework, pk)
    back = reverse("framework-version", args=[slug, item.version.number])
    try:
        service.delete_item(user=request.user, item=item)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("%(code)s %(name)s was removed.") % {"code": item.code, "name": item.name})
    return redirect(back)


def crosswalk(request):
    """The shared core indicators (SVI, UK National TOMs, IRIS+) and the local indicators of each
    framework's current version mapped to them: a reading aid, never a requirement."""
    current = {f.pk: queries.current_version(f) for f in Framework.objects.all()}
    mapped: dict[str, list] = {}
    items = (FrameworkItem.objects.filter(version__in=[v for v in current.values() if v], level=Level.INDICATOR)
             .exclude(crosswalk=[]).select_related("version__framework").order_by("version__framework__name", "position"))
    for item in items:
        for entry in item.crosswalk_display:
            mapped.setdefault(entry["anchor"], []).append((item, entry["relation"]))
    shared = list(SharedIndicator.objects.all())
    groups = [(label, [(s, mapped.get(f"{s.scheme}-{s.code}", [])) for s in shared if s.scheme == code])
              for code, label in SharedScheme.choices]
    return render(request, "valuation/crosswalk.html", {
        "groups": groups, "crumbs": _crumbs() + [(_("Shared indicators"), None)]})
