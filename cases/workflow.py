"""The casus phases (DDAS) and the only transitions allowed between them. One place, so the UI, the API
and the services can never disagree on what may follow what."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _


class CasusStatusWaarde(models.TextChoices):
    AANMELDING = "aanmelding", _("Aanmelding")
    INTAKE = "intake", _("Intake")
    STABILISATIE = "stabilisatie", _("Stabilisatie")
    OPLOSSING = "oplossing", _("Schuldregeling of oplossing")
    BEGELEIDING = "begeleiding", _("Begeleiding")
    NAZORG = "nazorg", _("Nazorg")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


S = CasusStatusWaarde
OVERGANGEN: dict[str, frozenset[str]] = {
    S.AANMELDING: frozenset({S.INTAKE, S.AFGESLOTEN}),
    S.INTAKE: frozenset({S.STABILISATIE, S.BEGELEIDING, S.AFGESLOTEN}),
    S.STABILISATIE: frozenset({S.OPLOSSING, S.BEGELEIDING, S.AFGESLOTEN}),
    S.OPLOSSING: frozenset({S.BEGELEIDING, S.NAZORG, S.AFGESLOTEN}),
    S.BEGELEIDING: frozenset({S.OPLOSSING, S.NAZORG, S.AFGESLOTEN}),
    S.NAZORG: frozenset({S.AFGESLOTEN}),
    S.AFGESLOTEN: frozenset(),
}


def mag_overgaan(van: str, naar: str) -> bool:
    return naar in OVERGANGEN.get(van, frozenset())


def volgende_stappen(van: str) -> list[str]:
    """The statuses allowed after `van`, in the order of the phases."""
    return [waarde for waarde in CasusStatusWaarde.values if waarde in OVERGANGEN.get(van, ())]


def overgang_geweigerd(van: str, naar: str) -> str:
    """Why a casus cannot go from `van` to `naar`, with the steps that are possible: the one message of the
    casus page, the API and the services."""
    if van == CasusStatusWaarde.AFGESLOTEN:
        return "Deze casus is afgesloten. Er is geen volgende stap meer; meld een nieuwe hulpvraag aan."
    labels = [str(CasusStatusWaarde(waarde).label) for waarde in volgende_stappen(van)]
    mogelijk = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"
    naam = CasusStatusWaarde(naar).label if naar in CasusStatusWaarde.values else naar
    return f"Een casus in '{CasusStatusWaarde(van).label}' kan niet naar '{naam}'. Mogelijke stappen: {mogelijk}."


class Uitstroomreden(models.TextChoices):
    """Why a casus was closed (DDAS uitstroomredenen)."""

    AFGEROND = "afgerond", _("Afgerond")
    INGETROKKEN = "ingetrokken", _("Ingetrokken door de inwoner")
    NIET_PASSEND = "niet_passend", _("Hulp past niet")
    NIET_VERSCHENEN = "niet_verschenen", _("Niet verschenen")
    OVERIG = "overig", _("Overig")
    OVERLEDEN = "overleden", _("Overleden")
    VERHUISD = "verhuisd", _("Verhuisd")
    VOLDOET_NIET = "voldoet_niet", _("Voldoet niet aan de voorwaarden")
    ZELF_OPGELOST = "zelf_opgelost", _("Zelf opgelost")


# Recidive (issue 8 item 4): "a new aanmelding within 24 months after closing". Counted in calendar months on
# local dates, both ends inclusive: closed on 10 March 2024, an aanmelding up to and including 10 March 2026 is
# recidive, one on 11 March 2026 is not. (Closed on 29 February: the limit is 28 February two years later.)
RECIDIVE_MAANDEN = 24


def binnen_recidivetermijn(afgesloten_op: date, aangemeld_op: date) -> bool:
    return afgesloten_op <= aangemeld_op <= afgesloten_op + relativedelta(months=RECIDIVE_MAANDEN)
