"""Hostile input on every page and form (ADR 0008): control characters in any submitted field or query
parameter give a Dutch 400 page and save nothing; a too-large body a Dutch 413 page."""

import re

import pytest
from django.conf import settings
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.urls import get_resolver

from cases.models import Huishouden, Inwoner
from venlo_armoede.accounts.models import Stadsdeel

pytestmark = pytest.mark.django_db

MELDING = "teken dat niet is toegestaan"


def paginas():
    """Every URL pattern outside the API (including the admin), with its parameters filled in."""
    paden = set()
    for _view, regex, _ns, _naam in extract_views_from_urlpatterns(get_resolver().url_patterns):
        pad = re.sub(r"<[^>]+>", "1", simplify_regex(regex))
        if not pad.startswith("/api/"):
            paden.add(pad)
    assert "/werk/huishoudens/nieuw/" in paden and "/inloggen/" in paden and "/beheer/" in paden
    return sorted(paden)


PAGINAS = paginas()


@pytest.fixture
def beheerder(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="Test-wachtwoord-1"))
    return client


@pytest.mark.parametrize("pad", PAGINAS)
def test_nul_in_elk_formulierveld_geeft_nederlandse_foutpagina(beheerder, pad):
    antwoord = beheerder.post(pad, {"naam": "gewoon", "veld": "a\x00b"})
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"].startswith("text/html")
    tekst = antwoord.content.decode()
    assert MELDING in tekst and "veld" in tekst and "Er is niets opgeslagen" in tekst


@pytest.mark.parametrize("teken", ["\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x85"])
def test_andere_stuurtekens_ook(beheerder, teken):
    antwoord = beheerder.post("/beleid/scenario/", {"veld": f"a{teken}b"})
    assert antwoord.status_code == 400 and MELDING in antwoord.content.decode()


@pytest.mark.parametrize("pad", PAGINAS)
def test_stuurteken_in_queryparameter_geeft_nederlandse_foutpagina(beheerder, pad):
    antwoord = beheerder.get(pad, {"zoek": "a\x00"})
    assert antwoord.status_code == 400 and MELDING in antwoord.content.decode()


def test_te_groot_formulier_geeft_413(beheerder):
    antwoord = beheerder.post("/werk/huishoudens/nieuw/", {"straat": "a" * settings.MAX_VERZOEK_BYTES})
    assert antwoord.status_code == 413
    assert "Te veel gegevens tegelijk" in antwoord.content.decode()


def test_registratieformulier_met_nul_slaat_niets_op(client, gebruiker_met_rol):
    stadsdeel = Stadsdeel.objects.create(naam="Venlo-Oost")
    client.force_login(gebruiker_met_rol("klantadviseur"))
    data = {
        "straat": "Markt",
        "huisnummer": "1",
        "postcode": "5911 AB",
        "stadsdeel": stadsdeel.pk,
        "leden-TOTAL_FORMS": "1",
        "leden-INITIAL_FORMS": "0",
        "leden-0-rol": "aanvrager",
        "leden-0-voornaam": "An\x00s",
        "leden-0-achternaam": "Smeets",
        "leden-0-geboortedatum": "1970-02-02",
    }
    antwoord = client.post("/werk/huishoudens/nieuw/", data)
    assert antwoord.status_code == 400
    assert "leden-0-voornaam" in antwoord.content.decode()
    assert not Huishouden.objects.exists() and not Inwoner.objects.exists()
    # Tab, newline and carriage return are ordinary text: the same form without the NUL is saved.
    data["leden-0-voornaam"] = "Ans"
    data["straat"] = "Markt\t\r\n"
    assert client.post("/werk/huishoudens/nieuw/", data).status_code == 302


def test_inloggen_met_nul_in_gebruikersnaam_is_geen_500(client):
    antwoord = client.post("/inloggen/", {"username": "beheer\x00der", "password": "x"})
    assert antwoord.status_code == 400 and MELDING in antwoord.content.decode()
