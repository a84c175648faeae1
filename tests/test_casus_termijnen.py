"""The Wgs deadlines of a real casus, through cases.services (aanmelding, eerste gesprek, beschikking,
schuldregeling) with frozen time, across weekends and the Atw feestdagen; versions refuse stale changes with a
message saying what changed; the next deadline is kept on the casus for sorting; the daily task records an
overdue deadline once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import selectors, services
from cases.models import Afspraak, Casus, CasusWijziging, GelijkgesteldeDag, TermijnOverschrijding
from cases.tasks import leg_verlopen_termijnen_vast
from cases.workflow import CasusStatusWaarde as S
from tests.factories import InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _op(dag: date, uur: int = 10) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=AMS)


@pytest.fixture
def ka():
    return UserFactory(username="ka-termijnen", rollen=[Rol.KLANTADVISEUR])


def _meld_aan(ka, dag: date, *, crisis: bool) -> Casus:
    huishouden = InwonerFactory().huishouden
    with time_machine.travel(_op(dag, 16), tick=False):
        return services.meld_aan(
            door=ka,
            huishouden=huishouden,
            hulpvraag="Huurachterstand",
            crisis=crisis,
            crisis_reden="dreigende_huisuitzetting" if crisis else "",
            bron="zelf",
            aangemeld_op=_op(dag),
        )


def _vers(casus) -> Casus:
    return Casus.objects.for_systeem("test").get(pk=casus.pk)


# Crisis: the 3rd werkdag after the day of the aanmelding. Weeks: +28 days run on to a werkdag (Atw art. 1).
CRISIS = [
    ("weekend", date(2026, 1, 15), date(2026, 1, 20)),
    ("Goede Vrijdag en tweede Paasdag", date(2026, 4, 1), date(2026, 4, 8)),
    ("Koningsdag 27 april", date(2026, 4, 24), date(2026, 4, 30)),
    ("Koningsdag 26 april: 28 april is een werkdag", date(2025, 4, 25), date(2025, 4, 30)),
    ("5 mei", date(2026, 5, 4), date(2026, 5, 8)),
    ("Hemelvaart met gelijkgestelde vrijdag", date(2026, 5, 13), date(2026, 5, 20)),
    ("tweede Pinksterdag", date(2026, 5, 22), date(2026, 5, 28)),
    ("Kerst", date(2026, 12, 23), date(2026, 12, 29)),
    ("jaarwisseling", date(2026, 12, 29), date(2027, 1, 4)),
]


@pytest.mark.parametrize(("aangemeld", "uiterlijk"), [c[1:] for c in CRISIS], ids=[c[0] for c in CRISIS])
def test_crisis_eerste_gesprek_binnen_drie_werkdagen(ka, aangemeld, uiterlijk):
    GelijkgesteldeDag.objects.get_or_create(datum=date(2026, 5, 15), defaults={"omschrijving": "Vrijdag na Hemelvaart"})
    casus = _meld_aan(ka, aangemeld, crisis=True)
    assert selectors.casus_termijnen(_vers(casus)).eerste_gesprek_uiterlijk == uiterlijk
    assert _vers(casus).volgende_termijn_op == uiterlijk


WEKEN = [
    ("4 weken eindigt op Goede Vrijdag", date(2026, 3, 6), date(2026, 4, 7)),
    ("4 weken eindigt op Koningsdag 26 april (zaterdag)", date(2025, 3, 29), date(2025, 4, 28)),
]


@pytest.mark.parametrize(("aangemeld", "uiterlijk"), [c[1:] for c in WEKEN], ids=[c[0] for c in WEKEN])
def test_eerste_gesprek_binnen_vier_weken(ka, aangemeld, uiterlijk):
    casus = _meld_aan(ka, aangemeld, crisis=False)
    assert selectors.casus_termijnen(_vers(casus)).eerste_gesprek_uiterlijk == uiterlijk


@pytest.mark.parametrize(
    ("gesprek", "uiterlijk"),
    [(date(2026, 10, 30), date(2026, 12, 28)), (date(2026, 11, 6), date(2027, 1, 4))],
    ids=["8 weken eindigt op eerste Kerstdag", "8 weken eindigt op Nieuwjaarsdag"],
)
def test_beschikking_acht_weken_na_het_eerste_gesprek(ka, gesprek, uiterlijk):
    casus = _meld_aan(ka, date(2026, 10, 26), crisis=False)
    with time_machine.travel(_op(gesprek, 15), tick=False):
        services.leg_eerste_gesprek_vast(casus=casus, datum=gesprek, door=ka, versie=1, omschrijving="Intake")
        casus = _vers(casus)
        t = selectors.casus_termijnen(casus)
    assert t.eerste_gesprek_uiterlijk == date(2026, 11, 23)
    assert t.beschikking_uiterlijk == uiterlijk
    assert casus.volgende_termijn_op == uiterlijk  # the eerste gesprek is held: the beschikking runs now
    assert casus.versie == 2
    assert Afspraak.objects.for_systeem("test").get(casus=casus).soort == "eerste_gesprek"


def test_schuldregeling_120_dagen_na_de_toelating_en_daarna_geen_termijn(ka):
    casus = _meld_aan(ka, date(2026, 10, 26), crisis=False)
    with time_machine.travel(_op(date(2026, 12, 31), 15), tick=False):
        services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 11, 2), door=ka, versie=1)
        services.leg_beschikking_vast(casus=casus, datum=date(2026, 12, 1), toegelaten=True, door=ka, versie=2)
        t = selectors.casus_termijnen(_vers(casus))
        assert t.schuldregeling_uiterlijk == date(2027, 3, 31)  # calendar days, no Atw shift
        assert _vers(casus).volgende_termijn_op == date(2027, 3, 31)
        services.leg_schuldregeling_vast(casus=casus, datum=date(2026, 12, 30), door=ka, versie=3)
    casus = _vers(casus)
    assert casus.volgende_termijn_op is None and casus.versie == 4
    assert TermijnOverschrijding.objects.for_systeem("test").filter(casus=casus).count() == 0


def test_afwijzing_start_geen_schuldregeling(ka):
    casus = _meld_aan(ka, date(2026, 10, 26), crisis=False)
    with time_machine.travel(_op(date(2026, 12, 31), 15), tick=False):
        services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 11, 2), door=ka, versie=1)
        services.leg_beschikking_vast(casus=casus, datum=date(2026, 12, 1), toegelaten=False, door=ka, versie=2)
        with pytest.raises(ValidationError, match="toelatingsbeschikking"):
            services.leg_schuldregeling_vast(casus=casus, datum=date(2026, 12, 30), door=ka, versie=3)
    assert selectors.casus_termijnen(_vers(casus)).schuldregeling_uiterlijk is None


def test_eerste_gesprek_niet_voor_de_aanmelding_en_niet_in_de_toekomst(ka):
    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    with time_machine.travel(_op(date(2026, 3, 10), 15), tick=False):
        with pytest.raises(ValidationError) as fout:
            services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 1), door=ka, versie=1)
        assert "vóór de aanmelding" in fout.value.message_dict["datum"][0]
        with pytest.raises(ValidationError) as fout:
            services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 11), door=ka, versie=1)
        assert fout.value.message_dict["datum"] == ["Deze datum ligt in de toekomst."]
    casus = _vers(casus)
    assert casus.eerste_gesprek_op is None and casus.versie == 1
    assert not Afspraak.objects.for_systeem("test").filter(casus=casus).exists()


def test_verouderde_versie_wordt_geweigerd_met_wat_er_veranderde(ka):
    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    collega = UserFactory(username="collega", first_name="Carla", last_name="Collega", rollen=[Rol.KLANTADVISEUR])
    with time_machine.travel(_op(date(2026, 3, 5), 15), tick=False):
        services.wijzig_status(casus=casus, status=S.INTAKE, door=collega, versie=1)
        with pytest.raises(services.VerouderdeVersie) as fout:
            services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 4), door=ka, versie=1)
    bericht = fout.value.message_dict["versie"][0]
    assert "Status naar Intake" in bericht and "Carla Collega" in bericht and "niet opgeslagen" in bericht
    assert fout.value.huidige_versie == 2
    casus = _vers(casus)
    assert casus.eerste_gesprek_op is None and casus.versie == 2
    assert list(CasusWijziging.objects.for_systeem("test").filter(casus=casus).values_list("versie", flat=True)) == [2]


def test_elke_wijziging_wordt_gelogd_per_lid(ka):
    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    InwonerFactory(huishouden=casus.huishouden, rol="partner")
    with time_machine.travel(_op(date(2026, 3, 5), 15), tick=False):
        services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 4), door=ka, versie=1)
    records = AuditRecord.objects.filter(omschrijving__startswith=f"Casus {casus.pk}: Eerste gesprek")
    assert records.count() == 2


def test_afspraak_op_de_tijdlijn(ka):
    from cases.tijdlijn import tijdlijn

    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    with time_machine.travel(_op(date(2026, 3, 5), 15), tick=False):
        services.leg_afspraak_vast(
            casus=casus, soort="overig", datum=date(2026, 3, 20), door=ka, versie=1, omschrijving="Huisbezoek"
        )
    items = tijdlijn(_vers(casus))
    assert items[0].soort == "afspraak" and items[0].titel == "Overige afspraak op 20-03-2026"
    assert items[0].tekst == "Huisbezoek"
    assert _vers(casus).eerste_gesprek_op is None  # only the eerste gesprek ends the deadline


def test_afsluiten_haalt_de_volgende_termijn_weg(ka):
    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    with time_machine.travel(_op(date(2026, 3, 5), 15), tick=False):
        services.wijzig_status(casus=casus, status=S.AFGESLOTEN, uitstroomreden="ingetrokken", door=ka, versie=1)
    assert _vers(casus).volgende_termijn_op is None


def test_dagelijkse_taak_legt_een_verlopen_termijn_een_keer_vast(ka):
    te_laat = _meld_aan(ka, date(2026, 3, 2), crisis=True)  # eerste gesprek uiterlijk 5 maart
    op_tijd = _meld_aan(ka, date(2026, 3, 2), crisis=False)  # uiterlijk 30 maart
    with time_machine.travel(_op(date(2026, 3, 5), 23), tick=False):
        assert leg_verlopen_termijnen_vast.delay().get() == 0  # the last day itself is still on time
    with time_machine.travel(_op(date(2026, 3, 6), 6), tick=False):
        assert leg_verlopen_termijnen_vast.delay().get() == 1
    with time_machine.travel(_op(date(2026, 3, 7), 6), tick=False):
        assert leg_verlopen_termijnen_vast.delay().get() == 0  # recorded once
    rij = TermijnOverschrijding.objects.for_systeem("test").get()
    assert (rij.casus_id, rij.soort, rij.uiterlijk, rij.vastgesteld_op) == (
        te_laat.pk,
        "eerste_gesprek",
        date(2026, 3, 5),
        date(2026, 3, 6),
    )
    assert not TermijnOverschrijding.objects.for_systeem("test").filter(casus=op_tijd).exists()


def test_een_te_laat_gehouden_gesprek_telt_ook_als_de_taak_niet_liep(ka):
    casus = _meld_aan(ka, date(2026, 3, 2), crisis=True)
    with time_machine.travel(_op(date(2026, 3, 9), 15), tick=False):
        services.leg_eerste_gesprek_vast(casus=casus, datum=date(2026, 3, 9), door=ka, versie=1)
        leg_verlopen_termijnen_vast.delay().get()
    rij = TermijnOverschrijding.objects.for_systeem("test").get(casus=casus)
    assert (rij.soort, rij.uiterlijk) == ("eerste_gesprek", date(2026, 3, 5))


def test_herberekenen_vult_de_volgende_termijn(ka):
    from django.core.management import call_command

    casus = _meld_aan(ka, date(2026, 3, 2), crisis=False)
    Casus.objects.for_systeem("test").filter(pk=casus.pk).update(volgende_termijn_op=None)
    call_command("herbereken_termijnen")
    assert _vers(casus).volgende_termijn_op == date(2026, 3, 30)


def test_de_dagelijkse_taak_staat_in_het_schema(settings):
    taken = {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cases.tasks.leg_verlopen_termijnen_vast" in taken
