"""A synthetic demo population for Venlo: households, inwoners, incomes, debts and a few casussen, plus one
demo user per role. Used by `python manage.py seed_demo`.

Everything here is made up. Names come from short lists written for this file; addresses use plausible street
names with postcodes in Venlo's 59xx range; BSNs are synthetic numbers that pass the elfproef (see
`synthetisch_bsn`) and belong to nobody in this data.

Deterministic: the same --seed and --households give exactly the same rows (except database ids and the
automatic aangemaakt_op/gewijzigd_op timestamps). There is no Faker and no clock: ages, income dates and case
dates are all relative to the fixed PEILDATUM below.

Calibrated: AANDEEL_LAAG_INKOMEN of the households have an income (aanvrager + partner) of at most 110% of
their applicable bijstandsnorm on PEILDATUM, as computed by the engine (regelingen.engine.bereken_norm, with the
kostendelersnorm) — Venlo's own figure for 2020 was 12%. The income is derived from a drawn ratio to the norm,
so the share holds by construction.

Seeding writes no audit records on purpose: this is synthetic data, nobody's personal data is processed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Casus, CasusStatus, CrisisReden, Gezinsrol, Huishouden, InkomensBron, Inwoner, Schuld
from cases.services import herbereken_volgende_termijnen
from cases.workflow import CasusStatusWaarde
from demo.doorverwijzing import maak_demo_doorverwijzingen
from demo.dossier import maak_demo_dossier
from demo.maatwerk import maak_demo_maatwerk
from partners.models import Dienst
from partners.referentiedata import laad_diensten
from regelingen import engine
from regelingen.models import Aanvraag, AanvraagStatus, RechtUitkomst, Uitkomst
from regelingen.referentiedata import laad_referentiedata
from regelingen.selectors import normtabel
from regelingen.services import bundel_herberekening
from venlo_armoede.accounts.logboek import als_operator, namens
from venlo_armoede.accounts.models import Organisatie, Stadsdeel, Team
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.accounts.services import zet_rollen_als_operator
from venlo_armoede.accounts.tweede_stap import DEMO_APPARAAT_NAAM, DEMO_SLEUTEL_HEX

# The fixed "today" of the demo data (documented above): ages, income start dates and case dates count back
# from it. Within 2026 the bijstandsnormen of 1-1-2026 apply, so the calibration also holds later in 2026.
PEILDATUM = date(2026, 3, 1)
DEMO_WACHTWOORD = "Venlo-demo-2026"  # noqa: S105 - a published demo password, only for demo users
STANDAARD_AANTAL = 2000
STANDAARD_SEED = 2026
AANDEEL_LAAG_INKOMEN = 0.12  # share of households at or below 110% of their norm
LAAG_INKOMEN_GRENS = 1.20  # up to this ratio a household counts as low-income (laag_inkomen_sinds, debts)
AANDEEL_CASUSSEN = 0.01
BATCH = 2000

_TZ = ZoneInfo("Europe/Amsterdam")

# --------------------------------------------------------------------------------------------------
# Demo users: username, role, first name, last name, organisation
# --------------------------------------------------------------------------------------------------

DEMO_GEBRUIKERS = [
    ("klantadviseur", Rol.KLANTADVISEUR, "Karin", "Kessels", None),
    ("midoffice", Rol.MIDOFFICE, "Mehmet", "Martens", None),
    ("kwaliteitsfunctionaris", Rol.KWALITEITSFUNCTIONARIS, "Kees", "Knoben", None),
    ("beleidsadviseur", Rol.BELEIDSADVISEUR, "Bianca", "Beurskens", None),
    ("partner", Rol.PARTNERMEDEWERKER, "Pieter", "Peeters", "Stichting Leergeld Venlo"),
    ("beheerder", Rol.FUNCTIONEEL_BEHEER, "Bert", "Bouten", None),
    ("autorisatie", Rol.AUTORISATIEBEHEERDER, "Anouk", "Aarts", None),
    ("privacy", Rol.FUNCTIONARIS_GEGEVENSBESCHERMING, "Femke", "Geurts", None),
    ("teamleider", Rol.TEAMLEIDER, "Tom", "Theunissen", None),
]


DEMO_TEAM = "Team Schuldhulpverlening Venlo"


def maak_demo_gebruikers() -> dict[str, object]:
    """Create or update one demo user per role (idempotent). One password hash for all: hashing is
    deliberately slow, and they share the published demo password anyway."""
    User = get_user_model()
    wachtwoord_hash = make_password(DEMO_WACHTWOORD)
    gebruikers = {}
    with namens(als_operator("demodata (seed_demo)")):  # the log names the operator, not "systeem"
        for gebruikersnaam, rol, voornaam, achternaam, organisatie_naam in DEMO_GEBRUIKERS:
            organisatie = Organisatie.objects.get(naam=organisatie_naam) if organisatie_naam else None
            gebruiker, _ = User.objects.update_or_create(
                username=gebruikersnaam,
                defaults={
                    "first_name": voornaam,
                    "last_name": achternaam,
                    "email": f"{gebruikersnaam}@demo.venlo.invalid",
                    "password": wachtwoord_hash,
                    "is_active": True,
                    "is_superuser": False,
                    "organisatie": organisatie,
                },
            )
            # Roles go through the operator's path like any other grant: logged, staff only for beheer.
            zet_rollen_als_operator(gebruiker=gebruiker, rollen=[rol], reden="demodata (seed_demo)")
            # Two-factor login with the published demo key (README: `manage.py demo_code`; ADR 0007).
            TOTPDevice.objects.update_or_create(
                user=gebruiker,
                name=DEMO_APPARAAT_NAAM,
                defaults={"key": DEMO_SLEUTEL_HEX, "confirmed": True},
            )
            gebruikers[gebruikersnaam] = gebruiker
        # The demo klantadviseur's team: its casussen are within her reach, other casussen need a reason.
        team, _ = Team.objects.get_or_create(naam=DEMO_TEAM)
        team.leden.add(gebruikers["klantadviseur"])
        team.leiders.add(gebruikers["teamleider"])
        if not team.stadsdelen.exists():
            team.stadsdelen.add(*Stadsdeel.objects.all())
    return gebruikers


# --------------------------------------------------------------------------------------------------
# Synthetic BSNs
# --------------------------------------------------------------------------------------------------

DEMO_BSN_BASIS = 90_000_000  # 8-digit prefix, even (see synthetisch_bsn); demo BSNs start with 9
_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2)


def _bsn_uit_prefix(prefix: int) -> str | None:
    cijfers = f"{prefix:08d}"
    controle = sum(g * int(c) for g, c in zip(_GEWICHTEN, cijfers, strict=True)) % 11
    return None if controle == 10 else f"{cijfers}{controle}"  # the 9th digit that makes the elfproef hold


def synthetisch_bsn(volgnummer: int, basis: int = DEMO_BSN_BASIS) -> str:
    """The volgnummer-th synthetic BSN above `basis` (an even 8-digit prefix). Each volgnummer owns the two
    prefixes basis+2n and basis+2n+1; they differ only in the last digit (weight 2), so at most one of them
    needs the impossible check digit 10 and the other gives a valid BSN. Unique per volgnummer."""
    for prefix in (basis + 2 * volgnummer, basis + 2 * volgnummer + 1):
        bsn = _bsn_uit_prefix(prefix)
        if bsn is not None:
            return bsn
    raise AssertionError("unreachable: one of two neighbouring prefixes always passes")


# --------------------------------------------------------------------------------------------------
# Word lists (written for this file)
# --------------------------------------------------------------------------------------------------

VOORNAMEN_M = (
    "Jan", "Peter", "Mark", "Thijs", "Bram", "Luuk", "Sem", "Daan", "Stijn", "Tom", "Sjaak", "Harrie",
    "Mathieu", "Jos", "Ger", "Wiel", "Frans", "Huub", "Twan", "Noah", "Lucas", "Finn", "Mohamed", "Ahmet",
    "Piotr", "Kevin", "Niels", "Ruud", "Bas", "Rik", "Sjra", "Leon", "Jeroen", "Koen", "Guus",
)  # fmt: skip
VOORNAMEN_V = (
    "Anna", "Maria", "Anouk", "Lotte", "Emma", "Sanne", "Lieke", "Fleur", "Julia", "Tess", "Mia", "Sophie",
    "Noor", "Yvonne", "Ingrid", "Mariëlle", "Petra", "Ria", "Truus", "Annie", "Fatima", "Aylin", "Agnieszka",
    "Kim", "Linda", "Monique", "Esther", "Demi", "Lisa", "Nina", "Mieke", "Josje", "Bianca", "Marleen",
)  # fmt: skip
ACHTERNAMEN = (
    ("", "Janssen"), ("", "Peeters"), ("", "Hendrikx"), ("", "Verheijen"), ("", "Jacobs"), ("", "Hermans"),
    ("", "Gielen"), ("", "Smeets"), ("", "Willems"), ("", "Geurts"), ("", "Coenen"), ("", "Vermeulen"),
    ("", "Hoeymakers"), ("", "Custers"), ("", "Thijssen"), ("van", "Dijk"), ("van den", "Berg"),
    ("van der", "Linden"), ("de", "Vries"), ("van", "Rooij"), ("", "Rutten"), ("", "Driessen"), ("", "Kessels"),
    ("", "Wijnen"), ("", "Lemmen"), ("", "Janssens"), ("", "Stevens"), ("", "Caris"), ("", "Michiels"),
    ("", "Beurskens"), ("", "Bouten"), ("", "Teeuwen"), ("", "Yilmaz"), ("", "Kowalski"), ("", "El Amrani"),
    ("", "Nowak"), ("", "Vullings"), ("", "Seelen"), ("van", "Kessel"), ("", "Hanssen"), ("", "Timmermans"),
)  # fmt: skip

# Stadsdeel -> (weight in %, postcode digits, streets as (name, woonplaats)). Postcodes are plausible, not
# looked up: the demo needs valid-looking addresses, not real ones.
STADSDELEN: dict[str, tuple[int, tuple[int, ...], tuple[tuple[str, str], ...]]] = {
    "Venlo": (
        45,
        (5911, 5912, 5913, 5914, 5915, 5916),
        tuple((s, "Venlo") for s in (
            "Parade", "Lomstraat", "Vleesstraat", "Gasthuisstraat", "Kaldenkerkerweg", "Hogeweg", "Prinsessesingel",
            "Sint Urbanusweg", "Eikenlaan", "Tegelseweg", "Straelseweg", "Hagerhofweg", "Molenstraat", "Kerkstraat",
            "Burgemeester Bloemartsstraat", "Vijverlaan", "Zustersstraat", "Leutherweg", "Hogeweg-Oost", "Meuleveld",
        )),
    ),
    "Blerick": (
        25,
        (5921, 5922, 5923, 5924, 5925, 5926, 5927, 5928),
        tuple((s, "Venlo") for s in (
            "Antoniuslaan", "Eindhovenseweg", "Baarlosestraat", "Maasbreeseweg", "Helmondstraat", "Kloosterstraat",
            "Pastoor Vullinghsstraat", "Berkenlaan", "Horsterweg", "Sint Annastraat", "Vossener", "Drie Decembersingel",
        )),
    ),
    "Tegelen": (
        15,
        (5931, 5932),
        tuple((s, "Tegelen") for s in (
            "Kerkstraat", "Grote Kerkstraat", "Roermondseweg", "Industriestraat", "Kloosterstraat", "Trappistenweg",
            "Bosstraat", "Maalbekerweg", "Sint Martinusstraat", "Heidestraat",
        )),
    ),
    "Belfeld": (
        5,
        (5951,),
        tuple((s, "Belfeld") for s in ("Rijksweg", "Markt", "Kerkstraat", "Beekstraat", "Stationsstraat", "Veldweg")),
    ),
    "Arcen en Velden": (
        10,
        (5941, 5944),
        (
            ("Schans", "Arcen"), ("Raadhuisstraat", "Arcen"), ("Kapelstraat", "Arcen"), ("Lingsforterweg", "Arcen"),
            ("Rijksweg", "Velden"), ("Schandelosestraat", "Velden"), ("Kerkstraat", "Velden"), ("Hasselt", "Velden"),
        ),
    ),
}  # fmt: skip
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # letters in use in Dutch postcodes
_ONGEBRUIKTE_LETTERCOMBINATIES = {"SA", "SD", "SS"}

# Household kind -> (share in %, weight for being low-income). The weights follow DOMAIN: eenoudergezinnen carry
# the highest risk; alleenstaanden more than couples.
HUISHOUDTYPEN: dict[str, tuple[int, float]] = {
    "alleenstaande": (38, 1.6),
    "paar": (28, 0.45),
    "paar_met_kinderen": (24, 0.75),
    "eenouder": (8, 3.2),
    "met_huisgenoot": (2, 1.2),
}

SCHULDEISERS: dict[str, tuple[str, ...]] = {
    "nuts": ("Energieleverancier", "Waterleiding Limburg", "Netbeheerder"),
    "publiek": ("Belastingdienst/Toeslagen", "CJIB", "DUO", "UWV", "Gemeente Venlo", "BsGW"),
    "zorg": ("Zorgverzekeraar", "Ziekenhuis", "Tandarts"),
    "overig": ("Woningcorporatie", "Telecomprovider", "Webwinkel", "Incassobureau", "Particuliere lening"),
}
_SCHULD_BEDRAGEN = {"nuts": (100, 2500), "publiek": (50, 6000), "zorg": (100, 3000), "overig": (100, 8000)}

HULPVRAGEN = (
    "Betalingsachterstand huur; wil hulp om overzicht te krijgen.",
    "Inkomen gedaald na ontslag, rekeningen stapelen zich op.",
    "Wil hulp bij het aanvragen van regelingen voor de kinderen.",
    "Schulden bij meerdere webwinkels en een incassobureau.",
    "Terugvordering van toeslagen door de Belastingdienst.",
    "Administratie loopt vast na overlijden van de partner.",
    "Brief van de deurwaarder ontvangen; weet niet wat te doen.",
    "Zelfstandige zonder opdrachten; vaste lasten lopen achter.",
)
CRISIS_HULPVRAGEN = (
    "Huisuitzetting aangekondigd door de verhuurder.",
    "Afsluiting van gas en elektriciteit aangekondigd.",
    "Zorgverzekering wordt opgezegd wegens premieachterstand.",
)
UITSTROOMREDENEN = ("Afgerond", "Zelf opgelost", "Niet verschenen", "Ingetrokken", "Verhuisd")

# Target status -> the path there (always allowed by cases.workflow), and its weight.
S = CasusStatusWaarde
CASUS_PADEN: tuple[tuple[tuple[str, ...], int], ...] = (
    ((S.AANMELDING,), 35),
    ((S.AANMELDING, S.INTAKE), 20),
    ((S.AANMELDING, S.INTAKE, S.STABILISATIE), 15),
    ((S.AANMELDING, S.INTAKE, S.STABILISATIE, S.OPLOSSING), 10),
    ((S.AANMELDING, S.INTAKE, S.BEGELEIDING), 10),
    ((S.AANMELDING, S.INTAKE, S.STABILISATIE, S.OPLOSSING, S.NAZORG), 5),
    ((S.AANMELDING, S.AFGESLOTEN), 2),
    ((S.AANMELDING, S.INTAKE, S.STABILISATIE, S.OPLOSSING, S.NAZORG, S.AFGESLOTEN), 3),
)

# --------------------------------------------------------------------------------------------------
# The plan: plain data first (no database), so it is easy to reason about and deterministic
# --------------------------------------------------------------------------------------------------


@dataclass
class LidPlan:
    voornaam: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date
    rol: str
    bsn: str | None
    # (soort, netto maandbedrag, geldig_van, geldig_tot)
    inkomens: list[tuple[str, Decimal, date, date | None]] = field(default_factory=list)


@dataclass
class HuishoudenPlan:
    soort: str
    stadsdeel: str
    straat: str
    huisnummer: int
    toevoeging: str
    postcode: str
    woonplaats: str
    leden: list[LidPlan]
    ratio: float = 0.0  # income (aanvrager + partner) / norm
    norm: Decimal = Decimal("0")
    vermogen: Decimal | None = None
    laag_inkomen_sinds: date | None = None
    geen_contact: bool = False
    schulden: list[tuple[str, str, Decimal, date]] = field(default_factory=list)  # (schuldeiser, soort, bedrag, datum)


class Verdeling:
    """A fixed weighted choice; the cumulative weights are computed once (this runs ~200,000 times)."""

    def __init__(self, gewichten):
        paren = list(gewichten.items()) if isinstance(gewichten, dict) else list(gewichten)
        self.keuzes = [keuze for keuze, _ in paren]
        self.cumulatief = list(accumulate(gewicht for _, gewicht in paren))

    def kies(self, rng: random.Random):
        return rng.choices(self.keuzes, cum_weights=self.cumulatief)[0]


_KINDEREN_PAAR = Verdeling({1: 35, 2: 40, 3: 18, 4: 7})
_KINDEREN_EENOUDER = Verdeling({1: 50, 2: 35, 3: 15})
_STADSDEEL = Verdeling({naam: info[0] for naam, info in STADSDELEN.items()})
_HUISHOUDTYPE = Verdeling({naam: info[0] for naam, info in HUISHOUDTYPEN.items()})
_BRON_HUISGENOOT = Verdeling({"loon": 60, "bijstand": 15, "ww": 10, "arbeidsongeschiktheid": 15})
_AANTAL_SCHULDEN = Verdeling({1: 25, 2: 25, 3: 20, 4: 12, 5: 8, 6: 6, 8: 4})
_SCHULDSOORT = Verdeling({"nuts": 25, "publiek": 30, "zorg": 20, "overig": 25})
_CASUS_PAD = Verdeling(CASUS_PADEN)


def _geboortedatum(rng: random.Random, jaren: int) -> date:
    """A birth date that makes someone exactly `jaren` old on PEILDATUM (1 March: no 29 February trouble)."""
    laatste = PEILDATUM.replace(year=PEILDATUM.year - jaren)
    eerste = PEILDATUM.replace(year=PEILDATUM.year - jaren - 1) + timedelta(days=1)
    return date.fromordinal(rng.randint(eerste.toordinal(), laatste.toordinal()))


def _maanden_terug(maanden: int) -> date:
    """The first of the month `maanden` months before PEILDATUM."""
    totaal = PEILDATUM.year * 12 + PEILDATUM.month - 1 - maanden
    return date(totaal // 12, totaal % 12 + 1, 1)


def _maanden_sinds(dag: date) -> int:
    return (PEILDATUM.year - dag.year) * 12 + PEILDATUM.month - dag.month


def _euro(centen: int) -> Decimal:
    return Decimal(centen).scaleb(-2)


class _Namen:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def voornaam(self, vrouw: bool) -> str:
        return self.rng.choice(VOORNAMEN_V if vrouw else VOORNAMEN_M)

    def achternaam(self) -> tuple[str, str]:
        return self.rng.choice(ACHTERNAMEN)


def _leeftijd_aanvrager(rng: random.Random, soort: str) -> int:
    if soort == "alleenstaande":
        r = rng.random()
        if r < 0.03:
            return rng.randint(18, 20)
        if r < 0.31:  # AOW-leeftijd; the 80+ group is growing
            return rng.randint(67, 96)
        return rng.randint(21, 66)
    if soort == "paar":
        return rng.randint(67, 92) if rng.random() < 0.33 else rng.randint(21, 66)
    if soort == "paar_met_kinderen":
        return rng.randint(24, 56)
    if soort == "eenouder":
        return rng.randint(20, 55)
    return rng.randint(67, 80) if rng.random() < 0.10 else rng.randint(25, 66)  # met_huisgenoot


def _plan_leden(rng: random.Random, namen: _Namen, soort: str, volgende_bsn: Callable[[], str | None]) -> list[LidPlan]:
    tv, achternaam = namen.achternaam()
    vrouw = rng.random() < 0.55
    leeftijd = _leeftijd_aanvrager(rng, soort)
    leden = [LidPlan(namen.voornaam(vrouw), tv, achternaam, _geboortedatum(rng, leeftijd), Gezinsrol.AANVRAGER, None)]
    met_partner = soort in ("paar", "paar_met_kinderen") or (soort == "met_huisgenoot" and rng.random() < 0.4)
    partner_leeftijd = leeftijd
    if met_partner:
        partner_leeftijd = max(18, min(99, leeftijd + round(rng.gauss(0, 3))))
        p_tv, p_achternaam = (tv, achternaam) if rng.random() < 0.3 else namen.achternaam()
        leden.append(
            LidPlan(
                namen.voornaam(not vrouw or rng.random() < 0.05),
                p_tv,
                p_achternaam,
                _geboortedatum(rng, partner_leeftijd),
                Gezinsrol.PARTNER,
                None,
            )
        )
    if soort in ("paar_met_kinderen", "eenouder"):
        aantal = (_KINDEREN_PAAR if soort == "paar_met_kinderen" else _KINDEREN_EENOUDER).kies(rng)
        oudste_mogelijk = min(17, min(leeftijd, partner_leeftijd) - 18)
        for _ in range(int(aantal)):
            kind_leeftijd = rng.randint(0, max(0, oudste_mogelijk))
            leden.append(
                LidPlan(
                    namen.voornaam(rng.random() < 0.5),
                    tv,
                    achternaam,
                    _geboortedatum(rng, kind_leeftijd),
                    Gezinsrol.KIND,
                    None,
                )
            )
    if soort == "met_huisgenoot":
        for _ in range(1 if rng.random() < 0.7 else 2):
            # An adult child or a lodger; from 27 they are kostendelers.
            huisgenoot_leeftijd = rng.randint(27, 60) if rng.random() < 0.6 else rng.randint(18, 26)
            h_tv, h_achternaam = namen.achternaam()
            leden.append(
                LidPlan(
                    namen.voornaam(rng.random() < 0.5),
                    h_tv,
                    h_achternaam,
                    _geboortedatum(rng, huisgenoot_leeftijd),
                    Gezinsrol.OVERIG,
                    None,
                )
            )
    # Kids sorted oldest first, so the household reads naturally; then hand out BSNs in that order.
    leden[:] = [lid for lid in leden if lid.rol != Gezinsrol.KIND] + sorted(
        (lid for lid in leden if lid.rol == Gezinsrol.KIND), key=lambda lid: lid.geboortedatum
    )
    for lid in leden:
        lid.bsn = volgende_bsn()
    return leden


def _plan_adres(rng: random.Random) -> tuple[str, str, int, str, str, str]:
    stadsdeel = _STADSDEEL.kies(rng)
    _, postcodes, straten = STADSDELEN[stadsdeel]
    straat_index = rng.randrange(len(straten))
    straat, woonplaats = straten[straat_index]
    huisnummer = rng.randint(1, 180)
    toevoeging = rng.choice(("A", "B", "a", "1", "2")) if rng.random() < 0.05 else ""
    # A street has one postcode area; the letters step along the house numbers like real postcodes do.
    cijfers = postcodes[straat_index % len(postcodes)]
    letters = (
        _POSTCODE_LETTERS[(straat_index * 3 + huisnummer // 60) % len(_POSTCODE_LETTERS)]
        + _POSTCODE_LETTERS[(straat_index * 7 + huisnummer // 12) % len(_POSTCODE_LETTERS)]
    )
    if letters in _ONGEBRUIKTE_LETTERCOMBINATIES:
        letters = letters[0] + "T"
    return stadsdeel, straat, huisnummer, toevoeging, f"{cijfers} {letters}", woonplaats


def _snapshot(plan: HuishoudenPlan) -> engine.Huishouden:
    return engine.Huishouden(
        leden=tuple(engine.Lid(rol=lid.rol, geboortedatum=lid.geboortedatum) for lid in plan.leden)
    )


def _leeftijd(geboortedatum: date) -> int:
    return engine.leeftijd(geboortedatum, PEILDATUM)


# Income kinds for someone of working age, by band of the household's ratio to the norm.
_BRONNEN_LAAG = Verdeling({"bijstand": 50, "ww": 10, "arbeidsongeschiktheid": 14, "loon": 16, "zzp": 10})
_BRONNEN_MIDDEN = Verdeling({"loon": 58, "arbeidsongeschiktheid": 14, "ww": 9, "zzp": 15, "overig": 4})
_BRONNEN_HOOG = Verdeling({"loon": 78, "zzp": 14, "arbeidsongeschiktheid": 6, "ww": 2})
_BIJVERDIENSTEN = ("loon", "zzp", "overig")


def _ingang(rng: random.Random, lid: LidPlan, laag_sinds: date | None) -> date:
    """Start date of a current income: since the low income began, else some time in the past 15 years,
    never before the person turned 18."""
    achttien = lid.geboortedatum.replace(year=lid.geboortedatum.year + 18, day=1)
    if laag_sinds is not None:
        return max(laag_sinds, achttien)
    return max(_maanden_terug(rng.randint(1, 180)), achttien)


def _plan_bronnen(
    rng: random.Random, lid: LidPlan, centen: int, plan: HuishoudenPlan, regime: str | None, alleen: bool
) -> None:
    """Split `centen` (this person's monthly net income) over one or two sources."""
    if centen <= 0:
        return
    leeftijd = _leeftijd(lid.geboortedatum)
    ingang = _ingang(rng, lid, plan.laag_inkomen_sinds)
    if leeftijd >= 67:
        # AOW from the month after the 67th birthday; a pension on top when the income is higher than AOW alone.
        aow_ingang = lid.geboortedatum.replace(year=lid.geboortedatum.year + 67, day=1) + timedelta(days=31)
        aow_ingang = min(aow_ingang.replace(day=1), PEILDATUM)
        aow = 1_520_00 if alleen else 1_050_00
        if centen <= aow * 105 // 100:
            lid.inkomens.append(("aow", _euro(centen), aow_ingang, None))
        else:
            lid.inkomens.append(("aow", _euro(aow), aow_ingang, None))
            lid.inkomens.append(("pensioen", _euro(centen - aow), aow_ingang, None))
        return
    if leeftijd < 21:
        soort = "studiefinanciering" if rng.random() < 0.6 else "loon"
        lid.inkomens.append((soort, _euro(centen), ingang, None))
        return
    if regime is not None:
        soort = regime
    else:
        banden = _BRONNEN_LAAG if plan.ratio <= 1.10 else _BRONNEN_MIDDEN if plan.ratio <= 1.5 else _BRONNEN_HOOG
        soort = banden.kies(rng)
    tweede = None
    if plan.soort == "eenouder" and rng.random() < 0.45:
        tweede = "alimentatie"
    elif rng.random() < 0.14:
        tweede = rng.choice([s for s in _BIJVERDIENSTEN if s != soort])
    if tweede is None or centen < 200_00:
        lid.inkomens.append((soort, _euro(centen), ingang, None))
    else:
        hoofd = centen * rng.randint(65, 90) // 100
        lid.inkomens.append((soort, _euro(hoofd), ingang, None))
        lid.inkomens.append((tweede, _euro(centen - hoofd), max(ingang, _maanden_terug(rng.randint(1, 48))), None))
    # Some low incomes came after a job ended: a closed, higher income before laag_inkomen_sinds (history
    # that a correct recompute must ignore).
    if plan.laag_inkomen_sinds is not None and soort != "loon" and rng.random() < 0.35:
        einde = plan.laag_inkomen_sinds - timedelta(days=1)
        begin = _maanden_terug(_maanden_sinds(plan.laag_inkomen_sinds) + rng.randint(12, 120))
        begin = max(begin, lid.geboortedatum.replace(year=lid.geboortedatum.year + 18, day=1))
        if begin <= einde:
            lid.inkomens.append(("loon", _euro(centen * rng.randint(130, 200) // 100), begin, einde))


def _plan_inkomen(rng: random.Random, plan: HuishoudenPlan) -> None:
    # Round down, so a household drawn at or below 110% stays there to the cent.
    totaal = int(plan.norm * Decimal(str(round(plan.ratio, 4))) * 100)
    aanvrager = plan.leden[0]
    partner = next((lid for lid in plan.leden if lid.rol == Gezinsrol.PARTNER), None)
    regime = None
    werkend = _leeftijd(aanvrager.geboortedatum) >= 21 and _leeftijd(aanvrager.geboortedatum) < 67
    if plan.ratio <= 1.10 and werkend and rng.random() < 0.5:
        regime = "bijstand"  # a bijstand household: both partners receive half
    if partner is None:
        _plan_bronnen(rng, aanvrager, totaal, plan, regime, alleen=True)
    else:
        beiden_aow = _leeftijd(aanvrager.geboortedatum) >= 67 and _leeftijd(partner.geboortedatum) >= 67
        if regime == "bijstand" or beiden_aow:
            deel = totaal // 2
        elif rng.random() < (0.5 if plan.ratio <= 1.10 else 0.3):
            deel = 0  # one earner
        else:
            deel = totaal * rng.randint(20, 50) // 100
        _plan_bronnen(rng, aanvrager, totaal - deel, plan, regime, alleen=False)
        _plan_bronnen(
            rng,
            partner,
            deel,
            plan,
            regime if regime and _leeftijd(partner.geboortedatum) >= 21 else None,
            alleen=False,
        )
    # Housemates have their own income; it does not count for the household's rights.
    for lid in plan.leden:
        if lid.rol == Gezinsrol.OVERIG:
            leeftijd = _leeftijd(lid.geboortedatum)
            soort = ("studiefinanciering" if leeftijd < 25 and rng.random() < 0.5 else
                     _BRON_HUISGENOOT.kies(rng))  # fmt: skip
            lid.inkomens.append((soort, _euro(rng.randint(300_00, 2_600_00)), _ingang(rng, lid, None), None))


def _plan_vermogen(rng: random.Random, plan: HuishoudenPlan) -> None:
    if rng.random() < 0.10:
        plan.vermogen = None  # not known
        return
    if plan.ratio <= LAAG_INKOMEN_GRENS:
        grens = rng.choices((2_000, 8_000, 30_000), weights=(60, 30, 10))[0]
        plan.vermogen = _euro(rng.randint(0, grens * 100))
    else:
        grens = rng.choices((5_000, 25_000, 100_000), weights=(35, 40, 25))[0]
        plan.vermogen = _euro(rng.randint(0, grens * 100))


def _plan_schulden(rng: random.Random, plan: HuishoudenPlan) -> None:
    kans = 0.15 if plan.ratio <= LAAG_INKOMEN_GRENS else 0.03
    if rng.random() >= kans:
        return
    for _ in range(_AANTAL_SCHULDEN.kies(rng)):
        soort = _SCHULDSOORT.kies(rng)
        laag, hoog = _SCHULD_BEDRAGEN[soort]
        plan.schulden.append(
            (
                rng.choice(SCHULDEISERS[soort]),
                soort,
                _euro(rng.randint(laag * 100, hoog * 100)),
                PEILDATUM - timedelta(days=rng.randint(1, 730)),
            )
        )


def plan_populatie(aantal: int, seed: int, normtabel: engine.Normtabel) -> list[HuishoudenPlan]:
    """The whole population as plain data. Pure: same arguments, same result."""
    rng = random.Random(seed)
    namen = _Namen(rng)
    volgnummer = 0

    def volgende_bsn() -> str | None:
        nonlocal volgnummer
        if rng.random() < 0.005:
            return None  # BSN not (yet) known
        volgnummer += 1
        return synthetisch_bsn(volgnummer)

    plannen = []
    norm_context = engine.maak_context(PEILDATUM, normtabel)
    for _ in range(aantal):
        soort = _HUISHOUDTYPE.kies(rng)
        stadsdeel, straat, huisnummer, toevoeging, postcode, woonplaats = _plan_adres(rng)
        leden = _plan_leden(rng, namen, soort, volgende_bsn)
        plan = HuishoudenPlan(soort, stadsdeel, straat, huisnummer, toevoeging, postcode, woonplaats, leden)
        plan.norm = engine.bereken_norm_met_context(_snapshot(plan), norm_context, kostendelersnorm=True)[0]
        plannen.append(plan)

    # Exactly round(12%) of the households are low-income, drawn with weights by household kind (weighted
    # sampling without replacement: the largest u^(1/w) win), so the share is exact and the mix is plausible.
    sleutels = []
    for index, plan in enumerate(plannen):
        gewicht = HUISHOUDTYPEN[plan.soort][1] * (0.8 if _leeftijd(plan.leden[0].geboortedatum) >= 67 else 1.0)
        sleutels.append((rng.random() ** (1 / gewicht), index))
    laag = {index for _, index in sorted(sleutels, reverse=True)[: round(aantal * AANDEEL_LAAG_INKOMEN)]}

    for index, plan in enumerate(plannen):
        if index in laag:
            plan.ratio = rng.uniform(0.80, 1.10)
        else:
            # Above 110%, up to about 4x the norm; more near the bottom for the groups at risk.
            b = 4.0 if plan.soort in ("alleenstaande", "eenouder") else 3.2
            plan.ratio = 1.12 + rng.betavariate(1.5, b) * 2.88
        if plan.ratio <= LAAG_INKOMEN_GRENS:
            plan.laag_inkomen_sinds = _maanden_terug(rng.randint(3, 120))
        _plan_inkomen(rng, plan)
        _plan_vermogen(rng, plan)
        _plan_schulden(rng, plan)
        plan.geen_contact = rng.random() < 0.03
    return plannen


# --------------------------------------------------------------------------------------------------
# Writing: bulk inserts in one transaction
# --------------------------------------------------------------------------------------------------


def _tijdstip(dag: date, rng: random.Random) -> datetime:
    return datetime.combine(dag, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tzinfo=_TZ)


def _plan_casussen(rng: random.Random, plannen: list[HuishoudenPlan]) -> list[tuple[int, tuple[str, ...], bool, int]]:
    """(household index, status path, crisis, days before PEILDATUM of the aanmelding) for ~1% of households,
    mostly those with debts."""
    aantal = max(1, round(len(plannen) * AANDEEL_CASUSSEN)) if plannen else 0
    met_schulden = [i for i, p in enumerate(plannen) if p.schulden]
    laag_zonder = [i for i, p in enumerate(plannen) if not p.schulden and p.ratio <= LAAG_INKOMEN_GRENS]
    rng.shuffle(met_schulden)
    rng.shuffle(laag_zonder)
    gekozen = (met_schulden + laag_zonder)[:aantal]
    casussen = []
    for index in gekozen:
        pad = _CASUS_PAD.kies(rng)
        crisis = rng.random() < (0.15 if len(pad) <= 2 else 0.04)
        # Newer cases are still early in the process.
        dagen = rng.randint(0, 14) if len(pad) == 1 else rng.randint(20 * len(pad), 60 * len(pad))
        casussen.append((index, pad, crisis, dagen))
    # However few cases, the triage page shows a new aanmelding and a crisis.
    if casussen and not any(len(pad) == 1 for _, pad, _, _ in casussen):
        index, _, crisis, _ = casussen[0]
        casussen[0] = (index, (S.AANMELDING,), crisis, rng.randint(0, 14))
    if casussen and not any(crisis for _, _, crisis, _ in casussen):
        eerste = next(i for i, (_, pad, _, _) in enumerate(casussen) if len(pad) == 1)
        index, pad, _, dagen = casussen[eerste]
        casussen[eerste] = (index, pad, True, dagen)
    return casussen


# The Wgs stand a share of the open casussen gets on the day of seeding (cycled, so a small seed has each).
_DOELEN = ("bijna", "op tijd", "te laat")
_NA_BESCHIKKING = {S.STABILISATIE, S.OPLOSSING, S.BEGELEIDING, S.NAZORG}
_NA_SCHULDREGELING = {S.OPLOSSING, S.NAZORG}


def _plan_termijnen(
    rng: random.Random, pad: tuple[str, ...], crisis: bool, aangemeld: date, vandaag: date, doel: str | None
) -> dict:
    """The deadline events of one casus, consistent with its status path: a casus past the aanmelding had its
    eerste gesprek, one past the intake a beschikking, one in a schuldregeling reached it. Usually on time
    (a crisis within 3 calendar days, so within 3 werkdagen; otherwise within 25 days), so Mijn werk shows
    met deadlines. `doel` moves the one running deadline of an open casus to "bijna" (ending within 2
    werkdagen of `vandaag`) or "op tijd" (weeks away); "te laat" keeps the old dates, long past. Dates never
    lie after `vandaag` or before the event they follow. Relative to the day of seeding, as the pages are."""
    if len(pad) < 2 or aangemeld > vandaag:
        return {}
    bereikt = set(pad)
    eerste = min(aangemeld + timedelta(days=rng.randint(1, 3 if crisis else 25)), vandaag)
    velden = {"eerste_gesprek_op": eerste}
    if bereikt & _NA_BESCHIKKING:
        toegelaten = bool(bereikt & _NA_SCHULDREGELING) or rng.random() < 0.85
        beschikking = min(eerste + timedelta(days=rng.randint(7, 70)), vandaag)
        velden.update(beschikking_op=beschikking, toegelaten=toegelaten)
        if toegelaten and bereikt & _NA_SCHULDREGELING:
            velden["schuldregeling_op"] = min(beschikking + timedelta(days=rng.randint(30, 130)), vandaag)
    loopt = pad[-1]
    if doel in ("bijna", "op tijd") and loopt == S.INTAKE:
        # The beschikking runs: 8 weeks after the eerste gesprek.
        extra = rng.randint(0, 1) if doel == "bijna" else rng.randint(16, 50)
        dag = vandaag - timedelta(weeks=8) + timedelta(days=extra)
        if dag >= aangemeld:
            velden["eerste_gesprek_op"] = dag
    elif doel in ("bijna", "op tijd") and loopt == S.STABILISATIE and velden["toegelaten"]:
        # The schuldregeling runs: 120 days after the toelatingsbeschikking.
        extra = rng.randint(0, 1) if doel == "bijna" else rng.randint(16, 90)
        dag = vandaag - timedelta(days=120) + timedelta(days=extra)
        if dag >= eerste:
            velden["beschikking_op"] = dag
    return velden


def _voeg_in(model, velden: tuple[str, ...], rijen: list[tuple]) -> None:
    """INSERT rows that nothing points at, with executemany. bulk_create spends most of its time building
    model instances and compiling SQL per row; these rows need neither (no id is read back). The values are
    str, int, Decimal, date or None, which both SQLite (Django's adapters) and psycopg take as they are."""
    kolommen = ", ".join(connection.ops.quote_name(model._meta.get_field(veld).column) for veld in velden)
    plekken = ", ".join(["%s"] * len(velden))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({kolommen}) VALUES ({plekken})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rijen), BATCH * 5):
            cursor.executemany(sql, rijen[start : start + BATCH * 5])


def schrijf_populatie(plannen: list[HuishoudenPlan], gebruikers: dict[str, object], seed: int) -> dict[str, int]:
    stadsdelen = {s.naam: s.pk for s in Stadsdeel.objects.all()}
    huishoudens = [
        Huishouden(
            straat=p.straat,
            huisnummer=p.huisnummer,
            huisnummer_toevoeging=p.toevoeging,
            postcode=p.postcode,
            woonplaats=p.woonplaats,
            stadsdeel_id=stadsdelen[p.stadsdeel],
            vermogen=p.vermogen,
            laag_inkomen_sinds=p.laag_inkomen_sinds,
            geen_contact=p.geen_contact,
        )
        for p in plannen
    ]
    Huishouden.objects.bulk_create(huishoudens, batch_size=BATCH)

    inwoners, leden = [], []
    for huishouden, plan in zip(huishoudens, plannen, strict=True):
        for lid in plan.leden:
            inwoners.append(
                Inwoner(
                    huishouden_id=huishouden.pk,
                    voornaam=lid.voornaam,
                    tussenvoegsel=lid.tussenvoegsel,
                    achternaam=lid.achternaam,
                    geboortedatum=lid.geboortedatum,
                    bsn=lid.bsn,
                    rol=lid.rol,
                )
            )
            leden.append(lid)
    Inwoner.objects.bulk_create(inwoners, batch_size=BATCH)

    bronnen = [
        (inwoner.pk, soort, bedrag, van, tot)
        for inwoner, lid in zip(inwoners, leden, strict=True)
        for soort, bedrag, van, tot in lid.inkomens
    ]
    _voeg_in(InkomensBron, ("inwoner", "soort", "netto_maandbedrag", "geldig_van", "geldig_tot"), bronnen)

    schulden = [
        (huishouden.pk, eiser, soort, bedrag, datum)
        for huishouden, plan in zip(huishoudens, plannen, strict=True)
        for eiser, soort, bedrag, datum in plan.schulden
    ]
    _voeg_in(Schuld, ("huishouden", "schuldeiser", "soort", "bedrag", "geregistreerd_op"), schulden)

    # A separate generator for the cases, so their number can change without reshuffling the population.
    rng = random.Random(f"{seed}-casussen")
    klantadviseur, midoffice = gebruikers["klantadviseur"], gebruikers["midoffice"]
    # Their deadline events get their own generator too, so the cases' other fields stay as they were.
    termijn_rng, vandaag, lopend = random.Random(f"{seed}-termijnen"), timezone.localdate(), 0
    casussen, paden = [], []
    for index, pad, crisis, dagen in _plan_casussen(rng, plannen):
        aangemeld = _tijdstip(PEILDATUM - timedelta(days=dagen), rng)
        doel = None
        if pad[-1] in (S.INTAKE, S.STABILISATIE):
            doel, lopend = _DOELEN[lopend % len(_DOELEN)], lopend + 1
        termijnen = _plan_termijnen(termijn_rng, pad, crisis, timezone.localdate(aangemeld), vandaag, doel)
        hulpvraag = rng.choice(CRISIS_HULPVRAGEN if crisis else HULPVRAGEN)
        # After triage a case has its klantadviseur; a new aanmelding usually waits for the midoffice.
        toegewezen = len(pad) > 1 or rng.random() < 0.2
        casussen.append(
            Casus(
                huishouden_id=huishoudens[index].pk,
                klantadviseur_id=klantadviseur.pk if toegewezen else None,
                hulpvraag=hulpvraag,
                crisis=crisis,
                crisis_reden=rng.choice(CrisisReden.values[:3]) if crisis else "",
                status=pad[-1],
                aangemeld_op=aangemeld,
                **termijnen,
            )
        )
        paden.append((pad, aangemeld, dagen))
    Casus.objects.bulk_create(casussen, batch_size=BATCH)

    statussen = []
    for casus, (pad, aangemeld, dagen) in zip(casussen, paden, strict=True):
        tijdstip = aangemeld
        stap = max(1, dagen // len(pad))
        for nummer, status in enumerate(pad):
            if nummer:
                tijdstip = tijdstip + timedelta(days=rng.randint(1, stap), hours=rng.randint(0, 3))
            toelichting = rng.choice(UITSTROOMREDENEN) if status == S.AFGESLOTEN else ""
            door = midoffice if nummer == 0 else klantadviseur
            statussen.append(
                CasusStatus(
                    casus_id=casus.pk, status=status, tijdstip=tijdstip, door_id=door.pk, toelichting=toelichting
                )
            )
    CasusStatus.objects.bulk_create(statussen, batch_size=BATCH)
    # bulk_create bypasses cases.services: fill the next deadline Mijn werk sorts by in one pass.
    herbereken_volgende_termijnen()

    return {
        "huishoudens": len(huishoudens),
        "inwoners": len(inwoners),
        "inkomensbronnen": len(bronnen),
        "schulden": len(schulden),
        "casussen": len(casussen),
        "statuswijzigingen": len(statussen),
    }


# --------------------------------------------------------------------------------------------------
# Reset
# --------------------------------------------------------------------------------------------------


def verwijder_populatie() -> None:
    """Delete the whole population: casussen with their history, households, inwoners, incomes, debts, and every
    row of any table that points at them (directly or through another such table). Only for demo databases.
    The status history and other logs are append-only, so this goes around the models' refusal:
    - PostgreSQL: a trigger blocks DELETE on cases_casusstatus, but TRUNCATE is not a row delete; CASCADE
      empties every table that points at these.
    - SQLite: the same set of tables, emptied with plain SQL DELETE in one transaction; SQLite checks the
      (deferred) foreign keys at commit, when every dependent row is gone too."""
    modellen = (CasusStatus, Casus, Schuld, InkomensBron, Inwoner, Huishouden)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED; rows inserted earlier in this transaction
            # leave pending checks, and PostgreSQL refuses TRUNCATE while those are pending. Run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            tabellen = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in modellen)
            cursor.execute(f"TRUNCATE {tabellen} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            for model in _met_afhankelijken(modellen):
                # A model's table name, quoted; no input reaches this statement.
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 # nosec B608
        else:
            raise NotImplementedError(f"--reset kent database {connection.vendor} niet.")


def _met_afhankelijken(modellen) -> list:
    """These models and every model (m2m tables included) with a foreign key to one of them, transitively: the
    tables that TRUNCATE … CASCADE would empty."""
    from django.apps import apps

    gevonden = list(modellen)
    alle = apps.get_models(include_auto_created=True)
    nieuw = True
    while nieuw:
        nieuw = False
        for model in alle:
            if model not in gevonden and any(
                veld.is_relation and veld.concrete and veld.related_model in gevonden
                for veld in model._meta.get_fields()
            ):
                gevonden.append(model)
                nieuw = True
    return gevonden


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def zet_demo_capaciteit(seed: int = STANDAARD_SEED) -> int:
    """Synthetic capacity figures for the partners' diensten that have none yet, so the sociale kaart shows
    diensten with free places and full ones. Never overwrites a figure a partner or beheer set; the gemeente's
    own diensten publish no capacity. Deterministic for a seed."""
    rng = random.Random(seed * 11 + 3)
    diensten = list(
        Dienst.objects.filter(capaciteit_beschikbaar__isnull=True)
        .exclude(organisatie__soort="gemeente")
        .order_by("organisatie__naam", "naam")
    )
    for volgnummer, dienst in enumerate(diensten):
        maximum = rng.choice([6, 8, 10, 12, 20, 30])
        dienst.capaciteit_maximum = maximum
        dienst.capaciteit_beschikbaar = 0 if volgnummer % 4 == 3 else rng.randint(1, maximum)  # every 4th is full
        dienst.capaciteit_eenheid = "gezinnen" if "gezinnen" in dienst.doelgroepen else "trajecten"
        dag = PEILDATUM - timedelta(days=rng.randint(0, 21))
        dienst.capaciteit_bijgewerkt_op = datetime.combine(dag, time(9, 0), tzinfo=_TZ)
    Dienst.objects.bulk_update(
        diensten,
        ["capaciteit_maximum", "capaciteit_beschikbaar", "capaciteit_eenheid", "capaciteit_bijgewerkt_op"],
    )
    return len(diensten)


@dataclass
class SeedResultaat:
    gebruikers: dict[str, object]
    aantallen: dict[str, int]
    overgeslagen: bool  # True when households existed and nothing was added
    aandeel_laag_inkomen: float | None


def seed_demo(aantal: int = STANDAARD_AANTAL, seed: int = STANDAARD_SEED, reset: bool = False) -> SeedResultaat:
    """Reference data and demo users, then (if there is none yet, or with reset) the synthetic population.

    Two transactions: reference data first, then the population. On an empty database loading the reference
    data plans no recompute (there is nothing to compute yet; `--herbereken` or the nightly run does it after
    the population exists); with households present, changed rules do recompute. The population itself (bulk
    inserts, no signals) queues none. Reset and population are one transaction: all or nothing."""
    met_huishoudens = Huishouden.objects.exists()
    with transaction.atomic(), bundel_herberekening("referentiegegevens geladen", plannen=met_huishoudens):
        laad_referentiedata()
        laad_diensten()
        zet_demo_capaciteit(seed)
        gebruikers = maak_demo_gebruikers()
    with transaction.atomic():
        if reset:
            verwijder_populatie()
        bestaand = Huishouden.objects.count()
        if bestaand:
            return SeedResultaat(gebruikers, {"huishoudens": bestaand}, True, None)
        plannen = plan_populatie(aantal, seed, normtabel())
        aantallen = schrijf_populatie(plannen, gebruikers, seed)
        aantallen.update(maak_demo_doorverwijzingen(gebruikers=gebruikers, peildatum=PEILDATUM, seed=seed))
        aantallen |= maak_demo_maatwerk(gebruikers)
        aantallen |= maak_demo_dossier(gebruikers)
    aandeel = sum(1 for p in plannen if p.ratio <= 1.10) / len(plannen) if plannen else None
    return SeedResultaat(gebruikers, aantallen, False, aandeel)


def maak_demo_aanvragen(*, seed: int = STANDAARD_SEED) -> int:
    """Applications for part of the households with a right, so bereik and niet-gebruik look like Venlo's:
    roughly half of those entitled received the regeling (seed 000: regelingen are under-used). Only when
    there are no applications yet; deterministic for a seed."""
    if Aanvraag.objects.exists():
        return 0
    rng = random.Random(seed * 7 + 1)
    rijen = []
    for huishouden_id, regeling_id, bedrag in (
        RechtUitkomst.objects.filter(uitkomst=Uitkomst.RECHT)
        .order_by("huishouden_id", "regeling_id")
        .values_list("huishouden_id", "regeling_id", "bedrag")
    ):
        kans = rng.random()
        if kans >= 0.60:
            continue  # niet-gebruik
        aangevraagd = PEILDATUM - timedelta(days=rng.randint(20, 300))
        if kans < 0.50:
            status, besloten, toegekend = (
                AanvraagStatus.TOEGEKEND,
                aangevraagd + timedelta(days=rng.randint(3, 40)),
                bedrag,
            )
        elif kans < 0.55:
            status, besloten, toegekend = (
                AanvraagStatus.AFGEWEZEN,
                aangevraagd + timedelta(days=rng.randint(3, 40)),
                None,
            )
        else:
            status, besloten, toegekend = AanvraagStatus.AANGEVRAAGD, None, None
        rijen.append(
            Aanvraag(
                huishouden_id=huishouden_id,
                regeling_id=regeling_id,
                status=status,
                aangevraagd_op=aangevraagd,
                besloten_op=besloten,
                bedrag=toegekend,
            )
        )
    Aanvraag.objects.bulk_create(rijen, batch_size=5000)
    return len(rijen)
