"""The daily retention task on a real worker (Redis, PostgreSQL): the worker runs it at today's date."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases import services
from cases.models import Bewaartermijn, Huishouden, Inwoner
from cases.tasks import anonimiseer_verlopen_dossiers
from tests.helpers import maak_huishouden, wacht_tot
from venlo_armoede.accounts.models import IdempotentVerzoek
from venlo_armoede.accounts.tasks import ruim_idempotentie_sleutels_op
from venlo_armoede.audit.models import Actie, AuditRecord


@pytest.mark.needs_redis
def test_de_worker_anonimiseert_een_verlopen_dossier_een_keer(celery_worker_proces, gebruiker_met_rol):
    # A transactional test before this one may have emptied the table the data migration filled.
    Bewaartermijn.objects.get_or_create(soort="schuldhulpverlening", defaults={"jaren": 5})
    adviseur = gebruiker_met_rol("klantadviseur")
    huishouden = maak_huishouden(inkomen=Decimal("1500.00"), partner=True)
    with time_machine.travel(timezone.now() - timedelta(days=6 * 365), tick=False):  # closed six years ago
        casus = services.open_casus(huishouden=huishouden, hulpvraag="Huurachterstand", door=adviseur)
        services.wijzig_status(casus=casus, status="afgesloten", door=adviseur, uitstroomreden="zelf_opgelost")
    vers = maak_huishouden(inkomen=Decimal("1500.00"))
    services.open_casus(huishouden=vers, hulpvraag="Nieuw", door=adviseur)

    anonimiseer_verlopen_dossiers.delay()
    wacht_tot(
        lambda: Huishouden.objects.get(pk=huishouden.pk).geanonimiseerd_op is not None,
        bericht="worker did not anonymise",
    )
    assert set(Inwoner.objects.filter(huishouden=huishouden).values_list("achternaam", flat=True)) == {""}
    assert Huishouden.objects.get(pk=vers.pk).geanonimiseerd_op is None
    assert AuditRecord.objects.filter(actie=Actie.VERWIJDEREN).count() == 2

    # Run it again, then a marker task: the solo worker takes them in order, so once the marker ran the
    # second run is finished too, and it must have logged nothing.
    anonimiseer_verlopen_dossiers.delay()
    marker = IdempotentVerzoek.objects.create(
        sleutel="marker", aanvrager="token:1", pad="/api/v1/x/", verzoek_hash="0" * 64, status_code=201, antwoord={}
    )
    IdempotentVerzoek.objects.filter(pk=marker.pk).update(aangemaakt_op=timezone.now() - timedelta(days=2))
    ruim_idempotentie_sleutels_op.delay()
    wacht_tot(lambda: not IdempotentVerzoek.objects.filter(pk=marker.pk).exists(), bericht="marker task did not run")
    assert AuditRecord.objects.filter(actie=Actie.VERWIJDEREN).count() == 2
