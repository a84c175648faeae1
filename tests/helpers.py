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


def formulier_van_pagina(html: str, *, form_id: str | None = None) -> list[tuple[str, str]]:
    """What a browser submits for a form on a rendered page, unchanged: every named input with its value
    (checkboxes and radios only when checked), the text of each textarea, the selected option(s) of each select
    (the first option when none is marked). `form_id`: only the form with that id (else the first form that
    posts). A list of pairs, because a name may occur more than once (checkboxes of one field)."""
    from html.parser import HTMLParser

    class Lezer(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.velden: list[tuple[str, str]] = []
            self._in_form = False
            self._klaar = False
            self._select: dict | None = None
            self._textarea: list | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and not self._klaar:
                passend = a.get("id") == form_id if form_id else (a.get("method") or "").lower() == "post"
                self._in_form = passend
                return
            if not self._in_form:
                return
            naam = a.get("name")
            if tag == "input" and naam and a.get("type") not in ("submit", "button", "image", "reset", "file"):
                if a.get("type") in ("checkbox", "radio"):
                    if "checked" in a:
                        self.velden.append((naam, a.get("value", "on")))
                else:
                    self.velden.append((naam, a.get("value") or ""))
            elif tag == "select" and naam:
                self._select = {"naam": naam, "meer": "multiple" in a, "eerste": None, "gekozen": []}
            elif tag == "option" and self._select is not None:
                waarde = a.get("value", "")
                if self._select["eerste"] is None:
                    self._select["eerste"] = waarde
                if "selected" in a:
                    self._select["gekozen"].append(waarde)
            elif tag == "textarea" and naam:
                self._textarea = [naam, ""]

        def handle_data(self, data):
            if self._textarea is not None:
                self._textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "form" and self._in_form:
                self._in_form, self._klaar = False, True
            elif tag == "select" and self._select is not None:
                s = self._select
                gekozen = s["gekozen"] or ([] if s["meer"] or s["eerste"] is None else [s["eerste"]])
                self.velden += [(s["naam"], w) for w in gekozen]
                self._select = None
            elif tag == "textarea" and self._textarea is not None:
                naam, tekst = self._textarea
                # A browser drops the one newline that may follow the opening tag.
                self.velden.append((naam, tekst[1:] if tekst.startswith("\n") else tekst))
                self._textarea = None

    lezer = Lezer()
    lezer.feed(html)
    assert lezer.velden, "no form with fields found on the page"
    return lezer.velden


def als_post(velden: list[tuple[str, str]], **anders) -> dict:
    """The pairs as data for Django's test client (repeated names as a list), with some values replaced."""
    data: dict = {}
    for naam, waarde in velden:
        if naam in data:
            bestaand = data[naam]
            data[naam] = [*bestaand, waarde] if isinstance(bestaand, list) else [bestaand, waarde]
        else:
            data[naam] = waarde
    data.update(anders)
    return data
