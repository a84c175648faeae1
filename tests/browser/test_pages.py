"""The pages in a real browser: login through the real form, every role's start page, keyboard use
(skip link, visible focus), the strict Content-Security-Policy, the NL Design System CSS and a 360 px phone.

Run: DEBUG=1 .venv/bin/python -m pytest tests/browser -q
Screenshots go to /tmp/shots (SCREENSHOT_DIR); look at them, don't commit them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BORDEAUX = "rgb(139, 21, 56)"  # --venlo-color-bordeaux (#8b1538) from static/css/venlo-theme.css
NLDS_CSS = [
    "/static/nlds/tokens/theme.css",
    "/static/nlds/utrecht/index.css",
    "/static/css/venlo-theme.css",
    "/static/css/app.css",
]

# role -> (start page, text of its h1; None: Django's own admin page)
STARTPAGINA = {
    "klantadviseur": ("/werk/", "Mijn casussen"),
    "midoffice": ("/werk/triage/", "Nieuwe aanmeldingen"),
    "kwaliteitsfunctionaris": ("/werk/maatwerk/", "Maatwerk beoordelen"),
    "beleidsadviseur": ("/beleid/", "Bereik en resultaten"),
    "partnermedewerker": ("/partner/", "Testpartner"),
    "functioneel_beheer": ("/beheer/", None),
    "functionaris_gegevensbescherming": ("/privacy/", "Toezicht op het logboek"),
}


# --- helpers to make data -------------------------------------------------------------------------


def _stadsdeel(naam="Venlo-Centrum"):
    from venlo_armoede.accounts.models import Stadsdeel

    return Stadsdeel.objects.get_or_create(naam=naam)[0]


def _huishouden(straat="Lomstraat", huisnummer=1, stadsdeel=None):
    from cases.models import Huishouden

    return Huishouden.objects.create(
        straat=straat, huisnummer=huisnummer, postcode="5911 AB", stadsdeel=stadsdeel or _stadsdeel()
    )


def _casus(klantadviseur=None, crisis=False, door=None, **huishouden):
    from cases import services

    return services.open_casus(
        huishouden=_huishouden(**huishouden),
        hulpvraag="Achterstand in de huur",
        door=door or klantadviseur,
        crisis=crisis,
        klantadviseur=klantadviseur,
    )


def _focus_stijl(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {
                tag: el.tagName, tekst: (el.textContent || el.value || '').trim().slice(0, 40),
                outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
            };
        }"""
    )


# --- logging in -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", list(STARTPAGINA))
def test_elke_rol_logt_in_en_komt_op_de_eigen_startpagina(sessie, gebruiker_met_rol, rol):
    gebruiker_met_rol(rol, username=f"test-{rol}", first_name="Test", last_name=rol.capitalize())
    pad, kop = STARTPAGINA[rol]

    sessie.log_in(f"test-{rol}")

    page = sessie.page
    expect(page).to_have_url(sessie.basis_url + pad)
    if kop is None:  # Django's admin, with its own look
        expect(page.locator("h1").first).to_be_visible()
        return
    expect(page.get_by_role("heading", level=1)).to_have_text(kop)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Mijn startpagina")).to_have_attribute("aria-current", "page")
    expect(menu).to_contain_text(f"Ingelogd als Test {rol.capitalize()}")
    assert sessie.csp_schendingen() == []

    # Logging out is a POST form (Django 5) and ends on the login page.
    with page.expect_navigation():
        menu.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)


def test_verkeerd_wachtwoord_geeft_een_nederlandse_foutmelding(sessie, gebruiker_met_rol):
    gebruiker_met_rol("klantadviseur", username="kees")

    sessie.log_in("kees", wachtwoord="fout-wachtwoord")

    page = sessie.page
    expect(page).to_have_url(sessie.basis_url + "/inloggen/")
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("kees")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_have_value("")  # never sent back
    assert sessie.csp_schendingen() == []


