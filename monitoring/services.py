"""Computing the KPI snapshots. Each KPI is one set of aggregate queries in the app that owns the data
(its selectors.kpi_telling); the rows are marked by the suppression rule and the months are replaced in one
transaction, so a reader sees the old figures or the new ones, never half."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from cases import selectors as cases_selectors
from partners import selectors as partners_selectors
from regelingen import selectors as regelingen_selectors
from venlo_armoede.doelgroepen import EXCLUSIEF

from .kpis import CATALOGUS, Kpi, Soort
from .models import KpiRun, KpiWaarde
from .onderdrukking import markeer_alle, markeer_minimaketen

TELLERS = {
    "cases": cases_selectors.kpi_telling,
    "partners": partners_selectors.kpi_telling,
    "regelingen": regelingen_selectors.kpi_telling,
}
MAANDEN = 24  # how far back a run recomputes the monthly KPIs (a trend of 12 months, and a year before it)


def berekenbare_kpis() -> list[Kpi]:
    return [kpi for kpi in CATALOGUS if kpi.heeft_gegevens]


def start_berekening(*, door: str) -> KpiRun:
    """Queue a full computation; while one is waiting or busy, that one is returned (no second run)."""
    from . import tasks

    with transaction.atomic():
        lopend = KpiRun.objects.select_for_update().filter(status__in=(KpiRun.Status.WACHT, KpiRun.Status.BEZIG))
        bestaand = lopend.first()
        if bestaand is not None and bestaand.gestart_op > timezone.now() - relativedelta(hours=1):
            return bestaand
        lopend.update(status=KpiRun.Status.MISLUKT, melding="Vastgelopen: vervangen door een nieuwe berekening.")
        run = KpiRun.objects.create(totaal=len(berekenbare_kpis()), gestart_door=door)
        transaction.on_commit(lambda: tasks.bereken_kpis.delay(run.pk))
    return run


def bereken(run_id: int | None = None, *, peildatum: date | None = None) -> KpiRun:
    """Compute every KPI with data for the last MAANDEN months up to `peildatum` (today)."""
    peildatum = peildatum or timezone.localdate()
    huidige_maand = peildatum.replace(day=1)
    vanaf = huidige_maand - relativedelta(months=MAANDEN - 1)
    kpis = berekenbare_kpis()
    if run_id is None:
        run = KpiRun.objects.create(totaal=len(kpis), gestart_door="systeem")
    else:
        run = KpiRun.objects.get(pk=run_id)
        if run.status == KpiRun.Status.KLAAR:
            return run  # delivered twice: already done
    if connection.vendor != "postgresql":
        # Medians, intervals and the deadline arrays are PostgreSQL (ADR 0026): no figures rather than wrong ones.
        KpiRun.objects.filter(pk=run.pk).update(
            status=KpiRun.Status.MISLUKT, melding="De KPI-berekening vraagt PostgreSQL; deze database is dat niet."
        )
        run.refresh_from_db()
        return run
    KpiRun.objects.filter(pk=run.pk).update(status=KpiRun.Status.BEZIG, totaal=len(kpis), klaar=0)
    alle: dict[str, list[dict]] = {}
    try:
        for kpi in kpis:
            rijen = TELLERS[kpi.app](kpi.code, vanaf=vanaf, peildatum=peildatum)
            for rij in rijen:
                rij["maand"] = huidige_maand if kpi.stand else rij["maand"]
            if kpi.soort == Soort.AANTAL and not kpi.stand and not kpi.per_categorie:
                rijen += _nullen(rijen, vanaf, huidige_maand)
            alle[kpi.code] = rijen
            KpiRun.objects.filter(pk=run.pk).update(klaar=F("klaar") + 1)
        _markeer(alle)
        nieuw = [{"kpi": code, "run_id": run.pk, **_velden(rij)} for code, rijen in alle.items() for rij in rijen]
        with transaction.atomic():
            for kpi in kpis:
                oud = KpiWaarde.objects.filter(kpi=kpi.code)
                oud.filter(maand=huidige_maand).delete() if kpi.stand else oud.filter(maand__gte=vanaf).delete()
            _schrijf(nieuw)
            KpiRun.objects.filter(pk=run.pk).update(status=KpiRun.Status.KLAAR, klaar_op=timezone.now())
    except Exception as fout:
        KpiRun.objects.filter(pk=run.pk).update(status=KpiRun.Status.MISLUKT, melding=str(fout)[:300])
        raise
    run.refresh_from_db()
    return run


def _markeer(alle: dict[str, list[dict]]) -> None:
    """The suppression rule (monitoring.onderdrukking.markeer_alle) per set of rows that add up. Only the
    household types (doelgroepen.EXCLUSIEF) add up to "alle doelgroepen"; an overlapping doelgroep (met kinderen,
    jongeren, werkenden, zzp'ers, minima) is a table of its own whose stadsdelen add up to its heel Venlo.
    Marking them together would let the secondary rule hide an overlapping cell where a household type had to
    be hidden, which protects nothing. The rules across KPIs work per cell, so they hold within each part."""
    delen: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for code, rijen in alle.items():
        for rij in rijen:
            deel = "" if rij["doelgroep"] is None or rij["doelgroep"] in EXCLUSIEF else rij["doelgroep"]
            delen[deel][code].append(rij)
    for deel in delen.values():
        markeer_alle(dict(deel))
    # The minima doelgroepen nest: a small difference between two of them is hidden too; the parts where that
    # added a flag are marked again (flags are only ever added, so this ends).
    while gewijzigd := markeer_minimaketen(alle):
        for deel in gewijzigd:
            markeer_alle(dict(delen["" if deel is None else deel]))


def _schrijf(rijen: list[dict]) -> None:
    """Insert the new figures with COPY: a split per doelgroep gives some 150,000 rows on Venlo's scale, and
    bulk_create spent most of the run preparing them one value at a time. (The run is PostgreSQL only.)"""
    if not rijen:
        return
    velden = list(rijen[0])
    kolommen = ", ".join(KpiWaarde._meta.get_field(veld.removesuffix("_id")).column for veld in velden)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {KpiWaarde._meta.db_table} ({kolommen}) FROM STDIN") as copy:  # noqa: S608 # nosec B608 - our own table and columns
            for rij in rijen:
                copy.write_row([rij[veld] for veld in velden])


def _nullen(rijen: list[dict], vanaf: date, tot: date) -> list[dict]:
    """A month without any event is a real 0 for a count (heel Venlo), not a missing figure."""
    gevuld = {r["maand"] for r in rijen if r["stadsdeel"] is None and r["doelgroep"] is None}
    extra, maand = [], vanaf
    while maand <= tot:
        if maand not in gevuld:
            extra.append({"maand": maand, "stadsdeel": None, "doelgroep": None, "categorie": "", "teller": 0})
        maand += relativedelta(months=1)
    return extra


def _velden(rij: dict) -> dict:
    return {
        "maand": rij["maand"],
        "stadsdeel_id": rij["stadsdeel"],
        "doelgroep": rij["doelgroep"],
        "categorie": (rij["categorie"] or "")[:200],
        "teller": rij["teller"],
        "noemer": rij.get("noemer"),
        "aantal": None if rij.get("aantal") is None else int(rij["aantal"]),
        "waarde": rij.get("waarde"),
        "teller_verborgen": rij.get("teller_verborgen", False),
        "noemer_verborgen": rij.get("noemer_verborgen", False),
    }
