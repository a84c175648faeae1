from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"

    def ready(self):
        from cases.signals import tijdlijn_gevraagd

        from .tijdlijn import tijdlijn_items

        tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="partners-doorverwijzing-tijdlijn")
