"""The demo has referrals in every state for the demo partner, one revoked consent, and is the same for a seed."""

from io import StringIO

import pytest
from django.core.management import call_command

from partners.models import Doorverwijzing, DoorverwijzingStatus, Toestemming

pytestmark = pytest.mark.django_db


def _seed(*extra):
    call_command("seed_demo", "--households", "300", "--ook-zonder-debug", *extra, stdout=StringIO())


def _beeld():
    return sorted(
        Doorverwijzing.objects.for_systeem("test").values_list("dienst__naam", "status", "versie", "verstuurd_op")
    )


def test_demo_doorverwijzingen_in_elke_status_en_herhaalbaar():
    _seed()
    leergeld = Doorverwijzing.objects.for_systeem("test").filter(organisatie__naam="Stichting Leergeld Venlo")
    assert set(leergeld.values_list("status", flat=True)) == set(DoorverwijzingStatus.values)
    anderen = Doorverwijzing.objects.for_systeem("test").exclude(organisatie__naam="Stichting Leergeld Venlo")
    assert anderen.values("organisatie").distinct().count() >= 2
    assert Toestemming.objects.for_systeem("test").filter(ingetrokken_op__isnull=False).count() == 1
    for dv in Doorverwijzing.objects.for_systeem("test"):
        assert dv.stappen.count() >= 1 and dv.stappen.last().stap in (dv.status, "verstuurd")
    eerste = _beeld()
    _seed("--reset")
    assert _beeld() == eerste
