"""A what-if over a large population as a background run (issue 12, item 8): the Celery task computes it with
scenario.simuleer and writes its progress (households done of all) to its ScenarioRun row as it goes, so a
page with a progress bar can follow it, be left and be opened again. The result is stored as counts only
(scenario.uitkomst_als_data) and shown through the same suppression as a what-if computed on the page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cases import selectors as cases_selectors

from . import scenario
from .models import ScenarioRun

logger = logging.getLogger(__name__)

STANDAARD_DREMPEL = 20_000  # households from which the what-if runs in the background


def drempel() -> int:
    return getattr(settings, "SCENARIO_ACHTERGROND_VANAF", STANDAARD_DREMPEL)


def op_achtergrond() -> bool:
    """Is the population so large that the what-if runs as a background task (one COUNT query)?"""
    aantal = cases_selectors.huishoudens(selectie=Q(), reden="wat-als: grootte van de populatie (een telling)")
    return aantal.count() >= drempel()


def json_veilig(wijzigingen: dict) -> dict:
    """The simple fields as JSON: amounts and percentages as text so they never become floats."""
    return {
        naam: waarde if isinstance(waarde, int | str | None) else str(waarde) for naam, waarde in wijzigingen.items()
    }


def voer_uit(run_id: int) -> ScenarioRun:
    """Compute the run (safe to deliver twice: a finished run is left alone). A wrong change or a missing norm
    ends it as mislukt with its Dutch message; nothing else is written."""
    run = ScenarioRun.objects.get(pk=run_id)
    if run.status in (ScenarioRun.Status.KLAAR, ScenarioRun.Status.MISLUKT):
        return run
    ScenarioRun.objects.filter(pk=run_id).update(status=ScenarioRun.Status.BEZIG, bijgewerkt_op=timezone.now())

    def voortgang(klaar: int, totaal: int) -> None:
        ScenarioRun.objects.filter(pk=run_id).update(
            huishoudens_klaar=klaar, huishoudens_totaal=totaal, bijgewerkt_op=timezone.now()
        )

    try:
        uitkomst = scenario.simuleer(
            regeling_code=run.regeling_code,
            wijzigingen=run.wijzigingen,
            voorwaarden=run.voorwaarden,
            peildatum=run.peildatum,
            voortgang=voortgang,
        )
    except scenario.OngeldigScenario as fout:
        _einde(run_id, ScenarioRun.Status.MISLUKT, melding=fout.bericht)
    except Exception:
        logger.exception("What-if run %s failed", run_id)
        _einde(run_id, ScenarioRun.Status.MISLUKT, melding="Er ging iets mis bij het rekenen.")
    else:
        _einde(run_id, ScenarioRun.Status.KLAAR, resultaat=scenario.uitkomst_als_data(uitkomst))
    return ScenarioRun.objects.get(pk=run_id)


def _einde(run_id: int, status: str, *, melding: str = "", resultaat: dict | None = None) -> None:
    nu = timezone.now()
    ScenarioRun.objects.filter(pk=run_id).update(
        status=status, melding=melding[:300], resultaat=resultaat, klaar_op=nu, bijgewerkt_op=nu
    )


def recente_runs(gebruiker, aantal: int = 5) -> list[ScenarioRun]:
    """The user's latest what-if runs, newest first (for the links on the what-if page)."""
    return list(ScenarioRun.objects.filter(gestart_door=gebruiker)[:aantal])
