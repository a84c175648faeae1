from datetime import timedelta

import pytest
from django.utils import timezone

from tests.helpers import wacht_tot
from venlo_armoede.accounts.models import IdempotentVerzoek
from venlo_armoede.accounts.tasks import ruim_idempotentie_sleutels_op


@pytest.mark.needs_redis
def test_een_taak_draait_echt_op_een_worker_met_redis(celery_worker_proces):
    oud = IdempotentVerzoek.objects.create(
        sleutel="oud", aanvrager="token:1", pad="/api/v1/x/", verzoek_hash="0" * 64, status_code=201, antwoord={}
    )
    IdempotentVerzoek.objects.filter(pk=oud.pk).update(aangemaakt_op=timezone.now() - timedelta(days=2))
    vers = IdempotentVerzoek.objects.create(
        sleutel="vers", aanvrager="token:1", pad="/api/v1/x/", verzoek_hash="1" * 64, status_code=201, antwoord={}
    )

    ruim_idempotentie_sleutels_op.delay()

    wacht_tot(lambda: not IdempotentVerzoek.objects.filter(pk=oud.pk).exists(), bericht="worker did not run the task")
    assert IdempotentVerzoek.objects.filter(pk=vers.pk).exists()
