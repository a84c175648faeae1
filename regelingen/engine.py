"""The eligibility engine: a pure function from a household snapshot, a peildatum, the norm table and the
rule versions valid on that date to one outcome per regeling, with its reasons in plain Dutch.

No ORM, no I/O: the batch recompute, the single-household recompute, the anonymous rechtencheck API and
the what-if simulation all call this same function, so they can never disagree.
Money is Decimal throughout.

Each rule is a list of voorwaarden of a few known kinds (regelingen/voorwaarden.py); one small function
per kind judges it (BEOORDELAARS), and all must hold.

Fast path for a batch (e.g. 50,000 households): everything that depends only on the peildatum (the norms
in force, the kostendelers- and vermogensregel, the rule versions valid that day and their voorwaarden) is
gathered once in a `Context`; then call `bepaal_rechten_met_context(huishouden, context)` per household:

    context = maak_context(peildatum, normtabel, regels)
    for huishouden in huishoudens:
        berekening = bepaal_rechten_met_context(huishouden, context)

The context also memoises the AOW date per geboortedatum and the norm per kind of household, so most
households cost a few age calculations and Decimal comparisons. `bepaal_rechten` builds the context
itself (cheap: a few dozen norms and rules), so one call needs nothing else; a loop should share one."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import voorwaarden as vw

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
    kenmerken: frozenset[str] = frozenset()  # kenmerk codes registered for this person on the peildatum
    # The kinds of income (cases.InkomenSoort) on the peildatum. No rule reads them; the monitoring's doelgroepen
    # werkenden and zzp'ers do (regelingen.rechten.groepen).
    inkomenssoorten: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Huishouden:
    leden: tuple[Lid, ...]
    vermogen: Decimal | None = None  # None: unknown
    laag_inkomen_sinds: date | None = None  # None: unknown
    # Kenmerk codes registered for the household on the peildatum; None: not known (a kenmerk voorwaarde
    # then needs a beoordeling). The batch always knows them (an empty set when none are registered).
    kenmerken: frozenset[str] | None = None


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
    """One RegelingVersie as plain data (field meanings: regelingen.models.RegelingVersie).

    `voorwaarden` are its conditions in the vocabulary of regelingen/voorwaarden.py; all must hold. The
    fields inkomensgrens_pct ... samenstellingen are a short-hand for the common ones (see voorwaarden_van)."""

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
    voorwaarden: tuple[vw.Voorwaarde, ...] = ()


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


# ---------------------------------------------------------------------------------------------------
# Constants and Dutch formatting
# ---------------------------------------------------------------------------------------------------

LEEFTIJD_18_21, LEEFTIJD_21_AOW, LEEFTIJD_AOW = "18_tot_21", "21_tot_aow", "aow"
ALLEENSTAANDE_TYPE = "alleenstaande_of_alleenstaande_ouder"
GEHUWDEN_TYPE = "gehuwden"
GEHUWDEN_18_21_ZONDER_KIND = "gehuwden_beiden_18_tot_21_zonder_kind"
GEHUWDEN_18_21_MET_KIND = "gehuwden_beiden_18_tot_21_met_kind"

ALLEENSTAANDE, ALLEENSTAANDE_OUDER, PAAR, PAAR_MET_KINDEREN = (
    "alleenstaande",
    "alleenstaande_ouder",
    "paar",
    "paar_met_kinderen",
)

NORM_BASES = ("incl_vt", "excl_vt")
VERMOGENSTOETSEN = ("geen", "participatiewet")
BEDRAG_PER = ("", "persoon_per_jaar", "kind_per_jaar", "huishouden_per_jaar", "huishouden_eenmalig")

ALTIJD_BEOORDELING_REDEN = "Voor deze regeling beoordeelt een medewerker de draagkracht."

_CENT = Decimal("0.01")
_HONDERD = Decimal(100)
_ZONDER_VT = Decimal("0.95")  # norm excluding vakantietoeslag = 95% of the norm including it
_NUL = Decimal("0.00")

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_SAMENSTELLING_TEKST = {
    ALLEENSTAANDE: "alleenstaande",
    ALLEENSTAANDE_OUDER: "alleenstaande ouder",
    PAAR: "paar zonder kinderen",
    PAAR_MET_KINDEREN: "paar met kinderen",
}
_CATEGORIE_TEKST = {
    LEEFTIJD_18_21: "18 tot 21 jaar",
    LEEFTIJD_21_AOW: "21 jaar tot de AOW-leeftijd",
    LEEFTIJD_AOW: "vanaf de AOW-leeftijd",
}
_HUISHOUDTYPE_TEKST = {
    ALLEENSTAANDE_TYPE: "alleenstaande of alleenstaande ouder",
    GEHUWDEN_TYPE: "gehuwden of samenwonenden",
    GEHUWDEN_18_21_ZONDER_KIND: "gehuwden, beiden 18 tot 21 jaar, zonder kind",
    GEHUWDEN_18_21_MET_KIND: "gehuwden, beiden 18 tot 21 jaar, met kind",
}
_NL_SCHEIDING = str.maketrans({",": ".", ".": ","})


def _centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(_CENT, rounding=ROUND_HALF_UP)


def euro(bedrag: Decimal) -> str:
    """Dutch money notation: Decimal("1681.8") -> "€ 1.681,80" (rounded half up to the cent)."""
    return "€ " + f"{_centen(bedrag):,.2f}".translate(_NL_SCHEIDING)


def procent(pct: Decimal) -> str:
    """A percentage without trailing zeros, Dutch decimal comma: 120.00 -> "120", 120.50 -> "120,5"."""
    tekst = format(_centen(Decimal(pct)), "f")
    if "." in tekst:
        tekst = tekst.rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def datum_tekst(dag: date) -> str:
    """1 januari 2026."""
    return f"{dag.day} {_MAANDEN[dag.month - 1]} {dag.year}"


# ---------------------------------------------------------------------------------------------------
# Age and AOW
# ---------------------------------------------------------------------------------------------------


def leeftijd(geboortedatum: date, peildatum: date) -> int:
    """Age in full years on the peildatum."""
    maand, dag = geboortedatum.month, geboortedatum.day
    # Choice: someone born on 29 February has their birthday on 28 February in a non-leap year
    # (the same day _plus_maanden gives, so age and AOW date agree).
    if maand == 2 and dag == 29 and not calendar.isleap(peildatum.year):
        dag = 28
    return peildatum.year - geboortedatum.year - ((peildatum.month, peildatum.day) < (maand, dag))


def _plus_maanden(dag: date, maanden: int) -> date:
    """Calendar months later; a day that does not exist in the target month becomes its last day."""
    totaal = dag.year * 12 + dag.month - 1 + maanden
    jaar, maand = divmod(totaal, 12)
    maand += 1
    return date(jaar, maand, min(dag.day, calendar.monthrange(jaar, maand)[1]))


def _aow_gesorteerd(aow: tuple[AowRegel, ...]) -> tuple[AowRegel, ...]:
    if not aow:
        raise OngeldigHuishouden("De AOW-leeftijd ontbreekt in de normtabel.", veld="normtabel")
    return tuple(sorted(aow, key=lambda regel: regel.vanaf_jaar))


def _aow_datum_gesorteerd(geboortedatum: date, regels: tuple[AowRegel, ...]) -> date:
    # An AowRegel applies to people who reach its age in or after vanaf_jaar. Walk the regels in order and
    # take the first one whose AOW date falls before the next regel starts. This uses the year in which the
    # person reaches the age, not the peildatum's year, so nobody "loses" AOW age when a higher age starts.
    laatste = len(regels) - 1
    for index, regel in enumerate(regels):
        dag = _plus_maanden(geboortedatum, regel.jaren * 12 + regel.maanden)
        if index == laatste or dag.year < regels[index + 1].vanaf_jaar:
            return dag
    raise AssertionError("unreachable: the last regel always returns")


def aow_datum(geboortedatum: date, aow: tuple[AowRegel, ...]) -> date:
    """The day on which someone born on geboortedatum reaches the AOW-leeftijd."""
    return _aow_datum_gesorteerd(geboortedatum, _aow_gesorteerd(aow))


def aow_leeftijd_bereikt(geboortedatum: date, peildatum: date, aow: tuple[AowRegel, ...]) -> bool:
    return peildatum >= aow_datum(geboortedatum, aow)


# ---------------------------------------------------------------------------------------------------
# Household facts
# ---------------------------------------------------------------------------------------------------


def samenstelling(huishouden: Huishouden, peildatum: date) -> str:
    """alleenstaande | alleenstaande_ouder | paar | paar_met_kinderen. The rol decides, not the age
    (peildatum is accepted so a future age rule does not change the signature)."""
    rollen = {lid.rol for lid in huishouden.leden}
    if PARTNER in rollen:
        return PAAR_MET_KINDEREN if KIND in rollen else PAAR
    return ALLEENSTAANDE_OUDER if KIND in rollen else ALLEENSTAANDE


def huishoudinkomen(huishouden: Huishouden) -> Decimal:
    """Net monthly income of aanvrager and partner; children and housemates do not count."""
    totaal = _NUL
    for lid in huishouden.leden:
        if lid.rol == AANVRAGER or lid.rol == PARTNER:
            totaal += lid.netto_maandinkomen
    return totaal


class _Feiten:
    """What the rules need from one household on the peildatum, computed once."""

    __slots__ = (
        "huishouden",
        "leeftijden",
        "leeftijd_aanvrager",
        "aow_aanvrager",
        "samenstelling",
        "inkomen",
        "categorie",
        "huishoudtype",
        "personen",
        "huisgenoten",
        "inkomen_tekst",
        "kinderen_per_bereik",
    )


# ---------------------------------------------------------------------------------------------------
# Context: everything that depends only on the peildatum
# ---------------------------------------------------------------------------------------------------


class Context:
    """Norms, regels and lookups for one peildatum and one normtabel; reuse it for many households.
    Build it with `maak_context`. Holds small memo caches, so it is cheap to share but not to mutate."""

    __slots__ = (
        "peildatum",
        "normtabel",
        "normen",
        "aow",
        "kostendelers",
        "vermogensgrens",
        "regels",
        "beoordelingen",
        "_aow_cache",
        "_norm_cache",
        "_grens_cache",
    )

    def aow_datum(self, geboortedatum: date) -> date:
        dag = self._aow_cache.get(geboortedatum)
        if dag is None:
            dag = self._aow_cache[geboortedatum] = _aow_datum_gesorteerd(geboortedatum, self.aow)
        return dag

    def aow_bereikt(self, geboortedatum: date) -> bool:
        return self.peildatum >= self.aow_datum(geboortedatum)


def regels_op(regels: tuple[Regel, ...], peildatum: date) -> tuple[Regel, ...]:
    """The rule versions in force on the peildatum, sorted by code. Two versions of one code on the same
    day is an input error."""
    geldig: dict[str, Regel] = {}
    for regel in regels:
        if regel.geldig_van > peildatum or (regel.geldig_tot is not None and regel.geldig_tot < peildatum):
            continue
        if regel.code in geldig:
            raise OngeldigHuishouden(
                f"Regeling {regel.code} heeft meer dan één versie op {datum_tekst(peildatum)}.", veld="regels"
            )
        _controleer_regel(regel)
        geldig[regel.code] = regel
    return tuple(geldig[code] for code in sorted(geldig))


def _controleer_regel(regel: Regel) -> None:
    # Catch configuration mistakes once per context instead of giving a silently wrong outcome.
    if regel.norm_basis not in NORM_BASES:
        raise OngeldigHuishouden(f"Regeling {regel.code}: onbekende norm '{regel.norm_basis}'.", veld="regels")
    if regel.vermogenstoets not in VERMOGENSTOETSEN:
        raise OngeldigHuishouden(
            f"Regeling {regel.code}: onbekende vermogenstoets '{regel.vermogenstoets}'.", veld="regels"
        )
    if regel.bedrag_per not in BEDRAG_PER:
        raise OngeldigHuishouden(f"Regeling {regel.code}: onbekend 'bedrag per' '{regel.bedrag_per}'.", veld="regels")
    for voorwaarde in regel.voorwaarden:
        if type(voorwaarde) not in BEOORDELAARS:
            raise OngeldigHuishouden(f"Regeling {regel.code}: onbekende voorwaarde {voorwaarde!r}.", veld="regels")
        try:  # a dataclass built in code gets the same checks as one read from a file
            vw.lees_voorwaarde(vw.als_data(voorwaarde))
        except vw.OngeldigeVoorwaarde as fout:
            raise OngeldigHuishouden(f"Regeling {regel.code}: {fout.bericht}", veld="regels") from None


def maak_context(peildatum: date, normtabel: Normtabel, regels: tuple[Regel, ...] = ()) -> Context:
    """Select once what is in force on the peildatum. Raises OngeldigHuishouden (veld "peildatum",
    "normtabel" or "regels") when the question cannot be answered for any household."""
    if not normtabel.normen:
        raise OngeldigHuishouden("Er zijn geen bijstandsnormen bekend.", veld="peildatum")
    eerste = min(norm.geldig_van for norm in normtabel.normen)
    if peildatum < eerste:
        raise OngeldigHuishouden(
            f"Voor deze peildatum zijn geen normen bekend. De eerste norm geldt vanaf {datum_tekst(eerste)}.",
            veld="peildatum",
        )
    normen: dict[tuple[str, str], NormRegel] = {}
    for norm in normtabel.normen:
        if norm.geldig_van <= peildatum:
            sleutel = (norm.leeftijdscategorie, norm.huishoudtype)
            huidige = normen.get(sleutel)
            if huidige is None or norm.geldig_van > huidige.geldig_van:
                normen[sleutel] = norm
    kostendelers = None
    for regel in normtabel.kostendelers:
        if regel.geldig_van <= peildatum and (kostendelers is None or regel.geldig_van > kostendelers.geldig_van):
            kostendelers = regel

    context = Context()
    context.peildatum = peildatum
    context.normtabel = normtabel
    context.normen = normen
    context.aow = _aow_gesorteerd(normtabel.aow)
    context.kostendelers = kostendelers
    context.vermogensgrens = next((v for v in normtabel.vermogensgrenzen if v.jaar == peildatum.year), None)
    context.regels = regels_op(regels, peildatum)
    context.beoordelingen = tuple(_Beoordeling(regel) for regel in context.regels)
    context._aow_cache = {}
    context._norm_cache = {}
    context._grens_cache = {}
    return context


def _context(peildatum: date, normtabel: Normtabel, regels: tuple[Regel, ...] = ()) -> Context:
    return maak_context(peildatum, normtabel, tuple(regels))


# ---------------------------------------------------------------------------------------------------
# Validation and the facts of one household
# ---------------------------------------------------------------------------------------------------


def _feiten(huishouden: Huishouden, context: Context) -> _Feiten:
    """Validate the household and derive what the rules need. Raises OngeldigHuishouden."""
    peildatum = context.peildatum
    aanvrager = partner = None
    aanvragers = partners = kinderen = 0
    leeftijden = []
    for index, lid in enumerate(huishouden.leden):
        if lid.rol not in ROLLEN:
            raise OngeldigHuishouden(
                f"Onbekende rol '{lid.rol}'. Kies aanvrager, partner, kind of overig.", veld=f"leden[{index}].rol"
            )
        if lid.geboortedatum > peildatum:
            raise OngeldigHuishouden("Geboortedatum ligt na de peildatum.", veld=f"leden[{index}].geboortedatum")
        if lid.netto_maandinkomen < 0:
            raise OngeldigHuishouden("Inkomen kan niet negatief zijn.", veld=f"leden[{index}].netto_maandinkomen")
        leeftijden.append(leeftijd(lid.geboortedatum, peildatum))
        if lid.rol == AANVRAGER:
            aanvragers += 1
            aanvrager, leeftijd_aanvrager = lid, leeftijden[-1]
        elif lid.rol == PARTNER:
            partners += 1
            partner = lid
        elif lid.rol == KIND:
            kinderen += 1
    if aanvragers != 1:
        raise OngeldigHuishouden("Een huishouden heeft precies één aanvrager.", veld="leden")
    if partners > 1:
        raise OngeldigHuishouden("Een huishouden heeft hoogstens één partner.", veld="leden")
    if huishouden.vermogen is not None and huishouden.vermogen < 0:
        raise OngeldigHuishouden("Vermogen kan niet negatief zijn.", veld="vermogen")
    if huishouden.laag_inkomen_sinds is not None and huishouden.laag_inkomen_sinds > peildatum:
        raise OngeldigHuishouden("De datum 'laag inkomen sinds' ligt na de peildatum.", veld="laag_inkomen_sinds")

    feiten = _Feiten()
    feiten.huishouden = huishouden
    feiten.leeftijden = tuple(leeftijden)
    feiten.leeftijd_aanvrager = leeftijd_aanvrager
    feiten.aow_aanvrager = context.aow_bereikt(aanvrager.geboortedatum)
    feiten.inkomen = _NUL + aanvrager.netto_maandinkomen
    feiten.kinderen_per_bereik = {}
    if partner is None:
        feiten.samenstelling = ALLEENSTAANDE_OUDER if kinderen else ALLEENSTAANDE
        feiten.personen = 1
        feiten.huishoudtype = ALLEENSTAANDE_TYPE
        if feiten.aow_aanvrager:
            feiten.categorie = LEEFTIJD_AOW
        elif feiten.leeftijd_aanvrager < 21:
            feiten.categorie = LEEFTIJD_18_21
        else:
            feiten.categorie = LEEFTIJD_21_AOW
    else:
        feiten.samenstelling = PAAR_MET_KINDEREN if kinderen else PAAR
        feiten.personen = 2
        feiten.inkomen += partner.netto_maandinkomen
        # Art. 22 Pw: a couple gets the AOW norm once either partner has reached the AOW-leeftijd.
        if feiten.aow_aanvrager or context.aow_bereikt(partner.geboortedatum):
            feiten.categorie, feiten.huishoudtype = LEEFTIJD_AOW, GEHUWDEN_TYPE
        elif feiten.leeftijd_aanvrager < 21 and leeftijd(partner.geboortedatum, peildatum) < 21:
            feiten.categorie = LEEFTIJD_18_21
            feiten.huishoudtype = GEHUWDEN_18_21_MET_KIND if kinderen else GEHUWDEN_18_21_ZONDER_KIND
        else:
            # Also when only one partner is under 21: the table has no mixed norm, so the gehuwdennorm.
            feiten.categorie, feiten.huishoudtype = LEEFTIJD_21_AOW, GEHUWDEN_TYPE
    feiten.inkomen_tekst = euro(feiten.inkomen)

    # Housemates (and adult children) from the kostendelers age share costs; only counted for 21–AOW.
    feiten.huisgenoten = 0
    if context.kostendelers is not None and feiten.categorie == LEEFTIJD_21_AOW:
        vanaf = context.kostendelers.vanaf_leeftijd
        for lid, jaren in zip(huishouden.leden, leeftijden, strict=True):
            if (lid.rol == OVERIG or lid.rol == KIND) and jaren >= vanaf:
                feiten.huisgenoten += 1
    return feiten


def valideer(huishouden: Huishouden, peildatum: date, normtabel: Normtabel) -> None:
    """Raise OngeldigHuishouden (with a Dutch message and the offending field) for an impossible
    household or a question the norm table cannot answer."""
    context = _context(peildatum, normtabel)
    _norm(_feiten(huishouden, context), context, True)


# ---------------------------------------------------------------------------------------------------
# Norm
# ---------------------------------------------------------------------------------------------------


def _norm(feiten: _Feiten, context: Context, kostendelersnorm: bool) -> tuple[Decimal, str]:
    sleutel = (feiten.categorie, feiten.huishoudtype, feiten.personen, feiten.huisgenoten, kostendelersnorm)
    resultaat = context._norm_cache.get(sleutel)
    if resultaat is None:
        resultaat = context._norm_cache[sleutel] = _bereken_norm(feiten, context, kostendelersnorm)
    return resultaat


def _zoek_norm(context: Context, categorie: str, huishoudtype: str) -> NormRegel:
    norm = context.normen.get((categorie, huishoudtype))
    if norm is None:
        raise OngeldigHuishouden(
            f"Er is geen bijstandsnorm voor {_HUISHOUDTYPE_TEKST.get(huishoudtype, huishoudtype)}, "
            f"{_CATEGORIE_TEKST.get(categorie, categorie)} op {datum_tekst(context.peildatum)}.",
            veld="peildatum",
        )
    return norm


def _bereken_norm(feiten: _Feiten, context: Context, kostendelersnorm: bool) -> tuple[Decimal, str]:
    uitleg = []
    categorie, huishoudtype = feiten.categorie, feiten.huishoudtype
    if (categorie, huishoudtype) not in context.normen and huishoudtype in (
        GEHUWDEN_18_21_MET_KIND,
        GEHUWDEN_18_21_ZONDER_KIND,
    ):
        uitleg.append(
            f"Er is geen norm voor {_HUISHOUDTYPE_TEKST[huishoudtype]} op {datum_tekst(context.peildatum)}; "
            "daarom geldt de norm voor gehuwden van 21 jaar tot de AOW-leeftijd."
        )
        categorie, huishoudtype = LEEFTIJD_21_AOW, GEHUWDEN_TYPE
    basis = _zoek_norm(context, categorie, huishoudtype)
    uitleg.append(
        f"Bijstandsnorm {_HUISHOUDTYPE_TEKST[huishoudtype]}, {_CATEGORIE_TEKST[categorie]}, "
        f"geldig vanaf {datum_tekst(basis.geldig_van)}: {euro(basis.bedrag_incl_vt)} per maand "
        "inclusief vakantietoeslag."
    )
    bedrag = basis.bedrag_incl_vt
    if feiten.huisgenoten and not kostendelersnorm:
        uitleg.append("De kostendelersnorm telt voor deze regeling niet mee.")
    elif feiten.huisgenoten:
        regel = context.kostendelers
        gehuwdennorm = _zoek_norm(context, LEEFTIJD_21_AOW, GEHUWDEN_TYPE).bedrag_incl_vt
        aantal = feiten.personen + feiten.huisgenoten
        teller = regel.basis_pct + aantal * regel.per_kostendeler_pct
        # Exact until the per-person amount; that amount is rounded because it is what the notice shows.
        per_persoon = _centen(teller * gehuwdennorm / (aantal * _HONDERD))
        bedrag = per_persoon * feiten.personen
        wie = "aanvrager, partner" if feiten.personen == 2 else "aanvrager"
        huisgenoten = "huisgenoot" if feiten.huisgenoten == 1 else "huisgenoten"
        uitleg.append(
            f"Kostendelersnorm: {aantal} kostendelers ({wie} en {feiten.huisgenoten} {huisgenoten} van "
            f"{regel.vanaf_leeftijd} jaar of ouder). Per persoon ({procent(regel.basis_pct)}% + {aantal} × "
            f"{procent(regel.per_kostendeler_pct)}%) / {aantal} = {procent(teller / aantal)}% van de "
            f"gehuwdennorm {euro(gehuwdennorm)} = {euro(per_persoon)}; voor {feiten.personen} "
            f"{'personen' if feiten.personen == 2 else 'persoon'}: {euro(bedrag)} per maand."
        )
    return bedrag, " ".join(uitleg)


def bereken_norm(
    huishouden: Huishouden, peildatum: date, normtabel: Normtabel, *, kostendelersnorm: bool = True
) -> tuple[Decimal, str]:
    """The household's monthly norm including vakantietoeslag, and how it was found (in Dutch)."""
    return bereken_norm_met_context(huishouden, _context(peildatum, normtabel), kostendelersnorm=kostendelersnorm)


