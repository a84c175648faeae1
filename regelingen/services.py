"""The public write API of the regelingen app."""

from collections.abc import Sequence

from django.db import transaction


def plan_herberekening(huishouden_ids: Sequence[int]) -> None:
    """Recompute these households' rights through Celery once the current transaction commits
    (never before: the worker must see the committed data)."""
    from .tasks import herbereken_huishoudens

    ids = sorted(set(huishouden_ids))
    if ids:
        transaction.on_commit(lambda: herbereken_huishoudens.delay(ids))
