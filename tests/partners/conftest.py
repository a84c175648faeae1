"""Fixtures for the partner tests: signaalpartners and their API clients."""

import pytest

from tests.api.conftest import (  # noqa: F401 - shared API fixtures
    _lege_cache,
    bsn,
    gemeente,
    maak_huishouden,
    maak_token,
    stadsdeel,
    token_client,
)


@pytest.fixture
def woningcorporatie(db):
    from venlo_armoede.accounts.models import Organisatie

    return Organisatie.objects.create(naam="Woningcorporatie Test", soort="signaalpartner")


@pytest.fixture
def energieleverancier(db):
    from venlo_armoede.accounts.models import Organisatie

    return Organisatie.objects.create(naam="Energieleverancier Test", soort="signaalpartner")


@pytest.fixture
def signaal_client(token_client, woningcorporatie):  # noqa: F811 - the imported fixture, requested here
    """A signaalpartner's API client (woningcorporatie) with vroegsignalen:schrijven."""
    return lambda organisatie=None: token_client("vroegsignalen:schrijven", organisatie=organisatie or woningcorporatie)


@pytest.fixture
def signaal_body():
    def maak(**wijzig):
        body = {
            "soort": "huur",
            "achterstand_bedrag": "812.40",
            "achterstand_sinds": "2026-09-01",
            "naam": "J. Jansen",
            "straat": "Kazernestraat",
            "huisnummer": 1,
            "huisnummer_toevoeging": "",
            "postcode": "5911 AB",
            "woonplaats": "Venlo",
        }
        body.update(wijzig)
        return {k: v for k, v in body.items() if v is not ...}

    return maak
