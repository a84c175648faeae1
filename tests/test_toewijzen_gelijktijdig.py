"""Five midoffice members assign the same new aanmelding at the same moment, each from the form they opened
(version 1): exactly one becomes the hoofdbehandelaar, the others get the Dutch stale-form refusal, and exactly
one Overdracht is written. A casus never has two hoofdbehandelaars."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Casus, Overdracht
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def test_gelijktijdig_toewijzen_geeft_een_hoofdbehandelaar():
    casus = CasusFactory(huishouden=InwonerFactory().huishouden)
    paren = [
        (UserFactory(rollen=[Rol.MIDOFFICE]), UserFactory(rollen=[Rol.KLANTADVISEUR], first_name=f"Adviseur{i}"))
        for i in range(5)
    ]
    start = threading.Barrier(len(paren))
    gelukt, geweigerd, anders = [], [], []

    def wijs_toe(door, naar):
        try:
            start.wait()
            services.wijs_toe(casus=casus, naar=naar, door=door, versie=1)
            gelukt.append(naar.pk)
        except ValidationError as fout:
            geweigerd.append(fout.messages[0])
        except Exception as fout:  # noqa: BLE001 - any other outcome fails the test below
            anders.append(repr(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=wijs_toe, args=paar) for paar in paren]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)

    assert anders == []
    assert len(gelukt) == 1 and len(geweigerd) == 4
    assert all(tekst.startswith("Deze casus is intussen gewijzigd: Toegewezen aan") for tekst in geweigerd)
    casus = Casus.objects.get(pk=casus.pk)
    assert casus.klantadviseur_id == gelukt[0] and casus.versie == 2
    assert list(Overdracht.objects.values_list("naar_id", flat=True)) == gelukt
