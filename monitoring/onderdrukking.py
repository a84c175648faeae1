"""The one suppression rule for every KPI figure a beleidsadviseur, an export or the API sees, applied when a
snapshot is written (venlo_armoede.kleine_aantallen: "<5" and secondary suppression) and turned into text by
`toon` when it is read. A percentage, average or median is withheld when a count it rests on is."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from venlo_armoede.kleine_aantallen import AFGESCHERMD, KLEINSTE_AANTAL, onderdruk, verberg

from .kpis import Eenheid, Kpi, Soort

GEEN_GEGEVENS = "nog geen gegevens"


def markeer(kpi: Kpi, rijen: list[dict]) -> None:
    """Set teller_verborgen / noemer_verborgen on the rows of one KPI (all its months and categories).

    Relations for the secondary rule, per month and category: for each doelgroep the stadsdelen add up to
    heel Venlo, and for each stadsdeel the doelgroepen add up to alle doelgroepen. A split leaves out records
    of unknown stadsdeel or doelgroep, so a relation may not add up exactly; hiding one cell more than needed
    is the safe side."""
    for veld in ("teller", "noemer") if kpi.soort != Soort.MEDIAAN else ("aantal",):
        groepen: dict[tuple, dict] = defaultdict(dict)
        for rij in rijen:
            if rij.get(veld) is None:
                continue
            groepen[(rij["maand"], rij["categorie"])][(rij["stadsdeel"], rij["doelgroep"])] = rij
        for groep in groepen.values():
            cellen = {sleutel: _telbaar(kpi, veld, rij) for sleutel, rij in groep.items()}
            stadsdelen = {s for s, _ in cellen if s is not None}
            doelgroepen = {d for _, d in cellen if d is not None}
            relaties = []
            for d in [None, *doelgroepen]:
                if (None, d) in cellen:
                    relaties.append([(None, d), *((s, d) for s in stadsdelen if (s, d) in cellen)])
            for s in [None, *stadsdelen]:
                if (s, None) in cellen:
                    relaties.append([(s, None), *((s, d) for d in doelgroepen if (s, d) in cellen)])
            # verberg prefers hiding a group over a total (a key starting with "totaal"); keys of strings only,
            # so they compare.
            sleutels = {k: ("totaal" if None in k else "groep", str(k[0]), str(k[1])) for k in cellen}
            primair, secundair = verberg(
                {sleutels[k]: v for k, v in cellen.items()}, [[sleutels[k] for k in r] for r in relaties]
            )
            for sleutel, rij in groep.items():
                if sleutels[sleutel] in primair or sleutels[sleutel] in secundair:
                    rij["noemer_verborgen" if veld == "noemer" else "teller_verborgen"] = True


NIET_OVER_PERSONEN = frozenset({"capaciteitsgebruik", "flexibel_budget_besteed"})  # places and budgets


def _telbaar(kpi: Kpi, veld: str, rij: dict) -> int:
    """The number of people a cell stands for: for an amount, the number of records it is based on."""
    if kpi.code in NIET_OVER_PERSONEN:
        return KLEINSTE_AANTAL
    if kpi.code == "budgetgebruik":  # teller: the toekenningen; noemer: the municipality's budget
        return int(rij["aantal"]) if veld == "teller" else KLEINSTE_AANTAL
    if kpi.soort == Soort.GEMIDDELDE:
        return int(rij["noemer"])
    return int(rij[veld] or 0)


def waarde(kpi: Kpi, rij) -> Decimal | None:
    """The figure of a stored row, None when it cannot be computed (no denominator)."""
    teller, noemer = _get(rij, "teller"), _get(rij, "noemer")
    if kpi.soort == Soort.AANTAL:
        return teller
    if kpi.soort == Soort.MEDIAAN:
        return _get(rij, "waarde")
    if teller is None or not noemer:
        return None
    factor = 100 if kpi.soort == Soort.PERCENTAGE else 1
    return (Decimal(factor) * Decimal(teller) / Decimal(noemer)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def toon(kpi: Kpi, rij) -> str:
    """The text of one figure after suppression: "<5" for a small count, "×" for a secondarily hidden one,
    "–" for a percentage (or average, median) of a hidden count, GEEN_GEGEVENS when there is nothing."""
    if rij is None:
        return GEEN_GEGEVENS
    verborgen_t, verborgen_n = _get(rij, "teller_verborgen"), _get(rij, "noemer_verborgen")
    if kpi.soort == Soort.AANTAL:
        teller = _get(rij, "teller")
        if teller is None:
            return GEEN_GEGEVENS
        if verborgen_t:
            return onderdruk(int(teller)) if 0 < teller < KLEINSTE_AANTAL else AFGESCHERMD
        return _getal(teller, kpi.eenheid)
    if verborgen_t or verborgen_n:
        return "–"
    w = waarde(kpi, rij)
    if w is None:
        return GEEN_GEGEVENS
    return _getal(w, kpi.eenheid)


def toon_aantal(rij, veld: str) -> str:
    """A teller or noemer shown next to a percentage (the funnel), with the same flags."""
    getal = _get(rij, veld)
    if getal is None:
        return GEEN_GEGEVENS
    if _get(rij, f"{veld}_verborgen"):
        return onderdruk(int(getal)) if 0 < getal < KLEINSTE_AANTAL else AFGESCHERMD
    return str(int(getal))


def _getal(getal, eenheid: Eenheid) -> str:
    getal = Decimal(getal)
    if eenheid == Eenheid.PERCENTAGE:
        return f"{getal.quantize(Decimal('1'), ROUND_HALF_UP)}%"
    if eenheid == Eenheid.EURO:
        return f"€ {getal.quantize(Decimal('1'), ROUND_HALF_UP):,}".replace(",", ".")
    if eenheid in (Eenheid.DAGEN, Eenheid.GEMIDDELD_AANTAL):
        return str(getal.quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")
    return str(getal.quantize(Decimal("1"), ROUND_HALF_UP))


def _get(rij, veld):
    return rij.get(veld) if isinstance(rij, dict) else getattr(rij, veld)
