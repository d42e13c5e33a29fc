from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "bombaram.web"
    verbose_name = _("Accounts and audit")
