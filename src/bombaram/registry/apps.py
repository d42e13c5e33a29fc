from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "bombaram.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # edits through the back office change the registry too: bump the revision on every save
        from django.db.models.signals import post_delete, post_save

        from bombaram.registry.models import (
            CooperativeCount,
            Designation,
            Organisation,
            bump_revision,
        )

        def changed(sender, **kwargs) -> None:
            bump_revision()

        for model in (Organisation, Designation, CooperativeCount):
            post_save.connect(changed, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
