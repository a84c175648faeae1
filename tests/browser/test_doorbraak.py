"""Break-the-glass in Chromium, as a klantadviseur meets it: a household outside her team first asks why; an
empty answer is refused in plain Dutch; a reason opens the page."""

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reden_geven_opent_de_pagina(sessie, gebruiker_met_rol):
    from cases.models import Doorbraak

    gebruiker_met_rol("klantadviseur", username="karin")
    collega_elders = gebruiker_met_rol("klantadviseur", username="bram")
    inwoner = f.InwonerFactory(voornaam="Ellen", achternaam="Elders")
    f.CasusFactory(huishouden=inwoner.huishouden, klantadviseur=collega_elders)

    sessie.log_in("karin")
    page = sessie.page
    sessie.ga_naar(f"/werk/inwoners/{inwoner.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reden van inzage")
    expect(page.locator("main")).not_to_contain_text("Elders")

    # The whole form as a person submits it: the reason left empty.
    with page.expect_navigation():
        page.get_by_role("button", name="Gegevens bekijken").click()
    expect(page.locator("main")).to_contain_text("Schrijf op waarom u deze gegevens nodig heeft")
    assert not Doorbraak.objects.exists()

    page.get_by_label("Waarom heeft u deze gegevens nodig?").fill("Inwoner belt mij, Bram is vandaag ziek.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gegevens bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ellen Elders")
    assert Doorbraak.objects.get().reden == "Inwoner belt mij, Bram is vandaag ziek."
    assert sessie.csp_schendingen() == []
