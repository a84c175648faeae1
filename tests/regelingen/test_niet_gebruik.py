"""The niet-gebruik worklist: who is on it, filters, paging, audit per aanvrager, CSV export, access."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Huishouden, InkomensBron, Inwoner
from regelingen import niet_gebruik, rechten
from regelingen.models import Aanvraag, Regeling
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import Actie, AuditRecord, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene

URL = "/werk/niet-gebruik/"
EXPORT_URL = "/werk/niet-gebruik/export/"
VANDAAG = timezone.localdate()
KIND_REGELINGEN = {"leergeld", "jeugdfonds_sport", "jeugdfonds_cultuur"}


_nummer = iter(range(1, 100_000))


def maak_huishouden(
    *,
    inkomen="1000.00",
    kinderen=(6, 9),
    stadsdeel="Blerick",
    geen_contact=False,
    voornaam="Anna",
    achternaam="Jansen",
    tussenvoegsel="",
    partner=False,
    bsn=None,
):
    nummer = next(_nummer)
    huishouden = Huishouden.objects.create(
        straat="Kazernestraat",
        huisnummer=nummer,
        huisnummer_toevoeging="b" if nummer % 2 else "",
        postcode="5928 AB",
        stadsdeel=Stadsdeel.objects.get(naam=stadsdeel),
        geen_contact=geen_contact,
    )
    aanvrager = Inwoner.objects.create(
        huishouden=huishouden,
        voornaam=voornaam,
        tussenvoegsel=tussenvoegsel,
        achternaam=f"{achternaam}{nummer}",
        geboortedatum=date(1988, 5, 5),
        rol="aanvrager",
        bsn=bsn,
    )
    InkomensBron.objects.create(
        inwoner=aanvrager, soort="loon", netto_maandbedrag=Decimal(inkomen), geldig_van=date(2025, 1, 1)
    )
    if partner:
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="Piet", achternaam="Jansen", geboortedatum=date(1987, 1, 1), rol="partner"
        )
    for leeftijd in kinderen:
        Inwoner.objects.create(
            huishouden=huishouden,
            voornaam="Kind",
            achternaam="Jansen",
            geboortedatum=date(VANDAAG.year - leeftijd, 1, 1),
            rol="kind",
        )
    return huishouden


def herbereken():
    rechten.herbereken_selectie(Q())


def aanvraag(huishouden, code, status="aangevraagd"):
    besloten = None if status == "aangevraagd" else VANDAAG
    return Aanvraag.objects.create(
        huishouden=huishouden,
        regeling=Regeling.objects.get(code=code),
        status=status,
        aangevraagd_op=VANDAAG,
        besloten_op=besloten,
    )


def inhoud(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rijen(response) -> list[list[str]]:
    tekst = inhoud(response)
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


@pytest.fixture
def klantadviseur(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    return client


def paren(rijen):
    return {(rij["voornaam"], rij["regeling_code"]) for rij in rijen}


# ---------------------------------------------------------------------------------------------------
# Who is on the list
# ---------------------------------------------------------------------------------------------------


def test_alleen_recht_zonder_aanvraag_en_zonder_geen_contact(regels, gebruiker_met_rol):
    maak_huishouden(voornaam="Recht")
    met_aanvraag = maak_huishouden(voornaam="Aangevraagd")
    aanvraag(met_aanvraag, "leergeld")
    afgewezen = maak_huishouden(voornaam="Afgewezen")
    aanvraag(afgewezen, "jeugdfonds_sport", status="afgewezen")
    maak_huishouden(voornaam="Weigert", geen_contact=True)
    maak_huishouden(voornaam="Rijk", inkomen="4000.00")
    maak_huishouden(voornaam="Zonderkind", kinderen=())
    herbereken()

    rijen = list(niet_gebruik.rijen(niet_gebruik.kandidaten(gebruiker_met_rol("klantadviseur"))))

    assert paren(rijen) == (
        {("Recht", code) for code in KIND_REGELINGEN}
        | {("Aangevraagd", code) for code in KIND_REGELINGEN - {"leergeld"}}
        # Any application counts, also one that was turned down: they know the regeling.
        | {("Afgewezen", code) for code in KIND_REGELINGEN - {"jeugdfonds_sport"}}
    )
    # Outcomes "beoordeling nodig" (e.g. no vermogen known) are not on the list, only "recht".
    assert all(rij["regeling_code"] in KIND_REGELINGEN for rij in rijen)
    sport = next(r for r in rijen if r["voornaam"] == "Recht" and r["regeling_code"] == "jeugdfonds_sport")
    assert sport["verwacht_bedrag"] == Decimal("450.00")  # 2 children x € 225
    assert sport["stadsdeel"] == "Blerick"


def test_pagina_toont_naam_adres_stadsdeel_regeling_en_bedrag(regels, klantadviseur):
    maak_huishouden(voornaam="Anna", tussenvoegsel="van", achternaam="Dijk", stadsdeel="Tegelen")
    herbereken()

    response = klantadviseur.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    huishouden = Huishouden.objects.get()
    assert f"Anna van Dijk{huishouden.leden.get(rol='aanvrager').achternaam[4:]}" in html
    assert f"Kazernestraat {huishouden.huisnummer}" in html
    assert "5928 AB Venlo" in html
    assert "Tegelen" in html
    assert "Stichting Leergeld Venlo" in html
    assert "€ 450,00" in html and "€ 900,00" in html  # sport and cultuur for two children
    assert "<caption" in html
    assert "Huishoudens met recht die nog niet hebben aangevraagd" in html


def test_lege_lijst_geeft_uitleg(regels, klantadviseur):
    response = klantadviseur.get(URL)
    assert response.status_code == 200
    assert "Er zijn nu geen huishoudens met recht die nog niet hebben aangevraagd" in response.content.decode()
    assert not AuditRecord.objects.exists()


# ---------------------------------------------------------------------------------------------------
# Filters and pages
# ---------------------------------------------------------------------------------------------------


def test_filter_op_regeling_stadsdeel_en_doelgroep(regels, klantadviseur):
    maak_huishouden(voornaam="Blericks", stadsdeel="Blerick")
    maak_huishouden(voornaam="Tegels", stadsdeel="Tegelen")
    maak_huishouden(voornaam="Gezin", stadsdeel="Tegelen", partner=True, inkomen="1200.00")
    herbereken()

    leergeld = Regeling.objects.get(code="leergeld")
    response = klantadviseur.get(URL, {"regeling": leergeld.pk})
    assert paren(response.context["rijen"]) == {("Blericks", "leergeld"), ("Tegels", "leergeld"), ("Gezin", "leergeld")}

    tegelen = Stadsdeel.objects.get(naam="Tegelen")
    response = klantadviseur.get(URL, {"stadsdeel": tegelen.pk, "regeling": leergeld.pk})
    assert paren(response.context["rijen"]) == {("Tegels", "leergeld"), ("Gezin", "leergeld")}

    response = klantadviseur.get(URL, {"doelgroep": "gezin_met_kinderen"})
    assert {rij["voornaam"] for rij in response.context["rijen"]} == {"Gezin"}
    response = klantadviseur.get(URL, {"doelgroep": "eenoudergezin", "stadsdeel": tegelen.pk})
    assert {rij["voornaam"] for rij in response.context["rijen"]} == {"Tegels"}


def test_ongeldig_filter_toont_niets(regels, klantadviseur):
    maak_huishouden()
    herbereken()
    response = klantadviseur.get(URL, {"regeling": 999_999})
    assert response.status_code == 200
    assert response.context["rijen"] == []
    assert response.context["filter"].errors
    export = klantadviseur.get(EXPORT_URL, {"regeling": 999_999})
    assert csv_rijen(export) == [list(niet_gebruik.CSV_KOLOMMEN)]


def test_pagina_van_50_met_filters_in_de_links(regels, klantadviseur):
    for _ in range(20):
        maak_huishouden()  # 3 rows each: 60 rows
    herbereken()

    eerste = klantadviseur.get(URL, {"doelgroep": "eenoudergezin"})
    assert len(eerste.context["rijen"]) == 50
    assert eerste.context["paginator"].count == 60
    assert 'href="?doelgroep=eenoudergezin&amp;page=2"' in eerste.content.decode()
    tweede = klantadviseur.get(URL, {"doelgroep": "eenoudergezin", "page": 2})
    assert len(tweede.context["rijen"]) == 10
    ids = [(r["huishouden_nr"], r["regeling_nr"]) for r in [*eerste.context["rijen"], *tweede.context["rijen"]]]
    assert len(set(ids)) == 60


def test_aantal_queries_groeit_niet_met_het_aantal_rijen(regels, klantadviseur, django_assert_max_num_queries):
    maak_huishouden()
    herbereken()
    with CaptureQueriesContext(connection) as weinig:
        assert klantadviseur.get(URL).status_code == 200
    for _ in range(16):
        maak_huishouden()  # 51 rows: a full page
    herbereken()
    with django_assert_max_num_queries(len(weinig)):
        response = klantadviseur.get(URL)
    assert len(response.context["rijen"]) == 50
    # Every row has its reasons, derived for the page at once (they are not stored).
    assert all(rij["uitleg"] and rij["uitleg"].redenen for rij in response.context["rijen"])
    assert "<summary>Waarom</summary>" in response.content.decode()


# ---------------------------------------------------------------------------------------------------
# Audit
# ---------------------------------------------------------------------------------------------------


def test_elke_pagina_logt_een_inzage_per_getoonde_aanvrager(regels, klantadviseur):
    eerste = maak_huishouden(bsn="111222333")
    tweede = maak_huishouden()
    maak_huishouden(geen_contact=True)  # not shown, so not logged
    herbereken()

    klantadviseur.get(URL)

    records = AuditRecord.objects.filter(actie=Actie.INZIEN)
    assert records.count() == 2  # two aanvragers, each on three rows
    assert {r.verwerkingsactiviteit for r in records} == {Verwerkingsactiviteit.NIET_GEBRUIK_BENADERING}
    assert {r.actor_naam for r in records} == {"test-klantadviseur"}
    verwacht = {
        betrokkene(bsn="111222333", intern_id=eerste.leden.get(rol="aanvrager").pk).id,
        betrokkene(bsn=None, intern_id=tweede.leden.get(rol="aanvrager").pk).id,
    }
    assert {r.betrokkene_id for r in records} == verwacht
    assert len({r.trace_id for r in records}) == 1

    klantadviseur.get(URL, {"regeling": Regeling.objects.get(code="leergeld").pk, "stadsdeel": 999_999})
    assert AuditRecord.objects.count() == 2  # nothing shown, nothing logged


def test_alleen_de_aanvragers_op_de_pagina_worden_gelogd(regels, klantadviseur):
    for _ in range(20):
        maak_huishouden()  # 60 rows, page 1 holds 50 rows of 17 households
    herbereken()
    response = klantadviseur.get(URL)
    op_pagina = {rij["aanvrager_id"] for rij in response.context["rijen"]}
    assert AuditRecord.objects.filter(actie=Actie.INZIEN).count() == len(op_pagina) == 17


# ---------------------------------------------------------------------------------------------------
# CSV export
# ---------------------------------------------------------------------------------------------------


def test_csv_export_zonder_bsn_en_met_een_exportregel_per_aanvrager(regels, klantadviseur):
    maak_huishouden(voornaam="Anna", tussenvoegsel="van", achternaam="Dijk", bsn="111222333")
    maak_huishouden(voornaam="=HYPERLINK(1)", stadsdeel="Tegelen")
    maak_huishouden(voornaam="Weigert", geen_contact=True)
    herbereken()

    response = klantadviseur.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="niet-gebruik-')
    assert response.streaming
    rijen = csv_rijen(response)
    assert rijen[0] == ["naam", "straat", "huisnummer", "toevoeging", "postcode", "woonplaats", "regeling"]
    assert len(rijen) == 1 + 6
    anna = [r for r in rijen if r[0].startswith("Anna van Dijk")]
    assert {r[6] for r in anna} == {
        "Stichting Leergeld Venlo",
        "Jeugdfonds Sport Venlo",
        "Jeugdfonds Cultuur Venlo",
    }
    huishouden = Huishouden.objects.get(leden__voornaam="Anna")
    assert anna[0][1:6] == [
        "Kazernestraat",
        str(huishouden.huisnummer),
        huishouden.huisnummer_toevoeging,
        "5928 AB",
        "Venlo",
    ]
    # A name that a spreadsheet would run as a formula is written as text.
    assert all(r[0].startswith("'=HYPERLINK(1)") for r in rijen[1:] if "HYPERLINK" in r[0])
    assert "111222333" not in inhoud(klantadviseur.get(EXPORT_URL))

    export = AuditRecord.objects.filter(actie=Actie.EXPORTEREN)
    assert export.count() == 2 * 2  # two aanvragers, two downloads
    assert {r.verwerkingsactiviteit for r in export} == {Verwerkingsactiviteit.NIET_GEBRUIK_BENADERING}
    assert not AuditRecord.objects.filter(actie=Actie.INZIEN).exists()


def test_export_url_gebruikt_dezelfde_filters(regels, klantadviseur):
    maak_huishouden(voornaam="Blericks", stadsdeel="Blerick")
    maak_huishouden(voornaam="Tegels", stadsdeel="Tegelen")
    herbereken()
    tegelen = Stadsdeel.objects.get(naam="Tegelen")
    leergeld = Regeling.objects.get(code="leergeld")

    rijen = csv_rijen(klantadviseur.get(EXPORT_URL, {"stadsdeel": tegelen.pk, "regeling": leergeld.pk}))

    assert len(rijen) == 2
    assert rijen[1][0].startswith("Tegels") and rijen[1][6] == "Stichting Leergeld Venlo"
    assert AuditRecord.objects.filter(actie=Actie.EXPORTEREN).count() == 1


def test_export_in_stukken_logt_elke_aanvrager_een_keer(regels, gebruiker_met_rol):
    for _ in range(5):
        maak_huishouden()
    herbereken()
    user = gebruiker_met_rol("midoffice")

    with CaptureQueriesContext(connection) as queries:
        regels_csv = list(niet_gebruik.csv_regels(niet_gebruik.kandidaten(user), actor=user, chunk=2))

    assert len(regels_csv) == 1 + 8  # header, then 15 rows in chunks of 2
    assert sum(regel.count("\r\n") for regel in regels_csv) == 16
    # Each aanvrager's three rows are adjacent but span chunks: still one record per aanvrager.
    assert AuditRecord.objects.filter(actie=Actie.EXPORTEREN).count() == 5
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) <= 8  # one bulk statement per chunk at most


# ---------------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice"])
def test_klantadviseur_en_midoffice_mogen_de_lijst_zien(regels, client, gebruiker_met_rol, rol):
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(URL).status_code == 200
    assert client.get(EXPORT_URL).status_code == 200


@pytest.mark.parametrize("rol", ["beleidsadviseur", "partnermedewerker", "kwaliteitsfunctionaris"])
def test_andere_rollen_krijgen_403(regels, client, gebruiker_met_rol, rol):
    maak_huishouden()
    herbereken()
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert not AuditRecord.objects.exists()


def test_niet_ingelogd_gaat_naar_inloggen(regels, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_kandidaten_leeg_voor_gebruiker_zonder_rol(regels, gebruiker_met_rol):
    maak_huishouden()
    herbereken()
    assert niet_gebruik.kandidaten(gebruiker_met_rol("beleidsadviseur")).count() == 0
    assert niet_gebruik.kandidaten(gebruiker_met_rol("klantadviseur")).count() == 3


def test_excel_export_heeft_dezelfde_rijen_als_csv_en_logt_per_aanvrager(regels, klantadviseur):
    from openpyxl import load_workbook

    maak_huishouden(voornaam="Excel")
    herbereken()
    csv = csv_rijen(klantadviseur.get(EXPORT_URL))
    response = klantadviseur.get(EXPORT_URL, {"formaat": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    blad = load_workbook(io.BytesIO(response.content)).active
    excel = [["" if c is None else str(c) for c in rij] for rij in blad.iter_rows(values_only=True)]
    assert excel == csv
    # One EXPORTEREN record for the aanvrager per download (CSV and Excel).
    assert AuditRecord.objects.filter(actie=Actie.EXPORTEREN).count() == 2
