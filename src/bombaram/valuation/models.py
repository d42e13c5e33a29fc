"""Social value measurement: frameworks (logic models) in versions, Delphi studies that validate them
with an expert panel in rounds, indicator measurements per team and year, and the optional
monetised layer (SROI) of a team's social accounts."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bombaram.core.delphi import DecisionRules
from bombaram.valuation.choices import (
    CriticalMethod,
    Direction,
    ItemKind,
    Level,
    MeasurementStatus,
    ProposalStatus,
    QuartileMethod,
    ResultKind,
    RoundStatus,
    SharedScheme,
    SourceKind,
)

SCORE_MIN, SCORE_MAX = 1, 7

#: how a local indicator relates to a shared one (core.frameworks.CROSSWALK_RELATIONS), for pages
CROSSWALK_RELATION_LABELS = [
    ("exact", _("same measure")), ("close", _("close")), ("broader", _("part of it")),
    ("narrower", _("covers it")), ("related", _("related")),
]


def default_rules() -> dict:
    """core.delphi.DecisionRules' defaults: CVR test passed, 합의도 ≥ .75, 수렴도 ≤ .5, CV ≤ .5."""
    return DecisionRules().to_dict()


class Framework(models.Model):
    """A logic model owned by a programme team or a district (the report: 노원, 성북)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    owner_team = models.ForeignKey("programmes.ProgrammeTeam", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="frameworks", verbose_name=_("owning team"))
    owner_district = models.ForeignKey("registry.District", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="frameworks", verbose_name=_("owning district"))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One version of a framework. A version a Delphi round has asked about is frozen: changes go
    into a new version (``services.frameworks.new_version``)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    frozen = models.BooleanField(_("frozen"), default=False)
    derived_from_study = models.ForeignKey("DelphiStudy", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("selected by the study"))
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework", "-number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class FrameworkItem(models.Model):
    """A goal, activity, sub-activity or indicator with its stable code ("1", "1-2", "1-2-3",
    "1-2-3.4"). ``printed`` keeps the report's published Delphi figures of the item, if any."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="items")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(default=0)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    result_kind = models.CharField(_("output or outcome"), max_length=10, choices=ResultKind.choices, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    added_in_round2 = models.BooleanField(_("new in round 2 (신규)"), default=False)
    note = models.TextField(_("note"), blank=True)
    printed = models.JSONField(_("published figures"), null=True, blank=True)
    #: shared core indicators this local indicator corresponds to, "scheme:code~relation" (core.frameworks)
    crosswalk = models.JSONField(_("crosswalk to shared indicators"), default=list, blank=True)

    class Meta:
        verbose_name = _("framework item")
        verbose_name_plural = _("framework items")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="framework_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def crosswalk_display(self) -> list[dict[str, str]]:
        """The crosswalk entries for a page: scheme label, code, anchor of the crosswalk page, relation label."""
        schemes, relations = dict(SharedScheme.choices), dict(CROSSWALK_RELATION_LABELS)
        shown = []
        for entry in self.crosswalk or ():
            key, _, relation = entry.partition("~")
            scheme, _, code = key.partition(":")
            shown.append({"scheme": schemes.get(scheme, scheme), "code": code, "anchor": f"{scheme}-{code}",
                          "relation": relations.get(relation or "related", relation)})
        return shown


class DelphiStudy(models.Model):
    """A Delphi study of one framework version: its panel, rounds and analysis settings."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="studies",
                                verbose_name=_("framework version"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction for panellists"), blank=True)
    quartile_method = models.CharField(_("quartile method"), max_length=10, choices=QuartileMethod.choices,
                                       default=QuartileMethod.WEIBULL)
    critical_method = models.CharField(_("CVR critical value"), max_length=10, choices=CriticalMethod.choices,
                                       default=CriticalMethod.EXACT)
    rules = models.JSONField(_("decision rules"), default=default_rules)
    local_group = models.ForeignKey("PanelGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("group shown as 지역 in the report"))
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("Delphi study")
        verbose_name_plural = _("Delphi studies")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title


class PanelGroup(models.Model):
    """A group of the panel (시 단위 전문가, 자치구 현장 …): its figures are shown beside the whole panel's."""

    study = models.ForeignKey(DelphiStudy, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("panel group")
        verbose_name_plural = _("panel groups")
        ordering = ["study", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["study", "name"], name="panel_group_name_unique")]

    def __str__(self) -> str:
        return self.name


def hash_token(token: str) -> str:
    """Invitation tokens are stored only as their SHA-256: a copy of the database opens no questionnaire."""
    return hashlib.sha256(token.encode()).hexdigest()


