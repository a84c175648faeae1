"""The half-yearly report: the print page and the PDF show the figures of /beleid/ for the same months and
filters (the same tables and charts), with the same suppression, the B1 explanation of every KPI, a Dutch 400
for a wrong half year, and nothing for any other role."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from monitoring import selectors, services
from monitoring.forms import laatste_hele_halfjaar
from monitoring.kpis import CATALOGUS
from tests.factories import CasusFactory, HuishoudenFactory, StadsdeelFactory
from tests.monitoring.pdf_tekst import tekst

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL
TZ = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


@pytest.fixture
def halfjaar():
    jaar, helft = laatste_hele_halfjaar(timezone.localdate())
    begin = datetime(jaar, 1 if helft == 1 else 7, 1, tzinfo=TZ).date()
    return jaar, helft, begin


@pytest.fixture
def cijfers(halfjaar):
    """Aanmeldingen in the second month of the last complete half year: 7 in Blerick, 2 in Tegelen."""
    _jaar, _helft, begin = halfjaar
    maand = begin + relativedelta(months=1)
    moment = datetime(maand.year, maand.month, 3, 9, tzinfo=TZ)
    blerick, tegelen = StadsdeelFactory(naam="Blerick"), StadsdeelFactory(naam="Tegelen")
    for _ in range(7):
        CasusFactory(huishouden=HuishoudenFactory(stadsdeel=blerick), aangemeld_op=moment)
    for _ in range(2):
        CasusFactory(huishouden=HuishoudenFactory(stadsdeel=tegelen, straat="Geheimstraat"), aangemeld_op=moment)
    services.bereken()
    return blerick, tegelen, maand


def _tabel(begin, **filters):
    """The /beleid/ table of aanmeldingen for the report's twelve months (the half year and the one before)."""
    return selectors.tabellen(van=begin - relativedelta(months=6), tot=begin + relativedelta(months=5), **filters)[
        "aanmeldingen"
    ]


def test_printpagina_toont_de_cijfers_van_beleid_per_doelstelling(beleid, cijfers, halfjaar):
    jaar, helft, begin = halfjaar
    antwoord = beleid.get("/beleid/rapport/")  # default: the last complete half year
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert f"{'eerste' if helft == 1 else 'tweede'} halfjaar {jaar}" in html
    for kop in ("Preventie", "Ondersteuning", "Terugval voorkomen", "Programmaberaad Sociaal Domein"):
        assert kop in html
    for kpi in CATALOGUS:  # every KPI with its B1 explanation
        assert kpi.uitleg in html
    blok = next(b for s in antwoord.context["secties"] for b in s["blokken"] if b["kpi"].code == "aanmeldingen")
    assert blok["tabel"].rijen == _tabel(begin).rijen  # the same table as /beleid/ for these months
    assert ["feb" if helft == 1 else "aug", "9"] == [blok["tabel"].rijen[7][0][:3], blok["tabel"].rijen[7][1]]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="venlo-grafiek"' in html
    assert "Geheimstraat" not in html
    assert "<script" not in html and "style=" not in html  # CSP-clean
    assert "/beleid/export/" not in html  # a report, not a page of download links


def test_pdf_is_een_pdf_met_dezelfde_cijfers_en_onderdrukking(beleid, cijfers, halfjaar):
    blerick, tegelen, maand = cijfers
    jaar, helft, begin = halfjaar
    antwoord = beleid.get("/beleid/rapport.pdf", {"halfjaar": f"{jaar}-{helft}", "stadsdeel": tegelen.pk})
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"] == f'attachment; filename="halfjaarrapportage-{jaar}-{helft}.pdf"'
    assert antwoord.content.startswith(b"%PDF-") and antwoord.content.rstrip().endswith(b"%%EOF")
    inhoud = tekst(antwoord.content)
    assert "Tegelen" in inhoud and "Aanmeldingen voor schuldhulp" in inhoud
    rij = _tabel(begin, stadsdeel=tegelen.pk).rijen[7]
    assert rij[1] == "<5"  # 2 aanmeldingen in Tegelen: suppressed on the page
    assert f"{rij[0]}\n<5" in inhoud  # and in the PDF, next to its month
    assert "minder dan 5" not in inhoud  # the screen reader text is not printed
    assert "Geheimstraat" not in inhoud

    heel_venlo = tekst(beleid.get("/beleid/rapport.pdf", {"halfjaar": f"{jaar}-{helft}"}).content)
    rij = _tabel(begin).rijen[7]
    assert rij[1] == "9" and f"{rij[0]}\n9" in heel_venlo
    assert CATALOGUS[0].uitleg.split(".")[0] in heel_venlo.replace("\n", " ")


