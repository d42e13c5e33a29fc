"""Back office: the registers are read-only here; writes go through the pages and services (audited)."""

from django.contrib import admin

from bombaram.cooperatives.models import (
    Cooperative,
    CreditAccount,
    CreditTransfer,
    Member,
    ShareEvent,
    Survey,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cooperative)
class CooperativeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "share_price_won"]
    search_fields = ["organisation__name"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["cooperative", "number", "name", "kind", "member_type"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ShareEvent)
class ShareEventAdmin(ReadOnlyAdmin):
    list_display = ["cooperative", "day", "kind", "member", "shares", "amount_won"]
    list_filter = ["kind"]


@admin.register(CreditAccount)
class CreditAccountAdmin(ReadOnlyAdmin):
    list_display = ["member", "credit_limit", "balance"]


@admin.register(CreditTransfer)
class CreditTransferAdmin(ReadOnlyAdmin):
    list_display = ["created", "cooperative", "payer", "payee", "amount", "idempotency_key"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "cooperative", "held_on", "open_by_link"]
