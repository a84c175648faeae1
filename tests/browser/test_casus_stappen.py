"""The casus page in Chromium as a klantadviseur uses it: the whole step form is submitted (untouched fields
included); a step that needs a reason is refused in Dutch; closing as "Afgerond" plans nazorg."""

import pytest
from playwright.sync_api import expect

from cases.models import NazorgTermijn
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_klantadviseur_zet_een_casus_stap_voor_stap_tot_afgesloten(chromium, live_server, sessie, gebruiker_met_rol):
    # A transactional test starts from a flushed database, without the data migration's nazorg terms.
    for maanden in (3, 12):
        NazorgTermijn.objects.get_or_create(maanden=maanden)
    adviseur = gebruiker_met_rol("klantadviseur", username="karin")
    casus = f.CasusFactory(klantadviseur=adviseur)
    f.InwonerFactory(huishouden=casus.huishouden, voornaam="Fenna", achternaam="Geurts")

    page = sessie.page
    sessie.log_in("karin")
    sessie.ga_naar("/werk/")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Casus {casus.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {casus.pk}")

    page.get_by_label("Intake").check()
    page.get_by_label("Toelichting").fill("Eerste gesprek gepland.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main")).to_contain_text("De casus staat nu op: Intake.")
    expect(page.locator("ol.venlo-tijdlijn")).to_contain_text("Eerste gesprek gepland.")

    # Closing without a reason: refused, nothing changes.
    page.get_by_label("Afgesloten").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main")).to_contain_text("Kies waarom de casus wordt afgesloten.")

    page.get_by_label("Afgesloten").check()
    page.get_by_label("Reden van afsluiten").select_option("afgerond")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main")).to_contain_text("De casus staat nu op: Afgesloten.")
    expect(page.locator("main")).to_contain_text("Afgesloten (Afgerond)")

    with page.expect_navigation():
        page.get_by_role("link", name="Nazorg").click()
    expect(page.locator("main")).to_contain_text("Na 3 maanden")
    expect(page.locator("main")).to_contain_text("Na 12 maanden")
    assert sessie.csp_schendingen() == []
