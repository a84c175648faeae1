"""The public regelingen API: rules in force on a date, and the anonymous rechtencheck (stores nothing,
problem+json for every impossible household, throttled)."""

import copy

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Huishouden, InkomensBron, Inwoner
from regelingen.models import Aanvraag, Inkomenspositie, RechtUitkomst
from tests.helpers import assert_probleem
from venlo_armoede.audit.models import AuditRecord

REGELINGEN = "/api/v1/regelingen/"
RECHTENCHECK = "/api/v1/rechtencheck/"

VOORBEELD = {
    "peildatum": "2026-03-01",
    "leden": [
        {"rol": "aanvrager", "geboortedatum": "1990-04-12", "netto_maandinkomen": "1600.00"},
        {"rol": "kind", "geboortedatum": "2019-09-01"},  # 6
        {"rol": "kind", "geboortedatum": "2016-05-20"},  # 9
    ],
}


@pytest.fixture
def api():
    return APIClient()


def per_code(body, sleutel="regelingen"):
    return {item["code"]: item for item in body[sleutel]}


# ---------------------------------------------------------------------------------------------------
# GET /api/v1/regelingen/
# ---------------------------------------------------------------------------------------------------


def test_regelingen_op_een_datum_met_de_versie_die_dan_geldt(regels, api):
    oud = api.get(REGELINGEN, {"peildatum": "2023-06-01"})
    nu = api.get(REGELINGEN, {"peildatum": "2026-03-01"})

    assert oud.status_code == nu.status_code == 200
    leergeld_oud = per_code(oud.json(), "results")["leergeld"]
    leergeld_nu = per_code(nu.json(), "results")["leergeld"]
    assert leergeld_oud["versie"]["inkomensgrens_pct"] == "150.00"
    assert leergeld_oud["versie"]["geldig_van"] == "2022-07-01"
    assert leergeld_oud["versie"]["geldig_tot"] == "2023-12-31"
    assert leergeld_nu["versie"]["inkomensgrens_pct"] == "120.00"
    assert leergeld_nu == {
        "code": "leergeld",
        "naam": "Stichting Leergeld Venlo",
        "omschrijving": leergeld_nu["omschrijving"],
        "doelstelling": "preventie",
        "aanbieder": "Stichting Leergeld Venlo",
        "aanvraagroute": "bij_partner",
        "versie": leergeld_nu["versie"],
    }
    assert leergeld_nu["versie"]["kind_min_leeftijd"] == 4 and leergeld_nu["versie"]["kind_max_leeftijd"] == 17
    # In 2023 only the regelingen with a version then: the energietoeslag 2022 has ended, Stadspas not begun.
    assert set(per_code(oud.json(), "results")) == {"leergeld", "jeugdfonds_sport"}
    assert "energietoeslag_2022" not in per_code(nu.json(), "results")
    assert per_code(nu.json(), "results")["stadspas"]["aanbieder"] is None
    assert per_code(nu.json(), "results")["stadspas"]["versie"]["bedrag"] == "100.00"
    assert nu.json()["count"] == 8


def test_regelingen_zonder_peildatum_geeft_vandaag(regels, api):
    response = api.get(REGELINGEN)
    assert response.status_code == 200
    assert per_code(response.json(), "results")["leergeld"]["versie"]["inkomensgrens_pct"] == "120.00"


def test_regelingen_met_onleesbare_peildatum(regels, api):
    body = assert_probleem(api.get(REGELINGEN, {"peildatum": "1-3-2026"}), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["peildatum"]


def test_regelingen_met_lege_peildatum_geeft_400(regels, api):
    # An empty parameter is not "today": the schema says a date (found by schemathesis).
    body = assert_probleem(api.get(REGELINGEN + "?peildatum="), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["peildatum"]


def test_regeling_zonder_vastgelegde_bedrag_per_geeft_null(regels, api):
    # Stored as "" when not set, which is not one of the documented values (found by schemathesis).
    from regelingen.models import RegelingVersie

    versies = RegelingVersie.objects.filter(regeling__code="leergeld")
    assert set(versies.values_list("bedrag_per", flat=True)) == {""}
    response = api.get(REGELINGEN, {"peildatum": "2026-03-01"})
    assert per_code(response.json(), "results")["leergeld"]["versie"]["bedrag_per"] is None
    assert per_code(response.json(), "results")["stadspas"]["versie"]["bedrag_per"] == "persoon_per_jaar"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=een", "page"),
        ("page=", "page"),
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
        ("page=last", "page"),
    ],
)
def test_ongeldige_paginering_geeft_400_met_de_parameter(regels, api, query, parameter):
    body = assert_probleem(api.get(f"{REGELINGEN}?{query}"), 400)
    assert [p["name"] for p in body["invalid_params"]] == [parameter]


