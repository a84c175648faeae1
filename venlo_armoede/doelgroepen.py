"""The doelgroepen the KPI snapshots are split by (DOMAIN.md §6, issue 12). They overlap: an eenoudergezin
with a job and an income of 115% of the norm is in "eenoudergezin", "huishoudens met kinderen", "werkenden" and
the minima up to 120, 130 and 150%. Each doelgroep is a condition on the household's Inkomenspositie, which the
rechtenberekening writes (regelingen.rechten); the KPI counting (venlo_armoede.kpi_telling) turns the
conditions into one array of doelgroepen per counted record, so a record is counted once in each of its groups.

The first five form a partition (Inkomenspositie.doelgroep, one per household): only for those do the
doelgroepen add up to "alle doelgroepen", which the secondary suppression relies on (monitoring.services).
The lookups are strings because this module sits below the regelingen app that owns the model."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

JONGEREN_VAN, JONGEREN_TOT_EN_MET = 18, 27  # age of the aanvrager on the peildatum
MINIMA_GRENZEN = (100, 110, 120, 130, 150)  # % of the sociaal minimum, as the minimapopulatie KPIs


@dataclass(frozen=True)
class Doelgroep:
    code: str  # at most 30 characters (monitoring.KpiWaarde.doelgroep)
    naam: str
    voorwaarde: Q  # on the fields of regelingen.Inkomenspositie
    exclusief: bool = False  # part of the partition by household type


def _soort(code: str, naam) -> Doelgroep:
    return Doelgroep(code, naam, Q(doelgroep=code), exclusief=True)


DOELGROEPEN: tuple[Doelgroep, ...] = (
    _soort("alleenstaande", _("Alleenstaande")),
    _soort("eenoudergezin", _("Eenoudergezin")),
    _soort("paar", _("Paar zonder kinderen")),
    _soort("gezin_met_kinderen", _("Paar met kinderen")),
    _soort("ouderen", _("Ouderen (AOW-leeftijd)")),
    Doelgroep("met_kinderen", _("Huishoudens met kinderen (ook eenoudergezinnen)"), Q(met_kinderen=True)),
    Doelgroep("jongeren", _("Jongeren van 18 tot en met 27 jaar"), Q(jongere=True)),
    Doelgroep("werkenden", _("Werkenden (inkomen uit loon)"), Q(werkend=True)),
    Doelgroep("zzp", _("Zzp'ers (inkomen als zelfstandige)"), Q(zzp=True)),
    *(
        Doelgroep(
            f"minima_{grens}",
            format_lazy(_("Minima: inkomen tot en met {grens}% van het sociaal minimum"), grens=grens),
            # A household the engine could not compute has inkomen_pct 0 and a fout: it is no minimum.
            Q(fout="", inkomen_pct__lte=grens),
        )
        for grens in MINIMA_GRENZEN
    ),
)

PER_CODE: dict[str, Doelgroep] = {d.code: d for d in DOELGROEPEN}
KEUZES: list[tuple[str, str]] = [(d.code, d.naam) for d in DOELGROEPEN]
EXCLUSIEF: frozenset[str] = frozenset(d.code for d in DOELGROEPEN if d.exclusief)


def met_pad(voorwaarde: Q, pad: str) -> Q:
    """The condition seen from another model: every lookup prefixed with the path to the Inkomenspositie
    ("" when the counted model is the Inkomenspositie itself)."""
    if not pad:
        return voorwaarde
    nieuw = Q()
    nieuw.connector, nieuw.negated = voorwaarde.connector, voorwaarde.negated
    nieuw.children = [
        met_pad(kind, pad) if isinstance(kind, Q) else (f"{pad}__{kind[0]}", kind[1]) for kind in voorwaarde.children
    ]
    return nieuw
