"""Celery tasks of the cases app: thin, idempotent wrappers over cases.services."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def anonimiseer_verlopen_dossiers() -> int:
    """Daily (beat): anonymise the households whose retention period has passed. Safe to run twice."""
    return services.anonimiseer_verlopen(peildatum=timezone.localdate())


@shared_task
def leg_verlopen_termijnen_vast() -> int:
    """Daily (beat): record each Wgs deadline that passed without its event, once (TermijnOverschrijding)."""
    return services.leg_verlopen_termijnen_vast(peildatum=timezone.localdate())
