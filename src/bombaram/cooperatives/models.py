from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bombaram.cooperatives.choices import MemberKind, MemberType, ResponseSource, ShareEventKind
from bombaram.registry.models import Organisation


class Cooperative(models.Model):
    """A cooperative whose share register (출자 명부) is kept here; it is a registry organisation."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="share_register",
                                        verbose_name=_("organisation"))
    share_price_won = models.PositiveIntegerField(_("share price (won)"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="cooperatives_kept",
                                      verbose_name=_("officers"),
                                      help_text=_("Users holding the organisation staff role who keep this register"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("cooperative share register")
        verbose_name_plural = _("cooperative share registers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("cooperative-detail", args=[self.pk])


class Member(models.Model):
    """A member (조합원) of a cooperative: a person or an organisation."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="members",
                                    db_index=False)  # the unique (cooperative, number) serves it
    number = models.PositiveIntegerField(_("member number"))
    name = models.CharField(_("name"), max_length=200)
    member_type = models.CharField(_("person or organisation"), max_length=20, choices=MemberType.choices,
                                   default=MemberType.PERSON)
    kind = models.CharField(_("member kind"), max_length=20, choices=MemberKind.choices)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["cooperative", "number"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="coop_member_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ShareEvent(models.Model):
    """One dated event of the register; the register as of a date is replayed from these."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="events", db_index=False)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events", verbose_name=_("member"))
    day = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=20, choices=ShareEventKind.choices)
    shares = models.PositiveIntegerField(_("shares (구좌)"), default=0)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"), default=0)
    counterparty = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("to member"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("share event")
        verbose_name_plural = _("share events")
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["cooperative", "day"], name="share_event_coop_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.member_id}"


class CreditAccount(models.Model):
    """A member's account in the cooperative's local-currency pilot (mutual credit): starts at zero and
    may go below zero down to −credit_limit. ``balance`` is kept with the entries in one transaction."""

    member = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="credit_account", verbose_name=_("member"))
    credit_limit = models.PositiveBigIntegerField(_("credit limit"))
    balance = models.BigIntegerField(_("balance"), default=0)
    opened = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit account")
        verbose_name_plural = _("credit accounts")
        ordering = ["member__number"]
        constraints = [models.CheckConstraint(condition=models.Q(balance__gte=-models.F("credit_limit")),
                                              name="credit_balance_within_limit")]

    def __str__(self) -> str:
        return str(self.member)


class CreditTransfer(models.Model):
    """One transfer: exactly two entries of the same amount (a debit on the payer, a credit on the payee).
    ``idempotency_key`` makes a retried or double-submitted transfer apply once."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="credit_transfers", db_index=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    payer = models.ForeignKey(CreditAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("payer"))
    payee = models.ForeignKey(CreditAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("payee"))
    amount = models.PositiveBigIntegerField(_("amount"))
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("credit transfer")
        verbose_name_plural = _("credit transfers")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "idempotency_key"], name="credit_transfer_key_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="credit_transfer_amount_positive"),
            models.CheckConstraint(condition=~models.Q(payer=models.F("payee")), name="credit_transfer_two_accounts"),
        ]

    def __str__(self) -> str:
        return f"{self.payer_id} → {self.payee_id} {self.amount}"


class CreditEntry(models.Model):
    """One side of a transfer on one account (signed: negative is a debit)."""

    transfer = models.ForeignKey(CreditTransfer, on_delete=models.CASCADE, related_name="entries")
    account = models.ForeignKey(CreditAccount, on_delete=models.PROTECT, related_name="entries", db_index=False)
    amount = models.BigIntegerField(_("amount"))
    balance_after = models.BigIntegerField(_("balance after"))

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "id"], name="credit_entry_account_idx")]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="credit_entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+}"


class Survey(models.Model):
    """A questionnaire (의견조사) run by a cooperative; answered on paper (entered here) or by link."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(_("question"), max_length=300)
    held_on = models.DateField(_("date"))
    token = models.CharField(max_length=40, unique=True, editable=False)
    open_by_link = models.BooleanField(_("open for answers by link"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyChoice(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("choice"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "label"], name="survey_choice_unique_label")]

    def __str__(self) -> str:
        return self.label


class SurveyAnswer(models.Model):
    """One answer (one returned form or one answer by link)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers", db_index=False)
    choice = models.ForeignKey(SurveyChoice, on_delete=models.PROTECT, related_name="answers")
    source = models.CharField(_("source"), max_length=10, choices=ResponseSource.choices)
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["survey", "choice"], name="survey_answer_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.choice_id}"


# ---------------------------------------------------------------- healthy store (건강매점) and hub centre (허브)

from bombaram.cooperatives.choices import (  # noqa: E402  (this block is appended as one piece)
    FoodGroup,
    ProductCategory,
    RestrictedItem,
    SpaceKind,
    TenantKind,
)


