from django.apps import AppConfig


class RegelingenConfig(AppConfig):
    name = "regelingen"
    verbose_name = "Regelingen"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import models
        from .signals import na_regelwijziging

        for model in (
            models.Norm,
            models.AowLeeftijd,
            models.Kostendelersnorm,
            models.Vermogensgrens,
            models.Regeling,
            models.RegelingVersie,
        ):
            post_save.connect(na_regelwijziging, sender=model, dispatch_uid=f"herbereken-{model.__name__}")
            post_delete.connect(na_regelwijziging, sender=model, dispatch_uid=f"herbereken-del-{model.__name__}")
