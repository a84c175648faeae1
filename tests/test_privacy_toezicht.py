"""The privacy officer's view (functionaris gegevensbescherming, /privacy/) on hand-made data: the answers
for an inwoner, for a user, the break-the-glass list and the affected subjects of a time window; the FG's
own reads are audited; other roles are refused."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from cases import services as cases_services
from cases.models import Huishouden, Inwoner
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie, AuditRecord, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, controleer_logboek, log_verwerking

pytestmark = pytest.mark.django_db

FG = Rol.FUNCTIONARIS_GEGEVENSBESCHERMING
BSN_ANS = "111222333"
BSN_BOB = "123456782"
REDEN = "Inwoner belde over beslag op haar loon"


def _op(dag: str):
    return time_machine.travel(datetime.fromisoformat(dag).replace(tzinfo=UTC), tick=False)


def _huishouden(straat: str) -> Huishouden:
    stadsdeel = Stadsdeel.objects.get_or_create(naam="Venlo-Centrum")[0]
    return Huishouden.objects.create(straat=straat, huisnummer=1, postcode="5911 CA", stadsdeel=stadsdeel)


def _inwoner(huishouden, voornaam, bsn=None) -> Inwoner:
    return Inwoner.objects.create(
        huishouden=huishouden,
        voornaam=voornaam,
        achternaam="Test",
        geboortedatum=date(1980, 1, 1),
        rol="aanvrager",
        bsn=bsn,
    )


@pytest.fixture
def logboek(gebruiker_met_rol):
    """Two inwoners with a BSN and one without; two users who worked on them in March and April 2026."""
    karin = gebruiker_met_rol(Rol.KLANTADVISEUR, username="karin")
    mehmet = gebruiker_met_rol(Rol.MIDOFFICE, username="mehmet")
    huis_ans = _huishouden("Lomstraat")
    ans = _inwoner(huis_ans, "Ans", BSN_ANS)
    bob = _inwoner(_huishouden("Parade"), "Bob", BSN_BOB)
    carla = _inwoner(_huishouden("Kaldenkerkerweg"), "Carla")

    def log(wie, inwoner, actie=Actie.INZIEN, omschrijving="Inwoner bekeken"):
        log_verwerking(
            actor=wie,
            actie=actie,
            omschrijving=omschrijving,
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=[betrokkene(bsn=inwoner.bsn, intern_id=inwoner.pk)],
        )

    with _op("2026-03-02 10:00"):
        log(mehmet, ans)
    with _op("2026-03-05 09:00"):
        cases_services.log_geweigerd(door=karin, inwoners=[ans], omschrijving="Inzage geweigerd: buiten eigen team")
    with _op("2026-03-05 09:01"), pytest.raises(Exception, match="reden"):
        cases_services.doorbreek(door=karin, huishouden=huis_ans, reden="")
    with _op("2026-03-06 11:00"):
        cases_services.doorbreek(door=karin, huishouden=huis_ans, reden=REDEN)
    with _op("2026-03-10 14:00"):
        log(karin, bob, Actie.WIJZIGEN, "Inkomen gewijzigd")
    with _op("2026-04-01 08:00"):
        log(mehmet, bob)
        log(mehmet, carla, omschrijving="Inwoner zonder BSN bekeken")
    return {"karin": karin, "mehmet": mehmet, "ans": ans, "bob": bob, "carla": carla}


@pytest.fixture
def fg(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol(FG, username="femke")
    client.force_login(gebruiker)
    return client


def _toezicht(**filters):
    return AuditRecord.objects.filter(verwerkingsactiviteit=Verwerkingsactiviteit.PRIVACYTOEZICHT, **filters)


def _pseudoniem(bsn):
    return betrokkene(bsn=bsn, intern_id=0).id


def _rijen(response):
    return [(r.actor_naam, r.omschrijving, r.resultaat) for r in response.context["records"]]


def test_voor_een_inwoner_wie_wanneer_waarvoor_en_waarom(fg, logboek):
    response = fg.get(reverse("privacy:inwoner"), {"bsn": BSN_ANS})

    assert response.status_code == 200
    assert _rijen(response) == [  # newest first; Bob's records are not Ans's
        ("karin", f"Inzage buiten eigen team. Reden: {REDEN}", Resultaat.OK),
        ("karin", "Inzage buiten eigen team geweigerd: geen reden opgegeven", Resultaat.GEWEIGERD),
        ("karin", "Inzage geweigerd: buiten eigen team", Resultaat.GEWEIGERD),
        ("mehmet", "Inwoner bekeken", Resultaat.OK),
    ]
    inhoud = response.content.decode()
    assert REDEN in inhoud and "Geweigerd" in inhoud and "Schuldhulpverlening (Wgs)" in inhoud
    assert "5-3-2026" in inhoud  # when (local time)

    # The FG's look-up is itself in the log, for this inwoner, under the FG's own processing activity.
    eigen = _toezicht().get()
    assert (eigen.actor_naam, eigen.actie, eigen.betrokkene_id, eigen.betrokkene_type) == (
        "femke",
        Actie.INZIEN,
        _pseudoniem(BSN_ANS),
        "BSN",
    )
    assert controleer_logboek().breuk is None  # written into the chain like any record


def test_inwoner_zonder_bsn_op_inwonernummer_en_filter_op_resultaat(fg, logboek):
    response = fg.get(reverse("privacy:inwoner"), {"inwoner": logboek["carla"].pk})
    assert _rijen(response) == [("mehmet", "Inwoner zonder BSN bekeken", Resultaat.OK)]
    assert _toezicht().get().betrokkene_type == "intern"

    geweigerd = fg.get(reverse("privacy:inwoner"), {"bsn": BSN_ANS, "resultaat": Resultaat.GEWEIGERD})
    assert [r[2] for r in _rijen(geweigerd)] == [Resultaat.GEWEIGERD, Resultaat.GEWEIGERD]


def test_voor_een_gebruiker_van_welke_inwoners(fg, logboek):
    response = fg.get(reverse("privacy:gebruiker"), {"gebruikersnaam": "karin"})

    assert response.status_code == 200
    records = response.context["records"]
    assert [(r.betrokkene_id, r.omschrijving) for r in records] == [
        (_pseudoniem(BSN_BOB), "Inkomen gewijzigd"),
        (_pseudoniem(BSN_ANS), f"Inzage buiten eigen team. Reden: {REDEN}"),
        (_pseudoniem(BSN_ANS), "Inzage buiten eigen team geweigerd: geen reden opgegeven"),
        (_pseudoniem(BSN_ANS), "Inzage geweigerd: buiten eigen team"),
    ]
    inhoud = response.content.decode()
    assert BSN_ANS not in inhoud and "Ans" not in inhoud  # pseudonyms only
    # Each pseudonym links to that inwoner's whole history, which now includes the FG's own look just now.
    vervolg = fg.get(reverse("privacy:inwoner"), {"pseudoniem": _pseudoniem(BSN_ANS)})
    assert [r[0] for r in _rijen(vervolg)] == ["femke", "karin", "karin", "karin", "mehmet"]

    eerste_blik = _toezicht(omschrijving="FG: logboek van gebruiker karin ingezien")
    assert set(eerste_blik.values_list("betrokkene_id", flat=True)) == {_pseudoniem(BSN_ANS), _pseudoniem(BSN_BOB)}


def test_lijst_inzage_buiten_eigen_team(fg, logboek):
    response = fg.get(reverse("privacy:doorbraken"))

    assert [(r.actor_naam, r.reden, r.resultaat) for r in response.context["records"]] == [
        ("karin", REDEN, Resultaat.OK),
        ("karin", "", Resultaat.GEWEIGERD),
    ]
    assert "Geen reden opgegeven" in response.content.decode()
    assert set(_toezicht().values_list("betrokkene_id", flat=True)) == {_pseudoniem(BSN_ANS)}

    alleen_met_reden = fg.get(reverse("privacy:doorbraken"), {"van": "2026-03-06", "tot": "2026-03-31"})
    assert [r.reden for r in alleen_met_reden.context["records"]] == [REDEN]
    niets = fg.get(reverse("privacy:doorbraken"), {"van": "2026-03-07"})
    assert list(niets.context["records"]) == []


def test_export_van_betrokkenen_in_een_periode(fg, logboek):
    maart = {"van": "2026-03-01", "tot": "2026-03-31"}
    overzicht = fg.get(reverse("privacy:betrokkenen"), maart)
    assert overzicht.context["telling"] == {"records": 5, "betrokkenen": 2}
    assert not _toezicht().exists()  # numbers only: nothing about a subject shown yet

    response = fg.get(reverse("privacy:export"), maart)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rijen = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["pseudoniem"], r["soort kenmerk"], r["aantal logregels"]) for r in rijen] == [
        (_pseudoniem(BSN_ANS), "BSN", "4"),
        (_pseudoniem(BSN_BOB), "BSN", "1"),  # only March: April's view of Bob and Carla is outside
    ]
    assert rijen[0]["eerste keer"].startswith("2026-03-02T11:00")  # local time (UTC+1)
    assert rijen[0]["laatste keer"].startswith("2026-03-06T12:00")
    geexporteerd = _toezicht(actie=Actie.EXPORTEREN)
    assert set(geexporteerd.values_list("betrokkene_id", flat=True)) == {_pseudoniem(BSN_ANS), _pseudoniem(BSN_BOB)}

    alleen_wijzigen = fg.get(reverse("privacy:export"), maart | {"actie": Actie.WIJZIGEN, "gebruiker": "karin"})
    assert alleen_wijzigen.content.decode("utf-8-sig").count("\n") == 2  # header and Bob


def test_export_zonder_filter_geeft_niet_het_hele_logboek(fg, logboek):
    voor = AuditRecord.objects.count()
    response = fg.get(reverse("privacy:export"))
    assert response.status_code == 302 and response["Location"] == reverse("privacy:betrokkenen")
    assert AuditRecord.objects.count() == voor


@pytest.mark.parametrize(
    ("pagina", "invoer", "fout"),
    [
        ("privacy:inwoner", {"bsn": "12345"}, "Een BSN heeft precies 9 cijfers"),
        ("privacy:inwoner", {"bsn": "", "inwoner": ""}, "Vul een BSN of een inwonernummer in"),
        ("privacy:inwoner", {"pseudoniem": "abc"}, "Deze link klopt niet"),
        ("privacy:gebruiker", {"gebruikersnaam": " "}, "Vul een gebruikersnaam in"),
        ("privacy:doorbraken", {"van": "2026-03-10", "tot": "2026-03-01"}, "Draai ze om"),
        ("privacy:doorbraken", {"van": "gisteren"}, "Voer een geldige datum in"),
    ],
)
def test_foute_invoer_geeft_een_nederlandse_melding_en_toont_niets(fg, logboek, pagina, invoer, fout):
    response = fg.get(reverse(pagina), invoer)
    assert response.status_code == 200
    assert fout in response.content.decode()
    assert list(response.context["records"]) == []
    assert not _toezicht().exists()


@pytest.mark.parametrize("rol", [r for r in Rol if r != FG])
def test_andere_rollen_worden_geweigerd(client, gebruiker_met_rol, logboek, rol):
    client.force_login(gebruiker_met_rol(rol, username=f"andere-{rol}"))
    for naam in ("privacy:inwoner", "privacy:gebruiker", "privacy:doorbraken", "privacy:export"):
        assert (
            client.get(reverse(naam), {"bsn": BSN_ANS, "gebruikersnaam": "karin", "van": "2026-03-01"}).status_code
            == 403
        )
    assert not _toezicht().exists()


def _aantal_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_vaste_aantal_queries_per_pagina(fg, logboek, django_assert_max_num_queries):
    """A page costs the same number of queries with 5 records as with a full page of 50 (and more after it)."""
    url = f"{reverse('privacy:gebruiker')}?{urlencode({'gebruikersnaam': 'karin'})}"
    weinig = _aantal_queries(fg, url)
    with _op("2026-05-01 10:00"):
        for nummer in range(70):
            log_verwerking(
                actor=logboek["karin"],
                actie=Actie.INZIEN,
                omschrijving="Inwoner bekeken",
                verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
                betrokkenen=[betrokkene(bsn=None, intern_id=10_000 + nummer)],
            )
    with django_assert_max_num_queries(weinig):
        response = fg.get(url)
    assert len(response.context["records"]) == 50 and response.context["paginator"].count == 74
    assert _toezicht(omschrijving__startswith="FG: logboek van gebruiker").count() == 2 + 50
