"""The midoffice works a vroegsignaal in Chromium: a contact attempt, then "hulp geaccepteerd"; the aanmelding
appears in triage and the signaalpartner's API shows the result."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_midoffice_werkt_een_vroegsignaal_af(sessie, gebruiker_met_rol, regels):
    from cases.services import NieuwLid, registreer_huishouden
    from partners import services
    from venlo_armoede.accounts.models import ApiToken, Organisatie, Stadsdeel

    registreer_huishouden(
        door=None,
        straat="Parade",
        huisnummer=3,
        postcode="5911 CA",
        stadsdeel=Stadsdeel.objects.get_or_create(naam="Venlo")[0],
        leden=[NieuwLid(voornaam="Piet", achternaam="de Vries", geboortedatum=date(1970, 1, 1), rol="aanvrager")],
    )
    corporatie = Organisatie.objects.create(naam="Woningcorporatie Browser", soort="signaalpartner")
    token, _ = ApiToken.maak(organisatie=corporatie, naam="browser", scopes=["vroegsignalen:schrijven"])
    signaal = services.ontvang_vroegsignaal(
        token=token,
        soort="huur",
        achterstand_bedrag=Decimal("640.00"),
        achterstand_sinds=date(2026, 8, 1),
        naam="P. de Vries",
        straat="Parade",
        huisnummer=3,
        postcode="5911 CA",
        woonplaats="Venlo",
    )
    gebruiker_met_rol("midoffice", username="mo")
    page = sessie.page
    sessie.log_in("mo")
    sessie.ga_naar("/werk/triage/")
    with page.expect_navigation():
        page.get_by_role("link", name="Vroegsignalen van woningcorporaties").click()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Signaal {signaal.pk}").click()
    contact = page.get_by_role("group", name="Contactpoging vastleggen")
    contact.get_by_label("Soort contact").select_option(label="Huisbezoek")
    contact.get_by_label("Ja").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Contactpoging opslaan").click()
    expect(page.get_by_text("De contactpoging is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("table", name="Contactpogingen bij dit signaal")).to_contain_text("Huisbezoek")
    resultaat = page.get_by_role("group", name="Resultaat vastleggen en terugmelden")
    resultaat.get_by_label("Resultaat").select_option(label="Hulp geaccepteerd")
    resultaat.get_by_label("Hulpvraag voor de aanmelding").fill("Huurachterstand, wil hulp bij een regeling")
    with page.expect_navigation():
        page.get_by_role("button", name="Resultaat opslaan").click()
    expect(page.get_by_text("Het resultaat is vastgelegd en teruggemeld aan de signaalpartner.")).to_be_visible()
    assert sessie.csp_schendingen() == []

    sessie.ga_naar("/werk/triage/")
    tabel = page.get_by_role("table", name="Aanmeldingen die wachten op triage")
    rij = tabel.get_by_role("row").filter(has_text="Parade 3")
    expect(rij).to_have_count(1)
    signaal.refresh_from_db()
    assert (signaal.status, signaal.resultaat) == ("afgehandeld", "hulp_geaccepteerd")