class Panellist(models.Model):
    """A panel member, reached by a personal link (no account). Reports show only ``label``."""

    study = models.ForeignKey(DelphiStudy, on_delete=models.CASCADE, related_name="panellists")
    group = models.ForeignKey(PanelGroup, on_delete=models.PROTECT, related_name="panellists")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    label = models.CharField(_("pseudonym"), max_length=20)
    token_hash = models.CharField(max_length=64, unique=True)
    revoked = models.DateTimeField(_("link revoked"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("panellist")
        verbose_name_plural = _("panellists")
        ordering = ["study", "label"]
        constraints = [models.UniqueConstraint(fields=["study", "label"], name="panellist_label_unique")]

    def __str__(self) -> str:
        return self.label


class DelphiRound(models.Model):
    study = models.ForeignKey(DelphiStudy, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    closes = models.DateTimeField(_("deadline"))
    opened = models.DateTimeField(_("opened"), null=True, blank=True)
    closed = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Delphi round")
        verbose_name_plural = _("Delphi rounds")
        ordering = ["study", "number"]
        constraints = [models.UniqueConstraint(fields=["study", "number"], name="delphi_round_unique")]

    def __str__(self) -> str:
        return f"{self.study} {self.number}"


class RoundItem(models.Model):
    """One question of a round: an activity (score) or an indicator (yes/no and score).
    ``is_new``: an accepted proposal entering this round (신규)."""

    round = models.ForeignKey(DelphiRound, on_delete=models.CASCADE, related_name="items")
    framework_item = models.ForeignKey(FrameworkItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    name = models.CharField(_("name"), max_length=300)
    goal = models.CharField(_("goal"), max_length=300, blank=True)
    context = models.CharField(_("activity"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_new = models.BooleanField(_("new (신규)"), default=False)

    class Meta:
        verbose_name = _("round item")
        verbose_name_plural = _("round items")
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="round_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Response(models.Model):
    """A panellist's questionnaire in one round: saved as they go, submitted once."""

    round = models.ForeignKey(DelphiRound, on_delete=models.CASCADE, related_name="responses")
    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="responses")
    started = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["round", "panellist"], name="response_unique")]

    def __str__(self) -> str:
        return f"{self.round} {self.panellist}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="answers")
    suitable = models.BooleanField(_("suitable"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique"),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                                   name="answer_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.item.code}"


class Proposal(models.Model):
    """A new indicator a panellist proposes; accepted ones enter the next round marked 신규."""

    round = models.ForeignKey(DelphiRound, on_delete=models.CASCADE, related_name="proposals")
    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="proposals")
    parent_code = models.CharField(_("under activity"), max_length=40)
    name = models.CharField(_("indicator"), max_length=300)
    rationale = models.TextField(_("why"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "created"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """An indicator's value for a team and year, with its target and evidence; entered by the team,
    approved by the centre. Previous years are found by the indicator's code (stable across versions)."""

    team = models.ForeignKey("programmes.ProgrammeTeam", on_delete=models.CASCADE, related_name="measurements")
    item = models.ForeignKey(FrameworkItem, on_delete=models.PROTECT, related_name="measurements")
    code = models.CharField(_("indicator code"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeasurementStatus.choices, default=MeasurementStatus.DRAFT)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["team", "-year", "code"]
        constraints = [models.UniqueConstraint(fields=["team", "code", "year"], name="measurement_unique")]

    def __str__(self) -> str:
        return f"{self.team} {self.year} {self.code}"


class SroiSetting(models.Model):
    """The monetised layer of a team's accounts for a year: discount rate and investment. Like the
    indicator values, the public sees it once the centre has approved it; a change needs approval again."""

    team = models.ForeignKey("programmes.ProgrammeTeam", on_delete=models.CASCADE, related_name="sroi_settings")
    year = models.PositiveSmallIntegerField(_("year"))
    discount_rate = models.DecimalField(_("discount rate"), max_digits=6, decimal_places=4, default=0.035)
    investment_won = models.BigIntegerField(_("investment (won)"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)
    approved = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    #: whoever last saved the assumptions; they may not approve them (separation of duties)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("SROI setting")
        verbose_name_plural = _("SROI settings")
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="sroi_setting_unique")]

    def __str__(self) -> str:
        return f"{self.team} {self.year}"


class SroiOutcome(models.Model):
    """One monetised outcome with every assumption of the SROI Guide (2012), shown wherever it is used."""

    setting = models.ForeignKey(SroiSetting, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("outcome"), max_length=300)
    stakeholder = models.CharField(_("stakeholder"), max_length=200, blank=True)
    indicator_code = models.CharField(_("indicator code"), max_length=40, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=4)
    proxy_value_won = models.DecimalField(_("financial proxy (won per unit)"), max_digits=18, decimal_places=2)
    proxy_source = models.CharField(_("source of the proxy"), max_length=300, blank=True)
    deadweight = models.DecimalField(_("deadweight"), max_digits=5, decimal_places=4, default=0)
    attribution = models.DecimalField(_("attribution"), max_digits=5, decimal_places=4, default=0)
    displacement = models.DecimalField(_("displacement"), max_digits=5, decimal_places=4, default=0)
    drop_off = models.DecimalField(_("drop-off"), max_digits=5, decimal_places=4, default=0)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=1)

    class Meta:
        verbose_name = _("SROI outcome")
        verbose_name_plural = _("SROI outcomes")
        ordering = ["setting", "code"]
        constraints = [models.UniqueConstraint(fields=["setting", "code"], name="sroi_outcome_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SharedIndicator(models.Model):
    """An indicator of a shared core set (the national SVI, UK National TOMs, IRIS+) that local
    indicators may be mapped to (FrameworkItem.crosswalk). Reference data: loaded from the package's
    reference/crosswalk/shared_indicators.csv by ``bombaram init``."""

    scheme = models.CharField(_("scheme"), max_length=10, choices=SharedScheme.choices)
    code = models.CharField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    url = models.URLField(_("definition"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("shared indicator")
        verbose_name_plural = _("shared indicators")
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="shared_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.code}"

    @property
    def key(self) -> str:
        return f"{self.scheme}:{self.code}"
class IndicatorSource(models.Model):
    """An indicator of a framework bound to the system that already holds its value: a ledger measure
    (core.programme_measures code) or the purchase system (``purchase_total``: the counted 공공구매 총액 of
    the team's district institutions in the year). Bound by indicator code, so the binding survives new
    versions of the framework; the centre sets it (valuation.services.sources)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sources")
    code = models.CharField(_("indicator code"), max_length=40)
    kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    measure = models.CharField(_("measure"), max_length=60)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("indicator source")
        verbose_name_plural = _("indicator sources")
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_source_unique")]

    def __str__(self) -> str:
        return f"{self.framework} {self.code} ← {self.kind}:{self.measure}"
