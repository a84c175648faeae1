"""Gelijkgestelde dagen (Atw art. 3 lid 3) as data kept by functioneel beheer in /beheer/, loaded by a selector
and used by the deadlines; and the configured start event of the schuldregeling norm."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cases import selectors
from cases.models import GelijkgesteldeDag
from cases.termijnen import Startmoment, termijnen
from tests.helpers import als_browser

TOEVOEGEN = "/beheer/cases/gelijkgesteldedag/add/"


@pytest.fixture
def beheer(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("functioneel_beheer", username="bert"))
    return client


def test_beheer_voegt_een_dag_toe_en_de_termijn_schuift_mee(beheer, django_assert_num_queries):
    # Crisis aanmelding Wed 13 May 2026; Thu 14 is Hemelvaartsdag. Without data: Fri 15, Mon 18, Tue 19.
    aanmelding = {"aangemeld_op": date(2026, 5, 13), "crisis": True}
    assert termijnen(**aanmelding, gelijkgestelde_dagen=selectors.gelijkgestelde_dagen()).eerste_gesprek_uiterlijk == (
        date(2026, 5, 19)
    )

    data = als_browser(beheer.get(TOEVOEGEN))
    data.update({"datum": "15-05-2026", "omschrijving": "Vrijdag na Hemelvaartsdag"})
    antwoord = beheer.post(TOEVOEGEN, data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]

    with django_assert_num_queries(1):
        dagen = selectors.gelijkgestelde_dagen()
    assert dagen == {date(2026, 5, 15)}
    # Fri 15 no longer counts: Mon 18, Tue 19, Wed 20.
    assert termijnen(**aanmelding, gelijkgestelde_dagen=dagen).eerste_gesprek_uiterlijk == date(2026, 5, 20)


@pytest.mark.parametrize(
    ("datum", "melding"),
    [
        ("16-05-2026", "zaterdag of zondag"),
        ("14-05-2026", "al een feestdag (Hemelvaartsdag)"),
        ("27-04-2026", "al een feestdag (Koningsdag)"),
        ("05-05-2013", "vanaf 2014"),
    ],
)
def test_beheer_krijgt_een_duidelijke_fout(beheer, datum, melding):
    data = als_browser(beheer.get(TOEVOEGEN))
    data.update({"datum": datum, "omschrijving": "Vergissing"})
    antwoord = beheer.post(TOEVOEGEN, data)
    assert antwoord.status_code == 200
    assert melding in antwoord.content.decode()
    assert not GelijkgesteldeDag.objects.exists()


def test_een_dag_staat_er_maar_een_keer_in(db):
    GelijkgesteldeDag.objects.create(datum=date(2026, 5, 15), omschrijving="Vrijdag na Hemelvaartsdag")
    with pytest.raises(ValidationError, match="datum"):
        GelijkgesteldeDag(datum=date(2026, 5, 15), omschrijving="Nog eens").full_clean()


def test_andere_rollen_kunnen_geen_dagen_toevoegen(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    antwoord = client.post(TOEVOEGEN, {"datum": "15-05-2026", "omschrijving": "Vrij"})
    assert antwoord.status_code in (302, 403)
    assert not GelijkgesteldeDag.objects.exists()


def test_startmoment_schuldregeling_uit_de_instelling(settings):
    assert selectors.schuldregeling_startmoment() == Startmoment.TOELATINGSBESCHIKKING  # the default
    settings.WGS_SCHULDREGELING_START = "aanmelding"
    assert selectors.schuldregeling_startmoment() == Startmoment.AANMELDING
    settings.WGS_SCHULDREGELING_START = "beschikking"
    with pytest.raises(ImproperlyConfigured, match="kies een van: aanmelding, eerste_gesprek, toelatingsbeschikking"):
        selectors.schuldregeling_startmoment()
