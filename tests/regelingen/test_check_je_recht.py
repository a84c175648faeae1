"""The public "check je recht" page (issue 10, item 7): no login, stores nothing, the engine's outcome with
reasons, amount and how to apply; Dutch and English; clear field errors; throttled like the rechtencheck API."""

import copy

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Dienst
from regelingen.models import Regeling
from tests.helpers import tellingen

URL = reverse("regelingen:check-je-recht")

# The issue-3 Leergeld example: an alleenstaande ouder with two school children and € 1.600 net a month.
LEERGELD_VOORBEELD = {
    "volwassenen": "1",
    "leeftijd": "36",
    "partner_leeftijd": "",
    "kinderen": "7, 10",
    "inkomen": "1600",
    "spaargeld": "1500",
}


@pytest.fixture(autouse=True)
def _schone_throttle():
    cache.clear()
    yield
    cache.clear()


def test_de_pagina_is_open_voor_iedereen_zonder_inloggen(client, regels):
    antwoord = client.get(URL)
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert "Check je recht" in tekst and 'lang="nl"' in tekst
    assert 'href="?taal=en"' in tekst  # the language switch


def test_het_leergeldvoorbeeld_geeft_leergeld_met_waarom_en_hoe_aanvragen(client, regels):
    antwoord = client.post(URL, LEERGELD_VOORBEELD)
    assert antwoord.status_code == 200
    rijen = {rij["regeling"].code: rij for rij in antwoord.context["resultaten"]}
    assert "leergeld" in rijen and rijen["leergeld"]["zeker"]
    tekst = antwoord.content.decode()
    assert "Stichting Leergeld Venlo" in tekst
    assert "2 kinderen van 4 tot en met 17 jaar in het huishouden." in tekst
    assert "niet hoger dan 120% van de norm" in tekst
    assert "Aanvragen bij de partner" in tekst
    # Jeugdfonds Sport has an amount: it is shown as euros.
    assert rijen["jeugdfonds_sport"]["bedrag"] == "€ 450,00"
    assert "Verwacht bedrag: € 450,00" in tekst


def test_zonder_recht_toont_de_pagina_geen_leergeld(client, regels):
    antwoord = client.post(URL, LEERGELD_VOORBEELD | {"inkomen": "1700"})  # above 120% of € 1.401,50
    assert "leergeld" not in {rij["regeling"].code for rij in antwoord.context["resultaten"]}


def test_het_contact_van_de_aanbieder_komt_van_de_sociale_kaart(client, regels):
    leergeld = Regeling.objects.get(code="leergeld")
    Dienst.objects.create(
        organisatie=leergeld.aanbieder,
        naam="Aanvraag Leergeld",
        telefoon="077 123 45 67",
        email="info@leergeld.example",
        plaats="Venlo",
    )
    tekst = client.post(URL, LEERGELD_VOORBEELD).content.decode()
    assert 'href="tel:0771234567"' in tekst and "info@leergeld.example" in tekst


def test_de_check_bewaart_niets(client, regels):
    voor = tellingen() | {"Session": Session.objects.count()}
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.post(URL, LEERGELD_VOORBEELD)
    assert antwoord.status_code == 200
    schrijven = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert schrijven == []
    assert tellingen() | {"Session": Session.objects.count()} == voor
    assert settings.SESSION_COOKIE_NAME not in antwoord.cookies


def test_in_het_engels(client, regels):
    pagina = client.get(URL + "?taal=en")
    tekst = pagina.content.decode()
    assert 'lang="en"' in tekst and "Check your rights" in tekst and 'href="?taal=nl"' in tekst
    antwoord = client.post(URL + "?taal=en", LEERGELD_VOORBEELD | {"inkomen": "1600.00"})
    tekst = antwoord.content.decode()
    assert "You probably have a right." in tekst and "Stichting Leergeld Venlo" in tekst
    # Another page stays Dutch: the language is for this page only.
    assert 'lang="nl"' in client.get(reverse("kaart:geldzorgen")).content.decode()


def test_een_onbekende_taal_valt_terug_op_nederlands(client, regels):
    assert 'lang="nl"' in client.get(URL + "?taal=xx").content.decode()


@pytest.mark.parametrize(
    ("wijziging", "veld", "fout"),
    [
        ({"inkomen": "-1"}, "inkomen", "Een bedrag kan niet negatief zijn."),
        ({"inkomen": ""}, "inkomen", "Vul een bedrag in. Geen inkomen? Vul 0 in."),
        ({"spaargeld": "-5"}, "spaargeld", "Een bedrag kan niet negatief zijn."),
        ({"leeftijd": "17"}, "leeftijd", "Een volwassene is 18 jaar of ouder."),
        ({"leeftijd": "121"}, "leeftijd", "Vul een leeftijd in van hoogstens 120 jaar."),
        ({"volwassenen": ""}, "volwassenen", "Kies of u met of zonder partner woont."),
        ({"volwassenen": "2"}, "partner_leeftijd", "Vul de leeftijd van uw partner in."),
        ({"kinderen": "7, 18"}, "kinderen", "Een kind is hier 0 tot en met 17 jaar."),
        ({"kinderen": "zeven"}, "kinderen", "Vul alleen leeftijden in"),
    ],
)
def test_foute_invoer_geeft_een_duidelijke_fout_bij_het_veld(client, regels, wijziging, veld, fout):
    antwoord = client.post(URL, LEERGELD_VOORBEELD | wijziging)
    assert antwoord.status_code == 400
    assert any(fout in f for f in antwoord.context["form"].errors[veld]), antwoord.context["form"].errors
    assert fout in antwoord.content.decode()
    assert "resultaten" not in antwoord.context


def test_grenswaarden_van_de_leeftijd_mogen(client, regels):
    for leeftijd in ("18", "120"):
        assert client.post(URL, LEERGELD_VOORBEELD | {"leeftijd": leeftijd}).status_code == 200


def test_de_check_heeft_dezelfde_limiet_als_de_rechtencheck_api(client, regels, settings):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["rechtencheck"] = "2/minute"
    settings.REST_FRAMEWORK = rest
    assert client.post(URL, LEERGELD_VOORBEELD).status_code == 200
    assert client.post(URL, LEERGELD_VOORBEELD).status_code == 200
    derde = client.post(URL, LEERGELD_VOORBEELD)
    assert derde.status_code == 429
    assert "te vaak" in derde.content.decode()
    assert client.get(URL).status_code == 200  # reading the page is not limited
