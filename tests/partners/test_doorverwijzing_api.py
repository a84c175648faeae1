"""The referrals API for partner systems: own organisation only (404 for any other), consented data only and
never a BSN (every response is scanned by tests/partners/conftest.py), steps with If-Match (428 without, 412
when stale)."""

import json

import pytest
from rest_framework.test import APIClient

from partners.models import DoorverwijzingStap
from tests.helpers import assert_probleem
from venlo_armoede.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _token(organisatie, *scopes):
    _, sleutel = ApiToken.maak(organisatie=organisatie, naam="koppeling", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    return client


LEZEN, SCHRIJVEN = "doorverwijzingen:lezen", "doorverwijzingen:schrijven"


def test_partner_token_ziet_alleen_de_eigen_doorverwijzingen(wereld, verwijzing):
    eigen = verwijzing()
    ander = verwijzing(dienst=wereld["dienst_leergeld"])
    client = _token(wereld["alliantie"], LEZEN)
    lijst = client.get("/api/v1/doorverwijzingen/").json()
    ids = [r["id"] for r in (lijst["results"] if isinstance(lijst, dict) else lijst)]
    assert ids == [eigen.pk]
    assert client.get(f"/api/v1/doorverwijzingen/{ander.pk}/").status_code == 404
    leergeld = _token(wereld["leergeld"], LEZEN, SCHRIJVEN)
    assert_probleem(leergeld.get(f"/api/v1/doorverwijzingen/{eigen.pk}/"), 404)
    response = leergeld.post(
        f"/api/v1/doorverwijzingen/{eigen.pk}/stappen/", {"stap": "ontvangen"}, format="json", HTTP_IF_MATCH=eigen.etag
    )
    assert_probleem(response, 404)
    assert DoorverwijzingStap.objects.for_systeem("test").filter(doorverwijzing=eigen).count() == 1


def test_alleen_de_toegestane_gegevens_en_na_intrekken_niets(wereld, verwijzing):
    from partners import services

    dv = verwijzing(categorieen=("hulpvraag",))
    client = _token(wereld["alliantie"], LEZEN)
    body = client.get(f"/api/v1/doorverwijzingen/{dv.pk}/").json()
    assert set(body["gegevens"]) == {"hulpvraag"} and body["toestemming"] == "geldig"
    assert "Fenna" not in json.dumps(body)
    services.trek_toestemming_in(toestemming=dv.toestemming, door=wereld["adviseur"])
    body = client.get(f"/api/v1/doorverwijzingen/{dv.pk}/").json()
    assert body["gegevens"] is None and body["toestemming"] == "ingetrokken"
    assert "rekeningen" not in json.dumps(body)


def test_stappen_met_if_match(wereld, verwijzing):
    dv = verwijzing()
    client = _token(wereld["alliantie"], LEZEN, SCHRIJVEN)
    url = f"/api/v1/doorverwijzingen/{dv.pk}/stappen/"
    assert_probleem(client.post(url, {"stap": "ontvangen"}, format="json"), 428)
    etag = client.get(f"/api/v1/doorverwijzingen/{dv.pk}/")["ETag"]
    response = client.post(url, {"stap": "ontvangen"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["status"] == "ontvangen"
    nieuw = response["ETag"]
    assert nieuw != etag
    body = assert_probleem(client.post(url, {"stap": "geaccepteerd"}, format="json", HTTP_IF_MATCH=etag), 412)
    assert "intussen gewijzigd" in body["detail"]
    # Skipping a state: a Dutch validation error, nothing saved.
    body = assert_probleem(client.post(url, {"stap": "afgerond"}, format="json", HTTP_IF_MATCH=nieuw), 400)
    assert "kan niet naar" in json.dumps(body, ensure_ascii=False)
    response = client.post(
        url, {"stap": "afgewezen", "reden": "anders", "toelichting": ""}, format="json", HTTP_IF_MATCH=nieuw
    )
    assert_probleem(response, 400)
    response = client.post(
        url,
        {"stap": "afgewezen", "reden": "geen_capaciteit", "toelichting": "Vol tot maart."},
        format="json",
        HTTP_IF_MATCH=nieuw,
    )
    assert response.status_code == 200
    stappen = response.json()["stappen"]
    assert [s["stap"] for s in stappen] == ["verstuurd", "ontvangen", "afgewezen"]
    assert stappen[-1]["door"].startswith("API-token")


def test_zonder_scope_403_en_lezen_mag_geen_stap_zetten(wereld, verwijzing):
    dv = verwijzing()
    assert_probleem(_token(wereld["alliantie"]).get("/api/v1/doorverwijzingen/"), 403)
    response = _token(wereld["alliantie"], LEZEN).post(
        f"/api/v1/doorverwijzingen/{dv.pk}/stappen/", {"stap": "ontvangen"}, format="json", HTTP_IF_MATCH=dv.etag
    )
    assert_probleem(response, 403)


def test_aantal_queries_groeit_niet_met_de_lijst(wereld, verwijzing, django_assert_max_num_queries):
    for _ in range(6):
        verwijzing()
    client = _token(wereld["alliantie"], LEZEN)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/doorverwijzingen/").status_code == 200


def test_inzage_door_de_partner_staat_in_het_logboek(wereld, verwijzing):
    from venlo_armoede.audit.models import AuditRecord

    dv = verwijzing()
    voor = AuditRecord.objects.filter(omschrijving="Doorverwijzing ingezien door partner").count()
    _token(wereld["alliantie"], LEZEN).get(f"/api/v1/doorverwijzingen/{dv.pk}/")
    na = AuditRecord.objects.filter(omschrijving="Doorverwijzing ingezien door partner")
    assert na.count() == voor + 2  # two inwoners in the household
    assert na.first().actor_soort == "api-token"
