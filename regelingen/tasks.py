"""Celery tasks of the rechtenberekening. They take ids, are safe to run twice, and leave the computing to
regelingen.rechten. Other code queues them through regelingen.services."""

import logging

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import rechten
from .models import HerberekeningsRun

logger = logging.getLogger(__name__)


@shared_task
def herbereken_huishoudens(huishouden_ids: list[int]) -> int:
    """Recompute the stored rights of these households."""
    return rechten.herbereken(huishouden_ids)


@shared_task
def herbereken_reeks_taak(van_id: int, tot_id: int, run_id: int | None = None) -> int:
    """One chunk of a full recompute: the households with van_id <= id < tot_id."""
    return rechten.herbereken_reeks(van_id, tot_id, run_id)


@shared_task
def herbereken_alle_rechten(reden: str = "nachtelijke herberekening") -> int | None:
    """Queue a full recompute as chunk tasks (nightly from beat, and after a norm or rule change), unless one
    is already running (then: None). Returns the run id; the chunks are sent after this transaction commits."""
    HerberekeningsRun.objects.filter(actief=True, gestart_op__lt=timezone.now() - rechten.RUN_VERLOPEN_NA).update(
        actief=False
    )
    reeksen = rechten.chunks()
    try:
        with transaction.atomic():
            run = HerberekeningsRun.objects.create(actief=True, aantal_chunks=len(reeksen), reden=reden[:200])
    except IntegrityError:
        logger.info("Full recompute already running; not queued again (%s)", reden)
        return None
    if not reeksen:
        HerberekeningsRun.chunk_klaar(run.pk, leeg=True)
        return run.pk

    def verstuur():
        for van_id, tot_id in reeksen:
            herbereken_reeks_taak.delay(van_id, tot_id, run.pk)

    transaction.on_commit(verstuur)
    return run.pk
