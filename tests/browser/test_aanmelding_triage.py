"""In Chromium: the midoffice registers a crisis aanmelding for a new household through the whole page, finds it
at the top of triage (above an older aanmelding without crisis) and assigns it to a klantadviseur."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from cases.models import Casus, Overdracht
from tests import factories as f
from venlo_armoede.accounts.models import Stadsdeel, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_midoffice_meldt_crisis_aan_ziet_hem_bovenaan_en_wijst_toe(sessie, gebruiker_met_rol, regels):
    # regels: saving a household recomputes its rights, which needs Venlo's norms.
    gebruiker_met_rol("midoffice", username="mo")
    adviseur = gebruiker_met_rol("klantadviseur", username="karin", first_name="Karin", last_name="Kessels")
    venlo = Stadsdeel.objects.create(naam="Venlo-Zuid")
    team = Team.objects.create(naam="Team Zuid")
    team.leden.add(adviseur)
    team.stadsdelen.add(venlo)
    ouder = f.CasusFactory(aangemeld_op=datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    f.InwonerFactory(huishouden=ouder.huishouden)

    page = sessie.page
    sessie.log_in("mo")
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding")

    # A crisis without its reason: refused in Dutch, nothing saved, everything typed is still there.
    page.locator("#id_hulpvraag").fill("De verhuurder heeft een ontruimingsvonnis.")
    page.locator("#id_bron").select_option("kcc")
    page.get_by_label("Er is een crisis").check()
    page.locator("#id_straat").fill("Hazenkampweg")
    page.locator("#id_huisnummer").fill("21")
    page.locator("#id_postcode").fill("5915 AB")
    page.locator("#id_stadsdeel").select_option(label="Venlo-Zuid")
    page.locator("#id_leden-0-voornaam").fill("Noor")
    page.locator("#id_leden-0-achternaam").fill("Hermans")
    page.locator("#id_leden-0-geboortedatum").fill("1988-09-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("De aanmelding is niet opgeslagen")
    expect(page.get_by_role("alert")).to_contain_text("Kies de reden van de crisis.")
    assert Casus.objects.count() == 1
    expect(page.locator("#id_leden-0-voornaam")).to_have_value("Noor")

    page.locator("#id_crisis_reden").select_option("dreigende_huisuitzetting")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding opslaan").click()
    expect(page.locator("main")).to_contain_text("De aanmelding is geregistreerd.")
    nieuw = Casus.objects.get(crisis=True)

    tabel = page.get_by_role("table", name="Aanmeldingen die wachten op triage")
    rijen = tabel.get_by_role("row")
    expect(rijen).to_have_count(3)
    expect(rijen.nth(1)).to_contain_text("Hazenkampweg 21")
    expect(rijen.nth(1)).to_contain_text("Dreigende huisuitzetting")
    expect(rijen.nth(2)).to_contain_text(f"Casus {ouder.pk}")

    with page.expect_navigation():
        rijen.nth(1).get_by_role("link", name="Toewijzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {nieuw.pk} toewijzen")
    page.get_by_label("Hoofdbehandelaar").select_option(label="Karin Kessels")
    page.get_by_label("Team").select_option(label="Team Zuid")
    expect(page.get_by_label("Stadsdeel")).to_have_value(str(venlo.pk))  # the household's, by default
    with page.expect_navigation():
        page.get_by_role("button", name="Toewijzen").click()
    expect(page.locator("main")).to_contain_text(f"Casus {nieuw.pk} is nu van Karin Kessels.")
    expect(page.get_by_role("table", name="Aanmeldingen die wachten op triage").get_by_role("row")).to_have_count(2)

    nieuw.refresh_from_db()
    assert (nieuw.klantadviseur, nieuw.team, nieuw.stadsdeel) == (adviseur, team, venlo)
    assert Overdracht.objects.get().naar == adviseur
    sessie.ga_naar(f"/werk/casussen/{nieuw.pk}/")
    expect(page.locator("ol.venlo-tijdlijn")).to_contain_text("Toegewezen aan Karin Kessels (team Team Zuid)")
    assert sessie.csp_schendingen() == []
