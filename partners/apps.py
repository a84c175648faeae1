from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"

    def ready(self):
        from cases.signals import tijdlijn_gevraagd

        from .signals import vroegsignaal_op_tijdlijn

        tijdlijn_gevraagd.connect(vroegsignaal_op_tijdlijn, dispatch_uid="partners.vroegsignaal_op_tijdlijn")
        from .tijdlijn import tijdlijn_items

        tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="partners-doorverwijzing-tijdlijn")
