"""The sociale kaart: the public page /geldzorgen/ and GET /api/v1/diensten/ (HSDS service shape), on hand-made
diensten: filters, capacity, only active organisations, and a fixed number of queries however long the list."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import DienstFactory, OrganisatieFactory, StadsdeelFactory
from tests.helpers import assert_probleem

PAGINA = "/geldzorgen/"
API = "/api/v1/diensten/"
TZ = ZoneInfo("Europe/Amsterdam")

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaart():
    """Five diensten: two organisations, one inactive organisation, one inactive dienst."""
    venlo, blerick, tegelen = (StadsdeelFactory(naam=n) for n in ("Venlo", "Blerick", "Tegelen"))
    maatje = OrganisatieFactory(naam="Maatjes Venlo", soort="vrijwilligers")
    fonds = OrganisatieFactory(naam="Kinderfonds", soort="fonds")
    weg = OrganisatieFactory(naam="Gestopte stichting", soort="professioneel", actief=False)
    d = {
        "maatje": DienstFactory(
            organisatie=maatje,
            naam="Een maatje bij schulden",
            omschrijving="Een vrijwilliger helpt u uit de schulden.",
            hulpvragen=["schulden", "administratie"],
            aanmeldroutes=["zelf", "via_intermediair"],
            voorwaarden="U woont in Venlo.",
            aanmelden_uitleg="Bel ons op werkdagen.",
            telefoon="077 123 45 67",
            email="hulp@maatjes.example",
            website="https://maatjes.example/",
            adres="Markt 1",
            postcode="5911 AA",
            plaats="Venlo",
            doelstellingen=["ondersteuning"],
            capaciteit_beschikbaar=3,
            capaciteit_maximum=12,
            capaciteit_eenheid="trajecten",
            capaciteit_bijgewerkt_op=datetime(2026, 11, 30, 9, 15, tzinfo=TZ),
        ),
        "blerick": DienstFactory(
            organisatie=maatje,
            naam="Thuisadministratie Blerick",
            hulpvragen=["administratie"],
            doelgroepen=["ouderen"],
            aanmeldroutes=["zelf"],
            capaciteit_beschikbaar=0,
            capaciteit_maximum=5,
            capaciteit_eenheid="huishoudens",
            capaciteit_bijgewerkt_op=datetime(2026, 11, 2, 10, 0, tzinfo=TZ),
        ),
        "sport": DienstFactory(
            organisatie=fonds,
            naam="Sport voor kinderen",
            hulpvragen=["kinderen"],
            doelgroepen=["gezinnen"],
            aanmeldroutes=["via_intermediair"],
        ),
        "gestopt": DienstFactory(organisatie=weg, naam="Oude dienst", hulpvragen=["schulden"]),
        "uit": DienstFactory(organisatie=fonds, naam="Uitgezette dienst", hulpvragen=["kinderen"], actief=False),
    }
    d["blerick"].werkgebied.set([blerick])
    d["sport"].werkgebied.set([venlo, tegelen])
    d["stadsdelen"] = {"Venlo": venlo, "Blerick": blerick, "Tegelen": tegelen}
    return d


def _namen_op_pagina(response) -> set[str]:
    return {dienst.naam for route in response.context["routes"] for dienst in route["diensten"]}


def _namen_in_api(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["results"]}


# --- the public page ------------------------------------------------------------------------------------


def test_pagina_zonder_inloggen_toont_alleen_actieve_diensten_per_route(kaart):
    response = Client().get(PAGINA)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Waar kan ik terecht met geldzorgen?" in html
    assert "We hebben 3 mogelijkheden voor u gevonden." in html
    assert _namen_op_pagina(response) == {
        "Een maatje bij schulden",
        "Thuisadministratie Blerick",
        "Sport voor kinderen",
    }
    assert "Oude dienst" not in html and "Gestopte stichting" not in html and "Uitgezette dienst" not in html
    routes = {route["code"]: [d.naam for d in route["diensten"]] for route in response.context["routes"]}
    # A dienst with two routes is listed under both: the page is an overview of the ways in.
    assert routes == {
        "zelf": ["Een maatje bij schulden", "Thuisadministratie Blerick"],
        "via_gemeente": [],
        "via_intermediair": ["Sport voor kinderen", "Een maatje bij schulden"],
    }
    assert 'id="route-zelf"' in html and 'id="route-via_gemeente"' not in html  # empty routes are left out
    assert html.count('class="venlo-table-scroll"') == 2  # through the {% tabel %} tag


def test_pagina_toont_capaciteit_contact_en_werkgebied(kaart):
    html = Client().get(PAGINA).content.decode()

    assert "3 van 12 trajecten vrij" in html
    assert "Bijgewerkt op 30 november 2026" in html
    assert "Nu vol" in html and "5 huishoudens in totaal" in html
    assert "Niet bekend" in html  # Sport voor kinderen publishes no capacity
    assert 'href="tel:0771234567"' in html and 'href="mailto:hulp@maatjes.example"' in html
    assert "Markt 1, 5911 AA Venlo" in html
    assert "In Blerick." in html and "In Tegelen, Venlo." in html and "In heel Venlo." in html
    assert "Ouderen." in html and "Iedereen." in html and "Voor wie:" in html
    assert "Voorwaarden:</strong> U woont in Venlo." in html


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ({"hulpvraag": "administratie"}, {"Een maatje bij schulden", "Thuisadministratie Blerick"}),
        ({"hulpvraag": "kinderen"}, {"Sport voor kinderen"}),
        ({"hulpvraag": "zorgkosten"}, set()),
        # A dienst without a doelgroep is for everyone, so it is found for every doelgroep.
        ({"doelgroep": "ouderen"}, {"Een maatje bij schulden", "Thuisadministratie Blerick"}),
        ({"doelgroep": "gezinnen"}, {"Een maatje bij schulden", "Sport voor kinderen"}),
        ({"aanmeldroute": "via_intermediair"}, {"Een maatje bij schulden", "Sport voor kinderen"}),
        ({"hulpvraag": "administratie", "doelgroep": "jongeren"}, {"Een maatje bij schulden"}),
    ],
)
def test_pagina_filtert_op_hulpvraag_doelgroep_en_route(kaart, query, verwacht):
    response = Client().get(PAGINA, query)

    assert response.status_code == 200
    assert _namen_op_pagina(response) == verwacht


@pytest.mark.parametrize(
    ("stadsdeel", "verwacht"),
    [
        # A dienst without a werkgebied works in heel Venlo and is found in every stadsdeel.
        ("Blerick", {"Een maatje bij schulden", "Thuisadministratie Blerick"}),
        ("Tegelen", {"Een maatje bij schulden", "Sport voor kinderen"}),
    ],
)
def test_pagina_filtert_op_stadsdeel(kaart, stadsdeel, verwacht):
    response = Client().get(PAGINA, {"stadsdeel": kaart["stadsdelen"][stadsdeel].pk})

    assert _namen_op_pagina(response) == verwacht


def test_pagina_zonder_resultaat_en_met_foute_keuze(kaart):
    leeg = Client().get(PAGINA, {"hulpvraag": "zorgkosten"})
    assert "Met deze keuzes vinden we geen hulp" in leeg.content.decode()

    fout = Client().get(PAGINA, {"stadsdeel": "abc", "hulpvraag": "onzin"})
    assert fout.status_code == 400
    html = fout.content.decode()
    assert "Een van de keuzes klopt niet" in html
    assert _namen_op_pagina(fout) == set()


def test_ingelogde_medewerker_ziet_de_pagina_ook(kaart, gebruiker_met_rol):
    client = Client()
    client.force_login(gebruiker_met_rol("klantadviseur"))
    assert client.get(PAGINA).status_code == 200


def test_inlogpagina_verwijst_naar_de_sociale_kaart():
    html = Client().get("/inloggen/").content.decode()
    assert f'href="{PAGINA}"' in html


def _maak_diensten(aantal: int):
    stadsdelen = [StadsdeelFactory(naam=f"Wijk {i}") for i in range(3)]
    for i in range(aantal):
        dienst = DienstFactory(
            organisatie=OrganisatieFactory(naam=f"Organisatie {i}"),
            aanmeldroutes=["zelf", "via_gemeente"],
            capaciteit_beschikbaar=i % 3,
            capaciteit_maximum=5,
            capaciteit_eenheid="plekken",
        )
        dienst.werkgebied.set(stadsdelen[: i % 3])


@pytest.mark.parametrize("aantal", [3, 40])
def test_pagina_kost_een_vast_aantal_queries(aantal, django_assert_max_num_queries):
    _maak_diensten(aantal)
    # diensten with organisation, their werkgebied, and the stadsdelen of the filter form
    with django_assert_max_num_queries(3):
        response = Client().get(PAGINA)
    assert len(_namen_op_pagina(response)) == aantal


# --- the API --------------------------------------------------------------------------------------------


def test_api_geeft_een_dienst_in_de_vorm_van_hsds(kaart):
    response = APIClient().get(API, {"hulpvraag": "schulden"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    dienst, organisatie = kaart["maatje"], kaart["maatje"].organisatie
    alle = sorted(kaart["stadsdelen"].values(), key=lambda s: s.naam)
    assert body["results"][0] == {
        "id": str(dienst.pk),
        "name": "Een maatje bij schulden",
        "description": "Een vrijwilliger helpt u uit de schulden.",
        "organization": {"id": str(organisatie.pk), "name": "Maatjes Venlo"},
        "url": "https://maatjes.example/",
        "email": "hulp@maatjes.example",
        "status": "active",
        "eligibility_description": "U woont in Venlo.",
        "application_process": "Bel ons op werkdagen.",
        # no werkgebied: the dienst works in heel Venlo, so every stadsdeel is a service area
        "service_areas": [{"id": str(s.pk), "name": s.naam} for s in alle],
        "phones": [{"number": "077 123 45 67"}],
        "addresses": [{"address_1": "Markt 1", "postal_code": "5911 AA", "city": "Venlo", "country": "NL"}],
        "service_capacity": [
            {"available": 3, "maximum": 12, "unit": {"name": "trajecten"}, "updated": "2026-11-30T09:15:00+01:00"}
        ],
        "hulpvragen": ["schulden", "administratie"],
        "doelgroepen": [],
        "doelstellingen": ["ondersteuning"],
        "aanmeldroutes": ["zelf", "via_intermediair"],
    }


def test_api_werkgebied_en_capaciteit_vol_of_onbekend(kaart):
    per_naam = {item["name"]: item for item in APIClient().get(API).json()["results"]}

    assert set(per_naam) == {"Een maatje bij schulden", "Thuisadministratie Blerick", "Sport voor kinderen"}
    assert per_naam["Thuisadministratie Blerick"]["service_areas"] == [
        {"id": str(kaart["stadsdelen"]["Blerick"].pk), "name": "Blerick"}
    ]
    assert [a["name"] for a in per_naam["Sport voor kinderen"]["service_areas"]] == ["Tegelen", "Venlo"]
    assert per_naam["Thuisadministratie Blerick"]["service_capacity"][0]["available"] == 0
    assert per_naam["Sport voor kinderen"]["service_capacity"] == []
    assert per_naam["Sport voor kinderen"]["phones"] == [] and per_naam["Sport voor kinderen"]["addresses"] == []


def test_api_filters(kaart):
    api = APIClient()
    s = kaart["stadsdelen"]
    fonds = kaart["sport"].organisatie

    assert _namen_in_api(api.get(API, {"stadsdeel": s["Tegelen"].pk})) == {
        "Een maatje bij schulden",
        "Sport voor kinderen",
    }
    assert _namen_in_api(api.get(API, {"organisatie": fonds.pk})) == {"Sport voor kinderen"}
    assert _namen_in_api(api.get(API, {"plek_vrij": "true"})) == {"Een maatje bij schulden"}
    assert _namen_in_api(api.get(API, {"plek_vrij": "false"})) == {"Thuisadministratie Blerick"}
    assert _namen_in_api(api.get(API, {"doelgroep": "ouderen", "aanmeldroute": "zelf"})) == {
        "Een maatje bij schulden",
        "Thuisadministratie Blerick",
    }
    assert _namen_in_api(api.get(API, {"hulpvraag": "kinderen", "stadsdeel": s["Blerick"].pk})) == set()


def test_api_foute_filters_geven_problem_json(kaart):
    body = assert_probleem(APIClient().get(API, {"stadsdeel": "abc", "hulpvraag": "onzin"}), 400)
    assert {p["name"] for p in body["invalid_params"]} == {"stadsdeel", "hulpvraag"}
    # An inactive organisation is not on the kaart: its id is a valid question with an empty answer.
    antwoord = APIClient().get(API, {"organisatie": kaart["gestopt"].organisatie.pk})
    assert antwoord.status_code == 200 and antwoord.json()["count"] == 0


def test_api_is_gepagineerd_en_negeert_een_token(kaart):
    api = APIClient()
    eerste = api.get(API, {"page_size": 2}).json()
    tweede = api.get(API, {"page_size": 2, "page": 2}).json()

    assert eerste["count"] == 3 and len(eerste["results"]) == 2 and eerste["next"]
    assert len(tweede["results"]) == 1 and tweede["next"] is None
    assert {r["name"] for r in eerste["results"] + tweede["results"]} == {
        "Een maatje bij schulden",
        "Sport voor kinderen",
        "Thuisadministratie Blerick",
    }
    api.credentials(HTTP_AUTHORIZATION="Token onzin")  # open: a wrong token is not even looked at
    assert api.get(API).status_code == 200


@pytest.mark.parametrize("aantal", [3, 40])
def test_api_kost_een_vast_aantal_queries(aantal, django_assert_max_num_queries):
    _maak_diensten(aantal)
    # count, diensten with organisation, their werkgebied, all stadsdelen (for "heel Venlo")
    with django_assert_max_num_queries(4):
        response = APIClient().get(API)
    assert response.json()["count"] == aantal


def test_api_heeft_een_limiet_per_adres(kaart, monkeypatch):
    from django.core.cache import cache

    from venlo_armoede.api.throttling import AnoniemRateThrottle

    cache.clear()
    monkeypatch.setattr(AnoniemRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    api = APIClient()
    assert [api.get(API).status_code for _ in range(2)] == [200, 200]
    te_veel = api.get(API)
    assert_probleem(te_veel, 429)
    assert int(te_veel["Retry-After"]) > 0
    assert APIClient(REMOTE_ADDR="192.0.2.7").get(API).status_code == 200  # another address has its own limit
    cache.clear()
