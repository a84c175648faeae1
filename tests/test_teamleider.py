"""The teamleider (issue 12, item 5): /werk/team/ shows caseload, deadlines close and past, the triage queue and
late partner reactions of the teams they lead, and only those teams' casussen are within reach."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Casus
from tests import factories as f
from venlo_armoede.accounts.models import Stadsdeel, Team

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def teams(gebruiker_met_rol):
    leider = gebruiker_met_rol("teamleider", username="tl")
    karin = gebruiker_met_rol("klantadviseur", username="karin", first_name="Karin", last_name="Jansen")
    bram = gebruiker_met_rol("klantadviseur", username="bram", first_name="Bram", last_name="Peters")
    noord = Team.objects.create(naam="Noord")
    noord.leden.add(karin)
    noord.leiders.add(leider)
    noord.stadsdelen.add(Stadsdeel.objects.get_or_create(naam="Venlo-Noord")[0])
    Team.objects.create(naam="Zuid").leden.add(bram)
    return {"leider": leider, "karin": karin, "bram": bram}


def _casus(adviseur, aangemeld: date, **velden):
    casus = f.CasusFactory(klantadviseur=adviseur, **velden)
    Casus.objects.filter(pk=casus.pk).update(aangemeld_op=datetime(*aangemeld.timetuple()[:3], 10, tzinfo=AMS))
    return casus


def test_teampagina_telt_en_markeert_termijnen(teams, time_machine):
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=AMS))  # a Thursday
    # Crisis aangemeld Monday 30 Nov: eerste gesprek within 3 werkdagen = Thursday 3 Dec: today, so "bijna".
    bijna = _casus(teams["karin"], date(2026, 11, 30), crisis=True, crisis_reden="anders", crisis_toelichting="x")
    # Not a crisis, aangemeld 1 October: 4 weeks passed on 29 October: "verlopen".
    laat = _casus(teams["karin"], date(2026, 10, 1))
    _casus(teams["karin"], date(2026, 12, 1))  # 4 weeks: on time
    vreemd = _casus(teams["bram"], date(2026, 10, 1))  # another team's, also late
    services.herbereken_volgende_termijnen()  # the dates were set behind the services' back

    pagina = _client(teams["leider"]).get(reverse("team:overzicht"))
    assert pagina.status_code == 200
    werk = pagina.context["werk"]
    telling = {adviseur.username: t for adviseur, t in werk["adviseurs"]}
    assert telling == {"karin": {"open": 3, "bijna": 1, "te_laat": 1}}
    standen = [(rij["stand"].casus_id, rij["stand"].status) for rij in pagina.context["termijnen"]]
    assert standen == [(laat.pk, "te_laat"), (bijna.pk, "bijna")]
    html = pagina.content.decode()
    assert reverse("cases:casus", kwargs={"pk": laat.pk}) in html
    assert reverse("cases:casus", kwargs={"pk": vreemd.pk}) not in html


def test_teamleider_leest_alleen_casussen_van_het_eigen_team(teams):
    eigen = f.CasusFactory(klantadviseur=teams["karin"])
    vreemd = f.CasusFactory(klantadviseur=teams["bram"])
    zonder = f.CasusFactory(klantadviseur=None)
    client = _client(teams["leider"])
    assert client.get(reverse("cases:casus", kwargs={"pk": eigen.pk})).status_code == 200
    assert client.get(reverse("cases:casus", kwargs={"pk": vreemd.pk})).status_code == 404
    assert client.get(reverse("cases:casus", kwargs={"pk": zonder.pk})).status_code == 404
    assert set(Casus.objects.for_user(teams["leider"])) == {eigen}
    # Read only: the status form is not offered and a post is refused.
    antwoord = client.post(reverse("cases:casus", kwargs={"pk": eigen.pk}), {"status": "intake"})
    assert antwoord.status_code == 403


def test_triagewachtrij_alleen_als_aantallen(teams, time_machine):
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=AMS))
    noord = Stadsdeel.objects.get(naam="Venlo-Noord")
    for dagen in (2, 9):
        casus = f.CasusFactory(klantadviseur=None, huishouden=f.HuishoudenFactory(stadsdeel=noord))
        Casus.objects.filter(pk=casus.pk).update(
            aangemeld_op=datetime(2026, 12, 3, 9, tzinfo=AMS) - timedelta(days=dagen)
        )
    f.CasusFactory(klantadviseur=None)  # another stadsdeel
    werk = _client(teams["leider"]).get(reverse("team:overzicht")).context["werk"]
    assert werk["triage"] == {"aantal": 2, "crisis": 0, "oudste_dagen": 9}


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice", "beleidsadviseur", "kwaliteitsfunctionaris"])
def test_andere_rollen_zien_de_teampagina_niet(gebruiker_met_rol, rol):
    assert _client(gebruiker_met_rol(rol)).get(reverse("team:overzicht")).status_code == 403


def test_teamleider_zonder_team_krijgt_uitleg(gebruiker_met_rol):
    pagina = _client(gebruiker_met_rol("teamleider")).get(reverse("team:overzicht"))
    assert "U bent nog van geen team de teamleider." in pagina.content.decode()


@pytest.mark.parametrize(
    "vandaag",
    [
        date(2026, 12, 23),  # Wednesday before Kerst: 24 Dec, then 28 Dec (25/26 feestdagen, weekend)
        date(2026, 12, 24),
        date(2026, 12, 31),  # over Nieuwjaarsdag
        date(2027, 3, 24),  # before Goede Vrijdag (26 March 2027) and Pasen
        date(2027, 4, 23),  # Koningsdag on Tuesday 27 April 2027
        date(2027, 5, 3),  # 5 mei (Wednesday), Hemelvaart on 6 May 2027
        date(2027, 5, 13),  # Pinksteren: 2nd Pinksterdag 17 May 2027
    ],
)
def test_teamtellingen_in_sql_gelijk_aan_de_termijnregel(teams, vandaag):
    """The team page counts "bijna" and "te laat" in SQL on volgende_termijn_op; every deadline date from a week
    before to three weeks after today must get the same stand as cases.termijnen.termijnstatus gives it."""
    from cases import selectors
    from cases.termijnen import Termijnstatus, termijnstatus

    dagen = [vandaag + timedelta(days=d) for d in range(-7, 22)]
    for dag in dagen:
        casus = f.CasusFactory(klantadviseur=teams["karin"])
        Casus.objects.filter(pk=casus.pk).update(volgende_termijn_op=dag)
    vrij = selectors.gelijkgestelde_dagen()
    verwacht = {"bijna": 0, "te_laat": 0}
    for dag in dagen:
        stand = termijnstatus(dag, vandaag=vandaag, gelijkgestelde_dagen=vrij)
        if stand is Termijnstatus.BIJNA:
            verwacht["bijna"] += 1
        elif stand is Termijnstatus.TE_LAAT:
            verwacht["te_laat"] += 1
    werk = selectors.werk_van_team(leider=teams["leider"], vandaag=vandaag)
    (telling,) = [t for _, t in werk["adviseurs"]]
    assert {"bijna": telling["bijna"], "te_laat": telling["te_laat"]} == verwacht
    assert telling["open"] == len(dagen)
    assert werk["termijnen_qs"].count() == verwacht["bijna"] + verwacht["te_laat"] == 7 + verwacht["bijna"]


def test_teampagina_toont_termijnen_per_pagina_met_vast_aantal_queries(
    teams, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(datetime(2026, 12, 3, 12, tzinfo=AMS))
    for _ in range(60):
        _casus(teams["karin"], date(2026, 10, 1))  # all past their eerste gesprek
    services.herbereken_volgende_termijnen()
    client = _client(teams["leider"])
    with django_assert_max_num_queries(30) as vastgelegd:
        eerste = client.get(reverse("team:overzicht"))
    aantal_queries = len(vastgelegd)  # now: the query log is emptied at the start of every request
    assert len(eerste.context["termijnen"]) == 50
    assert "Pagina 1 van 2" in eerste.content.decode()
    tweede = client.get(reverse("team:overzicht"), {"page": 2})
    assert len(tweede.context["termijnen"]) == 10
    for _ in range(40):
        _casus(teams["karin"], date(2026, 10, 1))
    services.herbereken_volgende_termijnen()
    with django_assert_max_num_queries(aantal_queries):
        client.get(reverse("team:overzicht"))


def test_partners_die_te_laat_reageren_alleen_van_open_casussen_van_het_eigen_team(teams, time_machine):
    """A referral still unanswered after its deadline shows on the team page when its casus is an open casus of the
    team; another team's, an answered one and one of a closed casus do not."""
    from partners import services as partners_services
    from partners.models import Doorverwijzing
    from tests.factories import DienstFactory, OrganisatieFactory

    alliantie = OrganisatieFactory(naam="Alliantie", soort="vrijwilligers", reactietermijn_werkdagen=3)
    dienst = DienstFactory(organisatie=alliantie, naam="Vrijwillige schuldhulp")

    def verwijs(adviseur):
        casus = f.CasusFactory(klantadviseur=adviseur)
        partners_services.leg_toestemming_vast(
            casus=casus,
            organisatie=alliantie,
            categorieen=["hulpvraag"],
            wijze="mondeling",
            gegeven_op=date(2026, 11, 2),
            geldig_tot=date(2027, 5, 1),
            door=adviseur,
        )
        return partners_services.verwijs_door(
            casus=casus,
            dienst=dienst,
            hulpvraag="Hulp bij rekeningen.",
            urgentie="normaal",
            categorieen=["hulpvraag"],
            door=adviseur,
        )

    time_machine.move_to(datetime(2026, 11, 2, 10, tzinfo=AMS))  # a Monday: react by Thursday 5 November
    te_laat = verwijs(teams["karin"])
    beantwoord = verwijs(teams["karin"])
    gesloten = verwijs(teams["karin"])
    vreemd = verwijs(teams["bram"])
    Doorverwijzing.objects.for_systeem("test").filter(pk=beantwoord.pk).update(status="geaccepteerd")
    Casus.objects.filter(pk=gesloten.casus_id).update(status="afgesloten")
    time_machine.move_to(datetime(2026, 11, 6, 10, tzinfo=AMS))

    pagina = _client(teams["leider"]).get(reverse("team:overzicht"))
    assert [r["id"] for r in pagina.context["reacties"]] == [te_laat.pk]
    assert pagina.context["reacties_aantal"] == 1
    html = pagina.content.decode()
    assert reverse("cases:casus", kwargs={"pk": te_laat.casus_id}) in html and "Vrijwillige schuldhulp" in html
    assert reverse("cases:casus", kwargs={"pk": vreemd.casus_id}) not in html
