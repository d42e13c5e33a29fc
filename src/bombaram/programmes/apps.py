from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "bombaram.programmes"
    verbose_name = _("Programme teams")
