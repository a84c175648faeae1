"""In Chromium as a klantadviseur: register two debts with Dutch amounts, see the totals at intake and now,
record a ZRM screening and see the chart with its table. No CSP violations."""

import pytest
from playwright.sync_api import expect

from cases.models import ZrmDomein, ZrmScoreWaarde
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_klantadviseur_registreert_schulden_en_een_screening(chromium, live_server, sessie, gebruiker_met_rol):
    adviseur = gebruiker_met_rol("klantadviseur", username="kees")
    casus = f.CasusFactory(klantadviseur=adviseur)
    f.InwonerFactory(huishouden=casus.huishouden, voornaam="Fenna", achternaam="Geurts")

    page = sessie.page
    sessie.log_in("kees")
    sessie.ga_naar(f"/werk/casussen/{casus.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Schulden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Schulden bij casus {casus.pk}")

    for schuldeiser, soort, bedrag in (("Enexis", "Nutsvoorzieningen", "1.250,00"), ("CAK", "Zorg", "349,50")):
        page.get_by_label("Schuldeiser", exact=True).fill(schuldeiser)
        page.get_by_label(soort).check()
        page.get_by_label("Bedrag in euro", exact=True).fill(bedrag)
        with page.expect_navigation():
            page.get_by_role("button", name="Schuld opslaan").click()
        expect(page.locator("main")).to_contain_text("De schuld is geregistreerd.")

    totaal = page.get_by_role("table", name="Totaal van de schulden en aantal schuldeisers")
    expect(totaal.get_by_role("row", name="Bij intake")).to_contain_text("1.599,50")
    expect(totaal.get_by_role("row", name="Bij intake")).to_contain_text("2")
    expect(totaal.get_by_role("row", name="Nu (niet afgelost)")).to_contain_text("1.599,50")

    # A negative amount is refused in Dutch and the typed name stays.
    page.get_by_label("Schuldeiser", exact=True).fill("Belastingdienst")
    page.get_by_label("Publieke schuldeisers").check()
    page.get_by_label("Bedrag in euro", exact=True).fill("-10")
    with page.expect_navigation():
        page.get_by_role("button", name="Schuld opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Een bedrag kan niet negatief zijn.")
    expect(page.get_by_label("Schuldeiser", exact=True)).to_have_value("Belastingdienst")

    sessie.ga_naar(f"/werk/casussen/{casus.pk}/screening/")
    page.get_by_label("Datum van de screening").fill("2026-02-10")
    for i, domein in enumerate(ZrmDomein):
        score = ZrmScoreWaarde.NIET if domein == ZrmDomein.FINANCIEN else ZrmScoreWaarde(3 + i % 3)
        page.get_by_role("group", name=str(domein.label), exact=True).get_by_label(str(score.label), exact=True).check()
    page.get_by_role("group", name="Financiën", exact=True).get_by_label("Toelichting").fill("Huurachterstand")
    with page.expect_navigation():
        page.get_by_role("button", name="Screening opslaan").click()
    expect(page.locator("main")).to_contain_text("De screening is vastgelegd.")
    expect(page.locator("svg.venlo-zrm")).to_be_visible()
    tabel = page.get_by_role("table", name="ZRM-scores per domein, de nieuwste screening eerst")
    expect(tabel.get_by_role("row", name="Financiën")).to_contain_text("2")
    expect(tabel.get_by_role("row", name="Financiën")).to_contain_text("Huurachterstand")
    expect(tabel.locator("tbody tr")).to_have_count(13)

    sessie.ga_naar(f"/werk/casussen/{casus.pk}/")
    expect(page.locator("ol.venlo-tijdlijn")).to_contain_text("Schuld geregistreerd: CAK")
    expect(page.locator("ol.venlo-tijdlijn")).to_contain_text("ZRM-screening van 10-02-2026")
    assert sessie.csp_schendingen() == []
