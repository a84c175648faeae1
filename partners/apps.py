from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"

    def ready(self):
        from venlo_armoede.sociale_kaart import contact_gevraagd

        from .signals import contact_op_sociale_kaart

        contact_gevraagd.connect(contact_op_sociale_kaart, dispatch_uid="partners-contact-sociale-kaart")
