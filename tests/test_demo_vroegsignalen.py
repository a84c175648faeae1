"""The demo's vroegsignalen, signaalpartners, partner users (one per kind of organisation) and demo token."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from cases.models import Casus
from demo.vroegsignalen import DEMO_TOKEN_SLEUTEL
from partners.models import Contactpoging, Vroegsignaal
from venlo_armoede.accounts.models import OrganisatieSoort

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    uit = StringIO()
    call_command("seed_demo", *args, "--ook-zonder-debug", stdout=uit)
    return uit.getvalue()


def _vingerafdruk():
    return list(
        Vroegsignaal.objects.for_systeem("test")
        .order_by("ontvangen_op", "id")
        .values_list("soort", "postcode", "huisnummer", "achterstand_bedrag", "opeenvolgend", "status", "resultaat")
    )


def test_demo_heeft_signalen_pogingen_en_partners_van_elke_soort():
    uit = seed("--households", "400", "--seed", "7")
    assert DEMO_TOKEN_SLEUTEL in uit
    signalen = Vroegsignaal.objects.for_systeem("test")
    assert signalen.count() >= 12
    assert signalen.filter(opeenvolgend=True).exists() and signalen.filter(opeenvolgend=False).exists()
    assert signalen.exclude(resultaat="").exists() and signalen.filter(status="ontvangen").exists()
    assert Contactpoging.objects.for_systeem("test").filter(bereikt=True).exists()
    for geaccepteerd in signalen.filter(resultaat="hulp_geaccepteerd"):
        assert geaccepteerd.casus.bron == "vroegsignaal"
    soorten = set(
        get_user_model().objects.filter(groups__name="partnermedewerker").values_list("organisatie__soort", flat=True)
    )
    assert soorten >= {s for s in OrganisatieSoort.values if s != "gemeente"}


def test_demo_is_deterministisch_en_idempotent():
    seed("--households", "300", "--seed", "3")
    eerste = _vingerafdruk()
    seed("--households", "300", "--seed", "3")  # again: nothing added
    assert _vingerafdruk() == eerste
    seed("--households", "300", "--seed", "3", "--reset")
    assert _vingerafdruk() == eerste
    assert Casus.objects.for_systeem("test").filter(bron="vroegsignaal").count() == (
        Vroegsignaal.objects.for_systeem("test").filter(resultaat="hulp_geaccepteerd").count()
    )


def test_demo_token_levert_een_signaal_aan():
    seed("--households", "50")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {DEMO_TOKEN_SLEUTEL}")
    body = {
        "soort": "huur",
        "achterstand_bedrag": "420.00",
        "achterstand_sinds": "2026-01-01",
        "naam": "Demo",
        "straat": "Parade",
        "huisnummer": 3,
        "postcode": "5911 CA",
        "woonplaats": "Venlo",
    }
    assert client.post("/api/v1/vroegsignalen/", body, format="json", HTTP_IDEMPOTENCY_KEY="demo").status_code == 201
