"""Reference geography and classifications the registry stands on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Data with a Korean and an English name; ``name`` follows the active language."""

    name_ko = models.CharField(_("Korean name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") else self.name_ko


class Region(BilingualName):
    """A 시도 (or any area) whose districts the system reports on."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True,
        help_text=_("Comma-separated short forms used in addresses, e.g. 서울시, 서울"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class District(BilingualName):
    """A 시군구 with its official 5-digit administrative code (행정표준코드)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("administrative code"), max_length=5, unique=True)
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Korean alphabetical order (가나다), as the report lists districts")
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region", "order", "name_ko"]

    @property
    def short_name(self) -> str:
        """The report's short form: 마포구 → 마포, but 중구 stays 중구."""
        if (get_language() or "ko").startswith("en"):
            return self.name_en.removesuffix("-gu")
        return self.name_ko[:-1] if len(self.name_ko) > 2 and self.name_ko.endswith("구") else self.name_ko


class IndustryGroup(BilingualName):
    """One of the support centre's ten industry groups (교육, 기타서비스, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("industry group")
        verbose_name_plural = _("industry groups")
        ordering = ["order"]


class DesignationType(BilingualName):
    """A designation an organisation can hold, with its precedence for counting by organisation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    precedence = models.PositiveSmallIntegerField(
        _("precedence"), unique=True,
        help_text=_("1 is highest: an organisation holding several designations is counted under the highest"),
    )
    report_column = models.SlugField(_("report column"), max_length=40)
    is_social_enterprise = models.BooleanField(_("counts as a social enterprise (사회적기업)"), default=False)

    class Meta:
        verbose_name = _("designation type")
        verbose_name_plural = _("designation types")
        ordering = ["precedence"]
