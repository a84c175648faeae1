"""The eligibility engine: a pure function from a household snapshot, a peildatum, the norm table and the
rule versions valid on that date to one outcome per regeling, with its reasons in plain Dutch.

No ORM, no I/O: the batch recompute, the single-household recompute, the anonymous rechtencheck API and
the what-if simulation all call this same function, so they can never disagree.
Money is Decimal throughout."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# ---------------------------------------------------------------------------------------------------
# Input: plain data (the ORM is converted to these in regelingen/selectors.py)
# ---------------------------------------------------------------------------------------------------

AANVRAGER, PARTNER, KIND, OVERIG = "aanvrager", "partner", "kind", "overig"
ROLLEN = (AANVRAGER, PARTNER, KIND, OVERIG)


@dataclass(frozen=True)
class Lid:
    rol: str  # one of ROLLEN
    geboortedatum: date
    netto_maandinkomen: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Huishouden:
    leden: tuple[Lid, ...]
    vermogen: Decimal | None = None  # None: unknown
    laag_inkomen_sinds: date | None = None  # None: unknown


@dataclass(frozen=True)
class NormRegel:
    geldig_van: date
    leeftijdscategorie: str  # "18_tot_21" | "21_tot_aow" | "aow"
    huishoudtype: str  # see regelingen.models.NormHuishoudtype
    bedrag_incl_vt: Decimal


@dataclass(frozen=True)
class AowRegel:
    vanaf_jaar: int
    jaren: int
    maanden: int = 0


@dataclass(frozen=True)
class KostendelersRegel:
    geldig_van: date
    basis_pct: Decimal = Decimal("40")
    per_kostendeler_pct: Decimal = Decimal("30")
    vanaf_leeftijd: int = 27


@dataclass(frozen=True)
class VermogensRegel:
    jaar: int
    alleenstaande: Decimal
    gezin: Decimal
    eigen_woning: Decimal


@dataclass(frozen=True)
class Normtabel:
    normen: tuple[NormRegel, ...]
    aow: tuple[AowRegel, ...]
    kostendelers: tuple[KostendelersRegel, ...]
    vermogensgrenzen: tuple[VermogensRegel, ...]


@dataclass(frozen=True)
class Regel:
    """One RegelingVersie as plain data (field meanings: regelingen.models.RegelingVersie)."""

    code: str
    naam: str
    versie_id: int | None
    geldig_van: date
    geldig_tot: date | None = None
    inkomensgrens_pct: Decimal | None = None
    grens_inclusief: bool = True
    norm_basis: str = "incl_vt"  # "incl_vt" | "excl_vt"
    kostendelersnorm: bool = True
    referteperiode_maanden: int | None = None
    vermogenstoets: str = "geen"  # "geen" | "participatiewet"
    aanvrager_min_leeftijd: int | None = None
    aanvrager_max_leeftijd: int | None = None
    aanvrager_jonger_dan_aow: bool = False
    kind_min_leeftijd: int | None = None
    kind_max_leeftijd: int | None = None
    samenstellingen: tuple[str, ...] = ()  # empty: all
    bedrag_per: str = ""  # see regelingen.models.BedragPer; "" when no amount
    bedrag: Decimal | None = None
    altijd_beoordeling: bool = False


# ---------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------

RECHT, GEEN_RECHT, BEOORDELING_NODIG = "recht", "geen_recht", "beoordeling_nodig"


@dataclass(frozen=True)
class Uitkomst:
    code: str
    naam: str
    versie_id: int | None
    uitkomst: str  # RECHT | GEEN_RECHT | BEOORDELING_NODIG
    redenen: tuple[str, ...]
    bedrag: Decimal | None = None  # expected amount where the rule has one


@dataclass(frozen=True)
class Berekening:
    peildatum: date
    norm: Decimal  # the household's applicable norm incl. VT (with kostendelersnorm), per month
    norm_uitleg: str
    inkomen: Decimal  # household income per month (aanvrager + partner)
    inkomen_pct: Decimal  # inkomen as % of norm, 2 decimals
    samenstelling: str  # see regelingen.models.Samenstelling
    uitkomsten: tuple[Uitkomst, ...] = field(default_factory=tuple)


class OngeldigHuishouden(ValueError):
    """An impossible household or question. `veld` names the offending input for an API error."""

    def __init__(self, bericht: str, veld: str = ""):
        super().__init__(bericht)
        self.bericht = bericht
        self.veld = veld
