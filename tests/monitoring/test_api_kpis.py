"""GET /api/v1/kpis/: the catalogue and the stored values with the page's suppression; scope kpi:lezen (the
old name kpis:lezen still works); bad filters as problem+json in Dutch."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from monitoring import services
from monitoring.kpis import CATALOGUS
from tests.factories import CasusFactory, HuishoudenFactory, StadsdeelFactory
from tests.helpers import assert_probleem
from venlo_armoede.accounts.models import ApiToken, Organisatie

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL


def client_met(scopes):
    organisatie = Organisatie.objects.get_or_create(naam="Onderzoeksbureau", defaults={"soort": "professioneel"})[0]
    _, sleutel = ApiToken.maak(organisatie=organisatie, naam="kpi", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    return client


@pytest.fixture
def tegelen():
    vandaag = timezone.localdate()
    tegelen = StadsdeelFactory(naam="Tegelen")
    for _ in range(3):
        CasusFactory(
            huishouden=HuishoudenFactory(stadsdeel=tegelen),
            aangemeld_op=datetime(vandaag.year, vandaag.month, 1, 9, tzinfo=ZoneInfo("Europe/Amsterdam")),
        )
    services.bereken()
    return tegelen


@pytest.mark.parametrize("scope", ["kpi:lezen", "kpis:lezen"])
def test_catalogus_en_onderdrukte_waarden(scope, tegelen):
    antwoord = client_met([scope]).get("/api/v1/kpis/", {"stadsdeel": tegelen.pk})
    assert antwoord.status_code == 200, antwoord.content
    data = antwoord.json()
    assert [k["code"] for k in data["catalogus"]] == [k.code for k in CATALOGUS]
    bewind = next(k for k in data["catalogus"] if k["code"] == "onder_bewind")
    assert bewind["heeft_gegevens"] is True  # computed from cases.Bewind
    deze_maand = f"{timezone.localdate():%Y-%m}"
    [aanmeldingen] = [w for w in data["waarden"] if w["kpi"] == "aanmeldingen" and w["maand"] == deze_maand]
    assert aanmeldingen["waarde"] == "<5" and aanmeldingen["getal"] is None  # 3: never as a number


def test_zonder_recht_403():
    antwoord = client_met(["huishoudens:lezen"]).get("/api/v1/kpis/")
    assert_probleem(antwoord, 403)


@pytest.mark.parametrize(
    ("query", "veld"),
    [
        ({"stadsdeel": "999999"}, "stadsdeel"),
        ({"tot": "2999-01"}, "tot"),
        ({"van": "x"}, "van"),
        ({"tot": "0001-01"}, "tot"),  # was a 500: 12 months before year 1 does not exist
        ({"van": "1999-12"}, "van"),
        ({"tot": "99999999999999999999-01"}, "tot"),
    ],
)
def test_foute_filter_is_400_in_het_nederlands(query, veld):
    antwoord = client_met(["kpi:lezen"]).get("/api/v1/kpis/", query)
    body = assert_probleem(antwoord, 400)
    assert veld in str(body)


def test_beleidsadviseur_met_sessie(client, gebruiker_met_rol, tegelen):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    assert client.get("/api/v1/kpis/").status_code == 200
    client.force_login(gebruiker_met_rol("klantadviseur"))
    assert client.get("/api/v1/kpis/").status_code == 403
