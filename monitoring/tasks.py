"""Celery tasks of monitoring: thin wrappers around monitoring.services."""

from celery import shared_task

from . import services


@shared_task
def bereken_kpis(run_id: int | None = None) -> int:
    """Compute all KPI snapshots (beat: monthly; on demand from /beleid/ with a run id)."""
    return services.bereken(run_id).pk
