"""Errors are application/problem+json (RFC 7807) in Dutch, for every kind of failure."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import RequestFactory
from rest_framework import exceptions

from tests.helpers import assert_probleem
from venlo_armoede.api import problems
from venlo_armoede.api.throttling import TokenRateThrottle

LIJST = "/api/v1/huishoudens/"
pytestmark = pytest.mark.django_db


def test_401_zonder_token_met_www_authenticate(client):
    response = client.get(LIJST)
    body = assert_probleem(response, 401)
    assert body["code"] == "niet-geauthenticeerd"
    assert body["type"] == "urn:venlo:problem:niet-geauthenticeerd"
    assert response["WWW-Authenticate"].startswith("Token ")
    assert "Authorization: Token" in body["detail"]
    assert "invalid_params" not in body


def test_401_ook_als_client_alleen_problem_json_accepteert(client):
    response = client.get(LIJST, HTTP_ACCEPT="application/problem+json")
    assert_probleem(response, 401)


def test_fout_met_accept_application_json_is_geen_406(lezer):
    response = lezer.get(f"{LIJST}999999/", HTTP_ACCEPT="application/json")
    body = assert_probleem(response, 404)
    assert body["detail"] == "De gevraagde gegevens bestaan niet of u heeft er geen toegang toe."
    assert body["instance"] == f"{LIJST}999999/"


def test_403_verkeerde_scope(token_client):
    client = token_client("doorverwijzingen:lezen")
    body = assert_probleem(client.get(LIJST), 403)
    assert body["code"] == "geen-toestemming"
    assert body["detail"] == "Dit token heeft niet het recht 'huishoudens:lezen'."


def test_405_methode(lezer, maak_huishouden):
    huishouden = maak_huishouden()
    body = assert_probleem(lezer.delete(f"{LIJST}{huishouden.pk}/"), 405)
    assert body["code"] == "methode-niet-toegestaan"


def test_400_kapotte_json(schrijver):
    response = schrijver.post(LIJST, data="{kapot", content_type="application/json")
    body = assert_probleem(response, 400)
    assert body["code"] == "ongeldig-verzoek"


def test_415_geen_json(schrijver):
    response = schrijver.post(LIJST, data="straat=x", content_type="application/x-www-form-urlencoded")
    body = assert_probleem(response, 415)
    assert body["detail"] == "Stuur de gegevens als application/json."


def test_429_per_token_met_retry_after(token_client, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/minute"})
    client = token_client("huishoudens:lezen")
    assert client.get(LIJST).status_code == 200
    assert client.get(LIJST).status_code == 200
    response = client.get(LIJST)
    body = assert_probleem(response, 429)
    assert body["code"] == "te-veel-verzoeken"
    assert int(response["Retry-After"]) > 0
    assert f"over {response['Retry-After']} seconden" in body["detail"]
    # Another token has its own bucket, even from the same address.
    assert token_client("huishoudens:lezen").get(LIJST).status_code == 200


def test_django_validation_error_van_een_service_wordt_invalid_params():
    fout = DjangoValidationError({"leden[1].bsn": ["Dit is geen geldig BSN."], "__all__": ["Algemeen."]})
    request = RequestFactory().post("/api/v1/huishoudens/")
    response = problems.problem_exception_handler(fout, {"request": request})
    assert response.status_code == 400
    assert response.data["invalid_params"] == [
        {"name": "leden[1].bsn", "code": "invalid", "reason": "Dit is geen geldig BSN."},
        {"name": "non_field_errors", "code": "invalid", "reason": "Algemeen."},
    ]


def test_geneste_drf_fouten_krijgen_namen_met_index():
    fout = exceptions.ValidationError(
        {"leden": [{}, {"inkomens": [{"geldig_van": ["Verplicht."]}]}], "tags": {2: ["Te lang."]}}
    )
    namen = [p["name"] for p in problems._invalid_params(fout.detail)]
    assert namen == ["leden[1].inkomens[0].geldig_van", "tags[2]"]


def test_onbekende_fout_laat_django_de_500_afhandelen():
    assert problems.problem_exception_handler(RuntimeError("stuk"), {"request": None}) is None


def test_is_api_request():
    factory = RequestFactory()
    assert problems.is_api_request(factory.get("/api/v1/bestaat-niet/"))
    assert not problems.is_api_request(factory.get("/werk/"))


@pytest.mark.parametrize(
    ("view", "status", "code"),
    [(problems.api_404, 404, "niet-gevonden"), (problems.api_403, 403, "geen-toestemming")],
)
def test_api_handlers_voor_404_en_403(view, status, code):
    request = RequestFactory().get("/api/v1/bestaat-niet/")
    response = view(request, Exception())
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    import json

    body = json.loads(response.content)
    assert body["code"] == code and body["instance"] == "/api/v1/bestaat-niet/"


def test_api_500():
    request = RequestFactory().get("/api/v1/huishoudens/")
    response = problems.api_500(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert b"serverfout" in response.content


def test_onbekend_api_adres_geeft_404_probleem(client):
    assert_probleem(client.get("/api/v1/bestaat-niet/"), 404)
