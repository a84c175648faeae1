"""Fixtures for the partner tests: signaalpartners and their API clients; for the doorverwijzing tests a casus
of a klantadviseur, two partner organisations (one a koepel with a member), their diensten and
partnermedewerkers."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import (  # noqa: F401 - shared API fixtures
    _lege_cache,
    bsn,
    gemeente,
    maak_huishouden,
    maak_token,
    stadsdeel,
    token_client,
)
from tests.factories import (
    CasusFactory,
    DienstFactory,
    InkomensBronFactory,
    InwonerFactory,
    OrganisatieFactory,
    SchuldFactory,
    StadsdeelFactory,
    UserFactory,
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


@pytest.fixture
def wereld(db):
    from cases.models import Gezinsrol

    blerick = StadsdeelFactory(naam="Blerick")
    adviseur = UserFactory(username="adviseur", rollen=["klantadviseur"], email="adviseur@venlo.example")
    casus = CasusFactory(klantadviseur=adviseur, huishouden__stadsdeel=blerick)
    aanvrager = InwonerFactory(huishouden=casus.huishouden, voornaam="Fenna", achternaam="Geurts")
    kind = InwonerFactory(huishouden=casus.huishouden, rol=Gezinsrol.KIND, geboortedatum=date(2015, 3, 3))
    InkomensBronFactory(inwoner=aanvrager)
    SchuldFactory(huishouden=casus.huishouden)
    alliantie = OrganisatieFactory(naam="Alliantie", soort="vrijwilligers", reactietermijn_werkdagen=3)
    lid = OrganisatieFactory(naam="Schuldhulpmaatje", soort="vrijwilligers", koepel=alliantie)
    leergeld = OrganisatieFactory(naam="Leergeld", soort="fonds", reactietermijn_werkdagen=5)
    return {
        "adviseur": adviseur,
        "casus": casus,
        "stadsdeel": blerick,
        "bsns": [aanvrager.bsn, kind.bsn],
        "alliantie": alliantie,
        "lid": lid,
        "leergeld": leergeld,
        "dienst_alliantie": DienstFactory(organisatie=alliantie, naam="Vrijwillige schuldhulp"),
        "dienst_leergeld": DienstFactory(organisatie=leergeld, naam="Meedoen op school", hulpvragen=["kinderen"]),
        "partner_alliantie": UserFactory(
            username="p-alliantie", rollen=["partnermedewerker"], organisatie=alliantie, email="a@alliantie.example"
        ),
        "partner_lid": UserFactory(
            username="p-lid", rollen=["partnermedewerker"], organisatie=lid, email="l@maatje.example"
        ),
        "partner_leergeld": UserFactory(
            username="p-leergeld", rollen=["partnermedewerker"], organisatie=leergeld, email="x@leergeld.example"
        ),
    }


@pytest.fixture
def toestemming(wereld):
    from partners import services

    def maak(organisatie=None, categorieen=("contactgegevens", "hulpvraag"), **extra):
        vandaag = timezone.localdate()
        return services.leg_toestemming_vast(
            casus=wereld["casus"],
            organisatie=organisatie or wereld["alliantie"],
            categorieen=list(categorieen),
            wijze=extra.pop("wijze", "mondeling"),
            gegeven_op=extra.pop("gegeven_op", vandaag),
            geldig_tot=extra.pop("geldig_tot", vandaag + timedelta(days=180)),
            door=wereld["adviseur"],
        )

    return maak


@pytest.fixture
def verwijzing(wereld, toestemming):
    from partners import services

    def maak(dienst=None, categorieen=("contactgegevens", "hulpvraag"), met_toestemming=True):
        dienst = dienst or wereld["dienst_alliantie"]
        if met_toestemming:
            toestemming(organisatie=dienst.organisatie, categorieen=categorieen)
        return services.verwijs_door(
            casus=wereld["casus"],
            dienst=dienst,
            hulpvraag="Hulp bij het op orde krijgen van de rekeningen.",
            urgentie="normaal",
            categorieen=list(categorieen),
            door=wereld["adviseur"],
        )

    return maak
