"""Stored outcomes of the engine: one Inkomenspositie per household and one RechtUitkomst per household
and regeling. Households are read in sets (four queries per chunk, whatever its size), computed with the
pure engine and written back with bulk statements; an outcome row is rewritten only when it changed, so
running a chunk twice gives the same rows (ADR 0004)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from cases import selectors as cases_selectors
from venlo_armoede.doelgroepen import JONGEREN_TOT_EN_MET, JONGEREN_VAN

from . import engine, selectors
from .models import (
    Doelgroep,
    HerberekeningsChunk,
    HerberekeningsRun,
    Inkomenspositie,
    RechtUitkomst,
    Regeling,
    RunStatus,
    UitkomstVeld,
)

logger = logging.getLogger(__name__)

# Sent inside the transaction that ends a run during which another full recompute was asked for.
opnieuw_gevraagd = Signal()

REDEN = "rechtenberekening"  # why the recompute reads every household (for_systeem)


def snapshots(huishoudens: Q, peildatum: date) -> dict[int, engine.Huishouden]:
    """Engine snapshots of the households matching `huishoudens` (a Q on Huishouden), in four queries."""
    return selectors.snapshots(huishoudens=huishoudens, peildatum=peildatum, reden=REDEN)


def _subquery(huishoudens: Q):
    return cases_selectors.huishoudens(selectie=huishoudens, reden=REDEN).values("id")


def doelgroep(berekening: engine.Berekening, huishouden: engine.Huishouden, context: engine.Context) -> str:
    aanvrager = next(lid for lid in huishouden.leden if lid.rol == engine.AANVRAGER)
    if context.aow_bereikt(aanvrager.geboortedatum):
        return Doelgroep.OUDEREN
    return {
        "alleenstaande": Doelgroep.ALLEENSTAANDE,
        "alleenstaande_ouder": Doelgroep.EENOUDERGEZIN,
        "paar": Doelgroep.PAAR,
        "paar_met_kinderen": Doelgroep.GEZIN_MET_KINDEREN,
    }[berekening.samenstelling]


LOON, ZZP = "loon", "zzp"  # cases.InkomenSoort values (regelingen does not import the cases models)


def groepen(huishouden: engine.Huishouden, peildatum: date) -> tuple[bool, bool, bool, bool]:
    """The overlapping doelgroepen of the monitoring (venlo_armoede.doelgroepen), in the order of
    POSITIE_VELDEN: met kinderen (any child, also an eenoudergezin or a household at AOW age), jongere (the
    aanvrager is 18 to 27 on the peildatum), werkend and zzp (aanvrager or partner has that income source on
    the peildatum; the income of children and housemates does not count, as in the household income)."""
    rollen = {lid.rol for lid in huishouden.leden}
    aanvrager = next(lid for lid in huishouden.leden if lid.rol == engine.AANVRAGER)
    leeftijd = engine.leeftijd(aanvrager.geboortedatum, peildatum)
    soorten = set().union(
        *(lid.inkomenssoorten for lid in huishouden.leden if lid.rol in (engine.AANVRAGER, engine.PARTNER))
    )
    return (
        engine.KIND in rollen,
        JONGEREN_VAN <= leeftijd <= JONGEREN_TOT_EN_MET,
        LOON in soorten,
        ZZP in soorten,
    )


@dataclass
class Resultaat:
    huishoudens: int = 0
    uitkomsten: int = 0
    fouten: int = 0
    herschreven: int = 0  # outcome rows written because they were new or changed


POSITIE_VELDEN = (
    "huishouden_id",
    "peildatum",
    "norm",
    "inkomen",
    "inkomen_pct",
    "doelgroep",
    "met_kinderen",
    "jongere",
    "werkend",
    "zzp",
    "fout",
    "berekend_op",
)
UITKOMST_VELDEN = ("huishouden_id", "regeling_id", "versie_id", "vastgesteld_op", "uitkomst", "bedrag")
CODES = UitkomstVeld.CODES  # the stored small integer of each outcome


def _inhoud(rij: tuple) -> tuple:
    """What a changed outcome is compared on: version, outcome, amount (not the moment it was written)."""
    return rij[2], rij[4], rij[5]


def herbereken_selectie(
    huishoudens: Q, *, peildatum: date | None = None, context: engine.Context | None = None
) -> Resultaat:
    """Recompute the selected households: their Inkomenspositie is rewritten, an outcome row only when it
    changed (updated in place), is new (COPY) or is no longer computed (deleted). Idempotent: a second run
    finds nothing to change.

    Read, compute and write happen under a lock on the households' rows, so two recomputes of the same
    household (a chunk and a single-household task) run one after the other and the later one always
    reads what the earlier one left; stale data can never overwrite fresh."""
    peildatum = peildatum or timezone.localdate()
    if context is None:
        context = engine.maak_context(peildatum, selectors.normtabel(), selectors.regels(peildatum))
    regeling_ids = dict(Regeling.objects.values_list("code", "id"))
    with transaction.atomic():
        ids = cases_selectors.vergrendel_huishoudens(selectie=huishoudens, reden=REDEN)
        # Few households: name them; a chunk: keep its id range (a cheaper filter than thousands of ids).
        geselecteerd = Q(id__in=ids) if len(ids) < 1000 else huishoudens
        resultaat, posities, nieuw = _bereken(snapshots(geselecteerd, peildatum), context, regeling_ids)
        bestaand = {
            (huishouden_id, regeling_id): (versie_id, CODES[uitkomst], bedrag)
            for huishouden_id, regeling_id, versie_id, uitkomst, bedrag in RechtUitkomst.objects.for_systeem(REDEN)
            .filter(huishouden_id__in=_subquery(geselecteerd))
            .values_list("huishouden_id", "regeling_id", "versie_id", "uitkomst", "bedrag")
        }
        weg = [sleutel for sleutel in bestaand if sleutel not in nieuw]
        anders = [rij for sleutel, rij in nieuw.items() if sleutel in bestaand and bestaand[sleutel] != _inhoud(rij)]
        erbij = [rij for sleutel, rij in nieuw.items() if sleutel not in bestaand]
        for begin in range(0, len(weg), 5000):
            RechtUitkomst.objects.for_systeem(REDEN).filter(pk__in=weg[begin : begin + 5000]).delete()
        _werk_bij(anders)
        Inkomenspositie.objects.for_systeem(REDEN).filter(huishouden_id__in=_subquery(geselecteerd)).delete()
        _schrijf(Inkomenspositie, POSITIE_VELDEN, posities)
        _schrijf(RechtUitkomst, UITKOMST_VELDEN, erbij)
    resultaat.herschreven = len(erbij) + len(anders)
    return resultaat


def _werk_bij(rijen: list[tuple]) -> None:
    """Update changed outcomes in place. PostgreSQL: one UPDATE per chunk from arrays; only non-indexed
    columns change, so with the table's fillfactor the new row version stays on its page (HOT) and the old
    one is pruned without a vacuum. Elsewhere: delete and insert again."""
    if not rijen:
        return
    if connection.vendor != "postgresql":
        RechtUitkomst.objects.for_systeem(REDEN).filter(pk__in=[(rij[0], rij[1]) for rij in rijen]).delete()
        _schrijf(RechtUitkomst, UITKOMST_VELDEN, rijen)
        return
    kolommen = list(zip(*rijen, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {RechtUitkomst._meta.db_table} AS u SET versie_id = n.versie_id, "  # noqa: S608 # nosec B608 - the model's own table name; values are parameters
            "vastgesteld_op = n.vastgesteld_op, uitkomst = n.uitkomst, bedrag = n.bedrag "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::timestamptz[], %s::smallint[], "
            "%s::numeric[]) AS n(huishouden_id, regeling_id, versie_id, vastgesteld_op, uitkomst, bedrag) "
            "WHERE u.huishouden_id = n.huishouden_id AND u.regeling_id = n.regeling_id",
            [list(kolom) for kolom in kolommen],
        )


def _bereken(
    huishoudens: dict[int, engine.Huishouden], context: engine.Context, regeling_ids: dict[str, int]
) -> tuple[Resultaat, list[tuple], dict[tuple[int, int], tuple]]:
    """Run the engine over the snapshots. Rows are plain tuples in the column order of *_VELDEN:
    400,000 model instances would cost seconds."""
    nu = timezone.now()
    peildatum = context.peildatum
    resultaat = Resultaat()
    posities: list[tuple] = []
    nieuw: dict[tuple[int, int], tuple] = {}
    for pk, snapshot in huishoudens.items():
        resultaat.huishoudens += 1
        try:
            berekening = engine.bepaal_rechten_met_context(snapshot, context)
        except engine.OngeldigHuishouden as fout:
            # A household the engine cannot judge (e.g. no aanvrager yet) gets no outcomes, and says why.
            resultaat.fouten += 1
            posities.append((pk, peildatum, 0, 0, 0, "", False, False, False, False, fout.bericht[:300], nu))
            continue
        positie = (berekening.norm, berekening.inkomen, berekening.inkomen_pct)
        soort = doelgroep(berekening, snapshot, context)
        posities.append((pk, peildatum, *positie, soort, *groepen(snapshot, peildatum), "", nu))
        for u in berekening.uitkomsten:
            regeling_id = regeling_ids[u.code]
            nieuw[(pk, regeling_id)] = (pk, regeling_id, u.versie_id, nu, CODES[u.uitkomst], u.bedrag)
    resultaat.uitkomsten = len(nieuw)
    return resultaat, posities, nieuw


def _schrijf(model, velden: tuple[str, ...], rijen: list[tuple]) -> None:
    """Insert many rows. PostgreSQL: COPY (psycopg's write_row does the
    escaping), an order of magnitude faster than INSERT for this volume; elsewhere: bulk_create."""
    if not rijen:
        return
    if connection.vendor == "postgresql":
        kolommen = ", ".join(model._meta.get_field(veld.removesuffix("_id")).column for veld in velden)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {model._meta.db_table} ({kolommen}) FROM STDIN") as copy:  # noqa: S608
                for rij in rijen:
                    copy.write_row(rij)
        return
    model.objects.bulk_create((model(**dict(zip(velden, rij, strict=True))) for rij in rijen), batch_size=2000)


def herbereken(huishouden_ids: Iterable[int]) -> int:
    """Recompute these households (after a change to them, their members or incomes)."""
    return herbereken_selectie(Q(id__in=list(huishouden_ids))).huishoudens


def herbereken_reeks(van_id: int, tot_id: int, run_id: int | None = None) -> int:
    """Recompute the households with van_id <= id < tot_id: one chunk of a full recompute. With a run, the
    chunk is marked done in the same transaction as its outcomes, and a chunk already done is skipped (a
    message delivered twice, or re-queued by the stale-run detector while it was still on its way)."""
    selectie = Q(id__gte=van_id, id__lt=tot_id)
    if run_id is None:
        return herbereken_selectie(selectie).huishoudens
    chunk = HerberekeningsChunk.objects.filter(run_id=run_id, van_id=van_id).values_list("klaar_op", flat=True)
    if not chunk.exists():  # a message from before chunk rows existed: just compute
        return herbereken_selectie(selectie).huishoudens
    if chunk.first() is not None:
        logger.info("Chunk %s-%s of run %s already done; skipped", van_id, tot_id, run_id)
        return 0
    with transaction.atomic():
        aantal = herbereken_selectie(selectie).huishoudens
        _chunk_klaar(run_id, van_id)
    return aantal


def _chunk_klaar(run_id: int, van_id: int) -> None:
    """Mark a chunk done and close its run when it was the last. The run row is locked first, so two
    chunks finishing at once are counted one after the other and exactly one of them closes the run."""
    nu = timezone.now()
    run = HerberekeningsRun.objects.select_for_update().get(pk=run_id)
    HerberekeningsChunk.objects.filter(run_id=run_id, van_id=van_id, klaar_op=None).update(klaar_op=nu)
    run.chunks_klaar = run.chunks.exclude(klaar_op=None).count()
    run.laatste_voortgang = nu
    velden = ["chunks_klaar", "laatste_voortgang"]
    if run.actief and run.chunks_klaar >= run.aantal_chunks:  # an ended run (mislukt, vervangen) stays ended
        velden += _sluit(run, RunStatus.KLAAR, nu)
    run.save(update_fields=velden)


def _sluit(run: HerberekeningsRun, status: str, nu) -> list[str]:
    """End a run (it no longer blocks a new one). A recompute asked for while it ran is queued now."""
    eerder_actief = run.actief
    run.status = status
    run.actief = False
    velden = ["status", "actief"]
    if status == RunStatus.KLAAR:
        run.klaar_op = nu
        velden.append("klaar_op")
    if eerder_actief and run.opnieuw_reden:
        # The task layer (regelingen.tasks) listens and queues the new run; this module does not import it.
        opnieuw_gevraagd.send(sender=HerberekeningsRun, reden=run.opnieuw_reden)
    return velden


def stil_sinds(nu=None):
    """A running run whose last progress is older than this has stalled: its worker died, its messages
    were lost, or a chunk hit its time limit."""
    return (nu or timezone.now()) - timedelta(seconds=settings.HERBEREKENING_STIL_NA)


def start_run(reden: str, verstuur) -> int | None:
    """Create a run with its chunk rows and hand the chunks to `verstuur(van_id, tot_id, run_id)` after the
    commit. A stalled run is replaced (a new full run covers all its households); a live one wins: then
    nothing is queued now, the request is remembered and queued when the live run ends (None)."""
    nu = timezone.now()
    for run in HerberekeningsRun.objects.filter(actief=True, laatste_voortgang__lt=stil_sinds(nu)):
        with transaction.atomic():
            run = HerberekeningsRun.objects.select_for_update().get(pk=run.pk)
            if run.actief and run.laatste_voortgang < stil_sinds(nu):
                run.opnieuw_reden = ""  # the new run is the recompute it would have queued
                run.save(update_fields=[*_sluit(run, RunStatus.VERVANGEN, nu), "opnieuw_reden"])
                logger.warning("Full recompute %s stalled; replaced by a new one (%s)", run.pk, reden)
    reeksen = chunks()
    for _ in range(3):
        try:
            with transaction.atomic():
                run = HerberekeningsRun.objects.create(actief=True, aantal_chunks=len(reeksen), reden=reden[:200])
            break
        except IntegrityError:
            # Zero rows: the live run ended between the two statements; then try to start again.
            if HerberekeningsRun.objects.filter(actief=True).update(opnieuw_reden=reden[:200]):
                logger.info("Full recompute already running; queued again when it ends (%s)", reden)
                return None
    else:
        raise RuntimeError("could not start or remember a full recompute")
    HerberekeningsChunk.objects.bulk_create(
        HerberekeningsChunk(run=run, van_id=van_id, tot_id=tot_id) for van_id, tot_id in reeksen
    )
    if not reeksen:
        run.save(update_fields=_sluit(run, RunStatus.KLAAR, nu))
        return run.pk

    def na_commit():
        for van_id, tot_id in reeksen:
            verstuur(van_id, tot_id, run.pk)

    transaction.on_commit(na_commit)
    return run.pk


@dataclass
class Herstel:
    run_id: int
    status: str  # what the detector did: "opnieuw" (re-queued), "klaar" or "mislukt"
    chunks: list[tuple[int, int]]


def herstel_vastgelopen_runs(verstuur) -> list[Herstel]:
    """The stale-run detector: for every running run without progress since `stil_sinds()`, queue its
    missing chunks again (only those) through `verstuur`, close it when none is missing, or mark it mislukt
    after HERBEREKENING_MAX_HERSTELPOGINGEN re-queues so it never blocks a new run."""
    nu = timezone.now()
    gedaan = []
    for run_id in HerberekeningsRun.objects.filter(actief=True, laatste_voortgang__lt=stil_sinds(nu)).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            run = HerberekeningsRun.objects.select_for_update().get(pk=run_id)
            if not run.actief or run.laatste_voortgang >= stil_sinds(nu):
                continue  # a chunk finished meanwhile
            open_ = list(run.chunks.filter(klaar_op=None).order_by("van_id").values_list("van_id", "tot_id"))
            if not open_ and run.chunks.count() >= run.aantal_chunks:
                run.save(update_fields=_sluit(run, RunStatus.KLAAR, nu))
                gedaan.append(Herstel(run.pk, RunStatus.KLAAR, []))
            elif not open_ or run.herstelpogingen >= settings.HERBEREKENING_MAX_HERSTELPOGINGEN:
                # No chunk rows to resume from, or re-queueing did not help: give up, visibly.
                run.save(update_fields=_sluit(run, RunStatus.MISLUKT, nu))
                logger.error(
                    "Full recompute %s failed: %s of %s chunks missing after %s re-queues",
                    run.pk,
                    len(open_),
                    run.aantal_chunks,
                    run.herstelpogingen,
                )
                gedaan.append(Herstel(run.pk, RunStatus.MISLUKT, open_))
            else:
                run.herstelpogingen += 1
                run.laatste_voortgang = nu  # the re-queued chunks get a full period again
                run.save(update_fields=["herstelpogingen", "laatste_voortgang"])
                logger.warning(
                    "Full recompute %s stalled at %s of %s chunks; re-queued the %s missing (attempt %s)",
                    run.pk,
                    run.chunks_klaar,
                    run.aantal_chunks,
                    len(open_),
                    run.herstelpogingen,
                )
                transaction.on_commit(lambda run=run, open_=open_: [verstuur(v, t, run.pk) for v, t in open_])
                gedaan.append(Herstel(run.pk, "opnieuw", open_))
    return gedaan


def chunks(grootte: int | None = None) -> list[tuple[int, int]]:
    """Id ranges covering all households, each holding at most `grootte` households."""
    grootte = grootte or settings.HERBEREKENING_CHUNK_GROOTTE
    ids = cases_selectors.huishouden_ids(reden=REDEN)
    return [(ids[i], ids[min(i + grootte, len(ids)) - 1] + 1) for i in range(0, len(ids), grootte)]


def herbereken_alles_nu(grootte: int | None = None) -> Resultaat:
    """The full recompute in this process, chunk after chunk (for the benchmark and management use)."""
    peildatum = timezone.localdate()
    context = engine.maak_context(peildatum, selectors.normtabel(), selectors.regels(peildatum))
    totaal = Resultaat()
    for van_id, tot_id in chunks(grootte):
        deel = herbereken_selectie(Q(id__gte=van_id, id__lt=tot_id), peildatum=peildatum, context=context)
        totaal.huishoudens += deel.huishoudens
        totaal.uitkomsten += deel.uitkomsten
        totaal.fouten += deel.fouten
        totaal.herschreven += deel.herschreven
    return totaal