def test_pdf_bevat_elke_tabel_van_beleid_met_dezelfde_cijfers(beleid, cijfers, regeling_met_een_toekenning):
    """Every table of /beleid/ for the report's months (the funnel, the overview and one per KPI) is in the PDF,
    cell for cell. The running half year, so the stand KPIs of this month (regelingen, minima) are in it."""
    vandaag = timezone.localdate()
    jaar, helft = vandaag.year, 1 if vandaag.month <= 6 else 2
    begin = vandaag.replace(month=1 if helft == 1 else 7, day=1)
    services.bereken()
    tabellen = selectors.tabellen(van=begin - relativedelta(months=6), tot=vandaag.replace(day=1))
    assert {"aanmeldingen", "bereik", "budgetgebruik", "minimapopulatie_110", "trechter", "overzicht"} <= set(tabellen)
    antwoord = beleid.get("/beleid/rapport.pdf", {"halfjaar": f"{jaar}-{helft}"})
    assert antwoord.status_code == 200
    # Cells end up on lines of their own, long ones wrapped: compare with all white space as one space.
    inhoud = " ".join(tekst(antwoord.content).split())
    for naam, tabel in tabellen.items():
        # The funnel and the flows have no data in this fixture (tests/monitoring/test_stromen.py has theirs).
        assert tabel.rijen or naam in ("trechter", "verwijsstromen", "signaaltrechter"), naam
        for rij in tabel.rijen:
            cellen = " ".join(" ".join(cel.split()) for cel in rij if cel)
            assert cellen in inhoud, (naam, rij)


@pytest.mark.parametrize(
    ("halfjaar", "melding"),
    [
        ("2999-1", "Dit halfjaar is nog niet begonnen"),
        ("2026-3", "Kies een halfjaar als jaar en 1 of 2"),
        ("voorjaar", "Kies een halfjaar als jaar en 1 of 2"),
        ("0001-1", "Kies een jaar vanaf 2000"),  # was a 500: six months before year 1 does not exist
        ("1999-2", "Kies een jaar vanaf 2000"),
    ],
)
@pytest.mark.parametrize("pad", ["/beleid/rapport/", "/beleid/rapport.pdf"])
def test_fout_halfjaar_geeft_een_nederlandse_melding(beleid, pad, halfjaar, melding):
    antwoord = beleid.get(pad, {"halfjaar": halfjaar})
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"].startswith("text/html")
    assert melding in antwoord.content.decode()


def test_onbekend_stadsdeel_in_het_rapport_is_400(beleid):
    antwoord = beleid.get("/beleid/rapport.pdf", {"stadsdeel": "999999"})
    assert antwoord.status_code == 400 and "Dit stadsdeel kennen wij niet" in antwoord.content.decode()


def test_lopend_halfjaar_zegt_dat_het_nog_niet_voorbij_is(beleid, cijfers):
    vandaag = timezone.localdate()
    helft = 1 if vandaag.month <= 6 else 2
    antwoord = beleid.get("/beleid/rapport/", {"halfjaar": f"{vandaag.year}-{helft}"})
    assert antwoord.status_code == 200
    assert "nog niet voorbij" in antwoord.content.decode()


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice", "teamleider", "partnermedewerker", "functioneel_beheer"])
@pytest.mark.parametrize("pad", ["/beleid/rapport/", "/beleid/rapport.pdf"])
def test_andere_rollen_krijgen_403(client, gebruiker_met_rol, rol, pad):
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(pad).status_code == 403


def test_pdf_haalt_niets_van_buiten():
    from monitoring.rapport import AlleenEigenBestanden

    ophalen = AlleenEigenBestanden()
    assert ophalen("https://rapport.invalid/static/css/rapport.css").read().startswith(b"/*")
    for adres in (
        "https://example.org/static/css/rapport.css",
        "https://rapport.invalid/beleid/",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            ophalen(adres)
