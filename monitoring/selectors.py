"""Reads for /beleid/, its exports and the KPI API: from the pre-computed snapshots (monitoring.KpiWaarde) only,
one query per page, and every figure through the one suppression rule (monitoring.onderdrukking). The page,
the CSV/XLSX export and the API are built from the same `Tabel`s, so they cannot show different figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from cases import selectors as cases_selectors
from regelingen import selectors as regelingen_selectors
from venlo_armoede.kleine_aantallen import KLEINSTE_AANTAL, onderdruk

from .grafieken import Punt, lijngrafiek, staafgrafiek
from .kpis import CATALOGUS, PER_CODE, Eenheid, Kpi, Soort, per_doelstelling
from .models import KpiRun, KpiWaarde
from .onderdrukking import GEEN_GEGEVENS, toon, toon_aantal, waarde

MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TRECHTER = ("bereik", "aangevraagd", "niet_gebruik", "budgetgebruik")


@dataclass
class Tabel:
    naam: str  # the export's name (and the anchor on the page)
    titel: str
    koppen: list[str]  # "#" in front: a numeric column
    rijen: list[list[str]] = field(default_factory=list)


def maandlabel(maand: date) -> str:
    return f"{MAANDEN[maand.month - 1]} {maand:%Y}"


def maanden(van: date, tot: date) -> list[date]:
    uitkomst, maand = [], van
    while maand <= tot:
        uitkomst.append(maand)
        maand += relativedelta(months=1)
    return uitkomst


def _lees(*, van: date, tot: date, stadsdeel: int | None, doelgroep: str | None) -> dict:
    """(kpi, categorie) -> {maand: row}, for the chosen stadsdeel and doelgroep: one query."""
    filters = Q(maand__gte=van, maand__lte=tot)
    filters &= Q(stadsdeel_id=stadsdeel) if stadsdeel else Q(stadsdeel__isnull=True)
    filters &= Q(doelgroep=doelgroep) if doelgroep else Q(doelgroep__isnull=True)
    index: dict = defaultdict(dict)
    velden = (
        "kpi",
        "maand",
        "categorie",
        "teller",
        "noemer",
        "aantal",
        "waarde",
        "teller_verborgen",
        "noemer_verborgen",
    )
    for rij in KpiWaarde.objects.filter(filters).values(*velden):
        index[(rij["kpi"], rij["categorie"])][rij["maand"]] = rij
    return index


def _getal(kpi: Kpi, rij) -> float | None:
    """The numeric value of a figure for a chart, None when it is withheld."""
    if rij is None or rij["teller_verborgen"] or rij["noemer_verborgen"]:
        return None
    w = waarde(kpi, rij)
    return None if w is None else float(w)


def _koppen(kpi: Kpi, eerste: str) -> list[str]:
    if kpi.soort == Soort.AANTAL:
        return [eerste, "#Aantal"]
    if kpi.soort == Soort.PERCENTAGE:
        return [eerste, "#Percentage", "#Telt mee", "#Van in totaal"]
    return [eerste, f"#{'Mediaan' if kpi.soort == Soort.MEDIAAN else 'Gemiddelde'}", "#Gebaseerd op"]


def _cellen(kpi: Kpi, rij) -> list[str]:
    if kpi.soort == Soort.AANTAL:
        return [toon(kpi, rij)]
    if rij is None:
        return [GEEN_GEGEVENS, "", ""] if kpi.soort == Soort.PERCENTAGE else [GEEN_GEGEVENS, ""]
    if kpi.soort == Soort.PERCENTAGE:
        if kpi.eenheid == Eenheid.PERCENTAGE and kpi.code in ("budgetgebruik", "flexibel_budget_besteed"):
            return [toon(kpi, rij), f"€ {int(rij['teller'] or 0)}", f"€ {int(rij['noemer'] or 0)}"]
        return [toon(kpi, rij), toon_aantal(rij, "teller"), toon_aantal(rij, "noemer")]
    basis = rij["aantal"] if kpi.soort == Soort.MEDIAAN else rij["noemer"]
    verborgen = rij["teller_verborgen"] or rij["noemer_verborgen"]
    return [toon(kpi, rij), onderdruk(int(basis or 0)) if verborgen else str(int(basis or 0))]


def kpi_blok(kpi: Kpi, index: dict, periode: list[date]) -> dict:
    """Tile, chart and table of one KPI for the chosen period and filters."""
    blok = {"kpi": kpi, "huidig": GEEN_GEGEVENS, "maand": None, "trend": "", "grafiek": "", "tabel": None}
    if not kpi.heeft_gegevens:
        return blok
    if kpi.per_categorie:
        per_categorie = {cat: rijen for (code, cat), rijen in index.items() if code == kpi.code and cat}
        gevuld = sorted({m for rijen in per_categorie.values() for m in rijen})
        if not gevuld:
            return blok
        maand = gevuld[-1]
        tabel = Tabel(kpi.code, f"{kpi.naam}, {maandlabel(maand)}", _koppen(kpi, kpi.per_categorie))
        punten = []
        for cat in sorted(per_categorie):
            rij = per_categorie[cat].get(maand)
            if rij is None:
                continue
            tabel.rijen.append([cat, *_cellen(kpi, rij)])
            punten.append(Punt(cat, _getal(kpi, rij), toon(kpi, rij)))
        blok.update(maand=maand, huidig=f"per {kpi.per_categorie.lower()}", tabel=tabel)
        blok["grafiek"] = staafgrafiek(id=f"g-{kpi.code}", titel=tabel.titel, punten=punten)
        return blok
    per_maand = index.get((kpi.code, ""), {})
    tabel = Tabel(kpi.code, kpi.naam, _koppen(kpi, "Maand"))
    punten = []
    for maand in periode:
        rij = per_maand.get(maand)
        if kpi.stand and rij is None:
            continue  # a stand exists only for the months it was computed in
        tabel.rijen.append([maandlabel(maand), *_cellen(kpi, rij)])
        punten.append(Punt(maandlabel(maand), _getal(kpi, rij), "" if rij is None else toon(kpi, rij)))
    gevuld = [m for m in periode if m in per_maand]
    if not gevuld:
        return blok
    laatste = per_maand[gevuld[-1]]
    blok.update(maand=gevuld[-1], huidig=toon(kpi, laatste), tabel=tabel)
    getallen = [p.waarde for p in punten if p.waarde is not None]
    if len(getallen) >= 2:
        verschil = getallen[-1] - getallen[0]
        blok["trend"] = "gestegen" if verschil > 0 else "gedaald" if verschil < 0 else "gelijk gebleven"
        if kpi.hoger_is_beter is not None and verschil:
            blok["beter"] = (verschil > 0) == kpi.hoger_is_beter
    blok["grafiek"] = lijngrafiek(id=f"g-{kpi.code}", titel=kpi.naam, punten=punten)
    return blok


def trechter(index: dict, tot: date) -> Tabel:
    """Per regeling: rechthebbend → aangevraagd → toegekend, with niet-gebruik and budget use (a stand: the
    newest month computed up to `tot`)."""
    tabel = Tabel(
        "trechter",
        "Bereik per regeling: van recht tot toekenning",
        ["Regeling", "#Met recht", "#Aangevraagd", "#Toegekend", "#Bereik", "#Niet-gebruik", "#Budget gebruikt"],
    )
    bereik = {cat: rijen for (code, cat), rijen in index.items() if code == "bereik" and cat}
    # A regeling with a jaarbudget but nobody with recht still shows its budget use (0%: onderuitputting).
    budgetten = {cat: rijen for (code, cat), rijen in index.items() if code == "budgetgebruik" and cat}
    for regeling in sorted(bereik.keys() | budgetten.keys()):
        rijen = bereik.get(regeling) or budgetten[regeling]
        maand = max((m for m in rijen if m <= tot), default=None)
        if maand is None:
            continue
        b = bereik.get(regeling, {}).get(maand)
        aangevraagd = index.get(("aangevraagd", regeling), {}).get(maand)
        niet = index.get(("niet_gebruik", regeling), {}).get(maand)
        budget = budgetten.get(regeling, {}).get(maand)
        tabel.rijen.append(
            [
                regeling,
                toon_aantal(b, "noemer") if b else GEEN_GEGEVENS,
                toon_aantal(aangevraagd, "teller") if aangevraagd else GEEN_GEGEVENS,
                toon_aantal(b, "teller") if b else GEEN_GEGEVENS,
                toon(PER_CODE["bereik"], b),
                toon(PER_CODE["niet_gebruik"], niet),
                toon(PER_CODE["budgetgebruik"], budget) if budget else "alleen voor heel Venlo",
            ]
        )
    return tabel


def dashboard(*, van: date, tot: date, stadsdeel: int | None = None, doelgroep: str | None = None) -> dict:
    index = _lees(van=van, tot=tot, stadsdeel=stadsdeel, doelgroep=doelgroep)
    periode = maanden(van, tot)
    secties = [
        {"doelstelling": doel, "blokken": [kpi_blok(kpi, index, periode) for kpi in kpis]}
        for doel, kpis in per_doelstelling()
    ]
    tabel = trechter(index, tot)
    punten = [Punt(r[0], _bereik_getal(index, r[0], tot), r[4]) for r in tabel.rijen]
    return {
        "secties": secties,
        "trechter": tabel,
        "trechter_grafiek": staafgrafiek(id="g-trechter", titel="Bereik per regeling", punten=punten) if punten else "",
        "heeft_cijfers": bool(index),
    }


def _bereik_getal(index, regeling, tot):
    rijen = index.get(("bereik", regeling), {})
    maand = max((m for m in rijen if m <= tot), default=None)
    return None if maand is None else _getal(PER_CODE["bereik"], rijen[maand])


def overzicht(secties: list[dict]) -> Tabel:
    tabel = Tabel("overzicht", "Alle KPI's per doelstelling", ["Doelstelling", "KPI", "Maand", "Waarde", "Bron"])
    for sectie in secties:
        for blok in sectie["blokken"]:
            kpi = blok["kpi"]
            maand = maandlabel(blok["maand"]) if blok["maand"] else ""
            tabel.rijen.append([str(sectie["doelstelling"].label), kpi.naam, maand, blok["huidig"], kpi.bron.value])
    return tabel


def tabellen(**filters) -> dict[str, Tabel]:
    """Every table of the page by its export name (overzicht, trechter, and one per KPI)."""
    data = dashboard(**filters)
    alle = {"overzicht": overzicht(data["secties"]), "trechter": data["trechter"]}
    for sectie in data["secties"]:
        for blok in sectie["blokken"]:
            if blok["tabel"] is not None:
                alle[blok["kpi"].code] = blok["tabel"]
    return alle


def waarden_voor_api(*, van: date, tot: date, stadsdeel: int | None, doelgroep: str | None) -> list[dict]:
    """Every stored figure of the period for the filters, after suppression."""
    index = _lees(van=van, tot=tot, stadsdeel=stadsdeel, doelgroep=doelgroep)
    uitkomst = []
    for (code, categorie), per_maand in sorted(index.items()):
        kpi = PER_CODE.get(code)
        if kpi is None:
            continue
        for maand, rij in sorted(per_maand.items()):
            getal = _getal(kpi, rij)
            uitkomst.append(
                {
                    "kpi": code,
                    "maand": f"{maand:%Y-%m}",
                    "categorie": categorie,
                    "waarde": toon(kpi, rij),
                    "getal": None if getal is None else round(getal, 1),
                }
            )
    return uitkomst


def catalogus() -> tuple[Kpi, ...]:
    return CATALOGUS


def laatste_run() -> KpiRun | None:
    return KpiRun.objects.first()


# --- The live aggregates of the first /beleid/ page (kept for the minima table's callers) ----------------
INKOMENSGRENZEN = (100, 110, 120, 130, 150)


def huishoudens_per_stadsdeel() -> list[dict]:
    return [
        {"stadsdeel": naam, "aantal": onderdruk(aantal)}
        for naam, aantal in cases_selectors.aantal_huishoudens_per_stadsdeel()
    ]


def minimapopulatie() -> list[dict]:
    return [
        {
            "stadsdeel": r["stadsdeel"],
            "totaal": onderdruk(r["totaal"]),
            "banden": [onderdruk(aantal) for aantal in r["banden"]],
        }
        for r in regelingen_selectors.inkomensbanden_per_stadsdeel(INKOMENSGRENZEN)
    ]


def bereik_per_regeling() -> list[dict]:
    resultaat = []
    for r in regelingen_selectors.bereik_per_regeling():
        klein = r["rechthebbend"] < KLEINSTE_AANTAL or 0 < r["toegekend"] < KLEINSTE_AANTAL
        resultaat.append(
            {
                "regeling": r["regeling"],
                "rechthebbend": onderdruk(r["rechthebbend"]),
                "toegekend": onderdruk(r["toegekend"]),
                "bereik_pct": None if klein else round(100 * r["toegekend"] / r["rechthebbend"]),
            }
        )
    return resultaat
