"""Read the norms and rules from the database as the engine's plain dataclasses (regelingen.engine).
One query per table, no per-row queries, so a batch can fetch them once and reuse them."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from cases import selectors as cases_selectors

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


def regels(peildatum: date | None = None) -> tuple[engine.Regel, ...]:
    """The rule versions as engine rules (1 query): all of them without a peildatum (for a history or a
    what-if over several dates), else only those in force on the peildatum. Ordered by code, then date."""
    versies = RegelingVersie.objects.select_related("regeling")
    if peildatum is not None:
        versies = versies.filter(geldig_van__lte=peildatum).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum)
        )
    return tuple(_regel(v) for v in versies.order_by("regeling__code", "geldig_van"))


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
        .annotate(rechthebbend=Count("id"), toegekend=Count("id", filter=Q(is_toegekend=True)))
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
