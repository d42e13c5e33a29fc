"""The back office's one ModelAdmin base: the application's scopes, object permissions and audit trail.

Every model registered in the admin uses :class:`ScopedAdmin` (inlines :class:`ScopedInline`); a
test walks ``admin.site._registry`` and fails for any other. A ``ScopedAdmin`` says who may write
its objects with a ``scope``:

* :class:`PathScope` — ``PathScope("department__institution", can_manage_purchases)``: the check of
  ``web.permissions`` applied to the object reached by the path ("" for the object itself). The
  changelist lists the objects whose anchor passes; the check runs once per anchor row (districts,
  institutions, departments, teams: tens of rows) and is never rewritten as SQL, so the rules stay
  in ``web.permissions`` alone. ``object_check`` (optional) is the application's check on the object
  itself, used for one object instead of the anchor's; ``choices`` filters the candidates of other
  foreign keys the rule reads (an institution's district): a user may only pick values that keep the
  object in their scope.
* :class:`UserScope` — a check of the user alone (imports: ``can_import``).
* :data:`REFERENCE` — reference data (districts, industries, designation types): administrators read
  it, superusers alone change it.
* :data:`SUPERUSERS` — accounts and groups: superusers only.

``read_only = True`` for what the application writes through a service with rules (purchases,
plans, disclosures, imports, the valuation app): shown in scope, never changed here, by anyone.

Who reaches the back office at all: active staff users (``web.services.assign_role`` makes centre
administrators staff) who are superusers or hold the centre administrator role; each model also needs
its Django permission (the role's group). Every save and delete here is recorded in the audit trail
(``web.audit``) as ``<app>.<model>.admin_added|admin_changed|admin_deleted`` with the values before and
after of the changed fields; the new state is checked again before it is saved (a user cannot move an
object out of their scope), and foreign-key choices list only what the user may use.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models

from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.permissions import has_role

#: fields whose values never go into the audit trail (only that they changed)
SECRET_FIELDS = frozenset({"password", "token_hash"})


class Scope:
    """Who may see and write a model's objects in the back office (see the module's docstring)."""

    #: reference data: every administrator reads it, superusers alone write it
    reference = False
    #: nobody but superusers, not even to read
    superusers_only = False

    def queryset(self, user: Any, queryset: models.QuerySet) -> models.QuerySet:
        return queryset

    def allows(self, user: Any, obj: Any) -> bool:
        return True

    def allows_some(self, user: Any, model: type[models.Model]) -> bool:
        """True when ``user`` may have at least one object (may add one)."""
        return True

    def choices(self, user: Any, model: type[models.Model], field_name: str, queryset: models.QuerySet):
        """The candidates of foreign key ``field_name`` that keep a new or changed object in scope."""
        return queryset


class _Reference(Scope):
    reference = True


class _Superusers(Scope):
    superusers_only = True


REFERENCE = _Reference()
SUPERUSERS = _Superusers()


@dataclass(frozen=True)
class UserScope(Scope):
    """A check of the user alone, e.g. ``UserScope(can_import)``: all objects or none."""

    check: Callable[[Any], bool]

    def queryset(self, user, queryset):
        return queryset if self.check(user) else queryset.none()

    def allows(self, user, obj):
        return self.check(user)

    def allows_some(self, user, model):
        return self.check(user)


@dataclass(frozen=True)
class PathScope(Scope):
    """``check(user, anchor)`` from web.permissions, where ``anchor`` is the object reached from ours by
    ``path`` (Django lookup syntax; "" = the object itself). A path that may be empty (an organisation
    without a district) calls ``check(user, None)``: write the check so that None means "no district"
    (the whole region's administrators).

    ``object_check(user, obj)``: the application's check of one object, when it reads the object
    itself (default: ``check`` of its anchor). ``choices``: {foreign key: check(user, candidate)} for
    foreign keys outside the path that the rule reads. ``related``: select_related of the anchors.
    """

    path: str
    check: Callable[[Any, Any], bool]
    object_check: Callable[[Any, Any], bool] | None = None
    choices_checks: dict[str, Callable[[Any, Any], bool]] = field(default_factory=dict)
    related: tuple[str, ...] = ()

    def _steps(self, model: type[models.Model]) -> tuple[type[models.Model], bool]:
        """The anchor's model, and whether the path may end at nothing."""
        nullable = False
        for name in filter(None, self.path.split("__")):
            relation = model._meta.get_field(name)
            nullable = nullable or relation.null
            model = relation.related_model
        return model, nullable

    def _allowed(self, user: Any, model: type[models.Model]) -> tuple[list[Any], bool]:
        """Primary keys of the anchors ``user`` passes, and whether the empty anchor passes
        (cached on the user for the request)."""
        cache = getattr(user, "_bombaram_admin_scopes", None)
        if cache is None:
            cache = {}
            user._bombaram_admin_scopes = cache
        key = (model._meta.label, self.path)
        if key not in cache:
            anchor_model, nullable = self._steps(model)
            anchors = anchor_model._default_manager.select_related(*self.related)
            cache[key] = ([a.pk for a in anchors if self.check(user, a)], nullable and self.check(user, None))
        return cache[key]

    def queryset(self, user, queryset):
        if getattr(user, "is_superuser", False):
            return queryset
        pks, empty = self._allowed(user, queryset.model)
        lookup = f"{self.path}__in" if self.path else "pk__in"
        condition = models.Q(**{lookup: pks})
        if empty:
            condition |= models.Q(**{f"{self.path}__isnull": True})
        return queryset.filter(condition)

    def anchor_of(self, obj: Any) -> Any:
        for name in filter(None, self.path.split("__")):
            if obj is None:
                return None
            obj = getattr(obj, name)
        return obj

    def allows(self, user, obj):
        if self.object_check is not None:
            return self.object_check(user, obj)
        return self.check(user, self.anchor_of(obj))

    def allows_some(self, user, model):
        pks, empty = self._allowed(user, model)
        return bool(pks) or empty

    def choices(self, user, model, field_name, queryset):
        if getattr(user, "is_superuser", False):
            return queryset
        if field_name in self.choices_checks:
            check = self.choices_checks[field_name]
            return queryset.filter(pk__in=[c.pk for c in queryset if check(user, c)])
        first, _, rest = self.path.partition("__")
        if first == field_name:
            inner = PathScope(rest, self.check, related=self.related)
            return inner.queryset(user, queryset)
        return queryset


def _plain(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _values(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The fields ``names`` of ``obj`` (many-to-many as sorted primary keys, secrets hidden)."""
    values = {}
    for name in names:
        try:
            model_field = obj._meta.get_field(name)
        except Exception:  # a form field that is not a model field (e.g. a password confirmation)
            continue
        if name in SECRET_FIELDS:
            values[name] = "…"
        elif model_field.many_to_many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        elif model_field.concrete:
            values[name] = _plain(getattr(obj, name))
    return values


def _event(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.admin_{verb}"


def may_enter(user: Any) -> bool:
    """The back office is for active staff who are superusers or centre administrators."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return user.is_superuser or has_role(user, Role.CENTRE_ADMIN)


class ScopedAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin (see the module's docstring). Set ``scope`` (required) and, for
    what the application writes through its services, ``read_only = True``."""

    scope: Scope | None = None
    read_only = False

    # ---- who sees and writes ----------------------------------------------------------------------

    def _scope(self) -> Scope:
        if self.scope is None:
            raise NotImplementedError(f"{type(self).__name__} needs a scope (web.admin_scopes)")
        return self.scope

    def _enters(self, request) -> bool:
        user = request.user
        if not may_enter(user):
            return False
        return user.is_superuser or not self._scope().superusers_only

    def _writes(self, request, obj=None) -> bool:
        if self.read_only or not self._enters(request):
            return False
        scope = self._scope()
        if scope.reference or scope.superusers_only:
            return request.user.is_superuser
        return obj is None or scope.allows(request.user, obj)

    def has_module_permission(self, request):
        return self._enters(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if not self._enters(request) or not super().has_view_permission(request, obj):
            return False
        scope = self._scope()
        return obj is None or scope.reference or scope.superusers_only or scope.allows(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self._writes(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._writes(request, obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        if not self._writes(request) or not super().has_add_permission(request):
            return False
        return request.user.is_superuser or self._scope().allows_some(request.user, self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self._scope().queryset(request.user, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = limit_choices(self.admin_site, request.user, self.model, db_field, formfield.queryset,
                                               self._scope())
        return formfield

    # ---- writes, checked and audited --------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not self._writes(request, obj):  # the new state: never out of the user's scope
            raise PermissionDenied
        names = list(form.changed_data) if change else [f.name for f in obj._meta.concrete_fields
                                                          if f.editable and not f.primary_key]
        names += [f.name for f in obj._meta.many_to_many if f.name in form.changed_data and f.name not in names]
        before = {}
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            before = _values(stored, names)
        request._bombaram_admin_audit = (obj, names, before, change)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, names, before, change = getattr(request, "_bombaram_admin_audit", (form.instance, [], {}, change))
        after = _values(obj, names)
        if change:
            changes = {n: {"from": before.get(n), "to": after[n]} for n in after if before.get(n) != after[n]}
            if changes:
                audit.record(_event(obj, "changed"), actor=request.user, obj=obj, changes=changes)
        else:
            audit.record(_event(obj, "added"), actor=request.user, obj=obj, values=after)
        request._bombaram_admin_audited = True

    def save_formset(self, request, form, formset, change):
        record_formset(request, formset, form.instance)

    def delete_model(self, request, obj):
        if not self._writes(request, obj):
            raise PermissionDenied
        values = _values(obj, [f.name for f in obj._meta.concrete_fields])
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        audit.record(_event(obj, "deleted"), actor=request.user, obj=obj, values=values)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def log_change(self, request, obj, message):
        # saves that do not pass through save_model (a password set on the user's password page)
        if not getattr(request, "_bombaram_admin_audited", False):
            audit.record(_event(obj, "changed"), actor=request.user, obj=obj, message=_plain(message))
        return super().log_change(request, obj, message)


def limit_choices(site, user, model, db_field, queryset, scope: Scope | None):
    """Foreign-key candidates ``user`` may use: what the model's own scope allows for that field,
    then, when the related model is registered with a write scope, only the objects ``user`` may write."""
    if getattr(user, "is_superuser", False):
        return queryset
    if scope is not None:
        queryset = scope.choices(user, model, db_field.name, queryset)
    related = site._registry.get(db_field.related_model)
    related_scope = getattr(related, "scope", None)
    if related_scope is not None and not related_scope.reference and not isinstance(related_scope, UserScope):
        queryset = related_scope.queryset(user, queryset)
    return queryset


def record_formset(request, formset, parent) -> None:
    """Save an inline formset and record each added, changed and deleted row in the audit trail."""
    user = request.user
    befores = {}
    for form in formset.initial_forms:
        if form.instance.pk is not None and form.has_changed():
            stored = type(form.instance)._default_manager.filter(pk=form.instance.pk).first()
            if stored is not None:
                befores[form.instance.pk] = _values(stored, list(form.changed_data))
    deleted = [(obj.pk, obj, _values(obj, [f.name for f in obj._meta.concrete_fields]))
               for obj in (f.instance for f in formset.deleted_forms) if obj.pk is not None]
    formset.save()
    parent_ref = {"type": parent._meta.label_lower, "id": parent.pk}
    for obj in formset.new_objects:
        values = _values(obj, [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key])
        audit.record(_event(obj, "added"), actor=user, obj=obj, values=values, parent=parent_ref)
    for obj, names in formset.changed_objects:
        before = befores.get(obj.pk, {})
        after = _values(obj, list(names))
        changes = {n: {"from": before.get(n), "to": after[n]} for n in after if before.get(n) != after[n]}
        if changes:
            audit.record(_event(obj, "changed"), actor=user, obj=obj, changes=changes, parent=parent_ref)
    for pk, obj, values in deleted:
        obj.pk = pk
        audit.record(_event(obj, "deleted"), actor=user, obj=obj, values=values, parent=parent_ref)


class ScopedInline(admin.options.InlineModelAdmin):
    """The base of every inline: it may do what its parent's admin allows on the parent object
    (adding or removing a row changes the parent), read-only when the parent's admin is (or
    ``read_only``), and its rows are saved through :func:`record_formset` (the audit trail)."""

    read_only = False

    def _parent(self) -> ScopedAdmin:
        parent = self.admin_site._registry.get(self.parent_model)
        if not isinstance(parent, ScopedAdmin):
            raise NotImplementedError(f"{type(self).__name__}: the parent's admin must be a ScopedAdmin")
        return parent

    def _writes(self, request, obj) -> bool:
        parent = self._parent()
        return not (self.read_only or parent.read_only) and parent.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._writes(request, obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj):
        return self._writes(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._writes(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = limit_choices(self.admin_site, request.user, self.model, db_field, formfield.queryset,
                                               None)
        return formfield


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass
