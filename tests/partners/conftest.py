"""Fixtures for the partner tests: signaalpartners and their API clients; for the doorverwijzing tests a casus
of a klantadviseur, two partner organisations (one a koepel with a member), their diensten and
partnermedewerkers. And a guard on every test here: no response and no e-mail ever holds a BSN."""

import re
from datetime import date, timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.test.client import Client
from django.utils import timezone

from cases.bsn import is_geldig_bsn
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

# Nine digits standing alone, or in the usual 1234.56.782 notation: not inside a longer number or a hex/base64
# token (a CSRF token, a Celery task id). Ids and dates never reach nine digits; a Dutch phone number has ten.
BSN_PATROON = re.compile(r"(?<![0-9A-Za-z])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![0-9A-Za-z])")


def bsns_in(tekst: str, bekend=()) -> list[str]:
    """The BSNs in a text: any number in BSN form that passes the elfproef (every BSN in the database passes
    it, whichever factory made it), and any known BSN of the test's inwoners wherever it stands."""
    gevonden = [g for g in BSN_PATROON.findall(tekst) if is_geldig_bsn(g.replace(".", ""))]
    return gevonden + [b for b in bekend if b and b in tekst and b not in gevonden]


def _inhoud(response) -> str:
    if response.streaming:
        # A CSV or file download: read it once and hand the test the same bytes.
        delen = list(response.streaming_content)
        response.streaming_content = delen
        inhoud = b"".join(delen)
    else:
        inhoud = response.content
    koppen = " ".join(f"{k}: {v}" for k, v in response.items())
    return f"{koppen}\n{inhoud.decode(errors='replace')}"


def _tekst_van(bericht) -> str:
    delen = [bericht.subject, bericht.body, *bericht.to, *bericht.cc, *bericht.bcc]
    delen += [str(inhoud) for inhoud, _soort in getattr(bericht, "alternatives", [])]
    delen += [str(bijlage) for bijlage in bericht.attachments]
    return "\n".join(delen)


@pytest.fixture(autouse=True)
def geen_bsn_in_antwoord_of_e_mail(request, monkeypatch):
    """Every test in tests/partners: every response of the Django test client and the DRF API client (which
    goes through it), every redirect hop included, and every e-mail sent fails the test when it holds a BSN
    (issue 9: no BSN in any partner page, e-mail or API response)."""
    bekend = []
    if "wereld" in request.fixturenames:
        bekend = request.getfixturevalue("wereld")["bsns"]
    origineel_request = Client.request
    origineel_send = EmailBackend.send_messages

    def request_met_controle(self, **kwargs):
        response = origineel_request(self, **kwargs)
        gevonden = bsns_in(_inhoud(response), bekend)
        assert not gevonden, (
            f"BSN {gevonden} in het antwoord op {kwargs.get('REQUEST_METHOD')} {kwargs.get('PATH_INFO')}"
        )
        return response

    def send_met_controle(self, berichten):
        for bericht in berichten:
            gevonden = bsns_in(_tekst_van(bericht), bekend)
            assert not gevonden, f"BSN {gevonden} in de e-mail '{bericht.subject}'"
        return origineel_send(self, berichten)

    monkeypatch.setattr(Client, "request", request_met_controle)
    monkeypatch.setattr(EmailBackend, "send_messages", send_met_controle)
    yield
    from django.core import mail

    for bericht in getattr(mail, "outbox", []):
        assert not bsns_in(_tekst_van(bericht), bekend), f"BSN in de e-mail '{bericht.subject}'"


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
