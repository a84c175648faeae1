from django.db import models
from django.utils.translation import gettext_lazy as _


class Doelstelling(models.TextChoices):
    """Venlo's three policy goals (beleidskader Geldzorgen); every regeling, partner and KPI serves one or more."""

    PREVENTIE = "preventie", _("Preventie")
    ONDERSTEUNING = "ondersteuning", _("Ondersteuning")
    TERUGVAL_VOORKOMEN = "terugval_voorkomen", _("Terugval voorkomen")
