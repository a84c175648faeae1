"""Fixtures for the API tests: organisations, tokens, clients and a valid household payload."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from cases.bsn import is_geldig_bsn


def _geldige_bsns():
    for kandidaat in itertools.count(100_000_000):
        if is_geldig_bsn(str(kandidaat)):
            yield str(kandidaat)


_BSNS = _geldige_bsns()


@pytest.fixture
def bsn():
    """A fresh valid BSN on each call."""
    return lambda: next(_BSNS)


@pytest.fixture(autouse=True)
def _lege_cache():
    """Throttle counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stadsdeel(db):
    from venlo_armoede.accounts.models import Stadsdeel

    return Stadsdeel.objects.create(naam="Blerick")


@pytest.fixture
def gemeente(db):
    from venlo_armoede.accounts.models import Organisatie

    return Organisatie.objects.create(naam="Gemeente Venlo (intake)", soort="gemeente")


@pytest.fixture
def partner(db):
    from venlo_armoede.accounts.models import Organisatie

    return Organisatie.objects.create(naam="Schuldhulpmaatje Venlo", soort="vrijwilligers")


@pytest.fixture
def maak_token(gemeente):
    from venlo_armoede.accounts.models import ApiToken

    def maak(*scopes, organisatie=None, **wijzig):
        token, sleutel = ApiToken.maak(organisatie=organisatie or gemeente, naam="test", scopes=list(scopes))
        if wijzig:
            ApiToken.objects.filter(pk=token.pk).update(**wijzig)
            token.refresh_from_db()
        return token, sleutel

    return maak


@pytest.fixture
def token_client(maak_token):
    """An APIClient authenticated with a new token with these scopes; the token is `client.token`."""

    def maak(*scopes, **kwargs):
        token, sleutel = maak_token(*scopes, **kwargs)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
        client.token = token
        return client

    return maak


@pytest.fixture
def lezer(token_client):
    return token_client("huishoudens:lezen")


@pytest.fixture
def schrijver(token_client):
    return token_client("huishoudens:schrijven", "huishoudens:lezen")


@pytest.fixture
def sessie_client(gebruiker_met_rol):
    def maak(rol, **kwargs):
        client = APIClient(**kwargs)
        client.force_login(gebruiker_met_rol(rol))
        return client

    return maak


@pytest.fixture
def payload(stadsdeel, bsn):
    """A valid POST body: aanvrager with two incomes, partner with one, a child without BSN."""

    def maak():
        return {
            "straat": "Parade",
            "huisnummer": 12,
            "huisnummer_toevoeging": "a",
            "postcode": "5911ce",
            "woonplaats": "Venlo",
            "stadsdeel": "blerick",
            "vermogen": "1500.00",
            "laag_inkomen_sinds": "2024-01-01",
            "leden": [
                {
                    "voornaam": "Anna",
                    "tussenvoegsel": "van",
                    "achternaam": "Dijk",
                    "geboortedatum": "1985-04-12",
                    "bsn": bsn(),
                    "rol": "aanvrager",
                    "inkomens": [
                        {"soort": "loon", "netto_maandbedrag": "1450.50", "geldig_van": "2024-01-01"},
                        {
                            "soort": "alimentatie",
                            "netto_maandbedrag": "200",
                            "geldig_van": "2023-06-01",
                            "geldig_tot": "2025-06-01",
                        },
                    ],
                },
                {
                    "voornaam": "Bram",
                    "achternaam": "Peters",
                    "geboortedatum": "1983-09-30",
                    "bsn": bsn(),
                    "rol": "partner",
                    "inkomens": [{"soort": "ww", "netto_maandbedrag": "980.00", "geldig_van": "2024-03-01"}],
                },
                {"voornaam": "Cas", "achternaam": "Peters", "geboortedatum": "2015-02-02", "rol": "kind"},
            ],
        }

    return maak


@pytest.fixture
def maak_huishouden(stadsdeel, bsn):
    """Register a household through the service (as the web form does)."""
    from cases.services import NieuwInkomen, NieuwLid, registreer_huishouden

    def maak(*, leden=2, postcode="5911 AB", stadsdeel_=None):
        nieuwe_leden = [
            NieuwLid(
                voornaam=f"Lid{i}",
                achternaam="Jansen",
                geboortedatum=date(1980 + i, 1, 1),
                rol="aanvrager" if i == 0 else "kind",
                bsn=bsn(),
                inkomens=[
                    NieuwInkomen(soort="loon", netto_maandbedrag=Decimal("1000.00"), geldig_van=date(2024, 1, 1))
                ],
            )
            for i in range(leden)
        ]
        return registreer_huishouden(
            door=None,
            straat="Kazernestraat",
            huisnummer=1,
            postcode=postcode,
            stadsdeel=stadsdeel_ or stadsdeel,
            leden=nieuwe_leden,
        )

    return maak