def bereken_norm_met_context(
    huishouden: Huishouden, context: Context, *, kostendelersnorm: bool = True
) -> tuple[Decimal, str]:
    """bereken_norm against a prepared context (for a loop over many households)."""
    return _norm(_feiten(huishouden, context), context, kostendelersnorm)


# ---------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------


def _leeftijdsbereik(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"van {minimum} tot en met {maximum} jaar"
    if minimum is not None:
        return f"van {minimum} jaar of ouder"
    return f"van {maximum} jaar of jonger"


def _kinderen(feiten: _Feiten, kind_min: int | None, kind_max: int | None) -> int:
    """Members with rol kind whose age lies in [kind_min, kind_max]; all children when both are None.
    Several rules share one range, so the count is kept on the facts."""
    sleutel = (kind_min, kind_max)
    aantal = feiten.kinderen_per_bereik.get(sleutel)
    if aantal is None:
        laagste = 0 if kind_min is None else kind_min
        hoogste = 10_000 if kind_max is None else kind_max
        aantal = feiten.kinderen_per_bereik[sleutel] = sum(
            1
            for lid, jaren in zip(feiten.huishouden.leden, feiten.leeftijden, strict=True)
            if lid.rol == KIND and laagste <= jaren <= hoogste
        )
    return aantal


def _grens(context: Context, pct: Decimal, norm_basis: str, norm: Decimal) -> tuple[Decimal, str]:
    """An income limit (pct of a norm) with the end of its reason text; memoised per context because many
    households share the same norm."""
    sleutel = (pct, norm_basis, norm)
    resultaat = context._grens_cache.get(sleutel)
    if resultaat is None:
        if norm_basis == "excl_vt":
            norm = _centen(norm * _ZONDER_VT)
            norm_naam = "de norm zonder vakantietoeslag"
        else:
            norm_naam = "de norm"
        # Exact Decimal arithmetic; only the resulting amount is rounded (half up, to the cent).
        grens = _centen(norm * pct / _HONDERD)
        rest = f"{procent(pct)}% van {norm_naam} {euro(norm)} = {euro(grens)}"
        resultaat = context._grens_cache[sleutel] = (grens, rest)
    return resultaat


# One function per kind of voorwaarde: (voorwaarde, facts, context, nee, onbekend, ja) -> None. Each appends
# its Dutch reason(s), with the figures used, to the list that says how it turned out: nee (does not hold),
# onbekend (data missing: beoordeling nodig) or ja (holds).


def _boven_onder(inkomen: Decimal, grens: Decimal, inclusief: bool) -> tuple[bool, str]:
    """Is inkomen within an upper grens? With the comparison word for the reason."""
    if inclusief:
        binnen = inkomen <= grens
        return binnen, "niet hoger" if binnen else "hoger"
    binnen = inkomen < grens
    return binnen, "lager" if binnen else "niet lager"


def _inkomen(v: vw.Inkomen, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    norm, _ = _norm(feiten, context, v.kostendelersnorm)
    if v.min_pct is not None:
        grens, rest = _grens(context, v.min_pct, v.norm_basis, norm)
        if v.min_inclusief:
            boven = feiten.inkomen >= grens
            vergelijking = "niet lager" if boven else "lager"
        else:
            boven = feiten.inkomen > grens
            vergelijking = "hoger" if boven else "niet hoger"
        (ja if boven else nee).append(
            f"Inkomen {feiten.inkomen_tekst} is {vergelijking} dan de ondergrens {rest}"
            + ("" if boven else "; de regeling is voor een hoger inkomen.")
        )
    if v.max_pct is not None:
        grens, rest = _grens(context, v.max_pct, v.norm_basis, norm)
        binnen, vergelijking = _boven_onder(feiten.inkomen, grens, v.max_inclusief)
        (ja if binnen else nee).append(f"Inkomen {feiten.inkomen_tekst} is {vergelijking} dan {rest}")


def _langdurig(
    v: vw.LangdurigLaagInkomen, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list
) -> None:
    maanden = v.maanden
    if v.grens_pct is not None:
        # Its own grens: the income must be within it now, and low (the registered date) for long enough.
        norm, _ = _norm(feiten, context, v.kostendelersnorm)
        grens, rest = _grens(context, v.grens_pct, v.norm_basis, norm)
        binnen, vergelijking = _boven_onder(feiten.inkomen, grens, v.grens_inclusief)
        (ja if binnen else nee).append(
            f"Voor de langdurigheid telt een eigen grens: inkomen {feiten.inkomen_tekst} is {vergelijking} dan {rest}"
        )
    sinds = feiten.huishouden.laag_inkomen_sinds
    if sinds is None:
        onbekend.append(f"Niet bekend hoe lang het inkomen al laag is; nodig: {maanden} maanden.")
    elif _plus_maanden(sinds, maanden) > context.peildatum:
        nee.append(f"Het inkomen is laag sinds {datum_tekst(sinds)}; dat is korter dan {maanden} maanden.")
    else:
        ja.append(f"Het inkomen is laag sinds {datum_tekst(sinds)}; dat is ten minste {maanden} maanden.")


def _vermogen(v: vw.Vermogen, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    vermogen = feiten.huishouden.vermogen
    if vermogen is None:
        onbekend.append("Het vermogen is niet bekend; dat is nodig voor de vermogenstoets.")
    if v.max_bedrag is not None:
        grens, naam = v.max_bedrag, "de grens van de regeling"
    elif context.vermogensgrens is None:
        onbekend.append(f"Vermogensgrens voor {context.peildatum.year} is niet bekend.")
        return
    else:
        grenzen = context.vermogensgrens
        grens = grenzen.alleenstaande if feiten.samenstelling == ALLEENSTAANDE else grenzen.gezin
        naam = "de vermogensgrens"
    if vermogen is not None:
        if vermogen > grens:
            nee.append(f"Vermogen {euro(vermogen)} is hoger dan {naam} {euro(grens)}.")
        else:
            ja.append(f"Vermogen {euro(vermogen)} is niet hoger dan {naam} {euro(grens)}.")


def _leeftijd_aanvrager(v: vw.Leeftijd, feiten: _Feiten, context: Context, nee: list, ja: list) -> None:
    # Venlo's reasons about the aanvrager, word for word as they were before the vocabulary.
    jaren = feiten.leeftijd_aanvrager
    if v.min_jaren is not None:
        if jaren >= v.min_jaren:
            ja.append(f"De aanvrager is {jaren} jaar (minimaal {v.min_jaren}).")
        else:
            nee.append(f"De aanvrager is {jaren} jaar; de regeling is vanaf {v.min_jaren} jaar.")
    if v.max_jaren is not None:
        if jaren <= v.max_jaren:
            ja.append(f"De aanvrager is {jaren} jaar (hoogstens {v.max_jaren}).")
        else:
            nee.append(f"De aanvrager is {jaren} jaar; de regeling is tot en met {v.max_jaren} jaar.")
    if v.jonger_dan_aow:
        if feiten.aow_aanvrager:
            nee.append(
                f"De aanvrager is {jaren} jaar en heeft de AOW-leeftijd bereikt; "
                "de regeling is alleen voor wie jonger is."
            )
        else:
            ja.append("De aanvrager heeft de AOW-leeftijd nog niet bereikt.")
    if v.vanaf_aow:
        if feiten.aow_aanvrager:
            ja.append(f"De aanvrager is {jaren} jaar en heeft de AOW-leeftijd bereikt.")
        else:
            nee.append(
                f"De aanvrager is {jaren} jaar en heeft de AOW-leeftijd nog niet bereikt; "
                "de regeling is vanaf de AOW-leeftijd."
            )


_WIE_TEKST = {"partner": "de partner", "volwassene": "een volwassene in het huishouden", "kind": "een kind"}


def _past_leeftijd(v: vw.Leeftijd, lid: Lid, jaren: int, context: Context) -> bool:
    if v.min_jaren is not None and jaren < v.min_jaren:
        return False
    if v.max_jaren is not None and jaren > v.max_jaren:
        return False
    if v.jonger_dan_aow or v.vanaf_aow:
        return context.aow_bereikt(lid.geboortedatum) == v.vanaf_aow
    return True


def _leeftijd_eis(v: vw.Leeftijd) -> str:
    delen = []
    if v.min_jaren is not None or v.max_jaren is not None:
        delen.append(_leeftijdsbereik(v.min_jaren, v.max_jaren))
    if v.jonger_dan_aow:
        delen.append("jonger dan de AOW-leeftijd")
    if v.vanaf_aow:
        delen.append("met de AOW-leeftijd bereikt")
    return " en ".join(delen)


def _leeftijd(v: vw.Leeftijd, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    if v.wie == AANVRAGER:
        _leeftijd_aanvrager(v, feiten, context, nee, ja)
        return
    rollen = {"partner": (PARTNER,), "kind": (KIND,), "volwassene": (AANVRAGER, PARTNER, OVERIG, KIND)}[v.wie]
    kandidaten = [
        (lid, jaren)
        for lid, jaren in zip(feiten.huishouden.leden, feiten.leeftijden, strict=True)
        if lid.rol in rollen and (v.wie != "volwassene" or jaren >= 18)
    ]
    eis, wie = _leeftijd_eis(v), _WIE_TEKST[v.wie]
    if not kandidaten:
        nee.append(f"De regeling vraagt {wie} {eis}; die is er niet in dit huishouden.")
        return
    passend = [jaren for lid, jaren in kandidaten if _past_leeftijd(v, lid, jaren, context)]
    if passend:
        ja.append(f"Er is {wie} {eis} (leeftijd {passend[0]} jaar).".replace("Er is de partner", "De partner is"))
    else:
        leeftijden = ", ".join(str(jaren) for _, jaren in kandidaten)
        nee.append(f"De regeling vraagt {wie} {eis}; leeftijd in dit huishouden: {leeftijden} jaar.")


def _kinderen_vw(v: vw.Kinderen, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    kinderen = _kinderen(feiten, v.min_leeftijd, v.max_leeftijd)
    bereik = (
        ""
        if v.min_leeftijd is None and v.max_leeftijd is None
        else " " + _leeftijdsbereik(v.min_leeftijd, v.max_leeftijd)
    )
    if v.min_aantal == 1 and v.max_aantal is None:
        # Venlo's wording, kept exactly.
        if kinderen == 0:
            nee.append(f"Geen kind{bereik} in het huishouden.")
        elif kinderen == 1:
            ja.append(f"1 kind{bereik} in het huishouden.")
        else:
            ja.append(f"{kinderen} kinderen{bereik} in het huishouden.")
        return
    woord = "kind" if kinderen == 1 else "kinderen"
    eis = f"ten minste {v.min_aantal}" if v.max_aantal is None else f"{v.min_aantal} tot en met {v.max_aantal}"
    if v.min_aantal <= kinderen and (v.max_aantal is None or kinderen <= v.max_aantal):
        ja.append(f"{kinderen} {woord}{bereik} in het huishouden (nodig: {eis}).")
    else:
        nee.append(f"{kinderen} {woord}{bereik} in het huishouden; de regeling vraagt {eis}.")


def _samenstelling(v: vw.Samenstelling, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    if feiten.samenstelling in v.samenstellingen:
        ja.append(f"Het huishouden ({_SAMENSTELLING_TEKST[feiten.samenstelling]}) hoort bij de doelgroep.")
    else:
        doelgroep = ", ".join(_SAMENSTELLING_TEKST.get(s, s) for s in v.samenstellingen)
        nee.append(
            f"De regeling is alleen voor: {doelgroep}. Dit huishouden is: {_SAMENSTELLING_TEKST[feiten.samenstelling]}."
        )


_KENMERK_WIE = {
    "huishouden": "het huishouden",
    "aanvrager": "de aanvrager",
    "partner": "de partner",
    "iemand": "iemand in het huishouden",
    "kind": "een kind",
}


def _kenmerk(v: vw.Kenmerk, feiten: _Feiten, context: Context, nee: list, onbekend: list, ja: list) -> None:
    huishouden = feiten.huishouden
    wie = _KENMERK_WIE[v.wie]
    if huishouden.kenmerken is None:
        onbekend.append(f"Niet bekend of {wie} het kenmerk '{v.kenmerk}' heeft.")
        return
    if v.wie == "huishouden":
        heeft = v.kenmerk in huishouden.kenmerken
    else:
        rollen = {"aanvrager": (AANVRAGER,), "partner": (PARTNER,), "kind": (KIND,), "iemand": ROLLEN}[v.wie]
        heeft = any(v.kenmerk in lid.kenmerken for lid in huishouden.leden if lid.rol in rollen)
    if heeft == v.heeft:
        ja.append(f"{wie[0].upper()}{wie[1:]} {'heeft' if heeft else 'heeft niet'} het kenmerk '{v.kenmerk}'.")
    else:
        eis = "alleen voor wie" if v.heeft else "niet voor wie"
        nee.append(
            f"{wie[0].upper()}{wie[1:]} {'heeft' if heeft else 'heeft niet'} het kenmerk '{v.kenmerk}'; "
            f"de regeling is {eis} het heeft."
        )


BEOORDELAARS = {
    vw.Inkomen: _inkomen,
    vw.LangdurigLaagInkomen: _langdurig,
    vw.Vermogen: _vermogen,
    vw.Leeftijd: _leeftijd,
    vw.Kinderen: _kinderen_vw,
    vw.Samenstelling: _samenstelling,
    vw.Kenmerk: _kenmerk,
}


def voorwaarden_van(regel: Regel) -> tuple[vw.Voorwaarde, ...]:
    """All voorwaarden of a rule: its `voorwaarden`, preceded by those its short-hand fields (the columns a
    version had before the vocabulary) stand for, in the order those were always judged in."""
    afgeleid: list[vw.Voorwaarde] = []
    if regel.samenstellingen:
        afgeleid.append(vw.Samenstelling(samenstellingen=tuple(regel.samenstellingen)))
    if (
        regel.aanvrager_min_leeftijd is not None
        or regel.aanvrager_max_leeftijd is not None
        or regel.aanvrager_jonger_dan_aow
    ):
        afgeleid.append(
            vw.Leeftijd(
                wie=AANVRAGER,
                min_jaren=regel.aanvrager_min_leeftijd,
                max_jaren=regel.aanvrager_max_leeftijd,
                jonger_dan_aow=regel.aanvrager_jonger_dan_aow,
            )
        )
    if regel.kind_min_leeftijd is not None or regel.kind_max_leeftijd is not None:
        afgeleid.append(vw.Kinderen(min_leeftijd=regel.kind_min_leeftijd, max_leeftijd=regel.kind_max_leeftijd))
    if regel.inkomensgrens_pct is not None:
        afgeleid.append(
            vw.Inkomen(
                max_pct=Decimal(regel.inkomensgrens_pct),
                max_inclusief=regel.grens_inclusief,
                norm_basis=regel.norm_basis,
                kostendelersnorm=regel.kostendelersnorm,
            )
        )
    if regel.referteperiode_maanden is not None:
        afgeleid.append(vw.LangdurigLaagInkomen(maanden=regel.referteperiode_maanden))
    if regel.vermogenstoets == "participatiewet":
        afgeleid.append(vw.Vermogen())
    return (*afgeleid, *regel.voorwaarden)


class _Beoordeling:
    """A rule prepared once per context: its voorwaarden with their functions, and which children its
    amount per kind counts (those of its first kinderen voorwaarde, else all)."""

    __slots__ = ("regel", "stappen", "kind_bereik")

    def __init__(self, regel: Regel):
        self.regel = regel
        voorwaarden = voorwaarden_van(regel)
        self.stappen = tuple((BEOORDELAARS[type(v)], v) for v in voorwaarden)
        kinderen = next((v for v in voorwaarden if type(v) is vw.Kinderen), None)
        self.kind_bereik = (None, None) if kinderen is None else (kinderen.min_leeftijd, kinderen.max_leeftijd)


def _beoordeel(beoordeling: _Beoordeling, feiten: _Feiten, context: Context) -> Uitkomst:
    regel = beoordeling.regel
    if regel.altijd_beoordeling:
        return Uitkomst(regel.code, regel.naam, regel.versie_id, BEOORDELING_NODIG, (ALTIJD_BEOORDELING_REDEN,))
    # Reasons in three groups; the decisive ones are shown first. All voorwaarden must hold.
    nee: list[str] = []
    onbekend: list[str] = []
    ja: list[str] = []
    for functie, voorwaarde in beoordeling.stappen:
        functie(voorwaarde, feiten, context, nee, onbekend, ja)
    uitkomst = GEEN_RECHT if nee else BEOORDELING_NODIG if onbekend else RECHT
    bedrag = None
    if uitkomst == RECHT and regel.bedrag is not None:
        bedrag = _bedrag(regel, feiten, beoordeling)
    return Uitkomst(regel.code, regel.naam, regel.versie_id, uitkomst, tuple(nee + onbekend + ja), bedrag)


def _bedrag(regel: Regel, feiten: _Feiten, beoordeling: _Beoordeling) -> Decimal | None:
    if regel.bedrag_per == "persoon_per_jaar":
        return regel.bedrag * len(feiten.huishouden.leden)
    if regel.bedrag_per == "kind_per_jaar":
        return regel.bedrag * _kinderen(feiten, *beoordeling.kind_bereik)
    if regel.bedrag_per in ("huishouden_per_jaar", "huishouden_eenmalig"):
        return regel.bedrag
    return None


def bepaal_rechten_met_context(huishouden: Huishouden, context: Context) -> Berekening:
    """The fast path: one household against a prepared context (see the module docstring)."""
    feiten = _feiten(huishouden, context)
    norm, uitleg = _norm(feiten, context, True)
    return Berekening(
        peildatum=context.peildatum,
        norm=norm,
        norm_uitleg=uitleg,
        inkomen=feiten.inkomen,
        inkomen_pct=_centen(feiten.inkomen * _HONDERD / norm),
        samenstelling=feiten.samenstelling,
        uitkomsten=tuple(_beoordeel(b, feiten, context) for b in context.beoordelingen),
    )


def bepaal_rechten(
    *, huishouden: Huishouden, peildatum: date, normtabel: Normtabel, regels: tuple[Regel, ...]
) -> Berekening:
    """Validate the household, then give one Uitkomst per regeling in force on the peildatum, by code."""
    return bepaal_rechten_met_context(huishouden, _context(peildatum, normtabel, tuple(regels)))
