from celery import shared_task


@shared_task
def herbereken_huishoudens(huishouden_ids: list[int]) -> int:
    """Recompute the stored rights of these households. Idempotent."""
    from .rechten import herbereken

    return herbereken(huishouden_ids)


@shared_task
def herbereken_alle_rechten() -> int:
    from .rechten import plan_volledige_herberekening

    return plan_volledige_herberekening()
