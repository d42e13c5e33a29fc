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

# ---- founding (설립 준비) and local funds (지역기금) -----------------------------------------------------------

from bombaram.cooperatives.choices import (  # noqa: E402  (this part's block of the module)
    ContributionKind,
    ContributorKind,
    FoundingDocumentKind,
    FoundingForm,
    FoundingStage,
    FundUseKind,
    ResolutionSubject,
)


class Founding(models.Model):
    """A cooperative being founded: founders, their meetings, the consenting members (설립동의자) with their
    pledged shares, the founding assembly (창립총회), its documents, the filing and the 설립인가/신고 date.
    Once founded, ``cooperative`` is the registry organisation's share register opened from the pledges."""


    name = models.CharField(_("name of the cooperative"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=FoundingForm.choices)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="foundings",
                                 verbose_name=_("district"))
    share_price_won = models.PositiveIntegerField(_("share price (won)"))
    started_on = models.DateField(_("preparation started"))
    stage = models.CharField(_("stage"), max_length=20, choices=FoundingStage.choices, default=FoundingStage.PREPARING)
    assembly_on = models.DateField(_("founding assembly"), null=True, blank=True)
    assembly_present = models.PositiveIntegerField(_("present at the founding assembly"), null=True, blank=True)
    assembly_consenting = models.PositiveIntegerField(_("consenting members when the assembly opened"), null=True,
                                                      blank=True)
    filed_on = models.DateField(_("filed"), null=True, blank=True)
    founded_on = models.DateField(_("authorised or report accepted (설립인가/신고)"), null=True, blank=True)
    cooperative = models.OneToOneField(Cooperative, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="founding", verbose_name=_("cooperative"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="foundings_kept",
                                      verbose_name=_("officers"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)


    class Meta:
        verbose_name = _("founding")
        verbose_name_plural = _("foundings")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("founding-detail", args=[self.pk])


class Founder(models.Model):
    """A founder (발기인)."""

    founding = models.ForeignKey(Founding, on_delete=models.CASCADE, related_name="founders")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("founder")
        verbose_name_plural = _("founders")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class FoundersMeeting(models.Model):
    """A founders' meeting (발기인회), numbered in order (1차, 2차, …)."""

    founding = models.ForeignKey(Founding, on_delete=models.CASCADE, related_name="meetings", db_index=False)
    number = models.PositiveSmallIntegerField(_("meeting number"))
    held_on = models.DateField(_("date"))
    present = models.PositiveIntegerField(_("founders present"))
    agenda = models.CharField(_("agenda"), max_length=300)

    class Meta:
        verbose_name = _("founders' meeting")
        verbose_name_plural = _("founders' meetings")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["founding", "number"], name="founders_meeting_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.held_on}"


class ConsentingMember(models.Model):
    """A consenting member (설립동의자) with the shares pledged; becomes a member when the cooperative is founded."""

    founding = models.ForeignKey(Founding, on_delete=models.CASCADE, related_name="consenting_members", db_index=False)
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    member_type = models.CharField(_("person or organisation"), max_length=20, choices=MemberType.choices,
                                   default=MemberType.PERSON)
    kind = models.CharField(_("member kind"), max_length=20, choices=MemberKind.choices)
    shares = models.PositiveIntegerField(_("shares pledged (구좌)"))
    consented_on = models.DateField(_("consent handed in"))

    class Meta:
        verbose_name = _("consenting member")
        verbose_name_plural = _("consenting members")
        ordering = ["founding", "number"]
        constraints = [
            models.UniqueConstraint(fields=["founding", "number"], name="consenting_member_unique_number"),
            models.CheckConstraint(condition=models.Q(shares__gt=0), name="consenting_member_shares_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class FoundingResolution(models.Model):
    """A resolution of the founding assembly with its votes; carried or not is core.founding.decide's."""


    founding = models.ForeignKey(Founding, on_delete=models.CASCADE, related_name="resolutions")
    subject = models.CharField(_("subject"), max_length=20, choices=ResolutionSubject.choices)
    title = models.CharField(_("resolution"), max_length=300)
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    carried = models.BooleanField(_("carried"), default=False)


    class Meta:
        verbose_name = _("founding resolution")
        verbose_name_plural = _("founding resolutions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class FoundingDocument(models.Model):
    """A document of the founding (정관, 사업계획, 예산) as an uploaded file; a new upload of a kind replaces
    the older one as the current version (both kept)."""


    founding = models.ForeignKey(Founding, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=FoundingDocumentKind.choices)
    file = models.FileField(_("file"), upload_to="founding/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))


    class Meta:
        verbose_name = _("founding document")
        verbose_name_plural = _("founding documents")
        ordering = ["kind", "-uploaded", "-id"]

    def __str__(self) -> str:
        return self.original_name


class LocalFund(models.Model):
    """A local fund (지역기금) of a district, usually raised by its programme team; its money raised through
    the team's activity ledger is linked (each approved ledger record of kind 'fund' once), not typed again."""

    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="local_funds",
                                 verbose_name=_("district"))
    team = models.ForeignKey("programmes.ProgrammeTeam", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="local_funds", verbose_name=_("programme team"))
    opened_on = models.DateField(_("opened"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("local fund")
        verbose_name_plural = _("local funds")
        ordering = ["district__code", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fund-detail", args=[self.pk])


class FundContribution(models.Model):
    """A pledge or a contribution received. A contribution raised through the programme ledger points at the
    ledger record and keeps no amount of its own (the ledger's amount is the one figure)."""


    fund = models.ForeignKey(LocalFund, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    day = models.DateField(_("date"))
    contributor = models.CharField(_("contributor"), max_length=200)
    contributor_kind = models.CharField(_("contributor kind"), max_length=20, choices=ContributorKind.choices)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"), null=True, blank=True)
    ledger_record = models.OneToOneField("programmes.LedgerRecord", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="fund_contribution", verbose_name=_("ledger record"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))


    class Meta:
        verbose_name = _("fund contribution")
        verbose_name_plural = _("fund contributions")
        ordering = ["day", "id"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(ledger_record__isnull=True, amount_won__gt=0)
                       | models.Q(ledger_record__isnull=False, amount_won__isnull=True, kind="paid")),
            name="fund_contribution_amount_or_ledger")]

    def __str__(self) -> str:
        return f"{self.day} {self.contributor}"

    @property
    def amount(self) -> int:
        return self.ledger_record.amount_won if self.ledger_record_id else self.amount_won


class FundUse(models.Model):
    """A grant or a loan from the fund to a registry organisation."""


    fund = models.ForeignKey(LocalFund, on_delete=models.CASCADE, related_name="uses")
    kind = models.CharField(_("kind"), max_length=10, choices=FundUseKind.choices)
    day = models.DateField(_("date"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="fund_uses",
                                     verbose_name=_("organisation"))
    amount_won = models.PositiveBigIntegerField(_("amount (won)"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))


    class Meta:
        verbose_name = _("fund grant or loan")
        verbose_name_plural = _("fund grants and loans")
        ordering = ["day", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_won__gt=0), name="fund_use_amount_positive")]

    def __str__(self) -> str:
        return f"{self.day} {self.organisation_id} {self.amount_won}"


class FundRepayment(models.Model):
    """A repayment of a loan."""

    loan = models.ForeignKey(FundUse, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("loan"))
    day = models.DateField(_("date"))
    amount_won = models.PositiveBigIntegerField(_("amount (won)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("loan repayment")
        verbose_name_plural = _("loan repayments")
        ordering = ["day", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_won__gt=0),
                                              name="fund_repayment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.day} {self.amount_won}"
