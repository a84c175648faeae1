"""Read the norms and rules from the database as the engine's plain dataclasses (regelingen.engine).
One query per table, no per-row queries, so a batch can fetch them once and reuse them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from cases import selectors as cases_selectors
from venlo_armoede import doelgroepen
from venlo_armoede.kpi_telling import Dimensies, tel

from . import engine
from .models import (
    Aanvraag,
    AanvraagStatus,
    AowLeeftijd,
    Inkomenspositie,
    Kostendelersnorm,
    Norm,
    RechtUitkomst,
    RegelingVersie,
    Uitkomst,
    Vermogensgrens,
)
from .voorwaarden import lees_voorwaarden


def normtabel() -> engine.Normtabel:
    """All norms, AOW-leeftijden, kostendelersnormen and vermogensgrenzen (4 queries)."""
    normen = tuple(
        engine.NormRegel(
            geldig_van=n.geldig_van,
            leeftijdscategorie=n.leeftijdscategorie,
            huishoudtype=n.huishoudtype,
            bedrag_incl_vt=n.bedrag_incl_vt,
        )
        for n in Norm.objects.order_by("geldig_van", "leeftijdscategorie", "huishoudtype")
    )
    aow = tuple(
        engine.AowRegel(vanaf_jaar=a.vanaf_jaar, jaren=a.jaren, maanden=a.maanden)
        for a in AowLeeftijd.objects.order_by("vanaf_jaar")
    )
    kostendelers = tuple(
        engine.KostendelersRegel(
            geldig_van=k.geldig_van,
            basis_pct=k.basis_pct,
            per_kostendeler_pct=k.per_kostendeler_pct,
            vanaf_leeftijd=k.vanaf_leeftijd,
        )
        for k in Kostendelersnorm.objects.order_by("geldig_van")
    )
    vermogensgrenzen = tuple(
        engine.VermogensRegel(jaar=v.jaar, alleenstaande=v.alleenstaande, gezin=v.gezin, eigen_woning=v.eigen_woning)
        for v in Vermogensgrens.objects.order_by("jaar")
    )
    return engine.Normtabel(normen=normen, aow=aow, kostendelers=kostendelers, vermogensgrenzen=vermogensgrenzen)


def _regel(versie: RegelingVersie) -> engine.Regel:
    regeling = versie.regeling
    return engine.Regel(
        code=regeling.code,
        naam=regeling.naam,
        versie_id=versie.pk,
        geldig_van=versie.geldig_van,
        geldig_tot=versie.geldig_tot,
        inkomensgrens_pct=versie.inkomensgrens_pct,
        grens_inclusief=versie.grens_inclusief,
        norm_basis=versie.norm_basis,
        kostendelersnorm=versie.kostendelersnorm,
        referteperiode_maanden=versie.referteperiode_maanden,
        vermogenstoets=versie.vermogenstoets,
        aanvrager_min_leeftijd=versie.aanvrager_min_leeftijd,
        aanvrager_max_leeftijd=versie.aanvrager_max_leeftijd,
        aanvrager_jonger_dan_aow=versie.aanvrager_jonger_dan_aow,
        kind_min_leeftijd=versie.kind_min_leeftijd,
        kind_max_leeftijd=versie.kind_max_leeftijd,
        samenstellingen=tuple(versie.samenstellingen or ()),
        bedrag_per=versie.bedrag_per or "",
        bedrag=versie.bedrag,
        altijd_beoordeling=versie.altijd_beoordeling,
        voorwaarden=lees_voorwaarden(versie.voorwaarden),
    )


def regel_van(versie: RegelingVersie) -> engine.Regel:
    """One version as an engine rule; also an unsaved one (the rule editor's preview of a change)."""
    return _regel(versie)


def regels(peildatum: date | None = None) -> tuple[engine.Regel, ...]:
    """The rule versions as engine rules (1 query): all of them without a peildatum (for a history or a
    what-if over several dates), else only those in force on the peildatum. Ordered by code, then date."""
    versies = RegelingVersie.objects.select_related("regeling")
    if peildatum is not None:
        versies = versies.filter(geldig_van__lte=peildatum).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum)
        )
    return tuple(_regel(v) for v in versies.order_by("regeling__code", "geldig_van"))


