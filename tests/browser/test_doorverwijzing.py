"""The warme doorverwijzing in Chromium: the klantadviseur records consent and refers; the partner accepts and
reports the outcome; the klantadviseur sees the loop close; an overdue reaction shows for both."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_de_lus_van_toestemming_tot_uitkomst(chromium, live_server, sessie, gebruiker_met_rol):
    from partners import services
    from partners.models import Doorverwijzing

    adviseur = gebruiker_met_rol("klantadviseur", username="karin")
    organisatie = f.OrganisatieFactory(naam="Maatjes Venlo", soort="vrijwilligers")
    f.DienstFactory(organisatie=organisatie, naam="Een maatje bij schulden")
    gebruiker_met_rol("partnermedewerker", username="pieter", organisatie=organisatie)
    casus = f.CasusFactory(klantadviseur=adviseur)
    f.InwonerFactory(huishouden=casus.huishouden, voornaam="Fenna", achternaam="Geurts")

    page = sessie.page
    sessie.log_in("karin")
    sessie.ga_naar(f"/werk/casussen/{casus.pk}/toestemming/")
    page.get_by_label("Organisatie").select_option(label="Maatjes Venlo")
    page.get_by_label("Naam en adres").check()
    page.get_by_label("Hulpvraag", exact=True).check()
    page.get_by_label("Hoe gaf de inwoner toestemming?").select_option("schriftelijk")
    with page.expect_navigation():
        page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorverwijzen")
    page.get_by_label("Dienst", exact=True).select_option(label="Een maatje bij schulden (Maatjes Venlo)")
    page.locator("#id_categorieen input[value=contactgegevens]").check()
    page.locator("#id_categorieen input[value=hulpvraag]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.locator("main")).to_contain_text("De doorverwijzing is verstuurd.")
    dv = Doorverwijzing.objects.for_systeem("test").get()

    # An overdue reaction: the term passed (the beat task's work), shown to both.
    Doorverwijzing.objects.for_systeem("test").filter(pk=dv.pk).update(reageren_uiterlijk=date(2020, 1, 1))
    services.meld_verlopen_termijnen()
    sessie.ga_naar(f"/werk/casussen/{casus.pk}/doorverwijzen/")
    expect(page.locator("main")).to_contain_text("Reactietermijn verlopen")

    partner_context = chromium.new_context(locale="nl-NL")
    partner = partner_context.new_page()
    from tests.browser.conftest import Sessie

    psessie = Sessie(page=partner, basis_url=live_server.url)
    psessie.log_in("pieter")
    psessie.ga_naar("/partner/")
    expect(partner.locator("main")).to_contain_text("Reactietermijn verlopen")
    with partner.expect_navigation():
        partner.get_by_role("link", name=f"Nummer {dv.pk}", exact=False).click()
    expect(partner.locator("main")).to_contain_text("Fenna Geurts")
    for stap in ("geaccepteerd", "in_behandeling"):
        partner.get_by_label("Wat doet u?").select_option(stap)
        with partner.expect_navigation():
            partner.get_by_role("button", name="Opslaan").click()
    partner.get_by_label("Wat doet u?").select_option("afgerond")
    partner.get_by_label("Uitkomst").select_option("doel_bereikt")
    partner.get_by_label("Toelichting").fill("Betalingsregeling getroffen.")
    with partner.expect_navigation():
        partner.get_by_role("button", name="Opslaan").click()
    expect(partner.locator("main")).to_contain_text("Afgerond")
    partner_context.close()

    sessie.ga_naar(f"/werk/casussen/{casus.pk}/doorverwijzen/")
    expect(page.locator("main")).to_contain_text("Afgerond: Doel bereikt")
    expect(page.locator("main")).to_contain_text("Betalingsregeling getroffen.")
    # The loop closes on the casus's own timeline too, reached from Mijn werk as the klantadviseur would.
    sessie.ga_naar("/werk/")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Casus {casus.pk}").click()
    tijdlijn = page.locator("ol.venlo-tijdlijn")
    expect(tijdlijn).to_contain_text("Doorverwijzing naar Een maatje bij schulden: Afgerond")
    expect(tijdlijn).to_contain_text("Toestemming vastgelegd voor Maatjes Venlo")
    assert sessie.csp_schendingen() == []
