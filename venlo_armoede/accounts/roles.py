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
    AUTORISATIEBEHEERDER = "autorisatiebeheerder", _("Autorisatiebeheerder")


# Every role sits in exactly one of these three sets (a test checks it), so a new role forces a decision.
# Roles that read personal data of inwoners.
PERSOONSGEGEVENS_ROLLEN = frozenset({Rol.KLANTADVISEUR, Rol.MIDOFFICE, Rol.KWALITEITSFUNCTIONARIS})
# Roles that hand out access: whoever holds them can reach personal data through others.
BEVOEGDHEID_ROLLEN = frozenset({Rol.FUNCTIONEEL_BEHEER, Rol.AUTORISATIEBEHEERDER})
# Roles functioneel beheer may give directly. Everything else needs a second person (vier ogen).
VRIJ_TOEKENBARE_ROLLEN = frozenset({Rol.BELEIDSADVISEUR, Rol.PARTNERMEDEWERKER})


def vraagt_vier_ogen(rol: str) -> bool:
    """True unless the role is explicitly free to give: an unknown or new role is guarded by default."""
    return rol not in VRIJ_TOEKENBARE_ROLLEN


# Where each role starts after logging in (URL names). A user with several roles starts at the first.
STARTPAGINA = {
    Rol.KLANTADVISEUR: "cases:werk",
    Rol.MIDOFFICE: "cases:triage",
    Rol.KWALITEITSFUNCTIONARIS: "cases:maatwerk",
    Rol.BELEIDSADVISEUR: "monitoring:beleid",
    Rol.PARTNERMEDEWERKER: "partners:portaal",
    Rol.FUNCTIONEEL_BEHEER: "admin:index",
    Rol.AUTORISATIEBEHEERDER: "accounts:autorisaties",
}
