"""A partnermedewerker sends a signaal through the whole form in Chromium; the midoffice finds it in triage."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_signaal_komt_in_de_triage(sessie, gebruiker_met_rol, regels):
    # regels: registering the new household recomputes its rights, which needs Venlo's norms.
    from venlo_armoede.accounts.models import Organisatie, Stadsdeel

    Stadsdeel.objects.get_or_create(naam="Tegelen")
    wijkteam = Organisatie.objects.create(naam="Incluzio Venlo (browser)", soort="professioneel")
    gebruiker_met_rol("partnermedewerker", username="petra", organisatie=wijkteam)
    gebruiker_met_rol("midoffice", username="mo")
    page = sessie.page

    sessie.log_in("petra")
    sessie.ga_naar("/partner/")
    with page.expect_navigation():
        page.get_by_role("link", name="Een inwoner aanmelden bij de gemeente (signaal)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal aan de gemeente")
    wie = page.get_by_role("group", name="Over wie gaat het?")
    wie.get_by_label("Voornaam").fill("Sanne")
    wie.get_by_label("Achternaam").fill("Peeters")
    wie.get_by_label("Geboortedatum").fill("1979-05-04")
    wie.get_by_label("Straat").fill("Kerkstraat")
    wie.get_by_label("Huisnummer", exact=True).fill("14")
    wie.get_by_label("Postcode").fill("5931 NM")
    wie.get_by_label("Stadsdeel").select_option(label="Tegelen")
    melding = page.get_by_role("group", name="De melding")
    melding.get_by_label("Wat is er aan de hand?").fill("Post stapelt zich op; energie dreigt afgesloten te worden.")
    melding.get_by_label("Er is een crisis").check()
    melding.get_by_label("Welke crisis?").select_option("dreigende_huisuitzetting")
    # First without the legal ground it names: refused, nothing lost.
    melding.get_by_label("Zonder toestemming, op een wettelijke grond (leg uit welke)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Schrijf op welke wettelijke grond u meldt zonder toestemming.")).to_be_visible()
    expect(page.get_by_label("Achternaam")).to_have_value("Peeters")
    page.get_by_label("De inwoner geeft toestemming voor deze melding").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Uw melding is verstuurd naar de gemeente.")).to_be_visible()
    assert sessie.csp_schendingen() == []

    page.context.clear_cookies()
    sessie.log_in("mo")
    sessie.ga_naar("/werk/triage/")
    tabel = page.get_by_role("table", name="Aanmeldingen die wachten op triage")
    rij = tabel.get_by_role("row").filter(has_text="Kerkstraat 14")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Ja")  # crisis
    # The cells after the casus number: Adres, Stadsdeel, Bron. The source says it came from a partner.
    cellen = rij.get_by_role("cell")
    expect(cellen.nth(1)).to_have_text("Tegelen")
    expect(cellen.nth(2)).to_have_text("Partnerorganisatie")
