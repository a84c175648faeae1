"""Find an inwoner (cases:zoeken) and the huishoudoverzicht (cases:huishouden): every search key, an exact BSN
only, reach per role and team, one audit record per data subject shown, and a constant query count."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import notities, services
from tests import factories as f
from venlo_armoede.accounts.models import Team
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

BSN = "111222333"  # passes the elfproef
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def wereld(gebruiker_met_rol):
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    bram = gebruiker_met_rol("klantadviseur", username="bram")
    Team.objects.create(naam="Noord").leden.add(karin)
    Team.objects.create(naam="Zuid").leden.add(bram)
    eigen = f.InwonerFactory(
        voornaam="Fatima",
        achternaam="Yilmaz",
        geboortedatum=date(1984, 3, 7),
        bsn=BSN,
        rol="aanvrager",
        huishouden=f.HuishoudenFactory(straat="Kaldenkerkerweg", huisnummer=12, postcode="5913 AE"),
    )
    f.CasusFactory(huishouden=eigen.huishouden, klantadviseur=karin)
    ander = f.InwonerFactory(voornaam="Fatima", achternaam="Yildiz", rol="aanvrager")
    f.CasusFactory(huishouden=ander.huishouden, klantadviseur=bram)
    return {"karin": karin, "bram": bram, "eigen": eigen, "ander": ander}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _zoek(user, q):
    antwoord = _client(user).get(reverse("cases:zoeken"), {"q": q})
    assert antwoord.status_code == 200
    return antwoord


def _gevonden(antwoord) -> list[int]:
    return [i.pk for i in antwoord.context["inwoners"]]


@pytest.mark.parametrize(
    "q", ["Yilmaz", "fatima yilmaz", "07-03-1984", "7-3-1984", "5913 AE", "5913ae", "Kaldenkerkerweg 12", BSN]
)
def test_elke_zoeksleutel_vindt_de_inwoner(wereld, q):
    assert _gevonden(_zoek(wereld["karin"], q)) == [wereld["eigen"].pk]


@pytest.mark.parametrize("q", ["11122233", "1112", "222333", "111222334"])
def test_een_deel_van_een_bsn_vindt_niets(wereld, q):
    antwoord = _zoek(wereld["karin"], q)
    assert _gevonden(antwoord) == []
    assert antwoord.context["vraag"].melding  # a clear Dutch message instead of a result


def test_niet_bestaande_datum_geeft_melding(wereld):
    antwoord = _zoek(wereld["karin"], "31-02-1984")
    assert "bestaat niet" in antwoord.context["vraag"].melding


def test_klantadviseur_vindt_geen_huishouden_van_een_ander_team(wereld):
    # "Fatima" matches both; only the own team's is shown, and only that one is logged.
    antwoord = _zoek(wereld["karin"], "Fatima")
    assert _gevonden(antwoord) == [wereld["eigen"].pk]
    assert "Yildiz" not in antwoord.content.decode()
    assert _gevonden(_zoek(wereld["bram"], "Fatima")) == [wereld["ander"].pk]


def test_midoffice_vindt_iedereen(wereld, gebruiker_met_rol):
    midoffice = gebruiker_met_rol("midoffice", username="mo")
    assert set(_gevonden(_zoek(midoffice, "Fatima"))) == {wereld["eigen"].pk, wereld["ander"].pk}


def test_zoekresultaat_linkt_naar_huishouden_en_is_minimaal(wereld):
    html = _zoek(wereld["karin"], "Yilmaz").content.decode()
    assert reverse("cases:huishouden", args=[wereld["eigen"].huishouden_id]) in html
    assert "1984" in html
    assert "07-03-1984" not in html and "7 maart 1984" not in html  # birth year only
    assert BSN not in html


def test_een_auditrecord_per_getoonde_inwoner(wereld, gebruiker_met_rol):
    midoffice = gebruiker_met_rol("midoffice", username="mo")
    voor = AuditRecord.objects.count()
    _zoek(midoffice, "Fatima")
    nieuw = AuditRecord.objects.order_by("-id")[: AuditRecord.objects.count() - voor]
    assert len(nieuw) == 2
    assert len({r.betrokkene_id for r in nieuw}) == 2
    voor = AuditRecord.objects.count()
    _zoek(midoffice, "Niemand")
    assert AuditRecord.objects.count() == voor  # nothing shown, nothing logged


def test_zoeken_querytelling_groeit_niet_met_aantal_resultaten(gebruiker_met_rol, django_assert_max_num_queries):
    midoffice = gebruiker_met_rol("midoffice", username="mo")
    client = _client(midoffice)
    for _ in range(3):
        f.InwonerFactory(achternaam="Janssen")
    with django_assert_max_num_queries(12) as weinig:
        client.get(reverse("cases:zoeken"), {"q": "Janssen"})
    for _ in range(20):
        f.InwonerFactory(achternaam="Janssen")
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        client.get(reverse("cases:zoeken"), {"q": "Janssen"})


def test_huishoudoverzicht_toont_leden_inkomen_casussen_en_logt_per_lid(wereld):
    h = wereld["eigen"].huishouden
    kind = f.InwonerFactory(huishouden=h, voornaam="Elif", achternaam="Yilmaz", rol="kind")
    f.InkomensBronFactory(inwoner=wereld["eigen"], netto_maandbedrag="1234.56", geldig_van=date(2025, 1, 1))
    voor = AuditRecord.objects.count()
    antwoord = _client(wereld["karin"]).get(reverse("cases:huishouden", args=[h.pk]))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Elif Yilmaz" in html and "1.234,56" in html
    assert reverse("cases:casus", args=[h.casussen.get().pk]) in html
    records = list(AuditRecord.objects.order_by("id")[voor:])
    assert len(records) == 2 and {r.verwerkingsactiviteit for r in records} == {"va-schuldhulpverlening"}
    assert kind.pk


def test_huishouden_van_ander_team_gaat_naar_de_redenstap(wereld):
    antwoord = _client(wereld["karin"]).get(reverse("cases:huishouden", args=[wereld["ander"].huishouden_id]))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("cases:doorbraak", args=[wereld["ander"].pk])


def test_huishoudoverzicht_querytelling_constant(wereld, django_assert_max_num_queries):
    h = wereld["eigen"].huishouden
    client = _client(wereld["karin"])
    url = reverse("cases:huishouden", args=[h.pk])
    with django_assert_max_num_queries(40) as weinig:
        client.get(url)
    for i in range(5):
        lid = f.InwonerFactory(huishouden=h, rol="kind", achternaam=f"Kind{i}")
        f.InkomensBronFactory(inwoner=lid)
        f.SchuldFactory(huishouden=h)
        casus = f.CasusFactory(huishouden=h, klantadviseur=wereld["karin"])
        _met_gebeurtenissen(casus, wereld["karin"])
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        antwoord = client.get(url)
    assert len(antwoord.context["tijdlijn"]) == 1 + 5 * 4  # the first casus's aanmelding, 4 events for each other


def _met_gebeurtenissen(casus, door):
    """A note, an afspraak and a status change on the timeline of `casus` (besides its aanmelding)."""
    notities.voeg_toe(casus=casus, door=door, tekst=f"Gebeld over casus {casus.pk}.")
    services.leg_afspraak_vast(casus=casus, soort="overig", datum=date(2026, 2, 3), door=door, versie=casus.versie)
    services.wijzig_status(casus=casus, status="intake", door=door, toelichting="Intake gepland")
    return casus


def test_huishoudoverzicht_toont_de_tijdlijn_van_alle_casussen_nieuwste_eerst(wereld):
    h, karin = wereld["eigen"].huishouden, wereld["karin"]
    oud = h.casussen.get()  # registered on 2 February 2026
    nieuw = f.CasusFactory(huishouden=h, klantadviseur=karin, aangemeld_op=datetime(2026, 2, 9, 9, tzinfo=AMS))
    with time_machine.travel(datetime(2026, 2, 10, 12, tzinfo=AMS), tick=False):
        notities.voeg_toe(casus=oud, door=karin, tekst="Notitie bij de eerste casus.")
    with time_machine.travel(datetime(2026, 2, 11, 12, tzinfo=AMS), tick=False):
        services.wijzig_status(casus=nieuw, status="intake", door=karin, toelichting="Intake bij de tweede casus")
    antwoord = _client(karin).get(reverse("cases:huishouden", args=[h.pk]))
    items = antwoord.context["tijdlijn"]
    assert [(i.titel, i.casus_id) for i in items] == [
        ("Status: Intake", nieuw.pk),
        ("Notitie", oud.pk),
        ("Status: Aanmelding", nieuw.pk),
        ("Status: Aanmelding", oud.pk),
    ]
    html = antwoord.content.decode()
    tijdlijn = html[html.index('id="tijdlijn"') :]
    assert tijdlijn.index("Intake bij de tweede casus") < tijdlijn.index("Notitie bij de eerste casus.")
    assert reverse("cases:casus", args=[oud.pk]) in tijdlijn and reverse("cases:casus", args=[nieuw.pk]) in tijdlijn


def test_huishoudoverzicht_zonder_casus_heeft_geen_tijdlijn(gebruiker_met_rol):
    huishouden = f.InwonerFactory().huishouden
    antwoord = _client(gebruiker_met_rol("midoffice", username="mo")).get(
        reverse("cases:huishouden", args=[huishouden.pk])
    )
    assert antwoord.status_code == 200 and antwoord.context["tijdlijn"] == []
