"""The KPI catalogue (ADR 0026): what each KPI measures and why (B1), its doelstelling, formula, unit,
direction and source. A typed module, not a table: a KPI's formula is code in the owning app's selectors
(`kpi_telling`), so its description lives in code too and changes in the same review. Snapshots
(monitoring.models.KpiWaarde) refer to a KPI by its `code`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from venlo_armoede.doelstellingen import Doelstelling


class Bron(enum.StrEnum):
    DIVOSA = "Divosa-benchmark"
    DDAS = "DDAS (schuldhulpverlening)"
    VENLO = "Vraag van Venlo"


class Eenheid(enum.StrEnum):
    AANTAL = "aantal"
    PERCENTAGE = "procent"
    DAGEN = "dagen"
    EURO = "euro"
    GEMIDDELD_AANTAL = "gemiddeld aantal"


class Soort(enum.StrEnum):
    """How the value follows from teller and noemer."""

    AANTAL = "aantal"  # waarde = teller
    PERCENTAGE = "percentage"  # waarde = 100 × teller ÷ noemer
    GEMIDDELDE = "gemiddelde"  # waarde = teller ÷ noemer
    MEDIAAN = "mediaan"  # waarde is computed by the database; `aantal` is how many it is based on


@dataclass(frozen=True)
class Kpi:
    code: str
    naam: str
    uitleg: str  # B1: what it measures and why
    doelstelling: Doelstelling
    formule: str
    eenheid: Eenheid
    soort: Soort
    hoger_is_beter: bool | None  # None: no good direction (a population count)
    bron: Bron
    app: str | None  # which app's selectors.kpi_telling computes it; None: no data in the system yet
    stand: bool = False  # a state on the day of computing (not a count per month of an event)
    per_categorie: str = ""  # the name of the breakdown (regeling, partner, reden), if any

    @property
    def heeft_gegevens(self) -> bool:
        return self.app is not None


P, OND, T = Doelstelling.PREVENTIE, Doelstelling.ONDERSTEUNING, Doelstelling.TERUGVAL_VOORKOMEN
PCT, AANTAL = Eenheid.PERCENTAGE, Eenheid.AANTAL


def _minima(grens: int) -> Kpi:
    return Kpi(
        code=f"minimapopulatie_{grens}",
        naam=f"Huishoudens tot en met {grens}% van het sociaal minimum",
        uitleg=(
            f"Hoeveel huishoudens een inkomen hebben van niet meer dan {grens}% van de bijstandsnorm. "
            "Zo weten we hoe groot de groep is die een regeling kan krijgen."
        ),
        doelstelling=P,
        formule=f"huishoudens met inkomen ≤ {grens}% van de norm (van alle berekende huishoudens)",
        eenheid=AANTAL,
        soort=Soort.AANTAL,
        hoger_is_beter=None,
        bron=Bron.DIVOSA,
        app="regelingen",
        stand=True,
    )


CATALOGUS: tuple[Kpi, ...] = (
    *(_minima(grens) for grens in (100, 110, 120, 130, 150)),
    Kpi(
        "bereik",
        "Bereik per regeling",
        "Welk deel van de huishoudens met recht op een regeling die regeling ook krijgt. Hoe hoger, hoe beter.",
        P,
        "toegekend ÷ rechthebbend × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.VENLO,
        "regelingen",
        stand=True,
        per_categorie="Regeling",
    ),
    Kpi(
        "aangevraagd",
        "Aangevraagd per regeling",
        "Welk deel van de huishoudens met recht op een regeling die regeling heeft aangevraagd.",
        P,
        "rechthebbend met een aanvraag ÷ rechthebbend × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.VENLO,
        "regelingen",
        stand=True,
        per_categorie="Regeling",
    ),
    Kpi(
        "niet_gebruik",
        "Niet-gebruik per regeling",
        "Welk deel van de huishoudens met recht op een regeling die regeling niet krijgt. Hoe lager, hoe beter.",
        P,
        "(rechthebbend − toegekend) ÷ rechthebbend × 100",
        PCT,
        Soort.PERCENTAGE,
        False,
        Bron.VENLO,
        "regelingen",
        stand=True,
        per_categorie="Regeling",
    ),
    Kpi(
        "budgetgebruik",
        "Gebruik van het jaarbudget per regeling",
        "Hoeveel van het geld voor een regeling dit jaar is toegekend. Blijft er veel over, dan bereiken we "
        "mensen niet (onderuitputting).",
        P,
        "toegekende bedragen dit jaar ÷ jaarbudget × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.VENLO,
        "regelingen",
        stand=True,
        per_categorie="Regeling",
    ),
    Kpi(
        "vroegsignalen_ontvangen",
        "Vroegsignalen ontvangen",
        "Hoeveel meldingen van betalingsachterstanden we kregen van woningcorporaties, energie- en "
        "waterbedrijven en zorgverzekeraars.",
        P,
        "aantal ontvangen vroegsignalen",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.DDAS,
        "partners",
    ),
    Kpi(
        "vroegsignalen_contact",
        "Vroegsignalen met contact",
        "Bij welk deel van de vroegsignalen we de inwoner echt hebben gesproken.",
        P,
        "signalen met een geslaagde contactpoging ÷ ontvangen signalen × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "partners",
    ),
    Kpi(
        "vroegsignalen_hulp_geaccepteerd",
        "Hulp geaccepteerd na een vroegsignaal",
        "Welk deel van de inwoners die we spraken na een vroegsignaal onze hulp aannam.",
        P,
        "signalen met resultaat 'hulp geaccepteerd' ÷ signalen met contact en een resultaat × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "partners",
    ),
    Kpi(
        "vroegsignalen_opeenvolgend",
        "Opeenvolgende vroegsignalen",
        "Welk deel van de vroegsignalen gaat over een huishouden dat kort daarvoor ook al een signaal had.",
        P,
        "opeenvolgende signalen ÷ ontvangen signalen × 100",
        PCT,
        Soort.PERCENTAGE,
        False,
        Bron.DDAS,
        "partners",
    ),
    Kpi(
        "aanmeldingen",
        "Aanmeldingen voor schuldhulp",
        "Hoeveel huishoudens zich meldden voor hulp bij geldzorgen.",
        OND,
        "aantal nieuwe casussen",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.DIVOSA,
        "cases",
    ),
    Kpi(
        "crisis_binnen_3_werkdagen",
        "Crisis binnen 3 werkdagen gezien",
        "Bij een crisis (zoals een dreigende huisuitzetting) moet het eerste gesprek binnen 3 werkdagen zijn. "
        "Welk deel haalden we?",
        OND,
        "crisis-casussen met eerste gesprek op tijd ÷ crisis-casussen waarvan de termijn voorbij is × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "eerste_gesprek_binnen_4_weken",
        "Eerste gesprek binnen 4 weken",
        "De wet zegt: binnen 4 weken na de aanmelding een eerste gesprek. Welk deel haalden we?",
        OND,
        "casussen met eerste gesprek op tijd ÷ casussen waarvan de termijn voorbij is × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "doorlooptijd_beschikking",
        "Doorlooptijd tot de beschikking (mediaan)",
        "Hoeveel dagen het duurt van het eerste gesprek tot het besluit over schuldhulp. De helft van de "
        "inwoners wacht korter, de helft langer.",
        OND,
        "mediaan van (datum beschikking − datum eerste gesprek) in dagen",
        Eenheid.DAGEN,
        Soort.MEDIAAN,
        False,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "beschikking_binnen_8_weken",
        "Beschikking binnen 8 weken",
        "De wet zegt: binnen 8 weken na het eerste gesprek een besluit. Welk deel haalden we?",
        OND,
        "casussen met beschikking op tijd ÷ casussen waarvan de termijn voorbij is × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "stabilisatie_binnen_4_maanden",
        "Stabilisatie binnen 4 maanden",
        "Welk deel van de inwoners binnen 4 maanden rust heeft: de stabilisatie is klaar.",
        OND,
        "casussen die binnen 4 maanden uit stabilisatie gaan ÷ casussen in stabilisatie (termijn voorbij) × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "schuldregeling_binnen_120_dagen",
        "Schuldregeling binnen 120 dagen",
        "Welk deel van de toegelaten inwoners binnen 120 dagen een schuldregeling of oplossing heeft (NVVK-norm).",
        OND,
        "toegelaten casussen met regeling op tijd ÷ toegelaten casussen (termijn voorbij) × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "gemiddelde_schuld",
        "Gemiddelde schuld bij aanmelding",
        "Hoeveel schuld een huishouden gemiddeld heeft als het zich meldt. We tellen de schulden die in de "
        "aanmelding en de intake zijn vastgelegd, met het bedrag van dat moment. Lager betekent: mensen komen eerder.",
        OND,
        "som per casus van de schulden bij intake (bedrag bij registratie) ÷ aantal casussen met schulden bij intake",
        Eenheid.EURO,
        Soort.GEMIDDELDE,
        False,
        Bron.DIVOSA,
        "cases",
    ),
    Kpi(
        "gemiddeld_aantal_schuldeisers",
        "Gemiddeld aantal schuldeisers bij aanmelding",
        "Bij hoeveel verschillende partijen een huishouden gemiddeld schulden heeft als het zich meldt. We tellen "
        "de schuldeisers die in de aanmelding en de intake zijn vastgelegd.",
        OND,
        "som per casus van het aantal schuldeisers bij intake ÷ aantal casussen met schulden bij intake",
        Eenheid.GEMIDDELD_AANTAL,
        Soort.GEMIDDELDE,
        False,
        Bron.DIVOSA,
        "cases",
    ),
    Kpi(
        "doorverwijzingen",
        "Doorverwijzingen per partner",
        "Hoeveel inwoners we warm doorverwezen naar elke partnerorganisatie.",
        OND,
        "aantal verstuurde doorverwijzingen",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "partners",
        per_categorie="Partner",
    ),
    Kpi(
        "doorverwijzingen_geaccepteerd",
        "Doorverwijzingen geaccepteerd",
        "Welk deel van de doorverwijzingen de partner aannam.",
        OND,
        "geaccepteerd ÷ (geaccepteerd + afgewezen) × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.VENLO,
        "partners",
        per_categorie="Partner",
    ),
    Kpi(
        "doorverwijzingen_afgerond",
        "Doorverwijzingen afgerond",
        "Hoeveel doorverwijzingen elke partner in de maand afrondde: de hulp bij de partner is klaar.",
        OND,
        "aantal doorverwijzingen afgerond in de maand, per partner",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "partners",
        per_categorie="Partner",
    ),
    Kpi(
        "zorgmeldingen",
        "Zorgmeldingen van partners",
        "Hoeveel inwoners een partnerorganisatie bij de gemeente aanmeldde voor hulp (een zorgmelding). Zo ziet "
        "u dat hulp ook van de partners naar de gemeente gaat.",
        OND,
        "aantal aanmeldingen met bron 'partnerorganisatie', per organisatie van de melder",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "cases",
        per_categorie="Partner",
    ),
    Kpi(
        "doorverwijzingen_reactietijd",
        "Reactietijd van partners (mediaan)",
        "Hoeveel dagen een partner nodig heeft om een doorverwijzing aan te nemen of af te wijzen.",
        OND,
        "mediaan van (eerste reactie − verstuurd) in dagen",
        Eenheid.DAGEN,
        Soort.MEDIAAN,
        False,
        Bron.VENLO,
        "partners",
        per_categorie="Partner",
    ),
    Kpi(
        "doorverwijzingen_uitkomst",
        "Uitkomst van doorverwijzingen",
        "Wat de hulp van de partner opleverde: doel bereikt, deels bereikt, niet bereikt of gestopt.",
        OND,
        "aantal doorverwijzingen afgerond in de maand, per uitkomst",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "partners",
        per_categorie="Uitkomst",
    ),
    Kpi(
        "doorverwijzingen_vrijwilligers",
        "Aandeel naar vrijwilligersorganisaties",
        "Welk deel van de doorverwijzingen naar vrijwilligersorganisaties ging. Venlo wil dat zij meer "
        "inwoners krijgen.",
        OND,
        "doorverwijzingen naar vrijwilligersorganisaties ÷ alle doorverwijzingen × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.VENLO,
        "partners",
    ),
    Kpi(
        "capaciteitsgebruik",
        "Bezetting van de partners",
        "Welk deel van de plekken bij partners bezet is.",
        OND,
        "(plekken in totaal − vrije plekken) ÷ plekken in totaal × 100",
        PCT,
        Soort.PERCENTAGE,
        None,
        Bron.VENLO,
        "partners",
        stand=True,
        per_categorie="Partner",
    ),
    Kpi(
        "maatwerk_goedgekeurd",
        "Goedgekeurd maatwerk",
        "Hoe vaak de menselijke maat werd toegepast: maatwerk dat na de vier-ogen-toets is goedgekeurd.",
        OND,
        "aantal maatwerkvoorstellen goedgekeurd in de maand, per soort",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "cases",
        per_categorie="Soort maatwerk",
    ),
    Kpi(
        "flexibel_budget_besteed",
        "Flexibel budget besteed",
        "Hoeveel van het flexibel budget voor maatwerk dit jaar is uitgegeven.",
        OND,
        "besteed ÷ budget van dit jaar × 100",
        PCT,
        Soort.PERCENTAGE,
        None,
        Bron.VENLO,
        "cases",
        stand=True,
    ),
    Kpi(
        "recidive_24_maanden",
        "Terugval binnen 24 maanden",
        "Welk deel van de inwoners die de hulp afrondden zich binnen 2 jaar opnieuw meldt. We tellen een inwoner "
        "pas mee als die 2 jaar voorbij zijn, in de maand waarin ze om zijn. Hoe lager, hoe beter.",
        T,
        "afgeronde casussen met een nieuwe aanmelding binnen 24 maanden na het afsluiten ÷ afgeronde casussen "
        "waarvan de 24 maanden voorbij zijn × 100, per maand waarin de 24 maanden om zijn",
        PCT,
        Soort.PERCENTAGE,
        False,
        Bron.DIVOSA,
        "cases",
    ),
    Kpi(
        "uitstroom_per_reden",
        "Uitstroom per reden",
        "Waarom de hulp stopte: afgerond, zelf opgelost, ingetrokken en andere redenen.",
        T,
        "aantal afgesloten casussen per uitstroomreden",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.DDAS,
        "cases",
        per_categorie="Reden",
    ),
    Kpi(
        "onder_bewind",
        "Inwoners onder bewind",
        "Hoeveel inwoners aan het eind van de maand een bewindvoerder hebben die hun geld beheert "
        "(beschermingsbewind). Budgetbeheer telt niet mee.",
        T,
        "aantal inwoners met beschermingsbewind op de laatste dag van de maand (deze maand: vandaag)",
        AANTAL,
        Soort.AANTAL,
        None,
        Bron.VENLO,
        "cases",
    ),
    Kpi(
        "uitstroom_uit_bewind",
        "Uitstroom uit bewind",
        "Hoeveel inwoners uit beschermingsbewind gingen, bijvoorbeeld omdat ze weer zelf hun geld kunnen "
        "regelen. Waarom een bewind stopt, staat nog niet in het systeem.",
        T,
        "aantal inwoners van wie het beschermingsbewind in de maand eindigde (laatste dag in de maand)",
        AANTAL,
        Soort.AANTAL,
        True,
        Bron.VENLO,
        "cases",
    ),
    Kpi(
        "nazorg_uitgevoerd",
        "Nazorgcontacten gehouden",
        "Welk deel van de geplande nazorgcontacten echt plaatsvond.",
        T,
        "gehouden nazorgcontacten ÷ nazorgcontacten gepland vóór vandaag (of vandaag al gehouden) × 100",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
    Kpi(
        "nazorg_zonder_nieuwe_achterstanden",
        "Nazorg zonder nieuwe achterstanden",
        "Welk deel van de inwoners bij het nazorgcontact geen nieuwe betalingsachterstanden had.",
        T,
        "gehouden contacten zonder nieuwe achterstanden ÷ gehouden contacten waarbij dit is gevraagd × 100, "
        "per maand van het contact",
        PCT,
        Soort.PERCENTAGE,
        True,
        Bron.DDAS,
        "cases",
    ),
)

PER_CODE: dict[str, Kpi] = {kpi.code: kpi for kpi in CATALOGUS}


def per_doelstelling() -> list[tuple[Doelstelling, list[Kpi]]]:
    return [(doel, [kpi for kpi in CATALOGUS if kpi.doelstelling == doel]) for doel in Doelstelling]
