"""Fixtures shared by the monitoring tests."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from tests.helpers import maak_huishouden


@pytest.fixture
def regeling_met_een_toekenning(regels):
    """Six households with a right to Leergeld (budget € 1.000), one of them granted € 350 today."""
    from regelingen import rechten
    from regelingen import services as regelingen_services
    from regelingen.models import Regeling, RegelingVersie

    huishoudens = [maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(8,)) for _ in range(6)]
    rechten.herbereken_selectie(Q(), peildatum=date(2026, 3, 1))
    leergeld = Regeling.objects.get(code="leergeld")
    RegelingVersie.objects.filter(regeling=leergeld).update(jaarbudget=Decimal("1000"))
    vandaag = timezone.localdate()
    aanvraag = regelingen_services.registreer_aanvraag(
        huishouden=huishoudens[0], regeling=leergeld, aangevraagd_op=vandaag
    )
    regelingen_services.besluit_op_aanvraag(
        aanvraag=aanvraag, toegekend=True, besloten_op=vandaag, bedrag=Decimal("350")
    )
    return leergeld