def snapshots(*, huishoudens: Q, peildatum: date, reden: str) -> dict[int, engine.Huishouden]:
    """Engine snapshots of the households matching `huishoudens` (a Q on Huishouden), in four queries."""
    rijen = cases_selectors.berekeningsrijen(selectie=huishoudens, peildatum=peildatum, reden=reden)
    basis = {pk: (vermogen, sinds) for pk, vermogen, sinds in rijen.huishoudens}
    inkomen: dict[int, Decimal] = defaultdict(Decimal)
    soorten: dict[int, set[str]] = defaultdict(set)
    for inwoner_id, bedrag, soort in rijen.inkomens:
        inkomen[inwoner_id] += bedrag
        soorten[inwoner_id].add(soort)
    van_lid: dict[int, set[str]] = defaultdict(set)
    van_huishouden: dict[int, set[str]] = defaultdict(set)
    for huishouden_id, inwoner_id, code in rijen.kenmerken:
        (van_lid[inwoner_id] if inwoner_id else van_huishouden[huishouden_id]).add(code)
    per_huishouden: dict[int, list[engine.Lid]] = defaultdict(list)
    for inwoner_id, huishouden_id, rol, geboortedatum in rijen.leden:
        per_huishouden[huishouden_id].append(
            engine.Lid(
                rol=rol,
                geboortedatum=geboortedatum,
                netto_maandinkomen=inkomen.get(inwoner_id, Decimal("0")),
                kenmerken=frozenset(van_lid.get(inwoner_id, ())),
                inkomenssoorten=frozenset(soorten.get(inwoner_id, ())),
            )
        )
    # The kenmerken are read from the registration, so they are known: none recorded is an empty set, not None.
    return {
        pk: engine.Huishouden(
            leden=tuple(per_huishouden.get(pk, ())),
            vermogen=vermogen,
            laag_inkomen_sinds=sinds,
            kenmerken=frozenset(van_huishouden.get(pk, ())),
        )
        for pk, (vermogen, sinds) in basis.items()
    }


@dataclass(frozen=True)
class UitkomstMetRedenen:
    """A stored outcome with its reasons, derived again by the engine (reasons are not stored, ADR 0004)."""

    huishouden_id: int
    regeling_code: str
    regeling_naam: str
    versie_id: int
    uitkomst: str
    bedrag: Decimal | None
    vastgesteld_op: datetime
    peildatum: date | None
    redenen: tuple[str, ...]
    # False when the household's data changed since the outcome was stored (its recompute is queued): the
    # reasons then describe today's data, not the stored outcome, and a page says so.
    actueel: bool


REDEN_TONEN = "redenen van een uitkomst tonen"  # reading the inputs again for a user who may see the outcome


def redenen_voor(*, huishouden_id: int, gebruiker) -> list[UitkomstMetRedenen]:
    """The stored outcomes of one household that `gebruiker` may see, each with its Dutch reasons, derived
    by the same pure engine from the stored rule version and the household's data on the outcome's peildatum.
    Ordered by regeling name. Empty when the household is out of the user's reach."""
    return redenen_voor_huishoudens(huishouden_ids=[huishouden_id], gebruiker=gebruiker).get(huishouden_id, [])


def redenen_voor_huishoudens(*, huishouden_ids: Iterable[int], gebruiker) -> dict[int, list[UitkomstMetRedenen]]:
    """`redenen_voor` for a page of households at once: a fixed number of queries whatever their number
    (outcomes, peildata, rule versions, norms, then four per distinct peildatum)."""
    opgeslagen = list(
        RechtUitkomst.objects.for_user(gebruiker)
        .filter(huishouden_id__in=list(huishouden_ids))
        .order_by("huishouden_id", "regeling__naam")
        .values_list(
            "huishouden_id", "regeling__code", "regeling__naam", "versie_id", "uitkomst", "bedrag", "vastgesteld_op"
        )
    )
    if not opgeslagen:
        return {}
    zichtbaar = {rij[0] for rij in opgeslagen}
    peildata = dict(
        Inkomenspositie.objects.for_user(gebruiker)
        .filter(huishouden_id__in=zichtbaar)
        .values_list("huishouden_id", "peildatum")
    )
    versies = {
        versie.pk: _regel(versie)
        for versie in RegelingVersie.objects.select_related("regeling").filter(pk__in={rij[3] for rij in opgeslagen})
    }
    tabel = normtabel()
    per_peildatum: dict[date, set[int]] = defaultdict(set)
    for huishouden_id in zichtbaar:
        if huishouden_id in peildata:
            per_peildatum[peildata[huishouden_id]].add(huishouden_id)
    afgeleid: dict[tuple[int, str], engine.Uitkomst | str] = {}
    for peildatum, ids in per_peildatum.items():
        afgeleid.update(_leid_af(ids, peildatum, tabel, versies, opgeslagen))
    resultaat: dict[int, list[UitkomstMetRedenen]] = defaultdict(list)
    for huishouden_id, code, naam, versie_id, uitkomst, bedrag, vastgesteld_op in opgeslagen:
        uit = afgeleid.get((huishouden_id, code), "De gegevens van dit huishouden zijn niet meer te lezen.")
        actueel = isinstance(uit, engine.Uitkomst) and (uit.versie_id, uit.uitkomst, uit.bedrag) == (
            versie_id,
            uitkomst,
            bedrag,
        )
        resultaat[huishouden_id].append(
            UitkomstMetRedenen(
                huishouden_id=huishouden_id,
                regeling_code=code,
                regeling_naam=naam,
                versie_id=versie_id,
                uitkomst=uitkomst,
                bedrag=bedrag,
                vastgesteld_op=vastgesteld_op,
                peildatum=peildata.get(huishouden_id),
                redenen=uit.redenen if isinstance(uit, engine.Uitkomst) else (uit,),
                actueel=actueel,
            )
        )
    return dict(resultaat)


