"""Recidive (issue 8 item 4): "a new aanmelding within 24 months after closing is marked recidive". Counted in
calendar months on local dates, both ends inclusive: closed on 10 March 2024, an aanmelding on 10 March 2026 is
recidive, one on 11 March 2026 is not. The mark is stored on the new casus when it is registered (web form, API and
partners all use services.meld_aan) and shown on the casus page, in triage and in Mijn werk."""

from datetime import date, datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from cases import services
from cases.models import Casus
from cases.workflow import binnen_recidivetermijn
from tests.factories import InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _om(dag: date, uur: int = 10) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=AMS)


@pytest.fixture
def adviseur():
    return UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def huishouden():
    return InwonerFactory().huishouden


def _gesloten_casus(huishouden, adviseur, *, op: date) -> Casus:
    """A casus of the household, closed through the service at 16:00 on `op`."""
    with time_machine.travel(_om(op, 9), tick=False):
        casus = services.open_casus(huishouden=huishouden, hulpvraag="Schulden", door=adviseur, klantadviseur=adviseur)
    with time_machine.travel(_om(op, 16), tick=False):
        services.wijzig_status(casus=casus, status="afgesloten", uitstroomreden="afgerond", door=adviseur)
    return casus


def _meld_aan(huishouden, adviseur, *, op: date, uur: int = 9) -> Casus:
    with time_machine.travel(_om(op, uur), tick=False):
        return services.meld_aan(door=adviseur, huishouden=huishouden, hulpvraag="Weer schulden", bron="zelf")


@pytest.mark.parametrize(
    ("aangemeld", "recidive"),
    [
        (date(2026, 3, 10), True),  # exactly 24 months after closing: inclusive
        (date(2026, 3, 11), False),  # a day more
        (date(2024, 3, 10), True),  # the same day as the closing (later that day)
        (date(2025, 1, 1), True),
    ],
    ids=["precies 24 maanden", "24 maanden en een dag", "zelfde dag", "binnen de termijn"],
)
def test_grens_van_24_maanden(huishouden, adviseur, aangemeld, recidive):
    oud = _gesloten_casus(huishouden, adviseur, op=date(2024, 3, 10))
    nieuw = _meld_aan(huishouden, adviseur, op=aangemeld, uur=18 if aangemeld == date(2024, 3, 10) else 9)
    nieuw.refresh_from_db()
    assert nieuw.recidive is recidive
    if recidive:
        assert (nieuw.eerder_afgesloten_op, nieuw.recidive_na_id) == (date(2024, 3, 10), oud.pk)
    else:
        assert (nieuw.eerder_afgesloten_op, nieuw.recidive_na_id) == (None, None)


def test_schrikkeldag_eindigt_op_28_februari():
    assert binnen_recidivetermijn(date(2024, 2, 29), date(2026, 2, 28))
    assert not binnen_recidivetermijn(date(2024, 2, 29), date(2026, 3, 1))
    assert not binnen_recidivetermijn(date(2024, 3, 10), date(2024, 3, 9))  # before the closing


def test_de_nieuwste_afsluiting_telt_en_andere_huishoudens_niet(huishouden, adviseur):
    _gesloten_casus(huishouden, adviseur, op=date(2024, 1, 5))
    tweede = _gesloten_casus(huishouden, adviseur, op=date(2025, 6, 1))
    _gesloten_casus(InwonerFactory().huishouden, adviseur, op=date(2025, 12, 1))  # the neighbours' casus
    nieuw = _meld_aan(huishouden, adviseur, op=date(2026, 1, 15))
    assert (nieuw.eerder_afgesloten_op, nieuw.recidive_na_id) == (date(2025, 6, 1), tweede.pk)
    ander = _meld_aan(InwonerFactory().huishouden, adviseur, op=date(2026, 1, 15))
    assert not ander.recidive


def test_een_open_casus_en_een_aanmelding_van_voor_de_afsluiting_zijn_geen_recidive(huishouden, adviseur):
    with time_machine.travel(_om(date(2025, 1, 1)), tick=False):
        services.open_casus(huishouden=huishouden, hulpvraag="Loopt nog", door=adviseur)
    assert not _meld_aan(huishouden, adviseur, op=date(2025, 2, 1)).recidive
    _gesloten_casus(huishouden, adviseur, op=date(2025, 6, 1))
    with time_machine.travel(_om(date(2025, 7, 1)), tick=False):
        # Registered afterwards with an earlier date of aanmelding: it came in before the closing.
        eerder = services.meld_aan(
            door=adviseur,
            huishouden=huishouden,
            hulpvraag="Te laat ingevoerd",
            bron="zelf",
            aangemeld_op=_om(date(2025, 5, 1)),
        )
    assert not eerder.recidive


def test_te_zien_op_casus_triage_en_mijn_werk(client, huishouden, adviseur):
    _gesloten_casus(huishouden, adviseur, op=date(2025, 6, 1))
    with time_machine.travel(_om(date(2026, 1, 15)), tick=False):
        nieuw = services.meld_aan(door=adviseur, huishouden=huishouden, hulpvraag="Weer schulden", bron="zelf")
        label = "Recidive: eerder afgesloten op 1 juni 2025"
        midoffice = UserFactory(username="mo", rollen=[Rol.MIDOFFICE])
        client.force_login(midoffice)
        assert label in client.get("/werk/triage/").content.decode()
        assert label in client.get(f"/werk/casussen/{nieuw.pk}/").content.decode()
        services.wijs_toe(casus=nieuw, naar=adviseur, door=midoffice)
        client.force_login(adviseur)
        assert label in client.get("/werk/").content.decode()
        zonder = _meld_aan(InwonerFactory().huishouden, adviseur, op=date(2026, 1, 15))
        assert "Recidive" not in client.get(f"/werk/casussen/{zonder.pk}/").content.decode()


def test_migratie_vult_bestaande_casussen(huishouden, adviseur):
    oud = _gesloten_casus(huishouden, adviseur, op=date(2024, 3, 10))
    binnen = _meld_aan(huishouden, adviseur, op=date(2026, 3, 10))
    buiten = _meld_aan(InwonerFactory().huishouden, adviseur, op=date(2026, 3, 10))
    Casus.objects.for_systeem("test").update(eerder_afgesloten_op=None, recidive_na=None)
    import_module("cases.migrations.0025_casus_recidive").vul(apps, None)
    binnen.refresh_from_db()
    buiten.refresh_from_db()
    oud.refresh_from_db()
    assert (binnen.eerder_afgesloten_op, binnen.recidive_na_id) == (date(2024, 3, 10), oud.pk)
    assert not buiten.recidive and not oud.recidive
