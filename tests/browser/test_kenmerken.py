"""Kenmerken in Chromium as a klantadviseur records one: chosen from the list, refused in Dutch when it overlaps,
ended, and shown on the inwoner page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cases.models import Kenmerk, KenmerkSoort
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_klantadviseur_legt_een_kenmerk_vast_en_beeindigt_het(chromium, live_server, sessie, gebruiker_met_rol, regels):
    # `regels`: norms and regelingen, for the recompute that recording a kenmerk starts (eager in tests).
    # A transactional test may start from a flushed database, without the data migration's kenmerken.
    KenmerkSoort.objects.update_or_create(
        code="chronisch_ziek_of_gehandicapt", defaults={"naam": "Chronisch ziek", "geldt_voor": "persoon"}
    )
    adviseur = gebruiker_met_rol("klantadviseur", username="karin")
    casus = f.CasusFactory(klantadviseur=adviseur)
    inwoner = f.InwonerFactory(huishouden=casus.huishouden, voornaam="Fenna", achternaam="Geurts")

    page = sessie.page
    sessie.log_in("karin")
    sessie.ga_naar(f"/werk/inwoners/{inwoner.pk}/")
    expect(page.locator("main")).to_contain_text("Er zijn geen kenmerken van deze inwoner vastgelegd.")
    with page.expect_navigation():
        page.get_by_role("link", name="Kenmerken vastleggen of beëindigen").click()

    def vastleggen(vanaf: str):
        page.get_by_label("Kenmerk", exact=True).select_option(label="Chronisch ziek")
        page.get_by_label("Geldt vanaf").fill(vanaf)
        page.get_by_label("Verklaring van een arts").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Kenmerk opslaan").click()

    vastleggen("2026-01-01")
    expect(page.locator("main")).to_contain_text("Het kenmerk is vastgelegd.")
    vastleggen("2026-03-01")  # overlaps the open-ended one
    expect(page.get_by_role("alert")).to_contain_text("mogen elkaar niet overlappen")

    page.get_by_label("Laatste dag dat het kenmerk geldt").fill("2026-02-28")
    with page.expect_navigation():
        page.get_by_role("button", name="Chronisch ziek beëindigen").click()
    expect(page.locator("main")).to_contain_text("Het kenmerk is beëindigd.")
    assert Kenmerk.objects.get(inwoner=inwoner).geldig_tot == date(2026, 2, 28)

    sessie.ga_naar(f"/werk/inwoners/{inwoner.pk}/")
    expect(page.locator("main")).to_contain_text("28 februari 2026")
    assert sessie.csp_schendingen() == []
