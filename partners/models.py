from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    PROFESSIONEEL = "professioneel", _("Professionele organisatie")
    VRIJWILLIGERS = "vrijwilligers", _("Vrijwilligersorganisatie")
    COMMERCIEEL = "commercieel", _("Commerciële partij")
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder")
    FONDS = "fonds", _("Fonds")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    SIGNAALPARTNER = "signaalpartner", _("Signaalpartner (vroegsignalering)")


class Organisatie(models.Model):
    """A partner organisation (or a member of a koepel such as the Alliantie)."""

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    soort = models.CharField(_("soort"), max_length=20, choices=OrganisatieSoort.choices)
    dienstverlening = models.TextField(_("dienstverlening"), blank=True)
    ambitie = models.TextField(_("ambitie"), blank=True)
    doelstellingen = models.JSONField(_("doelstellingen"), default=list, blank=True)
    koepel = models.ForeignKey(
        "self", verbose_name=_("koepel"), null=True, blank=True, on_delete=models.PROTECT, related_name="leden"
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam
