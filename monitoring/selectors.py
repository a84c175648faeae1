"""Aggregates for beleid: counts only, never a person. Every figure passes the small-numbers rule of
venlo_armoede.kleine_aantallen ("<5"; a percentage of a suppressed count is withheld too)."""

from cases import selectors as cases_selectors
from regelingen import selectors as regelingen_selectors
from venlo_armoede.kleine_aantallen import KLEINSTE_AANTAL, onderdruk

INKOMENSGRENZEN = (100, 110, 120, 130, 150)  # % of the sociaal minimum (DOMAIN.md, KPIs preventie)


def huishoudens_per_stadsdeel() -> list[dict]:
    return [
        {"stadsdeel": naam, "aantal": onderdruk(aantal)}
        for naam, aantal in cases_selectors.aantal_huishoudens_per_stadsdeel()
    ]


def minimapopulatie() -> list[dict]:
    """Households at or below each income band, per stadsdeel (cumulative: ≤110% includes ≤100%)."""
    return [
        {
            "stadsdeel": r["stadsdeel"],
            "totaal": onderdruk(r["totaal"]),
            "banden": [onderdruk(aantal) for aantal in r["banden"]],
        }
        for r in regelingen_selectors.inkomensbanden_per_stadsdeel(INKOMENSGRENZEN)
    ]


def bereik_per_regeling() -> list[dict]:
    """Bereik = households granted ÷ households entitled, per regeling; niet-gebruik is the rest."""
    resultaat = []
    for r in regelingen_selectors.bereik_per_regeling():
        klein = r["rechthebbend"] < KLEINSTE_AANTAL or 0 < r["toegekend"] < KLEINSTE_AANTAL
        resultaat.append(
            {
                "regeling": r["regeling"],
                "rechthebbend": onderdruk(r["rechthebbend"]),
                "toegekend": onderdruk(r["toegekend"]),
                # A percentage of a suppressed count would give the count away.
                "bereik_pct": None if klein else round(100 * r["toegekend"] / r["rechthebbend"]),
            }
        )
    return resultaat
