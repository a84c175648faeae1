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
    standen = [(s.casus_id, s.status) for s in werk["termijnen"]]
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
