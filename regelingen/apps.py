from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegelingenConfig(AppConfig):
    name = "regelingen"
    verbose_name = "Regelingen"

    def ready(self):
        # Imported here because models and signals need the app registry, which is ready only now.
        from cases.signals import bewaarplicht_gevraagd, huishouden_gewijzigd, huishouden_onderdelen_gevraagd

        from . import huishoudoverzicht, models
        from .signals import aanvragen_in_bewaartermijn, na_huishoudwijziging, na_regelwijziging

        huishouden_gewijzigd.connect(na_huishoudwijziging, dispatch_uid="regelingen-herbereken-huishouden")
        huishouden_onderdelen_gevraagd.connect(
            huishoudoverzicht.rechtenpaneel, dispatch_uid="regelingen-rechten-op-huishoudoverzicht"
        )
        bewaarplicht_gevraagd.connect(aanvragen_in_bewaartermijn, dispatch_uid="regelingen-aanvragen-bewaren")
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
