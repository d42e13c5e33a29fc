from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bombaram.programmes.choices import Cohort
from bombaram.registry.models import District


class ProgrammeTeam(models.Model):
    """A district programme team (지역특화사업단) run by a local consortium."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="programme_teams")
    name = models.CharField(_("team name"), max_length=200)
    cohort = models.PositiveSmallIntegerField(_("cohort"), choices=Cohort.choices)
    started = models.DateField(_("started"))
    website = models.CharField(_("website"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme team")
        verbose_name_plural = _("programme teams")
        ordering = ["cohort", "district__order"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="team_unique_name_in_district")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("team-detail", args=[self.pk])

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"http://{self.website}"
