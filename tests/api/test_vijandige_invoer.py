"""Hostile input on every API endpoint (ADR 0008): too large (413), too deep (400), control characters
(400), always application/problem+json and never a 500, anonymous or with a token."""

import json
import re

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from cases.models import Huishouden, Inwoner
from venlo_armoede.accounts.models import Scope
from venlo_armoede.invoer import json_diepte_overschreden

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def operaties(*methoden):
    """(method, path) of every operation in the API's schema, with path parameters filled in."""
    paden = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    gevonden = [
        (methode.upper(), re.sub(r"\{[^}]+\}", "1", pad))
        for pad, ops in paden.items()
        for methode in ops
        if methode.upper() in methoden
    ]
    assert gevonden, "the schema lists no such operations"
    return gevonden


SCHRIJVEN = operaties("POST", "PUT", "PATCH")
ALLES = operaties("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def alle_scopes(token_client, request):
    """A token with every scope; for the vroegsignalen (signaalpartners only) one of a signaalpartner."""
    pad = getattr(request.node, "callspec", None) and request.node.callspec.params.get("pad", "")
    if pad and pad.startswith("/api/v1/vroegsignalen/"):
        from venlo_armoede.accounts.models import Organisatie

        corporatie = Organisatie.objects.create(naam="Woningcorporatie (vijandig)", soort="signaalpartner")
        return token_client(*Scope.values, organisatie=corporatie)
    return token_client(*Scope.values)


def genest(diepte: int) -> str:
    return '{"a":' * diepte + "1" + "}" * diepte


def verstuur(client, methode, pad, body: str | bytes):
    return client.generic(methode, pad, body, content_type="application/json")


def assert_probleem(antwoord, status: int, code: str):
    assert antwoord.status_code == status, antwoord.content[:300]
    assert antwoord["Content-Type"].startswith(PROBLEM)
    body = antwoord.json()
    assert body["status"] == status and body["code"] == code and body["detail"]
    return body


@pytest.mark.parametrize(("methode", "pad"), SCHRIJVEN)
@pytest.mark.parametrize("anoniem", [True, False], ids=["anoniem", "token"])
def test_te_groot_is_413_voor_het_lezen(methode, pad, anoniem, alle_scopes):
    client = APIClient() if anoniem else alle_scopes
    body = '{"x": "' + "a" * settings.MAX_VERZOEK_BYTES + '"}'
    assert_probleem(verstuur(client, methode, pad, body), 413, "te-groot")


@pytest.mark.parametrize(("methode", "pad"), SCHRIJVEN)
def test_te_diep_genest_is_400_met_token(methode, pad, alle_scopes):
    body = assert_probleem(verstuur(alle_scopes, methode, pad, genest(100_000)), 400, "te-diep-genest")
    assert body["invalid_params"][0]["code"] == "te_diep_genest"


@pytest.mark.parametrize(("methode", "pad"), SCHRIJVEN)
def test_te_diep_genest_anoniem_nooit_500(methode, pad):
    antwoord = verstuur(APIClient(), methode, pad, genest(100_000))
    assert antwoord.status_code in (400, 401), antwoord.content[:300]
    assert antwoord["Content-Type"].startswith(PROBLEM)


def test_anonieme_rechtencheck_diep_genest_is_400():
    assert_probleem(verstuur(APIClient(), "POST", "/api/v1/rechtencheck/", genest(50_000)), 400, "te-diep-genest")
    # Just within the limit it is read (and refused for its content, not its depth).
    antwoord = verstuur(APIClient(), "POST", "/api/v1/rechtencheck/", genest(settings.MAX_JSON_DIEPTE))
    assert antwoord.status_code == 400 and antwoord.json()["code"] == "validatie"


@pytest.mark.parametrize(("methode", "pad"), SCHRIJVEN)
@pytest.mark.parametrize("teken", ["\u0000", "\u001b", "\u007f", "\ud800"])
def test_stuurteken_in_json_is_400(methode, pad, teken, alle_scopes):
    body = json.dumps({"veld": f"a{teken}b", "lijst": [{"diep": "ok"}, {"diep": f"x{teken}"}]})
    fout = assert_probleem(verstuur(alle_scopes, methode, pad, body), 400, "validatie")
    assert {(p["name"], p["code"]) for p in fout["invalid_params"]} == {
        ("veld", "verboden_teken"),
        ("lijst[1].diep", "verboden_teken"),
    }
    assert "niet is toegestaan" in fout["invalid_params"][0]["reason"]


@pytest.mark.parametrize(("methode", "pad"), ALLES)
@pytest.mark.parametrize("anoniem", [True, False], ids=["anoniem", "token"])
def test_stuurteken_in_queryparameter_is_400(methode, pad, anoniem, alle_scopes):
    client = APIClient() if anoniem else alle_scopes
    antwoord = client.generic(methode, f"{pad}?postcode=59%0011&pagina=1", content_type="application/json")
    fout = assert_probleem(antwoord, 400, "validatie")
    assert fout["invalid_params"] == [
        {"name": "postcode", "code": "verboden_teken", "reason": fout["invalid_params"][0]["reason"]}
    ]


def _tekstvelden(data, pad=""):
    """Paths of every string value in a JSON document (like leden[1].voornaam)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _tekstvelden(v, f"{pad}.{k}" if pad else k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _tekstvelden(v, f"{pad}[{i}]")
    elif isinstance(data, str):
        yield pad


def _zet(data, pad, waarde):
    delen = re.findall(r"[^.\[\]]+|\[\d+\]", pad)
    for deel in delen[:-1]:
        data = data[int(deel[1:-1])] if deel.startswith("[") else data[deel]
    laatste = delen[-1]
    if laatste.startswith("["):
        data[int(laatste[1:-1])] += waarde
    else:
        data[laatste] += waarde


def test_nul_in_elk_veld_van_een_huishouden_wordt_geweigerd_en_niets_opgeslagen(schrijver, payload):
    velden = list(_tekstvelden(payload()))
    assert len(velden) > 20
    for veld in velden:
        data = payload()
        _zet(data, veld, "\x00")
        fout = assert_probleem(schrijver.post("/api/v1/huishoudens/", data, format="json"), 400, "validatie")
        assert [p["name"] for p in fout["invalid_params"]] == [veld]
    assert not Huishouden.objects.exists() and not Inwoner.objects.exists()
    # Tab, newline and carriage return are ordinary text.
    data = payload()
    data["straat"] = "Parade\t\r\n"
    assert schrijver.post("/api/v1/huishoudens/", data, format="json").status_code == 201


def test_diepte_telt_haakjes_in_strings_niet():
    assert not json_diepte_overschreden('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[["}', 2)
    assert not json_diepte_overschreden('{"a": "\\"[[[[[[", "b": [1]}', 2)
    assert json_diepte_overschreden('{"a": [[1]]}', 2)
    assert not json_diepte_overschreden('{"a": [[1]]}', 3)