def test_pagina_na_de_laatste_geeft_404(regels, api):
    assert api.get(REGELINGEN, {"page": 2, "page_size": 500}).status_code == 404
    assert api.get(REGELINGEN, {"page": 2, "page_size": 4}).status_code == 200


def test_regelingen_is_openbaar_ook_met_een_ongeldig_token(regels, api):
    api.credentials(HTTP_AUTHORIZATION="Token onzin")
    assert api.get(REGELINGEN).status_code == 200


# ---------------------------------------------------------------------------------------------------
# POST /api/v1/rechtencheck/
# ---------------------------------------------------------------------------------------------------


def tellingen():
    return {
        model.__name__: model.objects.count()
        for model in (Huishouden, Inwoner, InkomensBron, RechtUitkomst, Inkomenspositie, Aanvraag, AuditRecord)
    }


def test_rechtencheck_alleenstaande_ouder_met_twee_kinderen(regels, api):
    voor = tellingen()

    response = api.post(RECHTENCHECK, VOORBEELD, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["peildatum"] == "2026-03-01"
    assert body["norm"] == "1401.50"
    assert body["inkomen"] == "1600.00"
    assert body["inkomen_pct"] == "114.16"
    assert body["samenstelling"] == "alleenstaande_ouder"
    uitkomsten = per_code(body)
    leergeld = uitkomsten["leergeld"]
    assert leergeld["uitkomst"] == "recht"
    assert "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80" in leergeld["redenen"]
    assert "2 kinderen van 4 tot en met 17 jaar in het huishouden." in leergeld["redenen"]
    assert leergeld["bedrag"] is None
    assert uitkomsten["jeugdfonds_sport"] == {
        "code": "jeugdfonds_sport",
        "naam": "Jeugdfonds Sport Venlo",
        "uitkomst": "recht",
        "redenen": uitkomsten["jeugdfonds_sport"]["redenen"],
        "bedrag": "450.00",
    }
    # The vermogen is missing: rules with a vermogenstoets need an assessment, not a silent "geen recht".
    assert uitkomsten["collectieve_zorgverzekering"]["uitkomst"] == "beoordeling_nodig"
    assert uitkomsten["bijzondere_bijstand"]["uitkomst"] == "beoordeling_nodig"
    assert "energietoeslag_2022" not in uitkomsten
    assert tellingen() == voor  # nothing stored, nothing logged


def test_rechtencheck_met_vermogen_en_laag_inkomen_sinds(regels, api):
    vraag = {**VOORBEELD, "vermogen": "1500.00", "laag_inkomen_sinds": "2022-01-01"}
    uitkomsten = per_code(api.post(RECHTENCHECK, vraag, format="json").json())
    assert uitkomsten["collectieve_zorgverzekering"]["uitkomst"] == "recht"
    assert uitkomsten["stadspas"]["uitkomst"] == "recht"
    assert uitkomsten["stadspas"]["bedrag"] == "300.00"  # € 100 per person, 3 persons


def test_rechtencheck_zonder_peildatum_rekent_voor_vandaag(regels, api):
    vraag = {"leden": [{"rol": "aanvrager", "geboortedatum": "1980-01-01", "netto_maandinkomen": 900}]}
    response = api.post(RECHTENCHECK, vraag, format="json")
    assert response.status_code == 200
    assert response.json()["samenstelling"] == "alleenstaande"


def _vraag(wijzig):
    vraag = copy.deepcopy(VOORBEELD)
    wijzig(vraag)
    return vraag


ONGELDIG = [
    ("twee partners", lambda v: v["leden"].extend([{"rol": "partner", "geboortedatum": "1990-01-01"}] * 2), "leden"),
    ("geen aanvrager", lambda v: v["leden"].__setitem__(0, {"rol": "kind", "geboortedatum": "2015-01-01"}), "leden"),
    ("twee aanvragers", lambda v: v["leden"].append({"rol": "aanvrager", "geboortedatum": "1990-01-01"}), "leden"),
    ("geboren na peildatum", lambda v: v["leden"][1].update(geboortedatum="2026-06-01"), "leden[1].geboortedatum"),
    ("negatief inkomen", lambda v: v["leden"][0].update(netto_maandinkomen="-1.00"), "leden[0].netto_maandinkomen"),
    ("peildatum voor de eerste norm", lambda v: v.update(peildatum="2023-06-01"), "peildatum"),
    ("onbekende rol", lambda v: v["leden"][2].update(rol="oma"), "leden[2].rol"),
    ("datum onleesbaar", lambda v: v["leden"][0].update(geboortedatum="12-04-1990"), "leden[0].geboortedatum"),
    ("datum bestaat niet", lambda v: v["leden"][0].update(geboortedatum="1990-02-30"), "leden[0].geboortedatum"),
    ("bedrag met komma", lambda v: v["leden"][0].update(netto_maandinkomen="1600,00"), "leden[0].netto_maandinkomen"),
    ("bedrag is tekst", lambda v: v["leden"][0].update(netto_maandinkomen="veel"), "leden[0].netto_maandinkomen"),
    ("peildatum onleesbaar", lambda v: v.update(peildatum="morgen"), "peildatum"),
    ("geen leden", lambda v: v.update(leden=[]), "leden"),
    ("leden ontbreken", lambda v: v.pop("leden"), "leden"),
    ("lid zonder geboortedatum", lambda v: v["leden"][1].pop("geboortedatum"), "leden[1].geboortedatum"),
    ("negatief vermogen", lambda v: v.update(vermogen="-5.00"), "vermogen"),
    ("laag inkomen na peildatum", lambda v: v.update(laag_inkomen_sinds="2026-04-01"), "laag_inkomen_sinds"),
    ("leden is geen lijst", lambda v: v.update(leden="aanvrager"), "leden"),
]


@pytest.mark.parametrize(("wijzig", "veld"), [(w, v) for _, w, v in ONGELDIG], ids=[n for n, _, _ in ONGELDIG])
def test_onmogelijk_huishouden_geeft_400_met_het_foute_veld(regels, api, wijzig, veld):
    voor = tellingen()

    response = api.post(RECHTENCHECK, _vraag(wijzig), format="json")

    body = assert_probleem(response, 400)
    assert veld in [p["name"] for p in body["invalid_params"]], body
    assert all(p["reason"] for p in body["invalid_params"])
    assert tellingen() == voor


def test_geen_json_geeft_een_probleem(regels, api):
    response = api.post(RECHTENCHECK, data="{kapot", content_type="application/json")
    assert_probleem(response, 400)


def test_zonder_normen_geeft_400_en_geen_500(db, api):
    body = assert_probleem(api.post(RECHTENCHECK, VOORBEELD, format="json"), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["peildatum"]


def test_ingelogde_sessie_zonder_csrf_token_werkt_ook(regels, gebruiker_met_rol):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(gebruiker_met_rol("klantadviseur"))
    response = client.post(RECHTENCHECK, VOORBEELD, format="json")
    assert response.status_code == 200
    assert not AuditRecord.objects.exists()


def test_te_veel_verzoeken_geeft_429(regels, api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "rechtencheck": "2/minute"},
    }
    assert api.post(RECHTENCHECK, VOORBEELD, format="json").status_code == 200
    assert api.post(RECHTENCHECK, VOORBEELD, format="json").status_code == 200

    response = api.post(RECHTENCHECK, VOORBEELD, format="json")

    body = assert_probleem(response, 429)
    assert body["code"] == "te-veel-verzoeken"
    assert int(response["Retry-After"]) > 0
    # The public list has its own (anonymous) limit, not this one.
    assert api.get(REGELINGEN).status_code == 200


def test_standaardlimiet_is_30_per_minuut(regels, api):
    for _ in range(30):
        assert api.post(RECHTENCHECK, VOORBEELD, format="json").status_code == 200
    assert_probleem(api.post(RECHTENCHECK, VOORBEELD, format="json"), 429)


def test_url_namen(regels):
    assert reverse("api:regelingen") == REGELINGEN
    assert reverse("api:rechtencheck") == RECHTENCHECK


def test_openapi_schema_beschrijft_beide_endpoints(regels, api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    post = schema["paths"]["/api/v1/rechtencheck/"]["post"]
    assert post["summary"] == "Rechtencheck: op welke regelingen heeft een huishouden recht?"
    voorbeelden = post["requestBody"]["content"]["application/json"]["examples"]
    assert any(v["value"]["leden"][0]["rol"] == "aanvrager" for v in voorbeelden.values())
    get = schema["paths"]["/api/v1/regelingen/"]["get"]
    assert get["summary"] == "Regelingen die op een datum gelden"
    assert any(p["name"] == "peildatum" for p in get["parameters"])
