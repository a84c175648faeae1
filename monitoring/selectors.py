"""Reads for /beleid/, its exports and the KPI API: from the pre-computed snapshots (monitoring.KpiWaarde) only,
one query per page, and every figure through the one suppression rule (monitoring.onderdrukking). The page,
the CSV/XLSX export and the API are built from the same `Tabel`s, so they cannot show different figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils.safestring import SafeString

from cases import selectors as cases_selectors
from partners import selectors as partners_selectors
from regelingen import selectors as regelingen_selectors
from venlo_armoede.kleine_aantallen import AFGESCHERMD, KLEINSTE_AANTAL, is_klein, onderdruk, verberg_keten

from .grafieken import Punt, groepgrafiek, lijngrafiek, staafgrafiek
from .kpis import CATALOGUS, PER_CODE, Kpi, Soort, per_doelstelling
from .models import KpiRun, KpiWaarde
from .onderdrukking import BEDRAGEN, GEEN_GEGEVENS, toon, toon_aantal, toon_bedrag, waarde

MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TRECHTER = ("bereik", "aangevraagd", "niet_gebruik", "budgetgebruik")


@dataclass
class Tabel:
    naam: str  # the export's name (and the anchor on the page)
    titel: str
    koppen: list[str]  # "#" in front: a numeric column
    rijen: list[list[str]] = field(default_factory=list)

    @property
    def cellen(self) -> list[list[tuple[str, bool]]]:
        """The rows with, per cell, whether its column is numeric (the template aligns those right)."""
        getal = [kop.startswith("#") for kop in self.koppen]
        return [list(zip(rij, getal, strict=False)) for rij in self.rijen]


# Per KPI code: category code -> Dutch label, from the app that owns the codes. Regelingen and organisations are
# stored by their name already; a code without a label (a name) is shown as it is.
CATEGORIELABELS: dict[str, dict[str, str]] = {
    **cases_selectors.KPI_CATEGORIELABELS,
    **partners_selectors.KPI_CATEGORIELABELS,
}


def categorielabel(code: str, categorie: str) -> str:
    """What the page, the exports and the report show for a stored category (the API keeps the code)."""
    return str(CATEGORIELABELS.get(code, {}).get(categorie, categorie))


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
        if kpi.code in BEDRAGEN:
            return [toon(kpi, rij), toon_bedrag(rij, "teller"), toon_bedrag(rij, "noemer")]
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
        for cat in sorted(per_categorie, key=lambda c: categorielabel(kpi.code, c)):
            rij = per_categorie[cat].get(maand)
            if rij is None:
                continue
            label = categorielabel(kpi.code, cat)
            tabel.rijen.append([label, *_cellen(kpi, rij)])
            punten.append(Punt(label, _getal(kpi, rij), toon(kpi, rij)))
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


def _nieuwste_maand(index: dict, codes: tuple[str, ...], tot: date) -> date | None:
    """The newest month up to `tot` with a stored figure for any category of these KPIs."""
    gevuld = [m for (code, _cat), rijen in index.items() if code in codes for m, rij in rijen.items() if m <= tot]
    return max(gevuld, default=None)


def _aantal(rij, veld: str) -> str:
    return GEEN_GEGEVENS if rij is None else toon_aantal(rij, veld)


def _afgewezen(rij) -> str:
    """Refused = beantwoord − geaccepteerd (the complement of doorverwijzingen_geaccepteerd). Exact only when
    both are shown; a small one is "<5" (as the "≥" of the percentage says already), any other "×", so it can
    never give a hidden count away."""
    if rij is None:
        return GEEN_GEGEVENS
    verschil = int(rij["noemer"] - rij["teller"])
    if not rij["teller_verborgen"] and not rij["noemer_verborgen"]:
        return str(verschil)
    return onderdruk(verschil) if is_klein(verschil) else AFGESCHERMD


STROOM_KPIS = ("doorverwijzingen", "doorverwijzingen_geaccepteerd", "doorverwijzingen_afgerond", "zorgmeldingen")


def stromen(index: dict, tot: date, soorten: dict[str, str]) -> tuple[Tabel, SafeString]:
    """Referral flows per organisation, grouped by its kind, for the newest month up to `tot`: from the gemeente
    to the partner (verstuurd → geaccepteerd or afgewezen, of the referrals sent in the month; afgerond in the
    month, ADR 0026: an event counts in its own month) and back (zorgmeldingen). Every figure is a stored,
    suppressed snapshot cell; the chain geaccepteerd ≤ beantwoord ≤ verstuurd is protected when the snapshots
    are written (monitoring.onderdrukking.KETENS)."""
    maand = _nieuwste_maand(index, STROOM_KPIS, tot)
    titel = "Doorverwijzingen tussen gemeente en partners" + (f", {maandlabel(maand)}" if maand else "")
    tabel = Tabel(
        "verwijsstromen",
        titel,
        [
            "Organisatie",
            "Soort organisatie",
            "#Verstuurd door de gemeente",
            "#Geaccepteerd",
            "#Afgewezen",
            "#Afgerond in de maand",
            "#Geaccepteerd (%)",
            "#Zorgmeldingen aan de gemeente",
        ],
    )
    if maand is None:
        return tabel, SafeString("")
    organisaties = {cat for (code, cat), rijen in index.items() if code in STROOM_KPIS and cat and maand in rijen}
    onbekend = "Soort onbekend"
    volgorde = sorted(organisaties, key=lambda naam: (soorten.get(naam, onbekend), naam))
    groepen = []
    for naam in volgorde:
        rij = {code: index.get((code, naam), {}).get(maand) for code in STROOM_KPIS}
        verstuurd, geaccepteerd, afgerond = (
            rij["doorverwijzingen"],
            rij["doorverwijzingen_geaccepteerd"],
            rij["doorverwijzingen_afgerond"],
        )
        tabel.rijen.append(
            [
                naam,
                soorten.get(naam, onbekend),
                toon(PER_CODE["doorverwijzingen"], verstuurd) if verstuurd else "0",
                _aantal(geaccepteerd, "teller") if geaccepteerd else "0",
                _afgewezen(geaccepteerd) if geaccepteerd else "0",
                toon(PER_CODE["doorverwijzingen_afgerond"], afgerond) if afgerond else "0",
                toon(PER_CODE["doorverwijzingen_geaccepteerd"], geaccepteerd),
                toon(PER_CODE["zorgmeldingen"], rij["zorgmeldingen"]) if rij["zorgmeldingen"] else "0",
            ]
        )
        stappen = [
            ("verstuurd", verstuurd, "teller"),
            ("geaccepteerd", geaccepteerd, "teller"),
            ("afgerond", afgerond, "teller"),
            ("zorgmeldingen", rij["zorgmeldingen"], "teller"),
        ]
        groepen.append(
            (f"{naam} ({soorten.get(naam, onbekend).lower()})", [_stap_punt(s, r, v) for s, r, v in stappen])
        )
    return tabel, groepgrafiek(id="g-verwijsstromen", titel=titel, groepen=groepen)


def _stap_punt(label: str, rij, veld: str) -> Punt:
    """A count of a flow or funnel for a chart: its number when shown, else a gap with its table text."""
    if rij is None:
        return Punt(label, 0.0, "0")
    tekst = toon_aantal(rij, veld)
    return Punt(label, None if rij[f"{veld}_verborgen"] else float(rij[veld] or 0), tekst)


def signaaltrechter(index: dict, tot: date) -> tuple[Tabel, SafeString]:
    """The vroegsignalen funnel for the newest month up to `tot` with signals received: ontvangen → contact
    gemaakt → gesproken met een uitkomst → hulp geaccepteerd (each accepted help becomes an aanmelding, a
    casus). Counts and percentages come from the stored KPIs; a percentage of a step further down is shown
    through the same `toon`, so it is withheld when a count it rests on is."""
    ontvangen_per_maand = index.get(("vroegsignalen_ontvangen", ""), {})
    met_signalen = [m for m, r in ontvangen_per_maand.items() if m <= tot and r["teller"]]
    maand = max(met_signalen, default=None)
    titel = "Van vroegsignaal tot hulp" + (f", {maandlabel(maand)}" if maand else "")
    tabel = Tabel("signaaltrechter", titel, ["Stap", "#Aantal", "#Van de ontvangen signalen", "#Van de stap ervoor"])
    if maand is None:
        return tabel, SafeString("")
    ontvangen = ontvangen_per_maand[maand]
    contact = index.get(("vroegsignalen_contact", ""), {}).get(maand)
    hulp = index.get(("vroegsignalen_hulp_geaccepteerd", ""), {}).get(maand)
    procent = PER_CODE["vroegsignalen_contact"]  # a percentage of people out of people: its rule applies

    def deel(teller_rij, teller_veld: str, noemer_rij, noemer_veld: str) -> str:
        if teller_rij is None or noemer_rij is None:
            return GEEN_GEGEVENS
        rij = {
            "teller": teller_rij[teller_veld],
            "noemer": noemer_rij[noemer_veld],
            "teller_verborgen": teller_rij[f"{teller_veld}_verborgen"],
            "noemer_verborgen": noemer_rij[f"{noemer_veld}_verborgen"],
        }
        return toon(procent, rij)

    tabel.rijen = [
        [
            "Signaal ontvangen",
            toon_aantal(ontvangen, "teller"),
            "100%" if not ontvangen["teller_verborgen"] else "–",
            "",
        ],
        [
            "Contact gemaakt",
            _aantal(contact, "teller"),
            toon(procent, contact),
            toon(procent, contact),
        ],
        [
            "Gesproken, uitkomst bekend",
            _aantal(hulp, "noemer"),
            deel(hulp, "noemer", ontvangen, "teller"),
            deel(hulp, "noemer", contact, "teller"),
        ],
        [
            "Hulp geaccepteerd (aanmelding gemaakt)",
            _aantal(hulp, "teller"),
            deel(hulp, "teller", ontvangen, "teller"),
            toon(PER_CODE["vroegsignalen_hulp_geaccepteerd"], hulp),
        ],
    ]
    punten = [
        _stap_punt("ontvangen", ontvangen, "teller"),
        _stap_punt("contact gemaakt", contact, "teller"),
        _stap_punt("uitkomst bekend", hulp, "noemer"),
        _stap_punt("hulp geaccepteerd", hulp, "teller"),
    ]
    return tabel, staafgrafiek(id="g-signaaltrechter", titel=titel, punten=punten)


def dashboard(*, van: date, tot: date, stadsdeel: int | None = None, doelgroep: str | None = None) -> dict:
    index = _lees(van=van, tot=tot, stadsdeel=stadsdeel, doelgroep=doelgroep)
    periode = maanden(van, tot)
    secties = [
        {"doelstelling": doel, "blokken": [kpi_blok(kpi, index, periode) for kpi in kpis]}
        for doel, kpis in per_doelstelling()
    ]
    tabel = trechter(index, tot)
    punten = [Punt(r[0], _bereik_getal(index, r[0], tot), r[4]) for r in tabel.rijen]
    # The kinds of organisation name no person; one query, whatever the number of snapshots.
    verwijsstromen, verwijsstromen_grafiek = stromen(index, tot, partners_selectors.organisatiesoorten())
    trechter_signalen, trechter_signalen_grafiek = signaaltrechter(index, tot)
    return {
        "secties": secties,
        "trechter": tabel,
        "trechter_grafiek": staafgrafiek(id="g-trechter", titel="Bereik per regeling", punten=punten) if punten else "",
        "verwijsstromen": verwijsstromen,
        "verwijsstromen_grafiek": verwijsstromen_grafiek,
        "signaaltrechter": trechter_signalen,
        "signaaltrechter_grafiek": trechter_signalen_grafiek,
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
    """Every table of the page by its export name (overzicht, the funnels and flows, and one per KPI)."""
    data = dashboard(**filters)
    alle = {
        "overzicht": overzicht(data["secties"]),
        "trechter": data["trechter"],
        "verwijsstromen": data["verwijsstromen"],
        "signaaltrechter": data["signaaltrechter"],
    }
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
    """Per stadsdeel the cumulative income bands and the total: a band is hidden when it, or its difference
    with the band (or total) next to it, is 1 to 4 (the same chain rule as the snapshots)."""
    uitkomst = []
    for r in regelingen_selectors.inkomensbanden_per_stadsdeel(INKOMENSGRENZEN):
        keten = [*r["banden"], r["totaal"]]
        klein = {i for i, aantal in enumerate(keten) if is_klein(aantal)}
        verborgen = klein | verberg_keten(keten, klein, vast=[len(keten) - 1])
        cellen = [
            onderdruk(a) if i in klein else AFGESCHERMD if i in verborgen else str(a) for i, a in enumerate(keten)
        ]
        uitkomst.append({"stadsdeel": r["stadsdeel"], "totaal": cellen[-1], "banden": cellen[:-1]})
    return uitkomst


def bereik_per_regeling() -> list[dict]:
    resultaat = []
    for r in regelingen_selectors.bereik_per_regeling():
        # 98 of 100 would say 2 did not get it: a small complement hides toegekend too.
        aanvulling = is_klein(r["rechthebbend"] - r["toegekend"])
        klein = r["rechthebbend"] < KLEINSTE_AANTAL or is_klein(r["toegekend"]) or aanvulling
        resultaat.append(
            {
                "regeling": r["regeling"],
                "rechthebbend": onderdruk(r["rechthebbend"]),
                "toegekend": AFGESCHERMD
                if aanvulling and r["toegekend"] >= KLEINSTE_AANTAL
                else onderdruk(r["toegekend"]),
                "bereik_pct": None if klein else round(100 * r["toegekend"] / r["rechthebbend"]),
            }
        )
    return resultaat
