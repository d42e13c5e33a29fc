from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "bombaram.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # edits through the back office change the registry too: bump the revision on every save,
        # also of the reference rows the statistics read (names, order, precedence of designations)
        from django.db.models.signals import post_delete, post_save

        from bombaram.registry.models import (
            CooperativeCount,
            Designation,
            DesignationType,
            District,
            IndustryGroup,
            Organisation,
            YearlyFigure,
            bump_revision,
        )

        def changed(sender, **kwargs) -> None:
            bump_revision()

        for model in (Organisation, Designation, CooperativeCount, YearlyFigure, District, IndustryGroup, DesignationType):
            # weak=False: ``changed`` is local to this method, and a weak reference would let it be
            # collected as soon as ready() returns, leaving the revision unbumped
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"revision-save-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"revision-delete-{model.__name__}")
