"""Aggregates for beleid: counts only, never a person. Counts of 1–4 are shown as "<5" (CBS practice)."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from cases.models import Huishouden
from regelingen.models import Aanvraag, AanvraagStatus, Inkomenspositie, RechtUitkomst, Uitkomst

KLEINSTE_AANTAL = 5
INKOMENSGRENZEN = (100, 110, 120, 130, 150)  # % of the sociaal minimum (DOMAIN.md, KPIs preventie)


def onderdruk(aantal: int) -> str:
    return "<5" if 0 < aantal < KLEINSTE_AANTAL else str(aantal)


def huishoudens_per_stadsdeel() -> list[dict]:
    rijen = Huishouden.objects.values("stadsdeel__naam").annotate(aantal=Count("id")).order_by("stadsdeel__naam")
    return [{"stadsdeel": r["stadsdeel__naam"], "aantal": onderdruk(r["aantal"])} for r in rijen]


def minimapopulatie() -> list[dict]:
    """Households at or below each income band, per stadsdeel (cumulative: ≤110% includes ≤100%)."""
    tellingen = {
        f"tot_{grens}": Count("huishouden", filter=Q(inkomen_pct__lte=Decimal(grens))) for grens in INKOMENSGRENZEN
    }
    rijen = (
        Inkomenspositie.objects.filter(fout="")
        .values("huishouden__stadsdeel__naam")
        .annotate(totaal=Count("huishouden"), **tellingen)
        .order_by("huishouden__stadsdeel__naam")
    )
    return [
        {
            "stadsdeel": r["huishouden__stadsdeel__naam"],
            "totaal": onderdruk(r["totaal"]),
            "banden": [onderdruk(r[f"tot_{grens}"]) for grens in INKOMENSGRENZEN],
        }
        for r in rijen
    ]


def bereik_per_regeling() -> list[dict]:
    """Bereik = households granted ÷ households entitled, per regeling; niet-gebruik is the rest."""
    toegekend = Aanvraag.objects.filter(
        huishouden=OuterRef("huishouden"), regeling=OuterRef("regeling"), status=AanvraagStatus.TOEGEKEND
    )
    rijen = (
        RechtUitkomst.objects.filter(uitkomst=Uitkomst.RECHT)
        .annotate(is_toegekend=Exists(toegekend))
        .values("regeling__naam")
        .annotate(rechthebbend=Count("id"), toegekend=Count("id", filter=Q(is_toegekend=True)))
        .order_by("regeling__naam")
    )
    resultaat = []
    for r in rijen:
        klein = r["rechthebbend"] < KLEINSTE_AANTAL or 0 < r["toegekend"] < KLEINSTE_AANTAL
        resultaat.append(
            {
                "regeling": r["regeling__naam"],
                "rechthebbend": onderdruk(r["rechthebbend"]),
                "toegekend": onderdruk(r["toegekend"]),
                # A percentage of a suppressed count would give the count away.
                "bereik_pct": None if klein else round(100 * r["toegekend"] / r["rechthebbend"]),
            }
        )
    return resultaat
