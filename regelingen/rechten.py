"""Stored outcomes of the engine: one Inkomenspositie per household and one RechtUitkomst per household
and regeling. Households are read in sets (three queries per chunk, whatever its size), computed with the
pure engine and written back with bulk statements; an outcome row is rewritten only when it changed, so
running a chunk twice gives the same rows (ADR 0004)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cases import selectors as cases_selectors

from . import engine, selectors
from .models import Doelgroep, HerberekeningsRun, Inkomenspositie, RechtUitkomst, Regeling

logger = logging.getLogger(__name__)

CHUNK_GROOTTE = 2500  # households per Celery task: large enough for set-wise SQL, small enough to retry
RUN_VERLOPEN_NA = timedelta(hours=2)  # a run that has not finished by then is considered dead
REDEN = "rechtenberekening"  # why the recompute reads every household (for_systeem)


def snapshots(huishoudens: Q, peildatum: date) -> dict[int, engine.Huishouden]:
    """Engine snapshots of the households matching `huishoudens` (a Q on Huishouden), in three queries."""
    rijen = cases_selectors.berekeningsrijen(selectie=huishoudens, peildatum=peildatum, reden=REDEN)
    basis = {pk: (vermogen, sinds) for pk, vermogen, sinds in rijen.huishoudens}
    inkomen: dict[int, Decimal] = defaultdict(Decimal)
    for inwoner_id, bedrag in rijen.inkomens:
        inkomen[inwoner_id] += bedrag
    per_huishouden: dict[int, list[engine.Lid]] = defaultdict(list)
    for inwoner_id, huishouden_id, rol, geboortedatum in rijen.leden:
        per_huishouden[huishouden_id].append(
            engine.Lid(rol=rol, geboortedatum=geboortedatum, netto_maandinkomen=inkomen.get(inwoner_id, Decimal("0")))
        )
    return {
        pk: engine.Huishouden(leden=tuple(per_huishouden.get(pk, ())), vermogen=vermogen, laag_inkomen_sinds=sinds)
        for pk, (vermogen, sinds) in basis.items()
    }


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


@dataclass
class Resultaat:
    huishoudens: int = 0
    uitkomsten: int = 0
    fouten: int = 0
    herschreven: int = 0  # outcome rows written because they were new or changed


POSITIE_VELDEN = ("huishouden_id", "peildatum", "norm", "inkomen", "inkomen_pct", "doelgroep", "fout", "berekend_op")
UITKOMST_VELDEN = (
    "huishouden_id",
    "regeling_id",
    "versie_id",
    "uitkomst",
    "redenen",
    "bedrag",
    "kenmerk",
    "vastgesteld_op",
)


def kenmerk(uitkomst: engine.Uitkomst, redenen_json: str) -> str:
    """A short fingerprint of what a klantadviseur would see of an outcome: equal means nothing to rewrite."""
    gegevens = f"{uitkomst.versie_id}|{uitkomst.uitkomst}|{uitkomst.bedrag}|{redenen_json}"
    return hashlib.blake2b(gegevens.encode(), digest_size=8).hexdigest()


def herbereken_selectie(
    huishoudens: Q, *, peildatum: date | None = None, context: engine.Context | None = None
) -> Resultaat:
    """Recompute the selected households: their Inkomenspositie is rewritten, an outcome row only when it
    changed. Idempotent: a second run finds nothing to change.

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
            (huishouden_id, regeling_id): (rij_id, oud_kenmerk)
            for rij_id, huishouden_id, regeling_id, oud_kenmerk in RechtUitkomst.objects.for_systeem(REDEN)
            .filter(huishouden_id__in=_subquery(geselecteerd))
            .values_list("id", "huishouden_id", "regeling_id", "kenmerk")
        }
        weg = [
            rij_id for sleutel, (rij_id, oud) in bestaand.items() if sleutel not in nieuw or nieuw[sleutel][6] != oud
        ]
        erbij = [rij for sleutel, rij in nieuw.items() if sleutel not in bestaand or bestaand[sleutel][1] != rij[6]]
        for begin in range(0, len(weg), 5000):
            RechtUitkomst.objects.for_systeem(REDEN).filter(id__in=weg[begin : begin + 5000]).delete()
        Inkomenspositie.objects.for_systeem(REDEN).filter(huishouden_id__in=_subquery(geselecteerd)).delete()
        _schrijf(Inkomenspositie, POSITIE_VELDEN, posities)
        _schrijf(RechtUitkomst, UITKOMST_VELDEN, erbij, json_velden={"redenen"})
    resultaat.herschreven = len(erbij)
    return resultaat


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
            posities.append((pk, peildatum, 0, 0, 0, "", fout.bericht[:300], nu))
            continue
        positie = (berekening.norm, berekening.inkomen, berekening.inkomen_pct)
        posities.append((pk, peildatum, *positie, doelgroep(berekening, snapshot, context), "", nu))
        for u in berekening.uitkomsten:
            regeling_id = regeling_ids[u.code]
            redenen_json = json.dumps(u.redenen, ensure_ascii=False)
            rij = (pk, regeling_id, u.versie_id, u.uitkomst, redenen_json, u.bedrag, kenmerk(u, redenen_json), nu)
            nieuw[(pk, regeling_id)] = rij
    resultaat.uitkomsten = len(nieuw)
    return resultaat, posities, nieuw


def _schrijf(model, velden: tuple[str, ...], rijen: list[tuple], json_velden: frozenset | set = frozenset()) -> None:
    """Insert many rows (JSON fields arrive as JSON text). PostgreSQL: COPY (psycopg's write_row does the
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
    json_posities = [i for i, veld in enumerate(velden) if veld in json_velden]
    objecten = []
    for rij in rijen:
        waarden = dict(zip(velden, rij, strict=True))
        for i in json_posities:
            waarden[velden[i]] = json.loads(rij[i])
        objecten.append(model(**waarden))
    model.objects.bulk_create(objecten, batch_size=2000)


def herbereken(huishouden_ids: Iterable[int]) -> int:
    """Recompute these households (after a change to them, their members or incomes)."""
    return herbereken_selectie(Q(id__in=list(huishouden_ids))).huishoudens


def herbereken_reeks(van_id: int, tot_id: int, run_id: int | None = None) -> int:
    """Recompute the households with van_id <= id < tot_id: one chunk of a full recompute."""
    aantal = herbereken_selectie(Q(id__gte=van_id, id__lt=tot_id)).huishoudens
    if run_id is not None:
        HerberekeningsRun.chunk_klaar(run_id)
    return aantal


def chunks(grootte: int = CHUNK_GROOTTE) -> list[tuple[int, int]]:
    """Id ranges covering all households, each holding at most `grootte` households."""
    ids = cases_selectors.huishouden_ids(reden=REDEN)
    return [(ids[i], ids[min(i + grootte, len(ids)) - 1] + 1) for i in range(0, len(ids), grootte)]


def herbereken_alles_nu(grootte: int = CHUNK_GROOTTE) -> Resultaat:
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
