"""Maatwerk in Chromium, as the two people at the maattafel meet it: a klantadviseur proposes an amount from
the flexibel budget through the whole form; a kwaliteitsfunctionaris approves it with a reason, and the budget
shown goes down."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import _open_sessie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_voorstel_goedgekeurd_en_het_budget_daalt(sessie, chromium, live_server, gebruiker_met_rol):
    from cases.models import FlexibelBudget, MaatwerkVoorstel

    karin = gebruiker_met_rol("klantadviseur", username="karin")
    gebruiker_met_rol("kwaliteitsfunctionaris", username="quinten")
    casus = f.CasusFactory(huishouden=f.InwonerFactory().huishouden, klantadviseur=karin)
    FlexibelBudget.objects.create(jaar=timezone.localdate().year, bedrag=Decimal("1000.00"))

    sessie.log_in("karin")
    page = sessie.page
    sessie.ga_naar(f"/werk/casussen/{casus.pk}/maatwerk/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Maatwerk voorstellen voor casus {casus.pk}")
    page.get_by_label("Een bedrag uit het flexibel budget").check()
    page.get_by_label("Bedrag in euro").fill("300,00")
    page.get_by_label("Motivering").fill("De wasmachine is kapot. Er is geen buffer en er zijn drie kinderen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Voorstel versturen").click()
    expect(page.locator("main")).to_contain_text("Uw voorstel is verstuurd.")
    voorstel = MaatwerkVoorstel.objects.for_systeem("test").get()
    assert sessie.csp_schendingen() == []

    context, beoordelaar = _open_sessie(chromium, live_server, viewport={"width": 360, "height": 740})
    try:
        beoordelaar.log_in("quinten")
        pagina = beoordelaar.page
        expect(pagina.get_by_role("heading", level=1)).to_have_text("Maatwerk beoordelen")  # the start page
        expect(pagina.get_by_test_id("budget-over")).to_have_text("€ 1.000,00")
        kaart = pagina.get_by_role("article", name=f"Voorstel {voorstel.pk} bij casus {casus.pk}")
        expect(kaart).to_contain_text("De wasmachine is kapot.")
        kaart.get_by_label("Goedkeuren").check()
        kaart.get_by_label("Reden van uw besluit").fill("Noodzakelijk en past binnen het beleid.")
        with pagina.expect_navigation():
            kaart.get_by_role("button", name=f"Besluit over voorstel {voorstel.pk} opslaan").click()
        expect(pagina.locator("main")).to_contain_text("Het voorstel is goedgekeurd.")
        expect(pagina.get_by_test_id("budget-over")).to_have_text("€ 700,00")
        expect(pagina.locator("main")).to_contain_text("Noodzakelijk en past binnen het beleid.")
        assert beoordelaar.csp_schendingen() == []
    finally:
        context.close()
