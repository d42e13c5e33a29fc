"""Accounts in the back office: users and groups (roles) for superusers only, through the scoped
base like every other model (web.admin_scopes), so that their changes reach the audit trail."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User and Group first
from django.contrib.auth.models import Group, User

from bombaram.web.admin_scopes import SUPERUSERS, ScopedAdmin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ScopedAdmin, auth_admin.UserAdmin):
    scope = SUPERUSERS


@admin.register(Group)
class GroupAdmin(ScopedAdmin, auth_admin.GroupAdmin):
    scope = SUPERUSERS
