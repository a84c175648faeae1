"""The roles of the system. A role is a Django group; the group name is the role's value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    KLANTADVISEUR = "klantadviseur", _("Klantadviseur")
    MIDOFFICE = "midoffice", _("Midoffice")
    KWALITEITSFUNCTIONARIS = "kwaliteitsfunctionaris", _("Kwaliteitsfunctionaris")
    BELEIDSADVISEUR = "beleidsadviseur", _("Beleidsadviseur")
    PARTNERMEDEWERKER = "partnermedewerker", _("Partnermedewerker")
    FUNCTIONEEL_BEHEER = "functioneel_beheer", _("Functioneel beheer")


# Where each role starts after logging in (URL names). A user with several roles starts at the first.
STARTPAGINA = {
    Rol.KLANTADVISEUR: "cases:werk",
    Rol.MIDOFFICE: "cases:triage",
    Rol.KWALITEITSFUNCTIONARIS: "cases:maatwerk",
    Rol.BELEIDSADVISEUR: "monitoring:beleid",
    Rol.PARTNERMEDEWERKER: "partners:portaal",
    Rol.FUNCTIONEEL_BEHEER: "admin:index",
}
