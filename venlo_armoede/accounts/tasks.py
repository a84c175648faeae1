from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import IdempotentVerzoek

# A client retries within minutes or hours; a day of stored answers is plenty.
BEWAARTIJD = timedelta(hours=24)


@shared_task
def ruim_idempotentie_sleutels_op() -> int:
    """Delete stored answers to idempotent requests older than BEWAARTIJD. Safe to run twice."""
    verwijderd, _ = IdempotentVerzoek.objects.filter(aangemaakt_op__lt=timezone.now() - BEWAARTIJD).delete()
    return verwijderd
