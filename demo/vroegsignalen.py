"""Demo data for vroegsignalering and the partner portal: fictitious signaalpartners (one of each kind), one demo
partner user per kind of organisation, a demo API token for the woningcorporatie, and vroegsignalen (some
opeenvolgend) with contact attempts and results. Deterministic for a seed; bulk inserts; idempotent."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AanmeldBron, Casus, CasusStatus, Huishouden
from cases.workflow import CasusStatusWaarde
from partners.models import (
    Contactpoging,
    ContactpogingSoort,
    Vroegsignaal,
    VroegsignaalResultaat,
    VroegsignaalSoort,
    VroegsignaalStatus,
)
from venlo_armoede.accounts.logboek import als_operator, namens
from venlo_armoede.accounts.models import ApiToken, Organisatie, OrganisatieSoort, Scope, hash_sleutel
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.accounts.services import zet_rollen_als_operator
from venlo_armoede.accounts.tweede_stap import DEMO_APPARAAT_NAAM, DEMO_SLEUTEL_HEX

from .populatie import DEMO_WACHTWOORD, PEILDATUM

_TZ = ZoneInfo("Europe/Amsterdam")

# Fictitious signaalpartners (no real company's name): (naam, soort, soort of the arrears they signal).
DEMO_SIGNAALPARTNERS = [
    ("Woningcorporatie Demo", OrganisatieSoort.SIGNAALPARTNER, VroegsignaalSoort.HUUR),
    ("Energieleverancier Demo", OrganisatieSoort.SIGNAALPARTNER, VroegsignaalSoort.ENERGIE),
    ("Drinkwaterbedrijf Demo", OrganisatieSoort.SIGNAALPARTNER, VroegsignaalSoort.WATER),
    ("Zorgverzekeraar Demo", OrganisatieSoort.ZORGVERZEKERAAR, VroegsignaalSoort.ZORGVERZEKERING),
]

# One partnermedewerker per kind of organisation (the fonds has the existing demo user `partner`).
DEMO_PARTNER_GEBRUIKERS = [
    ("partner-professioneel", "Wendy", "Wijnen", "Incluzio Venlo"),
    ("partner-vrijwilligers", "Vera", "Vullings", "Alliantie vrijwillige schuldhulpverlening (Bindkracht Venlo)"),
    ("partner-bewindvoerder", "Bart", "Bongers", "Buro Budget Begeleiding"),
    ("partner-commercieel", "Chantal", "Cox", "BS&F"),
    ("partner-signaalpartner", "Sander", "Smeets", "Woningcorporatie Demo"),
    ("partner-zorgverzekeraar", "Zoë", "Zeegers", "Zorgverzekeraar Demo"),
]

# A published demo key, like the demo password: only on a demo database (seed_demo refuses others).
DEMO_TOKEN_SLEUTEL = "demo-vroegsignalen-woningcorporatie-2026"
DEMO_TOKEN_NAAM = "Demo: vroegsignalen aanleveren"


def _organisaties() -> dict[str, Organisatie]:
    organisaties = {}
    for naam, soort, _soort_signaal in DEMO_SIGNAALPARTNERS:
        organisaties[naam], _ = Organisatie.objects.get_or_create(naam=naam, defaults={"soort": soort})
    return organisaties


def _gebruikers() -> None:
    User = get_user_model()
    wachtwoord_hash = make_password(DEMO_WACHTWOORD)
    with namens(als_operator("demodata (seed_demo)")):
        for gebruikersnaam, voornaam, achternaam, organisatie_naam in DEMO_PARTNER_GEBRUIKERS:
            organisatie = Organisatie.objects.filter(naam=organisatie_naam).first()
            if organisatie is None:
                continue  # reference data without this partner: no user for it
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
            zet_rollen_als_operator(gebruiker=gebruiker, rollen=[Rol.PARTNERMEDEWERKER], reden="demodata (seed_demo)")
            TOTPDevice.objects.update_or_create(
                user=gebruiker, name=DEMO_APPARAAT_NAAM, defaults={"key": DEMO_SLEUTEL_HEX, "confirmed": True}
            )


def _token(organisatie: Organisatie) -> None:
    ApiToken.objects.update_or_create(
        sleutel_hash=hash_sleutel(DEMO_TOKEN_SLEUTEL),
        defaults={
            "organisatie": organisatie,
            "naam": DEMO_TOKEN_NAAM,
            "prefix": DEMO_TOKEN_SLEUTEL[:8],
            "scopes": [Scope.VROEGSIGNALEN_SCHRIJVEN],
            "verloopt_op": datetime.combine(PEILDATUM + timedelta(days=3650), time(0, 0), tzinfo=_TZ),
            "ingetrokken": False,
        },
    )


def _signalen(organisaties: dict[str, Organisatie], seed: int, midoffice) -> int:
    """About one signal per 40 households (at least 12, at most 400), on real demo addresses; every fifth
    address gets a second signal within six months (opeenvolgend)."""
    if Vroegsignaal.objects.for_systeem("demodata: bestaan er al vroegsignalen").exists():
        return 0
    rng = random.Random(seed * 17 + 5)
    totaal = Huishouden.objects.for_systeem("demodata: vroegsignalen").count()
    aantal = max(12, min(400, totaal // 40)) if totaal else 0
    huishoudens = list(
        Huishouden.objects.for_systeem("demodata: vroegsignalen")
        .filter(geanonimiseerd_op__isnull=True)
        .order_by("id")
        .values("id", "straat", "huisnummer", "huisnummer_toevoeging", "postcode", "woonplaats")[: aantal * 3]
    )
    if not huishoudens:
        return 0
    gekozen = rng.sample(huishoudens, min(aantal, len(huishoudens)))
    partners = list(DEMO_SIGNAALPARTNERS)
    signalen = []
    for volgnummer, h in enumerate(gekozen):
        naam, _soort_org, soort = partners[volgnummer % len(partners)]
        dag = PEILDATUM - timedelta(days=rng.randint(1, 240))
        ontvangen = datetime.combine(dag, time(8 + rng.randint(0, 9), rng.randint(0, 59)), tzinfo=_TZ)
        adres = {k: h[k] for k in ("straat", "huisnummer", "huisnummer_toevoeging", "postcode", "woonplaats")}
        gemeen = {
            "organisatie": organisaties[naam],
            "soort": soort,
            "achterstand_bedrag": Decimal(rng.randint(150_00, 2_400_00)) / 100,
            "achterstand_sinds": dag - timedelta(days=rng.randint(30, 100)),
            "naam": f"Bewoner {h['straat']} {h['huisnummer']}",
            "huishouden_id": h["id"],
            **adres,
        }
        signalen.append(Vroegsignaal(ontvangen_op=ontvangen, opeenvolgend=False, **gemeen))
        if volgnummer % 5 == 0:  # a second signal on the same address within six months
            later = ontvangen + timedelta(days=rng.randint(20, 170))
            if later.date() < PEILDATUM:
                signalen.append(Vroegsignaal(ontvangen_op=later, opeenvolgend=True, **gemeen))
    signalen.sort(key=lambda s: s.ontvangen_op)
    for s in signalen:
        _plan_afhandeling(rng, s)
    Vroegsignaal.objects.bulk_create(signalen)
    opgeslagen = list(Vroegsignaal.objects.for_systeem("demodata: vroegsignalen").order_by("ontvangen_op", "id"))
    pogingen = []
    for s in opgeslagen:
        if s.status == VroegsignaalStatus.ONTVANGEN:
            continue
        for stap in range(rng.randint(1, 3)):
            dag = min(PEILDATUM, s.ontvangen_op.date() + timedelta(days=2 + stap * 5))
            bereikt = s.resultaat not in ("", VroegsignaalResultaat.GEEN_CONTACT) and stap > 0
            pogingen.append(
                Contactpoging(
                    vroegsignaal=s,
                    soort=rng.choice(ContactpogingSoort.values),
                    datum=dag,
                    bereikt=bereikt,
                    door=midoffice,
                )
            )
    Contactpoging.objects.bulk_create(pogingen)
    _aanmeldingen(opgeslagen, midoffice)
    return len(opgeslagen)


def _plan_afhandeling(rng: random.Random, s: Vroegsignaal) -> None:
    kans = rng.random()
    if kans < 0.3:
        return  # still ontvangen: the midoffice's work
    if kans < 0.5:
        s.status = VroegsignaalStatus.IN_BEHANDELING
        return
    s.status = VroegsignaalStatus.AFGEHANDELD
    s.resultaat = rng.choice(VroegsignaalResultaat.values)
    s.resultaat_op = s.ontvangen_op + timedelta(days=rng.randint(7, 28))


def _aanmeldingen(signalen: list[Vroegsignaal], midoffice) -> None:
    """An aanmelding (bron vroegsignaal) for every signal where help was accepted, in bulk."""
    geaccepteerd = [s for s in signalen if s.resultaat == VroegsignaalResultaat.HULP_GEACCEPTEERD]
    casussen = [
        Casus(
            huishouden_id=s.huishouden_id,
            hulpvraag=f"Vroegsignaal: {s.get_soort_display().lower()}",
            bron=AanmeldBron.VROEGSIGNAAL,
            aangemeld_op=s.resultaat_op,
            status=CasusStatusWaarde.AANMELDING,
        )
        for s in geaccepteerd
    ]
    Casus.objects.bulk_create(casussen)
    CasusStatus.objects.bulk_create(
        CasusStatus(casus=c, status=CasusStatusWaarde.AANMELDING, tijdstip=c.aangemeld_op, door=midoffice)
        for c in casussen
    )
    for s, c in zip(geaccepteerd, casussen, strict=True):
        s.casus = c
    Vroegsignaal.objects.bulk_update(geaccepteerd, ["casus"])


def seed_vroegsignalen(*, seed: int, reset: bool = False) -> dict[str, int | str]:
    """The one entry point (seed_demo calls it after the population): idempotent. With reset the old signals go
    too (on SQLite removing the population only unlinks them from their households)."""
    with transaction.atomic():
        if reset:
            Vroegsignaal.objects.for_systeem("demodata opnieuw beginnen").delete()
        organisaties = _organisaties()
        _gebruikers()
        _token(organisaties["Woningcorporatie Demo"])
        midoffice = get_user_model().objects.filter(username="midoffice").first()
        aantal = _signalen(organisaties, seed, midoffice)
    return {"vroegsignalen": aantal, "token": DEMO_TOKEN_SLEUTEL}
