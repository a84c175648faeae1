"""Thin Celery wrappers around regelingen.rechten. Tasks take ids and are safe to run twice."""

from celery import shared_task


@shared_task
def herbereken_huishoudens(huishouden_ids: list[int]) -> int:
    """Recompute the stored rights of these households."""
    from .rechten import herbereken

    return herbereken(huishouden_ids)


@shared_task
def herbereken_reeks_taak(van_id: int, tot_id: int, run_id: int | None = None) -> int:
    """One chunk of a full recompute: the households with van_id <= id < tot_id."""
    from .rechten import herbereken_reeks

    return herbereken_reeks(van_id, tot_id, run_id)


@shared_task
def herbereken_alle_rechten(reden: str = "nachtelijke herberekening") -> int | None:
    """Queue a full recompute in chunks (nightly from beat, and after a norm or rule change)."""
    from .rechten import plan_volledige_herberekening

    return plan_volledige_herberekening(reden)