class HealthyStore(models.Model):
    """A school healthy store (건강매점) run by a school cooperative; its product list is checked against
    the permit's rules (core.healthy_store)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="stores",
                                    verbose_name=_("cooperative"))
    name = models.CharField(_("store name"), max_length=200)
    school = models.CharField(_("school"), max_length=200)
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="stores_operated",
                                       verbose_name=_("operators"),
                                       help_text=_("Users holding the organisation staff role who run this store"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("healthy store")
        verbose_name_plural = _("healthy stores")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("store-detail", args=[self.pk])


class StoreProduct(models.Model):
    """A product on a store's list, with what the rules need: category, eco-friendly certification,
    nutrition per serving (1회 제공량당), price and market price (시중가격)."""

    store = models.ForeignKey(HealthyStore, on_delete=models.CASCADE, related_name="products", db_index=False)
    name = models.CharField(_("product"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=ProductCategory.choices)
    food_group = models.CharField(_("food group"), max_length=10, choices=FoodGroup.choices, blank=True)
    restricted = models.CharField(_("restricted item"), max_length=20, choices=RestrictedItem.choices, blank=True)
    eco_friendly = models.BooleanField(_("eco-friendly"), default=False)
    eco_certification = models.CharField(_("eco-friendly certification"), max_length=100, blank=True)
    serving = models.CharField(_("serving"), max_length=50, blank=True)
    energy_kcal = models.DecimalField(_("energy (kcal)"), max_digits=7, decimal_places=1, null=True, blank=True)
    protein_g = models.DecimalField(_("protein (g)"), max_digits=6, decimal_places=1, null=True, blank=True)
    saturated_fat_g = models.DecimalField(_("saturated fat (g)"), max_digits=6, decimal_places=1, null=True, blank=True)
    sugars_g = models.DecimalField(_("sugars (g)"), max_digits=6, decimal_places=1, null=True, blank=True)
    sodium_mg = models.DecimalField(_("sodium (mg)"), max_digits=7, decimal_places=1, null=True, blank=True)
    price_won = models.PositiveIntegerField(_("price (won)"))
    market_price_won = models.PositiveIntegerField(_("market price (won)"))

    class Meta:
        verbose_name = _("store product")
        verbose_name_plural = _("store products")
        ordering = ["store", "name"]
        constraints = [models.UniqueConstraint(fields=["store", "name"], name="store_product_unique_name")]

    def __str__(self) -> str:
        return self.name


class HubCentre(models.Model):
    """A hub centre (허브센터) whose spaces are let to social economy organisations."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("district"))
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("operating organisation"))
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    opened = models.DateField(_("opened"), null=True, blank=True)
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hubs_operated",
                                       verbose_name=_("operators"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("hub centre")
        verbose_name_plural = _("hub centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hub-detail", args=[self.pk])


class HubSpace(models.Model):
    hub = models.ForeignKey(HubCentre, on_delete=models.CASCADE, related_name="spaces", db_index=False)
    name = models.CharField(_("space"), max_length=100)
    kind = models.CharField(_("kind of space"), max_length=20, choices=SpaceKind.choices)
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    monthly_fee_won = models.PositiveIntegerField(_("standard monthly fee (won)"), default=0)

    class Meta:
        verbose_name = _("hub space")
        verbose_name_plural = _("hub spaces")
        ordering = ["hub", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="hub_space_unique_name")]

    def __str__(self) -> str:
        return self.name


class HubTenant(models.Model):
    hub = models.ForeignKey(HubCentre, on_delete=models.CASCADE, related_name="tenants", db_index=False)
    name = models.CharField(_("tenant"), max_length=200)
    kind = models.CharField(_("kind of tenant"), max_length=20, choices=TenantKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("registry organisation"))

    class Meta:
        verbose_name = _("hub tenant")
        verbose_name_plural = _("hub tenants")
        ordering = ["hub", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="hub_tenant_unique_name")]

    def __str__(self) -> str:
        return self.name


class HubTenancy(models.Model):
    """A tenant's letting of a space for a period (both ends included; an open end runs on). Two tenancies
    of one space never overlap: core.hub_tenancy checks it under a lock on the space, and on PostgreSQL an
    exclusion constraint (migration 0004) holds it in the database too."""

    space = models.ForeignKey(HubSpace, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("space"))
    tenant = models.ForeignKey(HubTenant, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("tenant"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    monthly_fee_won = models.PositiveIntegerField(_("monthly fee (won)"))

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["space", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                              name="hub_tenancy_end_after_start")]

    def __str__(self) -> str:
        return f"{self.space_id} {self.tenant_id} {self.start}"


class RoomBooking(models.Model):
    """A time slot of a shared room, half-open [starts, ends); no two bookings of a room overlap."""

    space = models.ForeignKey(HubSpace, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room"))
    tenant = models.ForeignKey(HubTenant, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("booked by"))
    starts = models.DateTimeField(_("from"))
    ends = models.DateTimeField(_("until"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        ordering = ["starts"]
        constraints = [models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")),
                                              name="room_booking_ends_after_starts")]

    def __str__(self) -> str:
        return f"{self.space_id} {self.starts}"


class HubProject(models.Model):
    """A joint project of the hub's tenants (정기 포럼, 지역화폐 시범사업, 온라인 통합 허브, 오픈하우스)."""

    hub = models.ForeignKey(HubCentre, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    tenants = models.ManyToManyField(HubTenant, blank=True, related_name="projects", verbose_name=_("tenants taking part"))
    credit_cooperative = models.ForeignKey(Cooperative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                           verbose_name=_("local-currency ledger"))

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["hub", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="hub_project_unique_name")]

    def __str__(self) -> str:
        return self.name
