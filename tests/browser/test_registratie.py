"""Registering households through the real form in Chromium, the way a klantadviseur does it: only the
blocks for the people who live there are filled in, the other person blocks stay untouched."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def klantadviseur_in_browser(sessie, gebruiker_met_rol, regels):
    # regels: saving a household recomputes its rights, which needs Venlo's norms.
    from venlo_armoede.accounts.models import Stadsdeel

    for naam in ("Blerick", "Tegelen"):
        Stadsdeel.objects.get_or_create(naam=naam)
    gebruiker_met_rol("klantadviseur", username="kees")
    sessie.log_in("kees")
    return sessie


def _open_formulier(sessie):
    page = sessie.page
    sessie.ga_naar("/werk/")
    with page.expect_navigation():
        page.get_by_role("link", name="Huishouden registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huishouden registreren")
    return page


def _vul_adres(page, straat, huisnummer, postcode, stadsdeel):
    adres = page.get_by_role("group", name="Adres")
    adres.get_by_label("Straat").fill(straat)
    adres.get_by_label("Huisnummer").fill(huisnummer)
    adres.get_by_label("Postcode").fill(postcode)
    adres.get_by_label("Stadsdeel").select_option(label=stadsdeel)


def _vul_persoon(page, nummer, voornaam, achternaam, geboortedatum, rol=None):
    blok = page.get_by_role("group", name=f"Persoon {nummer}", exact=True)
    if rol:
        blok.get_by_label("Rol").select_option(label=rol)
    blok.get_by_label("Voornaam").fill(voornaam)
    blok.get_by_label("Achternaam").fill(achternaam)
    blok.get_by_label("Geboortedatum").fill(geboortedatum)


def _opslaan(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Huishouden opslaan").click()


def _leden_tabel(page):
    return page.get_by_role("table", name="Leden van het huishouden")


def test_eenpersoonshuishouden_registreren_en_terugvinden(klantadviseur_in_browser):
    sessie = klantadviseur_in_browser
    page = _open_formulier(sessie)
    # The first person is the aanvrager unless changed; the other blocks start without a role.
    expect(page.get_by_role("group", name="Persoon 1").get_by_label("Rol")).to_have_value("aanvrager")
    for nummer in range(2, 6):
        expect(page.get_by_role("group", name=f"Persoon {nummer}").get_by_label("Rol")).to_have_value("")

    _vul_adres(page, "Kaldenkerkerweg", "7", "5913 AB", "Tegelen")
    _vul_persoon(page, 1, "Ans", "Smeets", "1958-03-14")
    _opslaan(page)

    expect(page).to_have_url(re.compile(r"/werk/inwoners/\d+/$"))
    expect(page.get_by_role("status").filter(has_text="Het huishouden is geregistreerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ans Smeets")
    expect(page.locator("dl")).to_contain_text("Kaldenkerkerweg 7")
    expect(page.locator("dl")).to_contain_text("Tegelen")
    leden = _leden_tabel(page).locator("tbody tr")
    expect(leden).to_have_count(1)
    expect(leden.first).to_contain_text("Ans Smeets")
    expect(leden.first).to_contain_text("Aanvrager")

    # Found again later, in a fresh page load of the same address.
    adres = page.url
    sessie.ga_naar("/werk/")
    page.goto(adres)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ans Smeets")
    assert sessie.csp_schendingen() == []


def test_driepersoonshuishouden_registreren_en_terugvinden(klantadviseur_in_browser):
    from cases.models import Huishouden

    sessie = klantadviseur_in_browser
    page = _open_formulier(sessie)
    _vul_adres(page, "Parade", "12", "5911 CE", "Blerick")
    _vul_persoon(page, 1, "Bram", "Peeters", "1985-06-01")
    _vul_persoon(page, 2, "Sanne", "Peeters", "1987-09-21", rol="Partner")
    _vul_persoon(page, 3, "Luuk", "Peeters", "2016-11-30", rol="Kind")
    _opslaan(page)

    expect(page).to_have_url(re.compile(r"/werk/inwoners/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bram Peeters")
    tabel = _leden_tabel(page)
    expect(tabel.locator("tbody tr")).to_have_count(3)
    for naam, rol in (("Bram Peeters", "Aanvrager"), ("Sanne Peeters", "Partner"), ("Luuk Peeters", "Kind")):
        expect(tabel.get_by_role("row").filter(has_text=naam)).to_contain_text(rol)

    # From the aanvrager to the child, through the link in the table.
    with page.expect_navigation():
        tabel.get_by_role("link", name="Luuk Peeters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Luuk Peeters")
    expect(page.locator("dl")).to_contain_text("Parade 12")
    expect(_leden_tabel(page).locator("tbody tr")).to_have_count(3)

    huishouden = Huishouden.objects.get()
    assert sorted(huishouden.leden.values_list("voornaam", flat=True)) == ["Bram", "Luuk", "Sanne"]
    assert sessie.csp_schendingen() == []


def test_half_ingevuld_blok_geeft_een_foutmelding_in_de_browser(klantadviseur_in_browser):
    from cases.models import Huishouden

    page = _open_formulier(klantadviseur_in_browser)
    _vul_adres(page, "Parade", "12", "5911 CE", "Blerick")
    _vul_persoon(page, 1, "Bram", "Peeters", "1985-06-01")
    page.get_by_role("group", name="Persoon 2").get_by_label("Voornaam").fill("Sanne")
    _opslaan(page)

    expect(page.get_by_role("alert")).to_contain_text("Het huishouden is niet opgeslagen.")
    blok = page.get_by_role("group", name="Persoon 2")
    expect(blok.get_by_label("Rol")).to_have_attribute("aria-invalid", "true")
    expect(blok.get_by_label("Achternaam")).to_have_accessible_description(re.compile("Dit veld is vereist"))
    expect(blok.get_by_label("Voornaam")).to_have_value("Sanne")  # what was typed stays
    assert not Huishouden.objects.exists()
