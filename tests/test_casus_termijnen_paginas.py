"""The deadlines in the browser pages: the casus page shows the three Wgs deadlines with their stand in words and
records the eerste gesprek, beschikking and schuldregeling; a stale second save (status or deadline form) is
refused with what changed and keeps what the user typed; Mijn werk sorts by the next deadline, marks at-risk and
overdue in text, with a query count that does not grow with the page size."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Afspraak, Casus
from cases.workflow import CasusStatusWaarde as S
from tests.factories import InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
VANDAAG = datetime(2026, 3, 10, 11, tzinfo=AMS)  # a Tuesday


@pytest.fixture(autouse=True)
def bevroren_tijd():
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.fixture
def ka():
    return UserFactory(username="ka-pagina", rollen=[Rol.KLANTADVISEUR])


def _casus(ka, dag: date, *, crisis=False, klantadviseur=True) -> Casus:
    casus = services.meld_aan(
        door=ka,
        huishouden=InwonerFactory().huishouden,
        hulpvraag="Schulden",
        crisis=crisis,
        crisis_reden="afsluiting_energie_water" if crisis else "",
        bron="kcc",
        aangemeld_op=datetime(dag.year, dag.month, dag.day, 9, tzinfo=AMS),
    )
    if klantadviseur:
        midoffice = UserFactory(rollen=[Rol.MIDOFFICE])
        services.wijs_toe(casus=casus, naar=ka, door=midoffice, versie=casus.versie)
    return Casus.objects.for_systeem("test").get(pk=casus.pk)


def _pagina(client, casus):
    return client.get(reverse("cases:casus", args=[casus.pk]))


def _vers(casus):
    return Casus.objects.for_systeem("test").get(pk=casus.pk)


def test_casuspagina_toont_de_drie_termijnen_met_hun_stand(client, ka):
    client.force_login(ka)
    casus = _casus(ka, date(2026, 3, 5), crisis=True)  # Thursday: uiterlijk Tuesday 10 March = today
    antwoord = _pagina(client, casus)
    assert antwoord.status_code == 200
    regels = {r["soort"]: r for r in antwoord.context["termijnen"]}
    assert regels["eerste_gesprek"]["uiterlijk"] == date(2026, 3, 10)
    assert regels["eerste_gesprek"]["tekst"] == "Bijna verlopen"
    assert regels["beschikking"]["uiterlijk"] is None and regels["schuldregeling"]["uiterlijk"] is None
    html = antwoord.content.decode()
    assert "dinsdag 10 maart 2026" in html and "Bijna verlopen" in html

    verlopen = _casus(ka, date(2026, 3, 2), crisis=True)  # uiterlijk 5 March
    assert "Verlopen" in _pagina(client, verlopen).content.decode()
    op_tijd = _casus(ka, date(2026, 3, 9))  # 4 weeks: 6 April is tweede Paasdag, so 7 April
    regel = _pagina(client, op_tijd).context["termijnen"][0]
    assert (regel["uiterlijk"], regel["tekst"]) == (date(2026, 4, 7), "Op tijd")


def _post(client, casus, actie, **velden):
    data = {"actie": actie} | {f"{actie}-{k}": v for k, v in velden.items()}
    return client.post(reverse("cases:casus", args=[casus.pk]), data)


def test_eerste_gesprek_beschikking_en_schuldregeling_vastleggen(client, ka):
    client.force_login(ka)
    casus = _casus(ka, date(2026, 1, 5))
    antwoord = _post(
        client,
        casus,
        "afspraak",
        soort="eerste_gesprek",
        datum="2026-01-20",
        omschrijving="Intake",
        versie=casus.versie,
    )
    assert antwoord.status_code == 302
    casus = _vers(casus)
    assert casus.eerste_gesprek_op == date(2026, 1, 20)
    regels = {r["soort"]: r for r in _pagina(client, casus).context["termijnen"]}
    assert regels["eerste_gesprek"]["tekst"] == "Gehaald op 20 januari 2026"
    assert regels["beschikking"]["uiterlijk"] == date(2026, 3, 17)

    assert (
        _post(client, casus, "beschikking", datum="2026-03-02", toegelaten="ja", versie=casus.versie).status_code == 302
    )
    casus = _vers(casus)
    assert casus.toegelaten is True
    assert _post(client, casus, "schuldregeling", datum="2026-03-09", versie=casus.versie).status_code == 302
    casus = _vers(casus)
    assert casus.schuldregeling_op == date(2026, 3, 9) and casus.volgende_termijn_op is None
    html = _pagina(client, casus).content.decode()
    assert "Eerste gesprek op 20-01-2026" in html  # the afspraak on the timeline


def test_eerste_gesprek_in_de_toekomst_wordt_geweigerd_en_niets_opgeslagen(client, ka):
    client.force_login(ka)
    casus = _casus(ka, date(2026, 3, 2))
    antwoord = _post(
        client, casus, "afspraak", soort="eerste_gesprek", datum="2026-03-11", omschrijving="Later", versie=casus.versie
    )
    assert antwoord.status_code == 400
    form = antwoord.context["afspraak_form"]
    assert form.errors["datum"] == ["Deze datum ligt in de toekomst."]
    assert 'value="Later"' in antwoord.content.decode() or "Later</textarea>" in antwoord.content.decode()
    assert _vers(casus).eerste_gesprek_op is None
    assert not Afspraak.objects.for_systeem("test").filter(casus=casus).exists()


def test_tweede_verouderde_opslag_van_de_status_wordt_geweigerd_met_wat_er_veranderde(client, ka):
    collega = UserFactory(username="collega-pagina", first_name="Carla", last_name="Collega", rollen=[Rol.MIDOFFICE])
    casus = _casus(ka, date(2026, 3, 2))
    client.force_login(ka)
    gezien = _pagina(client, casus).context["form"]["versie"].value()
    # Meanwhile a colleague records the eerste gesprek.
    services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 9), door=collega, versie=gezien)
    antwoord = client.post(
        reverse("cases:casus", args=[casus.pk]),
        {"status": S.INTAKE, "uitstroomreden": "", "toelichting": "Intake gepland", "versie": gezien},
    )
    assert antwoord.status_code == 409
    html = antwoord.content.decode()
    assert (
        "intussen gewijzigd" in html and "Eerste gesprek vastgelegd op 09-03-2026" in html and "Carla Collega" in html
    )
    assert "Intake gepland" in html  # the user's note is kept
    assert antwoord.context["form"]["versie"].value() == str(gezien + 1)
    assert _vers(casus).status == S.AANMELDING
    # A deliberate retry on the version now shown goes through.
    antwoord = client.post(
        reverse("cases:casus", args=[casus.pk]),
        {"status": S.INTAKE, "uitstroomreden": "", "toelichting": "Intake gepland", "versie": gezien + 1},
    )
    assert antwoord.status_code == 302 and _vers(casus).status == S.INTAKE


def test_verouderd_termijnformulier_wordt_geweigerd(client, ka):
    casus = _casus(ka, date(2026, 3, 2))
    client.force_login(ka)
    oud = casus.versie
    services.wijzig_status(casus=casus, status=S.INTAKE, door=ka, versie=oud)
    antwoord = _post(client, casus, "afspraak", soort="eerste_gesprek", datum="2026-03-09", omschrijving="", versie=oud)
    assert antwoord.status_code == 409
    assert "Status naar Intake" in antwoord.content.decode()
    assert _vers(casus).eerste_gesprek_op is None


def _werk(client):
    return client.get(reverse("cases:werk"))


def test_mijn_werk_sorteert_op_de_volgende_termijn_en_markeert_in_tekst(client, ka):
    client.force_login(ka)
    later = _casus(ka, date(2026, 3, 9))  # uiterlijk 7 April
    verlopen = _casus(ka, date(2026, 3, 2), crisis=True)  # 5 March
    bijna = _casus(ka, date(2026, 3, 6), crisis=True)  # 11 March
    zonder = _casus(ka, date(2026, 1, 5))
    services.wijzig_status(
        casus=zonder, status=S.AFGESLOTEN, uitstroomreden="ingetrokken", door=ka, versie=zonder.versie
    )
    antwoord = _werk(client)
    assert [c.pk for c in antwoord.context["casussen"]] == [verlopen.pk, bijna.pk, later.pk]
    html = antwoord.content.decode()
    assert [c.volgende["tekst"] for c in antwoord.context["casussen"]] == ["Verlopen", "Bijna verlopen", "Op tijd"]
    assert 'badge--danger">Verlopen</span>' in html and 'badge--warning">Bijna verlopen</span>' in html
    assert "Eerste gesprek" in html and "5 maart 2026" in html


def _stand_van(casus) -> str:
    return casus.volgende["tekst"] if casus.volgende else "Geen lopende termijn"


@pytest.fixture
def werkvoorraad(ka):
    """Today is Tuesday 10 March 2026: "bijna" runs up to Thursday 12 March (2 werkdagen), Friday 13 is op tijd."""
    geen = _casus(ka, date(2026, 2, 2))
    services.leg_eerste_gesprek_vast(casus=geen, datum=date(2026, 2, 5), door=ka, versie=geen.versie)
    services.leg_beschikking_vast(
        casus=_vers(geen), datum=date(2026, 3, 2), toegelaten=False, door=ka, versie=_vers(geen).versie
    )
    intake = _casus(ka, date(2026, 3, 3))
    services.wijzig_status(casus=intake, status=S.INTAKE, door=ka, versie=intake.versie)
    return {
        "verlopen": _casus(ka, date(2026, 3, 2), crisis=True),  # 5 March
        "bijna": _casus(ka, date(2026, 3, 9), crisis=True),  # Thursday 12 March: the last "bijna" day
        "op_tijd": _casus(ka, date(2026, 3, 10), crisis=True),  # Friday 13 March: the first day "op tijd"
        "later": _casus(ka, date(2026, 3, 9)),  # 7 April
        "intake": _vers(intake),  # 31 March
        "geen": _vers(geen),  # afgewezen: no deadline runs
    }


@pytest.mark.parametrize(
    ("filter_", "namen", "stand"),
    [
        ({"termijn": "te_laat"}, {"verlopen"}, "Verlopen"),
        ({"termijn": "bijna"}, {"bijna"}, "Bijna verlopen"),
        ({"termijn": "op_tijd"}, {"op_tijd", "later", "intake"}, "Op tijd"),
        ({"termijn": "geen"}, {"geen"}, "Geen lopende termijn"),
        ({"crisis": "ja"}, {"verlopen", "bijna", "op_tijd"}, None),
        ({"crisis": "nee", "termijn": "op_tijd"}, {"later", "intake"}, None),
        ({"status": "intake"}, {"intake"}, None),
        ({"status": "aanmelding", "crisis": "nee"}, {"later", "geen"}, None),
        ({}, {"verlopen", "bijna", "op_tijd", "later", "intake", "geen"}, None),
    ],
    ids=[
        "verlopen",
        "bijna",
        "op tijd",
        "geen termijn",
        "crisis",
        "geen crisis en op tijd",
        "fase",
        "fase+crisis",
        "alles",
    ],
)
def test_mijn_werk_filtert_op_fase_crisis_en_termijnstand(client, ka, werkvoorraad, filter_, namen, stand):
    client.force_login(ka)
    antwoord = client.get(reverse("cases:werk"), filter_)
    assert antwoord.status_code == 200
    casussen = antwoord.context["casussen"]
    assert {c.pk for c in casussen} == {werkvoorraad[n].pk for n in namen}
    if stand:  # the filter in SQL agrees with the stand the page shows in words
        assert {_stand_van(c) for c in casussen} == {stand}


def test_mijn_werk_filter_leeg_en_ongeldig(client, ka, werkvoorraad):
    client.force_login(ka)
    html = client.get(reverse("cases:werk"), {"status": "nazorg"}).content.decode()
    assert "Geen casussen met dit filter." in html and "Alle casussen tonen" in html
    # An unknown value is ignored as a whole (the form shows why), never a 500.
    antwoord = client.get(reverse("cases:werk"), {"termijn": "morgen"})
    assert antwoord.status_code == 200 and len(antwoord.context["casussen"]) == 6
    assert antwoord.context["filter"].form.errors["termijn"]


def test_mijn_werk_paginering_houdt_het_filter(client, ka):
    client.force_login(ka)
    for dag in range(1, 28):
        _casus(ka, date(2026, 1, dag) if dag <= 27 else date(2026, 2, 1), crisis=dag % 2 == 0)
    eerste = client.get(reverse("cases:werk"), {"crisis": "nee"})
    assert len(eerste.context["casussen"]) == 14 and eerste.context["paginator"].count == 14
    alle = client.get(reverse("cases:werk"))
    assert len(alle.context["casussen"]) == 25 and "Pagina 1 van 2" in alle.content.decode()
    verlopen = client.get(reverse("cases:werk"), {"termijn": "te_laat"})
    html = verlopen.content.decode()
    assert "Pagina 1 van 2" in html and "?termijn=te_laat&amp;page=2" in html
    tweede = client.get(reverse("cases:werk"), {"termijn": "te_laat", "page": 2})
    assert len(tweede.context["casussen"]) == 2


def test_mijn_werk_gefilterd_aantal_queries_groeit_niet(client, ka, django_assert_num_queries):
    client.force_login(ka)
    filter_ = {"termijn": "te_laat", "crisis": "ja", "status": "aanmelding"}
    for dag in (2, 3):
        _casus(ka, date(2026, 2, dag), crisis=True)
    with CaptureQueriesContext(connection) as twee:
        assert len(client.get(reverse("cases:werk"), filter_).context["casussen"]) == 2
    for dag in range(4, 12):
        _casus(ka, date(2026, 2, dag), crisis=True)
    with django_assert_num_queries(len(twee.captured_queries)):
        assert len(client.get(reverse("cases:werk"), filter_).context["casussen"]) == 10


def test_mijn_werk_aantal_queries_groeit_niet_met_de_paginagrootte(client, ka, django_assert_num_queries):
    client.force_login(ka)
    for dag in (2, 3, 4):
        _casus(ka, date(2026, 3, dag), crisis=dag == 3)
    with CaptureQueriesContext(connection) as drie:
        assert len(_werk(client).context["casussen"]) == 3
    for dag in range(5, 10):
        services.leg_eerste_gesprek_vast(
            casus=(c := _casus(ka, date(2026, 2, dag), crisis=dag % 2 == 0)),
            datum=date(2026, 3, 9),
            door=ka,
            versie=c.versie,
        )
    with django_assert_num_queries(len(drie.captured_queries)):
        assert len(_werk(client).context["casussen"]) == 8


def test_mijn_werk_legt_een_auditrecord_vast_per_lid_van_elk_getoond_huishouden(client, ka):
    from venlo_armoede.audit.models import AuditRecord
    from venlo_armoede.audit.services import betrokkene

    client.force_login(ka)
    eigen = [_casus(ka, date(2026, 3, dag)) for dag in (2, 3, 4)]
    InwonerFactory(huishouden=eigen[0].huishouden, rol="partner")
    van_een_ander = _casus(UserFactory(username="ka-ander", rollen=[Rol.KLANTADVISEUR]), date(2026, 3, 2))
    voor = AuditRecord.objects.count()
    assert len(_werk(client).context["casussen"]) == 3
    records = AuditRecord.objects.order_by("id")[voor:]
    assert {r.omschrijving for r in records} == {"Mijn werk ingezien (adressen van de eigen casussen)"}
    verwacht = {
        betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk).id for c in eigen for lid in c.huishouden.leden.all()
    }
    assert len(records) == len(verwacht) == 4 and {r.betrokkene_id for r in records} == verwacht
    ander = van_een_ander.huishouden.leden.get()
    assert betrokkene(bsn_index=ander.bsn_index, intern_id=ander.pk).id not in {r.betrokkene_id for r in records}


def test_opslaan_zonder_versie_zegt_dat_de_pagina_verouderd_is(client, ka):
    casus = _casus(ka, date(2026, 3, 2))
    client.force_login(ka)
    antwoord = client.post(
        reverse("cases:casus", args=[casus.pk]), {"status": S.INTAKE, "uitstroomreden": "", "toelichting": ""}
    )
    assert antwoord.status_code == 400
    assert "De pagina is verouderd" in antwoord.content.decode()
    assert _vers(casus).status == S.AANMELDING
