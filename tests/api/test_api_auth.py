"""Token authentication, scopes and roles."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.helpers import assert_probleem

LIJST = "/api/v1/huishoudens/"
pytestmark = pytest.mark.django_db


def _client(sleutel):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    return client


def test_geldig_token_met_scope_mag_lezen_en_laatst_gebruikt_wordt_bijgewerkt(maak_token):
    token, sleutel = maak_token("huishoudens:lezen")
    assert token.laatst_gebruikt_op is None
    assert _client(sleutel).get(LIJST).status_code == 200
    token.refresh_from_db()
    assert token.laatst_gebruikt_op is not None


@pytest.mark.parametrize(
    ("wijziging", "detail"),
    [
        ({"verloopt_op": timezone.now() - timedelta(minutes=1)}, "Dit token is verlopen."),
        ({"ingetrokken": True}, "Dit token is ingetrokken."),
    ],
)
def test_verlopen_of_ingetrokken_token_geeft_401(maak_token, wijziging, detail):
    _, sleutel = maak_token("huishoudens:lezen", **wijziging)
    response = _client(sleutel).get(LIJST)
    body = assert_probleem(response, 401)
    assert body["detail"] == detail
    assert response["WWW-Authenticate"].startswith("Token")


def test_onbekend_token_geeft_401():
    body = assert_probleem(_client("verzonnen-sleutel").get(LIJST), 401)
    assert body["detail"] == "Dit token is onbekend."


def test_kapotte_authorization_header_geeft_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token twee delen")
    assert_probleem(client.get(LIJST), 401)


def test_token_van_inactieve_organisatie_geeft_401(maak_token, gemeente):
    _, sleutel = maak_token("huishoudens:lezen")
    gemeente.actief = False
    gemeente.save()
    assert_probleem(_client(sleutel).get(LIJST), 401)


def test_ongeldig_token_valt_niet_terug_op_de_sessie(gebruiker_met_rol):
    client = APIClient()
    client.force_login(gebruiker_met_rol("klantadviseur"))
    client.credentials(HTTP_AUTHORIZATION="Token verzonnen")
    assert_probleem(client.get(LIJST), 401)


def test_token_met_alleen_schrijven_mag_niet_lezen(token_client):
    body = assert_probleem(token_client("huishoudens:schrijven").get(LIJST), 403)
    assert "huishoudens:lezen" in body["detail"]


def test_token_met_alleen_lezen_mag_niet_registreren(lezer, payload):
    body = assert_probleem(lezer.post(LIJST, payload(), format="json"), 403)
    assert "huishoudens:schrijven" in body["detail"]


def test_partnertoken_kan_geen_huishoudens_opvragen(token_client, partner, maak_huishouden):
    maak_huishouden()
    # Even when the scope was granted by mistake: partners never receive BSNs.
    client = token_client("huishoudens:lezen", "doorverwijzingen:lezen", organisatie=partner)
    body = assert_probleem(client.get(LIJST), 403)
    assert "alleen voor tokens van de gemeente" in body["detail"]
    assert_probleem(token_client("doorverwijzingen:lezen", organisatie=partner).get(LIJST), 403)


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice", "kwaliteitsfunctionaris"])
def test_gemeenterollen_mogen_lezen_via_sessie(sessie_client, rol, maak_huishouden):
    maak_huishouden()
    response = sessie_client(rol).get(LIJST)
    assert response.status_code == 200
    # A kwaliteitsfunctionaris reaches only households with a maatwerk proposal; this one has none.
    assert response.json()["count"] == (0 if rol == "kwaliteitsfunctionaris" else 1)


@pytest.mark.parametrize("rol", ["beleidsadviseur", "partnermedewerker", "functioneel_beheer"])
def test_andere_rollen_krijgen_403(sessie_client, rol, maak_huishouden):
    huishouden = maak_huishouden()
    client = sessie_client(rol)
    assert_probleem(client.get(LIJST), 403)
    assert_probleem(client.get(f"{LIJST}{huishouden.pk}/"), 403)


def test_kwaliteitsfunctionaris_mag_niet_registreren(sessie_client, payload):
    assert_probleem(sessie_client("kwaliteitsfunctionaris").post(LIJST, payload(), format="json"), 403)


def test_klantadviseur_registreert_via_sessie(sessie_client, payload):
    response = sessie_client("klantadviseur").post(LIJST, payload(), format="json")
    assert response.status_code == 201, response.content


def test_sessie_post_zonder_csrf_token_geeft_403_in_het_nederlands(sessie_client, payload):
    client = sessie_client("klantadviseur", enforce_csrf_checks=True)
    body = assert_probleem(client.post(LIJST, payload(), format="json"), 403)
    assert body["detail"].startswith("De CSRF-controle is mislukt.")
