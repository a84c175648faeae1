"""Celery tasks of the partners app: thin, idempotent wrappers over partners.services."""

from celery import shared_task

from . import services


@shared_task
def meld_verlopen_reactietermijnen() -> int:
    """Daily (beat): remind partners and tell klantadviseurs about referrals past their reaction term. Once each."""
    return services.meld_verlopen_termijnen()
