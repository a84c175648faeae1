"""Helpers shared by test modules (plain functions; fixtures stay in conftest.py files)."""

import os
import time
from datetime import date
from decimal import Decimal

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def assert_probleem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:venlo:problem:")
    assert body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body


def tellingen() -> dict[str, int]:
    """Row counts of everything a household registration may write."""
    from cases.models import Huishouden, InkomensBron, Inwoner
    from venlo_armoede.accounts.models import IdempotentVerzoek
    from venlo_armoede.audit.models import AuditRecord

    return {
        model.__name__: model.objects.count()
        for model in (Huishouden, Inwoner, InkomensBron, AuditRecord, IdempotentVerzoek)
    }


def wacht_tot(voorwaarde, *, seconden: float = 60, bericht: str = "") -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.25)
    raise AssertionError(f"not within {seconden} s: {bericht}")


def maak_huishouden(*, inkomen: Decimal, kinderen: tuple[int, ...] = (), geboortejaar: int = 1988, partner=False):
    from cases.models import Huishouden, InkomensBron, Inwoner
    from venlo_armoede.accounts.models import Stadsdeel

    stadsdeel = Stadsdeel.objects.get_or_create(naam="Venlo")[0]
    huishouden = Huishouden.objects.create(straat="Parade", huisnummer=1, postcode="5911 CA", stadsdeel=stadsdeel)
    aanvrager = Inwoner.objects.create(
        huishouden=huishouden, voornaam="A", achternaam="B", geboortedatum=date(geboortejaar, 5, 5), rol="aanvrager"
    )
    InkomensBron.objects.create(inwoner=aanvrager, soort="loon", netto_maandbedrag=inkomen, geldig_van=date(2025, 1, 1))
    if partner:
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="P", achternaam="B", geboortedatum=date(geboortejaar, 6, 6), rol="partner"
        )
    for leeftijd in kinderen:
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="K", achternaam="B", geboortedatum=date(2026 - leeftijd, 1, 1), rol="kind"
        )
    return huishouden


def als_browser(antwoord) -> dict:
    """The fields of the admin form as a browser submits them: every input with its current value,
    checkboxes only when ticked."""
    from django import forms

    form = antwoord.context["adminform"].form
    data = {}
    for naam, veld in form.fields.items():
        if veld.disabled:
            continue  # a read-only widget has no input
        waarde = form[naam].value()
        if isinstance(veld, forms.BooleanField):
            if waarde:
                data[naam] = "on"
        elif isinstance(veld.widget, forms.MultiWidget):
            for i, deel in enumerate(veld.widget.decompress(waarde)):
                data[f"{naam}_{i}"] = "" if deel is None else deel
        elif isinstance(waarde, list | tuple):
            data[naam] = [str(v) for v in waarde]
        else:
            data[naam] = "" if waarde is None else waarde
    return data
