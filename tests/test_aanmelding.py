"""Aanmelding in the browser (/werk/aanmelden/ and from a household's page): possible duplicates (the same BSN,
or the same name, birth date and address) are shown before anything is created; the whole page as a browser
posts it saves household and aanmelding together; bad input is refused in Dutch with nothing saved."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Casus, CasusStatus, Huishouden, Inwoner
from tests.factories import InwonerFactory, UserFactory
from tests.test_registratie import _Formulierlezer
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

URL = "/werk/aanmelden/"
BSN = "111222333"  # passes the elfproef


@pytest.fixture
def stadsdeel():
    return Stadsdeel.objects.create(naam="Blerick")


@pytest.fixture
def midoffice(client):
    gebruiker = UserFactory(username="mo", rollen=[Rol.MIDOFFICE])
    client.force_login(gebruiker)
    return gebruiker


def hele_pagina(client, **ingevuld) -> dict[str, str]:
    """Every field as a browser posts the page: empty blocks as "", unticked checkboxes and radios absent."""
    lezer = _Formulierlezer()
    lezer.feed(client.get(URL).content.decode())
    assert "leden-4-voornaam" in lezer.velden and "hulpvraag" in lezer.velden
    return {**lezer.velden, **ingevuld}


def invoer(stadsdeel, **extra) -> dict[str, str]:
    return {
        "hulpvraag": "Huurachterstand, de verhuurder dreigt met ontruiming.",
        "bron": "kcc",
        "straat": "Kaldenkerkerweg",
        "huisnummer": "7",
        "postcode": "5913 AE",
        "stadsdeel": str(stadsdeel.pk),
        "leden-0-voornaam": "Ria",
        "leden-0-achternaam": "Smeets",
        "leden-0-geboortedatum": "1975-03-04",
        **extra,
    }


def aantallen():
    return (Huishouden.objects.count(), Inwoner.objects.count(), Casus.objects.count(), CasusStatus.objects.count())


def test_de_hele_pagina_met_lege_blokken_slaat_huishouden_en_aanmelding_op(client, midoffice, stadsdeel):
    velden = hele_pagina(client, **invoer(stadsdeel))
    assert velden["aangemeld_op"] == timezone.localdate().isoformat()  # default today
    assert "crisis" not in velden  # an unticked checkbox is not posted
    antwoord = client.post(URL, velden)
    assert antwoord.status_code == 302, antwoord.content.decode()
    assert antwoord["Location"] == "/werk/triage/"
    casus = Casus.objects.get()
    assert casus.huishouden.leden.get().naam == "Ria Smeets"
    assert (casus.bron, casus.crisis, casus.status, casus.klantadviseur) == ("kcc", False, "aanmelding", None)
    assert timezone.localdate(casus.aangemeld_op) == timezone.localdate()
    omschrijvingen = set(AuditRecord.objects.values_list("omschrijving", flat=True))
    assert {"Huishouden geregistreerd", "Aanmelding geregistreerd (bron: Klantcontactcentrum)"} <= omschrijvingen


def test_crisis_met_reden_en_een_eerdere_datum(client, midoffice, stadsdeel):
    eerder = timezone.localdate() - timedelta(days=3)
    velden = hele_pagina(
        client,
        **invoer(stadsdeel, crisis="on", crisis_reden="anders", crisis_toelichting="Water wordt morgen afgesloten."),
        aangemeld_op=eerder.isoformat(),
    )
    assert client.post(URL, velden).status_code == 302
    casus = Casus.objects.get()
    assert (casus.crisis, casus.crisis_reden, casus.crisis_toelichting) == (
        True,
        "anders",
        "Water wordt morgen afgesloten.",
    )
    assert timezone.localdate(casus.aangemeld_op) == eerder


@pytest.mark.parametrize(
    ("extra", "veld", "melding"),
    [
        ({"aangemeld_op": (date.today() + timedelta(days=2)).isoformat()}, "aangemeld_op", "in de toekomst"),
        ({"crisis": "on"}, "crisis_reden", "Kies de reden van de crisis."),
        ({"crisis": "on", "crisis_reden": "anders"}, "crisis_toelichting", "Beschrijf de crisis."),
        ({"crisis_reden": "dreigende_huisuitzetting"}, "crisis_reden", "hoort alleen bij een crisis"),
        ({"hulpvraag": ""}, "hulpvraag", "Beschrijf de hulpvraag."),
        ({"bron": ""}, "bron", "Kies hoe de aanmelding binnenkwam."),
    ],
    ids=[
        "toekomst",
        "crisis zonder reden",
        "anders zonder toelichting",
        "reden zonder crisis",
        "geen hulpvraag",
        "geen bron",
    ],
)
def test_foute_aanmelding_geweigerd_in_het_nederlands_en_niets_opgeslagen(
    client, midoffice, stadsdeel, extra, veld, melding
):
    voor, audit = aantallen(), AuditRecord.objects.count()
    antwoord = client.post(URL, hele_pagina(client, **invoer(stadsdeel, **extra)))
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "De aanmelding is niet opgeslagen" in html
    assert melding in html
    assert f'href="#id_{veld}"' in html  # the summary links to the field
    assert aantallen() == voor
    assert AuditRecord.objects.count() == audit


def test_zelfde_bsn_wordt_getoond_voordat_er_iets_wordt_gemaakt(client, midoffice, stadsdeel):
    bestaand = InwonerFactory(bsn=BSN, voornaam="Ria", achternaam="Smeets")
    voor = aantallen()
    velden = hele_pagina(client, **invoer(stadsdeel, **{"leden-0-bsn": BSN}))
    antwoord = client.post(URL, velden)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Is dit hetzelfde huishouden?" in html and "hetzelfde BSN" in html
    assert f'href="/werk/huishoudens/{bestaand.huishouden_id}/"' in html
    assert "Toch een nieuw huishouden" not in html  # a BSN belongs to one inwoner
    assert aantallen() == voor
    # Showing the match is a read of that inwoner: logged for them.
    assert AuditRecord.objects.filter(omschrijving__startswith="Mogelijk hetzelfde huishouden").count() == 1

    # "Dit is hetzelfde huishouden": the aanmelding goes to the existing household, no new household.
    antwoord = client.post(URL, {**velden, "keuze": str(bestaand.huishouden_id)})
    assert antwoord.status_code == 302
    assert Huishouden.objects.count() == voor[0]
    assert Casus.objects.get().huishouden_id == bestaand.huishouden_id


def test_zelfde_naam_geboortedatum_en_adres_getoond_en_toch_nieuw_kan(client, midoffice, stadsdeel):
    bestaand = InwonerFactory(
        voornaam="ria",
        achternaam="SMEETS",
        geboortedatum=date(1975, 3, 4),
        huishouden__postcode="5913 AE",
        huishouden__huisnummer=7,
    )
    # The same name elsewhere, or another birth date at the address, is no match.
    InwonerFactory(voornaam="Ria", achternaam="Smeets", geboortedatum=date(1975, 3, 4), huishouden__huisnummer=99)
    InwonerFactory(
        voornaam="Ria",
        achternaam="Smeets",
        geboortedatum=date(1976, 3, 4),
        huishouden__postcode="5913 AE",
        huishouden__huisnummer=7,
    )
    voor = aantallen()
    velden = hele_pagina(client, **invoer(stadsdeel, postcode="5913ae"))
    antwoord = client.post(URL, velden)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "dezelfde naam, geboortedatum en adres" in html
    assert html.count('href="/werk/huishoudens/') == 1
    assert f'href="/werk/huishoudens/{bestaand.huishouden_id}/"' in html
    assert aantallen() == voor

    antwoord = client.post(URL, {**velden, "keuze": "nieuw"})
    assert antwoord.status_code == 302
    assert Huishouden.objects.count() == voor[0] + 1
    assert Casus.objects.get().huishouden_id != bestaand.huishouden_id


def test_een_keuze_die_niet_bij_de_dubbelen_hoort_wordt_geweigerd(client, midoffice, stadsdeel):
    InwonerFactory(bsn=BSN)
    ander = InwonerFactory()
    voor = aantallen()
    velden = hele_pagina(client, **invoer(stadsdeel, **{"leden-0-bsn": BSN}))
    antwoord = client.post(URL, {**velden, "keuze": str(ander.huishouden_id)})
    assert antwoord.status_code == 400
    assert "Selecteer een geldige keuze" in antwoord.content.decode()
    assert aantallen() == voor


def test_aanmelding_vanaf_het_huishouden(client, stadsdeel):
    adviseur = UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])
    client.force_login(adviseur)
    lid = InwonerFactory()  # a household without casus is within every klantadviseur's reach
    url = f"/werk/huishoudens/{lid.huishouden_id}/aanmelden/"
    assert "Nieuwe aanmelding" in client.get(f"/werk/huishoudens/{lid.huishouden_id}/").content.decode()
    toekomst = (timezone.localdate() + timedelta(days=1)).isoformat()
    geweigerd = client.post(url, {"hulpvraag": "Hulp", "bron": "wijkteam", "aangemeld_op": toekomst})
    assert geweigerd.status_code == 400 and "in de toekomst" in geweigerd.content.decode()
    assert not Casus.objects.exists()
    antwoord = client.post(
        url, {"hulpvraag": "Hulp", "bron": "wijkteam", "aangemeld_op": timezone.localdate().isoformat()}
    )
    assert antwoord.status_code == 302
    casus = Casus.objects.get()
    assert (casus.huishouden_id, casus.bron) == (lid.huishouden_id, "wijkteam")


def test_buiten_het_team_toont_het_dubbel_zonder_naam_en_adres(client, stadsdeel):
    from tests.factories import CasusFactory

    adviseur = UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])
    client.force_login(adviseur)
    ander = UserFactory(username="ka-ander", rollen=[Rol.KLANTADVISEUR])
    bestaand = InwonerFactory(bsn=BSN, voornaam="Geheim", achternaam="Persoon", huishouden__straat="Verborgenstraat")
    CasusFactory(huishouden=bestaand.huishouden, klantadviseur=ander)  # another team's casus: out of her reach
    velden = hele_pagina(client, **invoer(stadsdeel, **{"leden-0-bsn": BSN}))
    html = client.post(URL, velden).content.decode()
    assert "Een inwoner in een huishouden buiten uw team." in html and "hetzelfde BSN" in html
    assert "Geheim" not in html and "Verborgenstraat" not in html
    assert f'href="/werk/inwoners/{bestaand.pk}/reden/"' in html  # the reason step, not the household
    assert "Dit is hetzelfde huishouden (buiten uw team)" in html
    antwoord = client.post(URL, {**velden, "keuze": str(bestaand.huishouden_id)})
    assert antwoord.status_code == 302
    assert Casus.objects.filter(huishouden=bestaand.huishouden, klantadviseur=None).count() == 1
