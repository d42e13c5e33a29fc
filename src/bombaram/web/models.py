from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bombaram.web.choices import Role


class RoleAssignment(models.Model):
    """A user holds a role within a scope. An empty scope field means "any" for that field.

    A centre administrator with no district administers the whole region; with a district, only
    that district. A team staff member is always tied to one programme team.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("district")
    )
    team = models.ForeignKey(
        "programmes.ProgrammeTeam", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("programme team")
    )
    department = models.ForeignKey(
        "procurement.Department", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("department")
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "district", "team", "department"], name="role_assignment_scope_unique"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.TEAM_STAFF) | models.Q(team__isnull=False),
                name="team_staff_has_team",
                violation_error_message=_("A programme team's staff member needs a programme team."),
            ),
            # an officer without a department would be scoped to every department of every institution
            models.CheckConstraint(
                condition=~models.Q(role=Role.DEPARTMENT_OFFICER) | models.Q(department__isnull=False),
                name="department_officer_has_department",
                violation_error_message=_("A department officer needs a department."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.department or self.team or self.district or _("whole region")
        return f"{self.user} · {self.get_role_display()} · {scope}"


class AuditEvent(models.Model):
    """One recorded change: who did what to which object, with the changed values."""

    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    name = models.CharField(_("event"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.name} {self.object_type}#{self.object_id}"


class LoginFailure(models.Model):
    """A failed login: the account name tried and the client address, for throttling (core.login_throttle)."""

    created = models.DateTimeField(_("time"), db_index=True)
    username = models.CharField(_("user name"), max_length=150, db_index=True)
    address = models.CharField(_("address"), max_length=45, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S} {self.username} {self.address}"
