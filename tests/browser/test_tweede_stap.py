"""Two-factor login in the browser: every role logs in with a real TOTP code; a new user links an app by
scanning the QR code (here: reading the key the page shows, as an app does) and gets recovery codes."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from venlo_armoede.accounts.roles import STARTPAGINA

from .conftest import WACHTWOORD, code_voor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wachtwoord(sessie, gebruikersnaam):
    sessie.ga_naar("/inloggen/")
    sessie.page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    sessie.page.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    with sessie.page.expect_navigation():
        sessie.page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize("rol", list(STARTPAGINA))
def test_elke_rol_logt_in_met_een_code(sessie, gebruiker_met_rol, rol):
    gebruiker = gebruiker_met_rol(rol)
    startpagina = reverse(STARTPAGINA[rol])
    page = sessie.page

    _wachtwoord(sessie, gebruiker.username)
    expect(page).to_have_url(re.compile(r"/inloggen/code/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)  # no menu before the code

    # The start page itself stays closed until the code is in.
    sessie.ga_naar(startpagina)
    expect(page).to_have_url(re.compile(r"/inloggen/code/"))

    sessie.vul_code_in("000000" if code_voor(gebruiker.username) != "000000" else "111111")
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()

    sessie.vul_code_in(code_voor(gebruiker.username))
    expect(page).to_have_url(sessie.basis_url + startpagina)
    assert sessie.csp_schendingen() == []


def test_nieuwe_gebruiker_koppelt_een_app_en_krijgt_herstelcodes(sessie, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    gebruiker.totpdevice_set.all().delete()
    page = sessie.page

    _wachtwoord(sessie, gebruiker.username)
    expect(page).to_have_url(re.compile(r"/inloggen/app-koppelen/"))
    qr = page.get_by_role("img", name="QR-code om de app te koppelen")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the SVG really loaded under the CSP
    page.get_by_text("Scannen lukt niet? Typ de sleutel over").click()
    sleutel = page.locator("#sleutel").inner_text()

    page.get_by_label("Code", exact=True).fill(f"{totp(b32decode(sleutel)):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="App koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.locator("#herstelcodes li")).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(page).to_have_url(sessie.basis_url + "/werk/")
    assert sessie.csp_schendingen() == []
    assert sessie.csp_meldingen() == []
