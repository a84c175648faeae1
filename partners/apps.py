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
        from venlo_armoede.sociale_kaart import contact_gevraagd

        from .signals import contact_op_sociale_kaart

        contact_gevraagd.connect(contact_op_sociale_kaart, dispatch_uid="partners-contact-sociale-kaart")