def _leid_af(
    ids: set[int], peildatum: date, tabel: engine.Normtabel, versies: dict[int, engine.Regel], opgeslagen: list[tuple]
) -> dict[tuple[int, str], engine.Uitkomst | str]:
    """Run the engine for these households on their peildatum with exactly the stored rule versions."""
    snap = snapshots(huishoudens=Q(id__in=ids), peildatum=peildatum, reden=REDEN_TONEN)
    contexten: dict[frozenset[int], engine.Context] = {}
    versies_per_huishouden: dict[int, set[int]] = defaultdict(set)
    for rij in opgeslagen:
        if rij[0] in ids and rij[3] in versies:
            versies_per_huishouden[rij[0]].add(rij[3])
    afgeleid: dict[tuple[int, str], engine.Uitkomst | str] = {}
    for huishouden_id, versie_ids in versies_per_huishouden.items():
        sleutel = frozenset(versie_ids)
        if sleutel not in contexten:
            regels_ = tuple(sorted((versies[v] for v in versie_ids), key=lambda r: r.code))
            contexten[sleutel] = engine.maak_context(peildatum, tabel, regels_)
        try:
            berekening = engine.bepaal_rechten_met_context(snap[huishouden_id], contexten[sleutel])
        except (engine.OngeldigHuishouden, KeyError) as fout:
            bericht = fout.bericht if isinstance(fout, engine.OngeldigHuishouden) else "Huishouden niet gevonden."
            for rij in opgeslagen:
                if rij[0] == huishouden_id:
                    afgeleid[(huishouden_id, rij[1])] = bericht
            continue
        for uit in berekening.uitkomsten:
            afgeleid[(huishouden_id, uit.code)] = uit
    return afgeleid


def huishoudens_met_aanvraag_in_bewaartermijn(*, huishouden_ids: list[int], peildatum: date) -> set[int]:
    """Of these households, those with an aanvraag that is undecided or was decided after the bewaargrens for
    inkomensvoorzieningen: the retention run must keep them (ADR 0014)."""
    aanvragen = Aanvraag.objects.for_systeem("bewaartermijn").filter(huishouden_id__in=huishouden_ids)
    grens = cases_selectors.bewaargrens(soort="inkomensvoorziening", peildatum=peildatum)
    if grens is not None:  # no period set: every aanvraag is kept
        aanvragen = aanvragen.filter(Q(besloten_op__isnull=True) | Q(besloten_op__gt=grens))
    return set(aanvragen.values_list("huishouden_id", flat=True).distinct())


# --- Aggregates for beleid (counts only, never a person; the caller suppresses small numbers) ------------


def inkomensbanden_per_stadsdeel(grenzen: tuple[int, ...]) -> list[dict]:
    """Per stadsdeel: households computed, and how many are at or below each grens (% of the norm).
    Cumulative: at or below 110% includes at or below 100%."""
    tellingen = {f"tot_{grens}": Count("huishouden", filter=Q(inkomen_pct__lte=grens)) for grens in grenzen}
    rijen = (
        Inkomenspositie.objects.for_systeem("telling per inkomensband")
        .filter(fout="")
        .values("huishouden__stadsdeel__naam")
        .annotate(totaal=Count("huishouden"), **tellingen)
        .order_by("huishouden__stadsdeel__naam")
    )
    return [
        {
            "stadsdeel": r["huishouden__stadsdeel__naam"],
            "totaal": r["totaal"],
            "banden": [r[f"tot_{grens}"] for grens in grenzen],
        }
        for r in rijen
    ]


