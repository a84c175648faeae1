"""The public sociale kaart in a real browser on a 360 px phone: reached from the login page without logging
in, filtered with the keyboard-usable form, readable without sideways scrolling of the page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _kaart():
    from tests.factories import DienstFactory, OrganisatieFactory, StadsdeelFactory

    blerick = StadsdeelFactory(naam="Blerick")
    StadsdeelFactory(naam="Tegelen")
    maatjes = OrganisatieFactory(naam="SchuldHulpMaatje Venlo (Vincentius)", soort="vrijwilligers")
    DienstFactory(
        organisatie=maatjes,
        naam="Een maatje bij schulden",
        omschrijving="Een getrainde vrijwilliger wordt uw maatje en helpt u uit de schulden.",
        hulpvragen=["schulden", "administratie"],
        aanmeldroutes=["zelf", "via_intermediair"],
        telefoon="077 123 45 67",
        website="https://schuldhulpmaatje.example/venlo",
        capaciteit_beschikbaar=3,
        capaciteit_maximum=12,
        capaciteit_eenheid="trajecten",
    )
    thuis = DienstFactory(
        organisatie=OrganisatieFactory(naam="Humanitas Thuisadministratie en Get a Grip", soort="vrijwilligers"),
        naam="Thuisadministratie",
        hulpvragen=["administratie"],
        aanmeldroutes=["zelf"],
        capaciteit_beschikbaar=0,
        capaciteit_maximum=5,
        capaciteit_eenheid="huishoudens",
    )
    thuis.werkgebied.set([blerick])
    DienstFactory(
        organisatie=OrganisatieFactory(naam="Jeugdfonds Sport & Cultuur Limburg", soort="fonds"),
        naam="Sport en cultuur voor kinderen",
        hulpvragen=["kinderen"],
        doelgroepen=["gezinnen"],
        aanmeldroutes=["via_intermediair"],
    )


def test_sociale_kaart_op_een_telefoon_zonder_inloggen(mobiele_sessie):
    _kaart()
    page = mobiele_sessie.page
    mobiele_sessie.ga_naar("/inloggen/")
    with page.expect_navigation():
        page.get_by_role("link", name="Bekijk waar u terecht kunt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Waar kan ik terecht met geldzorgen?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_role("region", name="Hier meldt u zich zelf aan").get_by_role("row")).to_have_count(
        3
    )  # header + 2
    tabel = page.get_by_role("region", name="Hier meldt een hulpverlener of school u aan")
    expect(tabel).to_have_attribute("tabindex", "0")  # the wide table scrolls in its own box, by keyboard too
    expect(tabel).to_contain_text("3 van 12 trajecten vrij")

    # Filter as a person does: the selects are found by their visible label.
    page.get_by_label("Waar zoekt u hulp bij?").select_option(label="Post en papieren op orde krijgen")
    page.get_by_label("In welk deel van Venlo woont u?").select_option(label="Tegelen")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon hulp").click()

    expect(page.get_by_role("status")).to_contain_text("We hebben 1 mogelijkheid voor u gevonden.")
    zelf = page.get_by_role("region", name="Hier meldt u zich zelf aan")
    expect(zelf).to_contain_text("Een maatje bij schulden")
    expect(zelf).not_to_contain_text("Thuisadministratie")  # only in Blerick
    expect(page.get_by_role("link", name="Alle filters wissen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    knop = page.get_by_role("button", name="Toon hulp").bounding_box()
    assert knop["x"] >= 0 and knop["x"] + knop["width"] <= 360
    assert mobiele_sessie.csp_schendingen() == []
    mobiele_sessie.schermafdruk("sociale-kaart-mobiel")

    page.get_by_label("In welk deel van Venlo woont u?").select_option(label="Blerick")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon hulp").click()
    expect(page.get_by_role("region", name="Hier meldt u zich zelf aan")).to_contain_text("Nu vol")