def test_te_vaak_een_verkeerd_wachtwoord_blokkeert_het_inloggen(sessie, gebruiker_met_rol, settings):
    gebruiker_met_rol("klantadviseur", username="kees")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sessie.log_in("kees", wachtwoord="fout-wachtwoord")

    page = sessie.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen tijdelijk geblokkeerd")
    expect(page.get_by_role("status")).to_contain_text(
        "Te vaak een verkeerd wachtwoord. Probeer het over 30 minuten opnieuw "
        "of neem contact op met functioneel beheer."
    )
    assert sessie.csp_schendingen() == []


def test_lege_velden_tonen_foutmeldingen_die_bij_het_veld_horen(sessie):
    sessie.ga_naar("/inloggen/")
    page = sessie.page
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()

    for label in ("Gebruikersnaam", "Wachtwoord"):
        veld = page.get_by_label(label, exact=True)
        expect(veld).to_have_attribute("aria-invalid", "true")
        # The error message is tied to the input (aria-describedby), so a screen reader reads it with the field.
        expect(veld).to_have_accessible_description(re.compile("Dit veld is vereist"))
    expect(page.locator(".utrecht-form-field-error-message")).to_have_count(2)


# --- keyboard -------------------------------------------------------------------------------------


def test_skiplink_is_het_eerste_element_en_zet_de_focus_op_de_inhoud(sessie, gebruiker_met_rol):
    gebruiker_met_rol("klantadviseur", username="kees")
    sessie.log_in("kees")
    page = sessie.page
    sessie.ga_naar("/werk/")  # a fresh load: focus starts at the top of the document

    page.keyboard.press("Tab")
    skiplink = page.locator(":focus")
    expect(skiplink).to_have_text("Direct naar de inhoud")
    expect(skiplink).to_be_in_viewport()  # hidden until focused, then shown on screen

    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#inhoud$"))