def bereik_per_regeling() -> list[dict]:
    """Per regeling: households entitled (uitkomst recht) and how many of them were granted it."""
    toegekend = Aanvraag.objects.for_systeem("telling bereik").filter(
        huishouden=OuterRef("huishouden"), regeling=OuterRef("regeling"), status=AanvraagStatus.TOEGEKEND
    )
    rijen = (
        RechtUitkomst.objects.for_systeem("telling bereik")
        .filter(uitkomst=Uitkomst.RECHT)
        .annotate(is_toegekend=Exists(toegekend))
        .values("regeling__naam")
        .annotate(rechthebbend=Count("huishouden"), toegekend=Count("huishouden", filter=Q(is_toegekend=True)))
        .order_by("regeling__naam")
    )
    return [
        {"regeling": r["regeling__naam"], "rechthebbend": r["rechthebbend"], "toegekend": r["toegekend"]} for r in rijen
    ]


def bereken_anoniem(*, huishouden: engine.Huishouden, peildatum: date) -> engine.Berekening:
    """The rights of a household that exists only in a request (the rechtencheck API, the public page):
    the same engine entry as the API, nothing read about persons, nothing stored. Raises
    engine.OngeldigHuishouden for an impossible household or a date without norms."""
    context = engine.maak_context(peildatum, normtabel(), regels(peildatum))
    return engine.bepaal_rechten_met_context(huishouden, context)


# --- KPI counts for the monitoring snapshots (set-based: venlo_armoede.kpi_telling) ---------------------

HUISHOUDEN = Dimensies(stadsdeel="huishouden__stadsdeel", inkomenspositie="huishouden__inkomenspositie")
INKOMENSGRENZEN = (100, 110, 120, 130, 150)  # % of the sociaal minimum (DOMAIN.md §6)
# The doelgroepen the KPIs are split by (overlapping: the household type, and with children, jongeren, werkenden,
# zzp'ers and the minima per income band), as (code, Dutch label).
DOELGROEPEN = doelgroepen.KEUZES


def kpi_telling(code: str, *, vanaf: date, peildatum: date) -> list[dict]:
    """The rows of one KPI of this app. Minima and bereik are a stand: the state on the day of computing."""
    if code.startswith("minimapopulatie_"):
        grens = int(code.removeprefix("minimapopulatie_"))
        qs = Inkomenspositie.objects.for_systeem(f"KPI {code} (telling)").filter(fout="")
        dimensies = Dimensies(stadsdeel="huishouden__stadsdeel", inkomenspositie="")
        return tel(qs, dimensies=dimensies, teller=Count("pk", filter=Q(inkomen_pct__lte=grens)), noemer=Count("pk"))
    if code in ("bereik", "aangevraagd", "niet_gebruik"):
        aanvragen = Aanvraag.objects.for_systeem(f"KPI {code} (telling)").filter(
            huishouden=OuterRef("huishouden"), regeling=OuterRef("regeling")
        )
        qs = (
            RechtUitkomst.objects.for_systeem(f"KPI {code} (telling)")
            .filter(uitkomst=Uitkomst.RECHT)
            .annotate(
                is_toegekend=Exists(aanvragen.filter(status=AanvraagStatus.TOEGEKEND)),
                is_aangevraagd=Exists(aanvragen),
            )
        )
        conditie = {"bereik": Q(is_toegekend=True), "aangevraagd": Q(is_aangevraagd=True)}.get(
            code, Q(is_toegekend=False)
        )
        return tel(
            qs,
            dimensies=replace(HUISHOUDEN, categorie="regeling__naam"),
            teller=Count("huishouden", filter=conditie),
            noemer=Count("huishouden"),
        )
    if code == "budgetgebruik":
        # From the regelingen with a jaarbudget on the peildatum, not from the toekenningen: a regeling with a
        # budget and nothing granted this year is 0% used (onderuitputting), not missing.
        toekenningen = (
            Aanvraag.objects.for_systeem("KPI budgetgebruik (telling)")
            .filter(
                regeling=OuterRef("regeling"),
                status=AanvraagStatus.TOEGEKEND,
                besloten_op__year=peildatum.year,
                bedrag__isnull=False,
            )
            .order_by()
            .values("regeling")
        )
        qs = (
            RegelingVersie.objects.filter(geldig_van__lte=peildatum, jaarbudget__isnull=False)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .annotate(
                toegekend=Coalesce(Subquery(toekenningen.annotate(s=Sum("bedrag")).values("s")), Decimal("0")),
                toekenningen=Coalesce(Subquery(toekenningen.annotate(n=Count("pk")).values("n")), 0),
            )
        )
        return tel(
            qs,
            dimensies=Dimensies(stadsdeel=None, inkomenspositie=None, categorie="regeling__naam"),
            teller=Sum("toegekend"),
            noemer=Max("jaarbudget"),
            aantal=Sum("toekenningen"),
            groeperingen=((),),  # the budget is the municipality's: no split by stadsdeel
        )
    raise KeyError(code)
