from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuationConfig(AppConfig):
    name = "bombaram.valuation"
    verbose_name = _("Social value measurement")
