"""/beleid/ from the snapshots: tiles and tables per doelstelling, filters with Dutch messages, exports with
the page's figures, and the recompute with its progress."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from monitoring import selectors, services
from monitoring.models import KpiRun
from tests.factories import CasusFactory, HuishoudenFactory, StadsdeelFactory

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL
TZ = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


@pytest.fixture
def cijfers():
    """Aanmeldingen this month: 7 in Blerick, 2 in Tegelen (a small number), 9 in heel Venlo."""
    vandaag = timezone.localdate()
    moment = datetime(vandaag.year, vandaag.month, 1, 9, tzinfo=TZ)
    blerick, tegelen = StadsdeelFactory(naam="Blerick"), StadsdeelFactory(naam="Tegelen")
    for _ in range(7):
        CasusFactory(huishouden=HuishoudenFactory(stadsdeel=blerick), aangemeld_op=moment)
    for _ in range(2):
        CasusFactory(huishouden=HuishoudenFactory(stadsdeel=tegelen, straat="Geheimstraat"), aangemeld_op=moment)
    services.bereken()
    return blerick, tegelen


def test_pagina_toont_tegels_per_doelstelling_en_geen_personen(beleid, cijfers):
    antwoord = beleid.get("/beleid/")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    for kop in ("Preventie", "Ondersteuning", "Terugval voorkomen", "Aanmeldingen voor schuldhulp"):
        assert kop in html
    assert "Geheimstraat" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="venlo-grafiek"' in html
    assert "nog geen gegevens" in html  # e.g. a median without any beschikking: no data, not a 0
    assert "<script>" not in html and "style=" not in html  # CSP-clean


def test_filter_op_stadsdeel_toont_het_stadsdeel_en_onderdrukt_klein(beleid, cijfers):
    blerick, tegelen = cijfers
    periode = {"van": f"{timezone.localdate():%Y-%m}", "tot": f"{timezone.localdate():%Y-%m}"}
    tabel = selectors.tabellen(
        van=timezone.localdate().replace(day=1), tot=timezone.localdate().replace(day=1), stadsdeel=tegelen.pk
    )["aanmeldingen"]
    assert tabel.rijen[-1][1] == "<5"
    antwoord = beleid.get("/beleid/", {**periode, "stadsdeel": tegelen.pk})
    assert antwoord.status_code == 200 and "Tegelen" in antwoord.content.decode()
    # Heel Venlo (9) minus Blerick (7) would give Tegelen away: Blerick is hidden too (secondary).
    blerick_tabel = selectors.tabellen(
        van=timezone.localdate().replace(day=1), tot=timezone.localdate().replace(day=1), stadsdeel=blerick.pk
    )["aanmeldingen"]
    assert blerick_tabel.rijen[-1][1] == "×"


@pytest.mark.parametrize(
    ("query", "melding"),
    [
        ({"stadsdeel": "999999"}, "Dit stadsdeel kennen wij niet"),
        ({"stadsdeel": "abc"}, "Dit stadsdeel kennen wij niet"),
        ({"doelgroep": "marsmannetjes"}, "Deze doelgroep kennen wij niet"),
        ({"tot": "2999-01"}, "Deze maand ligt in de toekomst"),
        ({"van": "2026-05", "tot": "2026-01"}, "De beginmaand ligt na de eindmaand"),
        ({"van": "2020-01", "tot": "2026-01"}, "hoogstens 24 maanden"),
        ({"van": "maart"}, "Vul een maand in als jaar en maand"),
        ({"tot": "2026-13"}, "Vul een maand in als jaar en maand"),
        ({"tot": "2026-00"}, "Vul een maand in als jaar en maand"),
        # Year 1 once gave a 500 (12 months before it does not exist); a huge year overflowed date().
        ({"tot": "0001-01"}, "Kies een jaar vanaf 2000"),
        ({"van": "0001-01", "tot": "0001-12"}, "Kies een jaar vanaf 2000"),
        ({"van": "1999-12"}, "Kies een jaar vanaf 2000"),
        ({"tot": "99999999999999999999-01"}, "Deze maand ligt in de toekomst"),
    ],
)
def test_foute_filters_geven_een_nederlandse_melding(beleid, query, melding):
    antwoord = beleid.get("/beleid/", query)
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    # An export with the same filter goes back to the page with its message, not a 500.
    export = beleid.get("/beleid/export/aanmeldingen.csv", query)
    assert export.status_code == 302 and export["Location"].startswith("/beleid/?")


def test_doelgroep_zonder_gegevens_zegt_dat(beleid, cijfers):
    antwoord = beleid.get("/beleid/", {"doelgroep": "ouderen"})
    assert antwoord.status_code == 200
    assert "nog geen cijfers" in antwoord.content.decode()


def _csv(antwoord) -> list[list[str]]:
    tekst = antwoord.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


def test_budget_van_een_toekenning_toont_geen_bedrag(beleid, regeling_met_een_toekenning):
    leergeld = regeling_met_een_toekenning
    services.bereken()
    pagina = beleid.get("/beleid/")
    tabel = next(
        b["tabel"] for s in pagina.context["secties"] for b in s["blokken"] if b["kpi"].code == "budgetgebruik"
    )
    # One toekenning of € 350 is that inwoner's amount: hidden, with its percentage; the budget is shown.
    assert [leergeld.naam, "–", "×", "€ 1.000"] in tabel.rijen
    trechter = next(r for r in pagina.context["trechter"].rijen if r[0] == leergeld.naam)
    assert trechter[3] == "<5" and trechter[6] == "–"
    assert "€ 350" not in pagina.content.decode()
    for inhoud in (
        beleid.get("/beleid/export/budgetgebruik.csv").content.decode("utf-8-sig"),
        beleid.get("/beleid/export/trechter.csv").content.decode("utf-8-sig"),
    ):
        assert "350" not in inhoud and "35%" not in inhoud


def _alle_tabellen(context) -> list:
    """Every table the page shows, in its order: per KPI, the funnels and flows, the overview."""
    tabellen = [b["tabel"] for s in context["secties"] for b in s["blokken"] if b["tabel"] is not None]
    return [
        *tabellen,
        context["trechter"],
        context["verwijsstromen"],
        context["signaaltrechter"],
        context["overzicht_tabel"],
    ]


def _xlsx(antwoord) -> list[list[str]]:
    blad = openpyxl.load_workbook(io.BytesIO(antwoord.content)).active
    return [[str(c) if c is not None else "" for c in rij] for rij in blad.iter_rows(values_only=True)]


def test_export_csv_en_xlsx_bevatten_de_cijfers_van_de_pagina(beleid, cijfers, regeling_met_een_toekenning):
    blerick, _ = cijfers
    services.bereken()
    for query in ({}, {"stadsdeel": blerick.pk}):
        pagina = beleid.get("/beleid/", query)
        tabellen = _alle_tabellen(pagina.context)
        namen = [t.naam for t in tabellen]
        # Every table of the page can be downloaded, and only those (with the regelingen: their funnel and KPIs).
        assert sorted(namen) == sorted(selectors.tabellen(**_filters(query)))
        if not query:  # heel Venlo: with the regelingen' KPIs and funnel (their households are not in Blerick)
            assert {"aanmeldingen", "bereik", "budgetgebruik", "minimapopulatie_110", "trechter"} <= set(namen)
        for tabel in tabellen:
            koppen = [k.removeprefix("#") for k in tabel.koppen]
            rijen_csv = _csv(beleid.get(f"/beleid/export/{tabel.naam}.csv", query))
            assert rijen_csv[0] == koppen, tabel.naam
            assert rijen_csv[1 : 1 + len(tabel.rijen)] == tabel.rijen, tabel.naam
            xlsx = beleid.get(f"/beleid/export/{tabel.naam}.xlsx", query)
            assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
            waarden = _xlsx(xlsx)
            assert waarden[0] == koppen, tabel.naam
            assert waarden[1 : 1 + len(tabel.rijen)] == tabel.rijen, tabel.naam
    overzicht = _csv(beleid.get("/beleid/export/overzicht.csv", {"stadsdeel": blerick.pk}))
    assert ["Ondersteuning", "Aanmeldingen voor schuldhulp"] == overzicht[
        [r[1] for r in overzicht].index("Aanmeldingen voor schuldhulp")
    ][:2]


def _filters(query) -> dict:
    deze_maand = timezone.localdate().replace(day=1)
    return {"van": deze_maand - relativedelta(months=11), "tot": deze_maand, "stadsdeel": query.get("stadsdeel")}


def test_export_van_onbekende_tabel_of_formaat_is_404(beleid, cijfers):
    assert beleid.get("/beleid/export/bestaat_niet.csv").status_code == 404
    assert beleid.get("/beleid/export/aanmeldingen.pdf").status_code == 404


def test_bereken_opnieuw_start_een_run_en_toont_de_voortgang(beleid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = beleid.post("/beleid/berekening/")
    run = KpiRun.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == f"/beleid/berekening/{run.pk}/"
    assert run.status == "klaar" and run.klaar == run.totaal  # eager in tests
    pagina = beleid.get(f"/beleid/berekening/{run.pk}/").content.decode()
    assert 'src="/static/js/voortgang.js"' in pagina and "<progress" in pagina
    stand = beleid.get(f"/beleid/berekening/{run.pk}/status/").json()
    assert stand["status"] == "klaar" and stand["procent"] == 100 and stand["loopt"] is False


def test_een_lopende_run_wordt_niet_dubbel_gestart():
    run = KpiRun.objects.create(status=KpiRun.Status.BEZIG, totaal=10)
    assert services.start_berekening(door="x").pk == run.pk
    KpiRun.objects.filter(pk=run.pk).update(gestart_op=timezone.now() - relativedelta(hours=2))
    assert services.start_berekening(door="x").pk != run.pk
    assert KpiRun.objects.get(pk=run.pk).status == "mislukt"


def test_beat_rekent_maandelijks():
    from django.conf import settings

    regel = settings.CELERY_BEAT_SCHEDULE["bereken-kpis"]
    assert regel["task"] == "monitoring.tasks.bereken_kpis"
    assert regel["schedule"].day_of_month == {1}
    assert date.today()  # the task exists: see test_settings.test_beat_schema_noemt_alleen_bestaande_taken