def test_alle_bedienbare_elementen_hebben_een_zichtbare_focusrand(sessie, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur", username="kees")
    _casus(klantadviseur=klantadviseur)
    sessie.log_in("kees")
    sessie.ga_naar("/werk/")
    page = sessie.page

    gezien = []
    for _ in range(20):  # past the header, the task links and the filter (three lists and a button) to the table
        page.keyboard.press("Tab")
        stijl = _focus_stijl(page)
        if stijl["tag"] == "BODY":
            break
        gezien.append(stijl)
        assert stijl["outlineStyle"] not in ("none", "hidden") and stijl["outlineWidth"] >= 2, stijl
    # skip link, brand, "Mijn startpagina", "Uitloggen", the filter, the scrollable table, ...
    assert [s["tekst"] for s in gezien[:1]] == ["Direct naar de inhoud"]
    assert {s["tag"] for s in gezien} >= {"A", "BUTTON", "SELECT", "DIV"}


# --- Content-Security-Policy and CSS --------------------------------------------------------------


def test_nl_design_system_css_wordt_geladen_zonder_csp_schendingen(sessie):
    antwoord = sessie.ga_naar("/inloggen/")
    page = sessie.page

    assert "default-src 'self'" in antwoord.headers["content-security-policy"]
    for pad in NLDS_CSS:
        assert sessie.antwoorden.get(pad) == 200, (pad, sessie.antwoorden)
    # The token file is applied (.utrecht-theme on <html>) and the component CSS styles the button
    # in Venlo's colour from venlo-theme.css.
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--utrecht-button-font-size')")
    knop = page.get_by_role("button", name="Inloggen")
    assert knop.evaluate("el => getComputedStyle(el).backgroundColor") == BORDEAUX
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans"')
    assert sessie.csp_schendingen() == []


def test_de_csp_header_is_geldig(sessie):
    """The browser understands every source in the policy. A literal "'nonce'" in settings is not a source:
    django-csp 4 needs csp.constants.NONCE there, which it replaces by 'nonce-<random>' per response."""
    sessie.ga_naar("/inloggen/")
    assert sessie.csp_meldingen() == []


def test_de_csp_controle_ziet_echt_een_schending(sessie):
    """Control for the checks above: an inline style is refused and the console reports it."""
    sessie.ga_naar("/inloggen/")
    page = sessie.page
    with page.expect_console_message(lambda bericht: "Content Security Policy" in bericht.text):
        page.evaluate("document.body.setAttribute('style', 'background: red')")
    assert sessie.csp_schendingen()


# --- small screens --------------------------------------------------------------------------------


def test_werkpagina_past_op_een_telefoon_van_360_pixels(mobiele_sessie, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur", username="kees", first_name="Kees", last_name="van Kessel")
    _casus(klantadviseur=klantadviseur, crisis=True, straat="Burgemeester van Rijnsingel", huisnummer=120)
    _casus(klantadviseur=klantadviseur, straat="Kaldenkerkerweg", huisnummer=7)
    _casus(klantadviseur=klantadviseur, stadsdeel=_stadsdeel("Tegelen"), straat="Kerkstraat", huisnummer=3)
    mobiele_sessie.log_in("kees")
    page = mobiele_sessie.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn casussen")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The wide table scrolls inside its own box, which keyboard users can focus and which has a name.
    tabel = page.get_by_role("region", name="Mijn open casussen")
    expect(tabel).to_have_attribute("tabindex", "0")
    assert tabel.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(tabel.get_by_role("row")).to_have_count(4)
    # The menu wraps instead of running off the screen.
    uitloggen = page.get_by_role("button", name="Uitloggen")
    expect(uitloggen).to_be_visible()
    vak = uitloggen.bounding_box()
    assert vak["x"] >= 0 and vak["x"] + vak["width"] <= 360
    assert mobiele_sessie.csp_schendingen() == []
    mobiele_sessie.schermafdruk("klantadviseur-mobiel")


# --- the pages ------------------------------------------------------------------------------------


def test_schermafdrukken_inlogpagina_en_werkpagina(sessie, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur", username="kees", first_name="Kees", last_name="van Kessel")
    _casus(klantadviseur=klantadviseur, crisis=True, straat="Burgemeester van Rijnsingel", huisnummer=120)
    _casus(klantadviseur=klantadviseur, straat="Kaldenkerkerweg", huisnummer=7)
    _casus(klantadviseur=klantadviseur, stadsdeel=_stadsdeel("Blerick"), straat="Antoniuslaan", huisnummer=45)
    _casus(klantadviseur=gebruiker_met_rol("klantadviseur", username="anna"), straat="Niet van Kees", huisnummer=9)

    sessie.ga_naar("/inloggen/")
    sessie.schermafdruk("inloggen")
    sessie.log_in("kees")
    page = sessie.page
    tabel = page.get_by_role("table", name="Mijn open casussen")
    expect(tabel.get_by_role("row")).to_have_count(4)  # header + Kees's three, not Anna's
    expect(tabel).not_to_contain_text("Niet van Kees")
    # Sorted by the next Wgs deadline: the crisis (3 werkdagen) comes before the others (4 weeks).
    expect(tabel.get_by_role("row").nth(1)).to_contain_text("Burgemeester van Rijnsingel 120, 5911 AB Venlo")
    expect(tabel).to_contain_text("Aanmelding")
    expect(tabel).to_contain_text(
        re.compile(
            r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|"
            r"september|oktober|november|december) \d{4}"
        )
    )
    expect(tabel.locator(".utrecht-status-badge")).to_have_text(["Ja"])
    sessie.schermafdruk("klantadviseur")


def test_werkpagina_leeg_en_paginering(sessie, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur", username="kees")
    sessie.log_in("kees")
    expect(sessie.page.locator(".venlo-leeg")).to_contain_text("U heeft nu geen open casussen")

    for nummer in range(26):  # paginate_by = 25
        _casus(klantadviseur=klantadviseur, huisnummer=nummer + 1)
    sessie.ga_naar("/werk/")
    page = sessie.page
    paginering = page.get_by_role("navigation", name="Paginering")
    expect(paginering).to_contain_text("Pagina 1 van 2")
    with page.expect_navigation():
        paginering.get_by_role("link", name="Volgende pagina").click()
    expect(paginering).to_contain_text("Pagina 2 van 2")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)


def test_triage_toont_crisis_eerst(sessie, gebruiker_met_rol):
    midoffice = gebruiker_met_rol("midoffice", username="mo")
    _casus(door=midoffice, straat="Gewone straat")
    _casus(door=midoffice, straat="Crisisstraat", crisis=True)
    sessie.log_in("mo")
    rijen = sessie.page.get_by_role("table", name="Aanmeldingen die wachten op triage").get_by_role("row")
    expect(rijen).to_have_count(3)
    expect(rijen.nth(1)).to_contain_text("Crisisstraat")
    expect(rijen.nth(1)).to_contain_text("Ja")


@pytest.mark.needs_postgres  # the KPI snapshots are computed with PostgreSQL
def test_beleid_filtert_op_stadsdeel_en_downloadt_de_xlsx_en_de_pdf(sessie, gebruiker_met_rol):
    """/beleid/ in Chromium: filter by stadsdeel, small numbers as "<5", the XLSX with the table's figures,
    and the half-yearly report as a PDF for the same stadsdeel."""
    import io
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import openpyxl
    from django.utils import timezone

    from monitoring.services import bereken
    from tests.factories import CasusFactory

    gebruiker_met_rol("beleidsadviseur", username="bea")
    blerick, tegelen = _stadsdeel("Blerick"), _stadsdeel("Tegelen")
    vandaag = timezone.localdate()
    moment = datetime(vandaag.year, vandaag.month, 1, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))
    for nummer in range(3):
        CasusFactory(huishouden=_huishouden(huisnummer=nummer + 1, stadsdeel=blerick), aangemeld_op=moment)
    for nummer in range(6):
        CasusFactory(huishouden=_huishouden(huisnummer=nummer + 1, stadsdeel=tegelen), aangemeld_op=moment)
    bereken()
    sessie.log_in("bea")
    page = sessie.page
    page.get_by_label("Stadsdeel").select_option(label="Blerick")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_text("U kijkt naar:")).to_contain_text("Blerick")
    tabel = page.get_by_role("table", name="Aanmeldingen voor schuldhulp")
    expect(tabel.get_by_role("row").last).to_contain_text("<5")
    expect(page.get_by_role("img", name="Aanmeldingen voor schuldhulp")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Excel \(XLSX\) \(Aanmeldingen voor schuldhulp\)")).click()
    blad = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rijen = [[str(c) if c is not None else "" for c in rij] for rij in blad.iter_rows(values_only=True)]
    assert rijen[0] == ["Maand", "Aantal"]
    assert rijen[-2][1] == "<5"  # this month, as on the page (the last line is the legend)
    with page.expect_download() as download:
        page.get_by_role("link", name="Halfjaarrapportage als PDF").click()
    assert download.value.suggested_filename.startswith("halfjaarrapportage-")
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    from tests.monitoring.pdf_tekst import tekst

    assert "Blerick" in tekst(pdf) and "Lomstraat" not in tekst(pdf)
    assert "Lomstraat" not in page.content()
    assert sessie.csp_schendingen() == []


def test_inwonerpagina_toont_bsn_alleen_hier_voluit(sessie, gebruiker_met_rol):
    from cases.models import InkomensBron, Inwoner

    gebruiker_met_rol("klantadviseur", username="kees")
    huishouden = _huishouden(straat="Lomstraat", huisnummer=12)
    aanvrager = Inwoner.objects.create(
        huishouden=huishouden,
        voornaam="Anna",
        tussenvoegsel="de",
        achternaam="Vries",
        geboortedatum=date(1980, 3, 3),
        bsn="111222333",
        rol="aanvrager",
    )
    Inwoner.objects.create(
        huishouden=huishouden,
        voornaam="Bram",
        achternaam="Vries",
        geboortedatum=date(1982, 5, 9),
        bsn="123456782",
        rol="partner",
    )
    InkomensBron.objects.create(
        inwoner=aanvrager, soort="loon", netto_maandbedrag=Decimal("1234.56"), geldig_van=date(2024, 1, 1)
    )
    sessie.log_in("kees")
    sessie.ga_naar(f"/werk/inwoners/{aanvrager.pk}/")
    page = sessie.page

    expect(page.get_by_role("heading", level=1)).to_have_text("Anna de Vries")
    # Masked until the explicit, logged "Toon BSN" action (a POST), then in full for that one view.
    expect(page.locator("dl")).to_contain_text("******333")
    expect(page.locator("body")).not_to_contain_text("111222333")
    page.get_by_role("button", name="Toon BSN").click()
    expect(page.locator("dl")).to_contain_text("111222333")
    expect(page.locator("dl")).to_contain_text("vastgelegd in het logboek")
    expect(page.locator("dl")).to_contain_text("3 maart 1980")
    leden = page.get_by_role("table", name="Leden van het huishouden")
    expect(leden).to_contain_text("******782")
    expect(page.locator("body")).not_to_contain_text("123456782")  # the partner's BSN only masked
    expect(page.get_by_role("table", name=re.compile("Inkomsten"))).to_contain_text(re.compile(r"€\s1\.234,56"))
    expect(page.get_by_role("status")).to_contain_text("Deze inzage wordt vastgelegd")
    assert sessie.csp_schendingen() == []


def test_geen_toegang_en_niet_gevonden_zijn_nederlandse_paginas(sessie, gebruiker_met_rol):
    page = sessie.page
    antwoord = sessie.ga_naar("/bestaat-niet/")
    assert antwoord.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")

    gebruiker_met_rol("klantadviseur", username="kees")
    sessie.log_in("kees")
    antwoord = sessie.ga_naar("/beleid/")
    assert antwoord.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(page.get_by_role("link", name="Ga naar uw startpagina")).to_have_attribute("href", "/werk/")
    assert sessie.csp_schendingen() == []


def test_mijn_werk_filteren_op_crisis_zoals_een_persoon(sessie, gebruiker_met_rol):
    """The klantadviseur chooses "Alleen crisis" and presses Filteren: the whole form goes (the other lists
    untouched), only the crisis casus is left, and "Alle casussen tonen" brings the others back."""
    klantadviseur = gebruiker_met_rol("klantadviseur", username="kees", first_name="Kees", last_name="van Kessel")
    _casus(klantadviseur=klantadviseur, crisis=True, straat="Burgemeester van Rijnsingel", huisnummer=120)
    _casus(klantadviseur=klantadviseur, straat="Kaldenkerkerweg", huisnummer=7)
    sessie.log_in("kees")
    page = sessie.page
    tabel = page.get_by_role("region", name="Mijn open casussen")
    expect(tabel.get_by_role("row")).to_have_count(3)
    page.get_by_label("Crisis").select_option(label="Alleen crisis")
    with page.expect_navigation():
        page.get_by_role("button", name="Filteren").click()
    expect(tabel.get_by_role("row")).to_have_count(2)
    expect(tabel).to_contain_text("Burgemeester van Rijnsingel")
    expect(tabel).not_to_contain_text("Kaldenkerkerweg")
    with page.expect_navigation():
        page.get_by_role("link", name="Alle casussen tonen").click()
    expect(tabel.get_by_role("row")).to_have_count(3)
    assert sessie.csp_schendingen() == []
