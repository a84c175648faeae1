"""Long work shows progress (issue 12, item 8): a what-if over a large population runs as a background task with
its own counters, the full recompute has a page with its progress for functioneel beheer (and beleid), and
/beleid/ leads back to a KPI run that is still going. Each run page can be left and opened again by its URL."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from monitoring.models import KpiRun
from regelingen import scenario, scenario_run
from regelingen.models import HerberekeningsRun, RunStatus, ScenarioRun
from tests.regelingen.test_scenario import maak_huishouden

SCENARIO = "/beleid/scenario/"
HERBEREKENING = "/beheer/regels/herberekening/"


@pytest.fixture
def huishoudens(regels):
    """Six households with a child around the Leergeld limit (today's norms; incomes from 2025)."""
    return [maak_huishouden(inkomen) for inkomen in ("1000.00", "1200.00", "1400.00", "1800.00", "1900.00", "2500.00")]


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


@pytest.fixture
def beheer(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    return client


# --- The what-if as a background run ------------------------------------------------------------------------


def test_simuleer_meldt_de_voortgang_in_stappen(huishoudens, monkeypatch):
    monkeypatch.setattr(scenario, "VOORTGANG_STAP", 4)
    standen = []
    scenario.simuleer(
        regeling_code="leergeld", wijzigingen={}, voortgang=lambda klaar, totaal: standen.append((klaar, totaal))
    )
    assert standen == [(0, 6), (4, 6), (6, 6)]


def test_groot_scenario_loopt_op_de_achtergrond_met_eigen_tellers(
    huishoudens, beleid, settings, django_capture_on_commit_callbacks
):
    settings.SCENARIO_ACHTERGROND_VANAF = 5  # "large" from five households
    pagina = beleid.get(SCENARIO).content.decode()
    assert 'method="post"' in pagina and "csrfmiddlewaretoken" in pagina
    assert "Daarom rekent het systeem op de achtergrond" in pagina

    with django_capture_on_commit_callbacks(execute=True):
        response = beleid.post(SCENARIO, {"regeling": "leergeld", "inkomensgrens_pct": "150"})
    run = ScenarioRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/beleid/scenario/berekening/{run.pk}/"
    assert run.status == ScenarioRun.Status.KLAAR  # eager in tests: done at once
    assert (run.huishoudens_klaar, run.huishoudens_totaal) == (6, 6)
    assert run.wijzigingen == {"inkomensgrens_pct": "150"}
    assert run.resultaat["totaal"] == {"voor": 3, "na": 5, "erbij": 2, "eraf": 0}

    # The run can be opened again by its address, and shows the result with small numbers suppressed.
    pagina = beleid.get(response["Location"]).content.decode()
    assert "Huishoudens met recht, nu en na de wijziging" in pagina
    assert '<span aria-hidden="true">&lt;5</span>' in pagina
    assert "Het inkomen is hoogstens 150% van de bijstandsnorm." in pagina
    assert "Geheimstraat" not in pagina and "Zeldzamevoornaam" not in pagina

    # The what-if page links to it.
    pagina = beleid.get(SCENARIO).content.decode()
    assert f'href="/beleid/scenario/berekening/{run.pk}/"' in pagina


def test_groot_scenario_met_voorwaarden_op_de_achtergrond(
    huishoudens, beleid, settings, django_capture_on_commit_callbacks
):
    settings.SCENARIO_ACHTERGROND_VANAF = 1
    data = {
        "regeling": "leergeld",
        "vw-regeling": "leergeld",
        "vw-aantal": "1",
        "vw1-soort": "kinderen",
        "vw1-min_leeftijd": "4",
        "vw1-max_leeftijd": "17",
    }
    with django_capture_on_commit_callbacks(execute=True):
        beleid.post(SCENARIO, data)
    run = ScenarioRun.objects.get()
    assert run.voorwaarden == [{"soort": "kinderen", "min_leeftijd": 4, "max_leeftijd": 17}]
    assert run.resultaat["totaal"]["na"] == 6  # no income test: every household with a child


def test_een_bladwijzer_naar_een_groot_scenario_rekent_niet_zonder_bereken(huishoudens, beleid, settings):
    settings.SCENARIO_ACHTERGROND_VANAF = 1
    response = beleid.get(SCENARIO, {"regeling": "leergeld", "inkomensgrens_pct": "150"})
    assert response.status_code == 200
    assert "uitkomst" not in response.context and not ScenarioRun.objects.exists()
    assert "kies ‘Bereken’ om de berekening te starten" in response.content.decode()


def test_foute_invoer_start_geen_run(huishoudens, beleid, settings):
    settings.SCENARIO_ACHTERGROND_VANAF = 1
    response = beleid.post(SCENARIO, {"regeling": "leergeld", "inkomensgrens_pct": "-5"})
    assert response.status_code == 400
    assert "Een percentage kan niet negatief zijn." in response.content.decode()
    assert not ScenarioRun.objects.exists()


def test_lopende_run_toont_de_voortgang_uit_haar_tellers(regels, beleid, gebruiker_met_rol):
    run = ScenarioRun.objects.create(
        regeling_code="leergeld",
        regeling_naam="Stichting Leergeld Venlo",
        peildatum=timezone.localdate(),
        status=ScenarioRun.Status.BEZIG,
        huishoudens_klaar=2500,
        huishoudens_totaal=50000,
    )
    pagina = beleid.get(f"/beleid/scenario/berekening/{run.pk}/").content.decode()
    assert '<progress id="voortgang-balk" class="venlo-voortgang" max="50000" value="2500">5%</progress>' in pagina
    assert 'src="/static/js/voortgang.js"' in pagina and 'data-herlaad="ja"' in pagina
    assert "Bezig: 2500 van 50000 huishoudens doorgerekend." in pagina
    stand = beleid.get(f"/beleid/scenario/berekening/{run.pk}/status/").json()
    assert stand == {
        "status": "bezig",
        "status_tekst": "Bezig",
        "klaar": 2500,
        "totaal": 50000,
        "procent": 5,
        "loopt": True,
        "tekst": "Bezig: 2500 van 50000 huishoudens doorgerekend.",
    }


def test_vastgelopen_run_loopt_niet_meer(regels, beleid):
    run = ScenarioRun.objects.create(
        regeling_code="leergeld",
        regeling_naam="Stichting Leergeld Venlo",
        peildatum=timezone.localdate(),
        status=ScenarioRun.Status.BEZIG,
        bijgewerkt_op=timezone.now() - timedelta(hours=2),
    )
    stand = beleid.get(f"/beleid/scenario/berekening/{run.pk}/status/").json()
    assert stand["loopt"] is False and stand["status_tekst"] == "Gestopt"
    assert (
        "De berekening is gestopt voordat ze klaar was."
        in beleid.get(f"/beleid/scenario/berekening/{run.pk}/").content.decode()
    )


def test_mislukte_run_zegt_waarom(regels, beleid):
    run = ScenarioRun.objects.create(
        regeling_code="energietoeslag_2022", regeling_naam="Energietoeslag", peildatum=date(2026, 3, 1)
    )
    scenario_run.voer_uit(run.pk)
    run.refresh_from_db()
    assert run.status == ScenarioRun.Status.MISLUKT
    assert run.melding == "Deze regeling heeft vandaag geen geldige versie."
    assert scenario_run.voer_uit(run.pk).status == ScenarioRun.Status.MISLUKT  # delivered twice: left alone
    assert (
        "Deze regeling heeft vandaag geen geldige versie."
        in beleid.get(f"/beleid/scenario/berekening/{run.pk}/").content.decode()
    )


def test_uitkomst_als_data_en_terug_geeft_dezelfde_weergave(huishoudens):
    uitkomst = scenario.simuleer(regeling_code="jeugdfonds_sport", wijzigingen={"bedrag": Decimal("250.00")})
    terug, rijen = scenario.uitkomst_uit_data(scenario.uitkomst_als_data(uitkomst))
    assert scenario.weergave(terug) == scenario.weergave(uitkomst)
    assert terug.kosten_na == uitkomst.kosten_na
    assert [(r.nu, r.scenario) for r in rijen] == [
        (r.nu, r.scenario) for r in scenario.regelvergelijking(uitkomst.huidige_regel, uitkomst.nieuwe_regel)
    ]


@pytest.mark.parametrize("rol", ["klantadviseur", "functioneel_beheer", "teamleider", "partnermedewerker"])
def test_run_alleen_voor_beleid(regels, client, gebruiker_met_rol, rol):
    run = ScenarioRun.objects.create(regeling_code="leergeld", regeling_naam="L", peildatum=timezone.localdate())
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(f"/beleid/scenario/berekening/{run.pk}/").status_code == 403
    assert client.get(f"/beleid/scenario/berekening/{run.pk}/status/").status_code == 403


def test_een_andere_beleidsadviseur_mag_de_run_openen(regels, client, gebruiker_met_rol):
    run = ScenarioRun.objects.create(
        gestart_door=gebruiker_met_rol("beleidsadviseur"),
        regeling_code="leergeld",
        regeling_naam="L",
        peildatum=timezone.localdate(),
    )
    client.force_login(gebruiker_met_rol("beleidsadviseur", username="collega"))
    assert client.get(f"/beleid/scenario/berekening/{run.pk}/").status_code == 200
    assert client.get("/beleid/scenario/berekening/999999/").status_code == 404


# --- The full recompute -------------------------------------------------------------------------------------


def test_beheer_start_een_herberekening_en_volgt_de_voortgang(huishoudens, beheer, django_capture_on_commit_callbacks):
    pagina = beheer.get(HERBEREKENING).content.decode()
    assert "Bereken alle rechten opnieuw" in pagina
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post(HERBEREKENING)
    run = HerberekeningsRun.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"{HERBEREKENING}{run.pk}/"
    assert run.reden.startswith("gestart in beheer door ")
    assert run.status == RunStatus.KLAAR and run.chunks_klaar == run.aantal_chunks == 1

    pagina = beheer.get(response["Location"]).content.decode()
    assert '<progress id="voortgang-balk" class="venlo-voortgang" max="1" value="1">100%</progress>' in pagina
    assert "Klaar: 1 van 1 delen herberekend." in pagina
    assert f'href="{HERBEREKENING}{run.pk}/"' in beheer.get(HERBEREKENING).content.decode()


def test_voortgang_van_een_lopende_herberekening(regels, beheer, beleid):
    run = HerberekeningsRun.objects.create(
        actief=True, aantal_chunks=20, chunks_klaar=5, reden="nachtelijke herberekening"
    )
    stand = beheer.get(f"{HERBEREKENING}{run.pk}/status/").json()
    assert stand["klaar"] == 5 and stand["totaal"] == 20 and stand["procent"] == 25 and stand["loopt"] is True
    assert stand["tekst"] == "Bezig: 5 van 20 delen herberekend."
    pagina = beheer.get(f"{HERBEREKENING}{run.pk}/").content.decode()
    assert 'max="20" value="5">25%</progress>' in pagina
    assert "Er loopt nu een berekening: 5 van 20 delen klaar." in beheer.get(HERBEREKENING).content.decode()


def test_starten_terwijl_er_een_loopt_start_er_geen_tweede(regels, beheer):
    lopend = HerberekeningsRun.objects.create(actief=True, aantal_chunks=4, chunks_klaar=1)
    voor = HerberekeningsRun.objects.count()
    response = beheer.post(HERBEREKENING, follow=True)
    assert response.redirect_chain[-1][0] == f"{HERBEREKENING}{lopend.pk}/"
    assert "Er loopt al een herberekening." in response.content.decode()
    assert HerberekeningsRun.objects.count() == voor
    lopend.refresh_from_db()
    assert lopend.opnieuw_reden.startswith("gestart in beheer door ")


def test_beleid_mag_volgen_maar_niet_starten(regels, beleid):
    run = HerberekeningsRun.objects.create(actief=True, aantal_chunks=4, chunks_klaar=1)
    voor = HerberekeningsRun.objects.count()
    pagina = beleid.get(HERBEREKENING).content.decode()
    assert "Bereken alle rechten opnieuw" not in pagina
    assert beleid.get(f"{HERBEREKENING}{run.pk}/").status_code == 200
    assert beleid.post(HERBEREKENING).status_code == 403
    assert HerberekeningsRun.objects.count() == voor


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice", "teamleider", "partnermedewerker"])
def test_herberekening_niet_voor_andere_rollen(regels, client, gebruiker_met_rol, rol):
    run = HerberekeningsRun.objects.create(actief=False, status="klaar", aantal_chunks=1, chunks_klaar=1)
    client.force_login(gebruiker_met_rol(rol))
    for url in (HERBEREKENING, f"{HERBEREKENING}{run.pk}/", f"{HERBEREKENING}{run.pk}/status/"):
        assert client.get(url).status_code == 403, url
    assert client.post(HERBEREKENING).status_code == 403


def test_beheer_startpagina_wijst_naar_de_paginas(regels, beheer):
    pagina = beheer.get("/beheer/").content.decode()
    assert 'href="/beheer/regels/regelset/"' in pagina and f'href="{HERBEREKENING}"' in pagina


# --- /beleid/ leads back to a KPI run that is still going -------------------------------------------------


def test_beleid_linkt_naar_de_lopende_kpi_berekening(regels, beleid):
    run = KpiRun.objects.create(status=KpiRun.Status.BEZIG, totaal=40, klaar=12)
    pagina = beleid.get("/beleid/").content.decode()
    assert f'href="/beleid/berekening/{run.pk}/"' in pagina
    assert "De berekening loopt nog. Volg de voortgang." in pagina
    KpiRun.objects.filter(pk=run.pk).update(status=KpiRun.Status.KLAAR)
    pagina = beleid.get("/beleid/").content.decode()
    assert "Bekijk de laatste berekening" in pagina and "loopt nog" not in pagina
    assert f'href="{HERBEREKENING}"' in pagina
