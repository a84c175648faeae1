"""The rights panel on the huishoudoverzicht: outcomes with amount and Dutch reasons, and one step from a right
without aanvraag to a registered aanvraag (audited, never twice, only for a right within reach)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from regelingen import rechten
from regelingen.models import Aanvraag
from tests import factories as f
from tests.helpers import maak_huishouden
from venlo_armoede.accounts.models import Team
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 3, 1)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leergeldgezin(regels):
    # 1600 is under 120% of the norm (1.681,80): Leergeld; two school-age children.
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9))
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=PEILDATUM)
    return huishouden


def _registreer(client, huishouden, code):
    return client.post(reverse("aanvragen:registreren", kwargs={"pk": huishouden.pk}), {"regeling": code})


def test_paneel_toont_recht_met_reden_en_de_knop(leergeldgezin, gebruiker_met_rol):
    pagina = _client(gebruiker_met_rol("klantadviseur")).get(
        reverse("cases:huishouden", kwargs={"pk": leergeldgezin.pk})
    )
    html = pagina.content.decode()
    assert "Rechten en aanvragen" in html
    assert "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80" in html
    assert "Aanvraag Stichting Leergeld Venlo registreren" in html


def test_aanvraag_in_een_stap_gelogd_en_nooit_dubbel(leergeldgezin, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur")
    client = _client(klantadviseur)
    voor = AuditRecord.objects.count()
    antwoord = _registreer(client, leergeldgezin, "leergeld")
    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith(reverse("cases:huishouden", kwargs={"pk": leergeldgezin.pk}) + "#rechten")
    aanvraag = Aanvraag.objects.for_systeem("test").get(huishouden=leergeldgezin)
    assert (aanvraag.regeling.code, aanvraag.status) == ("leergeld", "aangevraagd")
    nieuw = AuditRecord.objects.order_by("-id")[: AuditRecord.objects.count() - voor]
    leden = leergeldgezin.leden.count()
    assert sum(1 for r in nieuw if r.actie == "aanmaken" and "Aanvraag" in r.omschrijving) == leden

    # The page now says the aanvraag is running; a second click (or a double post) creates nothing.
    pagina = client.get(reverse("cases:huishouden", kwargs={"pk": leergeldgezin.pk})).content.decode()
    assert "Aanvraag loopt" in pagina
    tweede = client.post(
        reverse("aanvragen:registreren", kwargs={"pk": leergeldgezin.pk}), {"regeling": "leergeld"}, follow=True
    )
    assert "Er loopt al een aanvraag voor" in tweede.content.decode()
    assert Aanvraag.objects.for_systeem("test").filter(huishouden=leergeldgezin).count() == 1


def test_geen_recht_of_onbekende_regeling_wordt_geweigerd(regels, gebruiker_met_rol):
    rijk = maak_huishouden(inkomen=Decimal("6000.00"), kinderen=(8,))
    rechten.herbereken_selectie(Q(id=rijk.pk), peildatum=PEILDATUM)
    client = _client(gebruiker_met_rol("klantadviseur"))
    antwoord = client.post(
        reverse("aanvragen:registreren", kwargs={"pk": rijk.pk}), {"regeling": "leergeld"}, follow=True
    )
    assert "geen recht op" in antwoord.content.decode()
    onbekend = client.post(
        reverse("aanvragen:registreren", kwargs={"pk": rijk.pk}), {"regeling": "bestaat-niet"}, follow=True
    )
    assert "Deze regeling hoort niet bij dit huishouden." in onbekend.content.decode()
    assert not Aanvraag.objects.for_systeem("test").exists()


def test_huishouden_van_een_ander_team_krijgt_geen_aanvraag(leergeldgezin, gebruiker_met_rol):
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    bram = gebruiker_met_rol("klantadviseur", username="bram")
    Team.objects.create(naam="Noord").leden.add(karin)
    Team.objects.create(naam="Zuid").leden.add(bram)
    f.CasusFactory(huishouden=leergeldgezin, klantadviseur=bram)
    _registreer(_client(karin), leergeldgezin, "leergeld")
    assert not Aanvraag.objects.for_systeem("test").exists()


@pytest.mark.parametrize("rol", ["kwaliteitsfunctionaris", "beleidsadviseur", "partnermedewerker"])
def test_andere_rollen_mogen_niet_aanvragen(leergeldgezin, gebruiker_met_rol, rol):
    assert _registreer(_client(gebruiker_met_rol(rol)), leergeldgezin, "leergeld").status_code == 403
    assert not Aanvraag.objects.for_systeem("test").exists()
