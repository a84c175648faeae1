"""The one suppression rule for every KPI figure a beleidsadviseur, an export or the API sees, applied when a
snapshot is written (`markeer_alle`, with venlo_armoede.kleine_aantallen: "<5" and secondary suppression) and
turned into text by `toon` when it is read (ADR 0026):

- a count of 1 to 4 is "<5"; a count that would give one away through a sum (stadsdelen add up to heel Venlo,
  doelgroepen to alle doelgroepen) is "×";
- a percentage, average or median is withheld ("–") when a count it rests on is;
- the complement of a percentage is a count too: 98 of 100 says 2 did not. When noemer − teller is 1 to 4 the
  teller is withheld ("×") and the percentage is shown as a lower bound that holds for any complement of 1 to
  4 ("≥ 96%" for a noemer of 100), never exactly;
- nested counts (the cumulative income bands; toegekend ≤ aangevraagd ≤ rechthebbend in the funnel): the
  difference between two neighbouring shown counts is 0 or at least 5, else the higher one is withheld (the
  lower one when the higher is the noemer);
- an amount (euro) is withheld with its percentage when it rests on fewer than 5 records (toegekende
  aanvragen, approvals from the flexibel budget): one or two toekenningen would come close to an inwoner's
  amount. A municipality's budget is no person's figure and stays visible."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from venlo_armoede.doelgroepen import MINIMA_GRENZEN
from venlo_armoede.kleine_aantallen import AFGESCHERMD, KLEINSTE_AANTAL, is_klein, onderdruk, verberg, verberg_keten

from .kpis import CATALOGUS, PER_CODE, Eenheid, Kpi, Soort

GEEN_GEGEVENS = "nog geen gegevens"
NIET_OVER_PERSONEN = frozenset({"capaciteitsgebruik"})  # places at a partner, not people
BEDRAGEN = frozenset({"budgetgebruik", "flexibel_budget_besteed"})  # teller and noemer in euro; `aantal` records

# KPIs whose tellers add up to the same noemer (toegekend + niet-gebruik = rechthebbend): a count hidden in one
# would follow from the other, so a hidden teller is hidden in both.
AANVULLINGEN = (("bereik", "niet_gebruik"),)
# Nested counts, smallest first, per month, stadsdeel, doelgroep and category; the last of the funnel is its
# noemer (vast: other figures rest on it).
KETENS: tuple[tuple[tuple[tuple[str, str], ...], bool], ...] = (
    (
        tuple(
            (kpi.code, "teller")
            for kpi in sorted(
                (k for k in CATALOGUS if k.code.startswith("minimapopulatie_")),
                key=lambda k: int(k.code.removeprefix("minimapopulatie_")),
            )
        ),
        False,
    ),
    ((("bereik", "teller"), ("aangevraagd", "teller"), ("bereik", "noemer")), True),
    # The vroegsignalen funnel: hulp geaccepteerd ≤ gesproken met een resultaat ≤ contact ≤ ontvangen.
    (
        (
            ("vroegsignalen_hulp_geaccepteerd", "teller"),
            ("vroegsignalen_hulp_geaccepteerd", "noemer"),
            ("vroegsignalen_contact", "teller"),
            ("vroegsignalen_contact", "noemer"),
        ),
        True,
    ),
    # The referral flow per partner, of the referrals sent in a month: geaccepteerd ≤ beantwoord (geaccepteerd +
    # afgewezen) ≤ verstuurd.
    (
        (
            ("doorverwijzingen_geaccepteerd", "teller"),
            ("doorverwijzingen_geaccepteerd", "noemer"),
            ("doorverwijzingen", "teller"),
        ),
        True,
    ),
)


def markeer_alle(alle: dict[str, list[dict]]) -> None:
    """The whole rule over the rows of a run ({kpi code: rows}): per KPI, then across KPIs (complements and
    chains), then per KPI again for the cells that hid, until nothing changes (flags are only ever added)."""
    for code, rijen in alle.items():
        markeer(PER_CODE[code], rijen)
    while gewijzigd := _koppel(alle):
        for code in gewijzigd:
            markeer(PER_CODE[code], alle[code])


def markeer_minimaketen(alle: dict[str, list[dict]]) -> set[str]:
    """The minima doelgroepen are nested (a household at most 100% of the minimum is also at most 110%, … 150%,
    and every one is in "alle doelgroepen"): per KPI, month, stadsdeel and category the difference between two
    neighbouring shown cells is a number of people, so it follows the chain rule (verberg_keten), with the total
    as its fixed top. Returns the doelgroepen where a flag was added (their own part is then marked again)."""
    keten = [*(f"minima_{grens}" for grens in MINIMA_GRENZEN), None]
    gewijzigd: set[str] = set()
    for code, rijen in alle.items():
        kpi = PER_CODE[code]
        for veld in ("teller", "noemer") if kpi.soort != Soort.MEDIAAN else ("aantal",):
            vlag = "noemer_verborgen" if veld == "noemer" else "teller_verborgen"
            per_cel: dict[tuple, dict] = defaultdict(dict)
            for rij in rijen:
                if rij["doelgroep"] in keten and rij.get(veld) is not None:
                    per_cel[(rij["maand"], rij["stadsdeel"], rij["categorie"])][rij["doelgroep"]] = rij
            for cel in per_cel.values():
                posities = [cel[d] for d in keten if d in cel]
                aantallen = [_telbaar(kpi, veld, rij) for rij in posities]
                verborgen = [i for i, rij in enumerate(posities) if rij.get(vlag)]
                vast = [len(posities) - 1] if posities and posities[-1]["doelgroep"] is None else []
                for i in verberg_keten(aantallen, verborgen, vast):
                    posities[i][vlag] = True
                    gewijzigd.add(posities[i]["doelgroep"])
    return gewijzigd


def markeer(kpi: Kpi, rijen: list[dict]) -> None:
    """Set teller_verborgen / noemer_verborgen on the rows of one KPI (all its months and categories). A flag
    already set stays and counts as hidden, so this can run again after a rule across KPIs hid more.

    Relations for the secondary rule, per month and category: for each doelgroep the stadsdelen add up to
    heel Venlo, and for each stadsdeel the doelgroepen add up to alle doelgroepen. A split leaves out records
    of unknown stadsdeel or doelgroep, so a relation may not add up exactly; hiding one cell more than needed
    is the safe side."""
    for veld in ("teller", "noemer") if kpi.soort != Soort.MEDIAAN else ("aantal",):
        vlag = "noemer_verborgen" if veld == "noemer" else "teller_verborgen"
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
            # Hidden already, or a teller whose complement (noemer − teller) is 1 to 4.
            al = [k for k, rij in groep.items() if rij.get(vlag) or (veld == "teller" and _kleine_aanvulling(kpi, rij))]
            # verberg prefers hiding a group over a total (a key starting with "totaal"); keys of strings only,
            # so they compare.
            sleutels = {k: ("totaal" if None in k else "groep", str(k[0]), str(k[1])) for k in cellen}
            primair, secundair = verberg(
                {sleutels[k]: v for k, v in cellen.items()},
                [[sleutels[k] for k in r] for r in relaties],
                [sleutels[k] for k in al],
            )
            for sleutel, rij in groep.items():
                if sleutels[sleutel] in primair or sleutels[sleutel] in secundair:
                    rij[vlag] = True


def _telt_personen(kpi: Kpi) -> bool:
    """A percentage of people out of people: its complement is a number of people too."""
    return kpi.soort == Soort.PERCENTAGE and kpi.code not in NIET_OVER_PERSONEN | BEDRAGEN


def _kleine_aanvulling(kpi: Kpi, rij) -> bool:
    teller, noemer = _get(rij, "teller"), _get(rij, "noemer")
    return _telt_personen(kpi) and teller is not None and noemer is not None and is_klein(int(noemer - teller))


def _telbaar(kpi: Kpi, veld: str, rij: dict) -> int:
    """The number of people a cell stands for: for an amount, the number of records it is based on."""
    if kpi.code in NIET_OVER_PERSONEN:
        return KLEINSTE_AANTAL
    if kpi.code in BEDRAGEN:  # teller: the toekenningen; noemer: the municipality's budget
        return int(rij.get("aantal") or 0) if veld == "teller" else KLEINSTE_AANTAL
    if kpi.soort == Soort.GEMIDDELDE:
        return int(rij["noemer"])
    return int(rij[veld] or 0)


def _koppel(alle: dict[str, list[dict]]) -> set[str]:
    """The rules across KPIs, once; returns the codes of the KPIs where a flag was added."""
    gewijzigd: set[str] = set()
    sleutel = lambda r: (r["maand"], r["stadsdeel"], r["doelgroep"], r["categorie"])  # noqa: E731
    for a, b in AANVULLINGEN:
        rijen_b = {sleutel(r): r for r in alle.get(b, [])}
        for rij_a in alle.get(a, []):
            rij_b = rijen_b.get(sleutel(rij_a))
            if rij_b is None or rij_a.get("teller_verborgen") == rij_b.get("teller_verborgen"):
                continue
            for code, rij in ((a, rij_a), (b, rij_b)):
                if not rij.get("teller_verborgen"):
                    rij["teller_verborgen"] = True
                    gewijzigd.add(code)
    for leden, top_vast in KETENS:
        per_lid = [{sleutel(r): r for r in alle.get(code, []) if r.get(veld) is not None} for code, veld in leden]
        for k in set().union(*per_lid):
            posities = [(i, lid[k]) for i, lid in enumerate(per_lid) if k in lid]
            aantallen = [int(rij[leden[i][1]]) for i, rij in posities]
            verborgen = [j for j, (i, rij) in enumerate(posities) if rij.get(f"{leden[i][1]}_verborgen")]
            vast = [len(posities) - 1] if top_vast and posities and posities[-1][0] == len(leden) - 1 else []
            for j in verberg_keten(aantallen, verborgen, vast):
                i, rij = posities[j]
                rij[f"{leden[i][1]}_verborgen"] = True
                gewijzigd.add(leden[i][0])
    return gewijzigd


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
    "–" for a percentage (or average, median) of a hidden count, "≥ 96%" for a percentage whose complement is
    small, GEEN_GEGEVENS when there is nothing."""
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
    if verborgen_t and not verborgen_n and _kleine_aanvulling(kpi, rij) and _get(rij, "teller") >= KLEINSTE_AANTAL:
        return f"≥ {ondergrens(int(_get(rij, 'noemer')))}%"
    if verborgen_t or verborgen_n:
        return "–"
    w = waarde(kpi, rij)
    if w is None:
        return GEEN_GEGEVENS
    return _getal(w, kpi.eenheid)


def ondergrens(noemer: int) -> int:
    """The whole percentage that a teller of noemer − 4 or more reaches: a bound true for every small
    complement (1 to 4), so it says no more than "<5" does."""
    return int((Decimal(100) * (noemer - (KLEINSTE_AANTAL - 1)) / noemer).to_integral_value(ROUND_FLOOR))


def toon_bedrag(rij, veld: str) -> str:
    """The teller or noemer of an amount KPI in euro, with the same flags: a spent amount resting on fewer
    than 5 toekenningen is hidden ("×"), a budget is shown."""
    getal = _get(rij, veld)
    if getal is None:
        return GEEN_GEGEVENS
    if _get(rij, f"{veld}_verborgen"):
        return AFGESCHERMD
    return _getal(getal, Eenheid.EURO)


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
