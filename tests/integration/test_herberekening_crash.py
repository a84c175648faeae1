"""A full recompute survives faults (ADR 0012): a real worker killed with SIGKILL mid-run (parent and
children), and a Redis restart that loses every message. Afterwards the run completes with exactly the
outcomes an undisturbed run stores, and a new full recompute can start."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

from demo.populatie import seed_demo
from regelingen import rechten, services, tasks
from regelingen.models import HerberekeningsChunk, HerberekeningsRun, Inkomenspositie, RechtUitkomst
from tests.helpers import TEST_REDIS_URL, wacht_tot

HUISHOUDENS = 4000
CHUNK_GROOTTE = 100  # 40 chunks: a run of several seconds, so the kill lands mid-run
STIL_NA = 5  # seconds without a finished chunk before the detector re-queues (production: the chunk time limit)

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


@pytest.fixture
def populatie(celery_werkers, settings):
    settings.HERBEREKENING_CHUNK_GROOTTE = CHUNK_GROOTTE
    settings.HERBEREKENING_STIL_NA = STIL_NA
    seed_demo(aantal=HUISHOUDENS)
    # The seed queues no recompute; start from no outcomes at all, as the probe did.
    RechtUitkomst.objects.all().delete()
    Inkomenspositie.objects.all().delete()
    HerberekeningsRun.objects.all().delete()


def opgeslagen() -> tuple[list, list]:
    """Every stored outcome and income position, without the moment it was written."""
    uitkomsten = sorted(
        RechtUitkomst.objects.values_list("huishouden_id", "regeling_id", "versie_id", "uitkomst", "bedrag")
    )
    posities = sorted(
        Inkomenspositie.objects.values_list(
            "huishouden_id", "peildatum", "norm", "inkomen", "inkomen_pct", "doelgroep", "fout"
        )
    )
    return uitkomsten, posities


def chunks_klaar(run_id: int) -> int:
    return HerberekeningsChunk.objects.filter(run_id=run_id).exclude(klaar_op=None).count()


def processen_in_groep(pgid: int) -> list[int]:
    """Living (not zombie) processes of a process group, from /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(velden[2]) == pgid and velden[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def herstel_tot_klaar(run_id: int, *, seconden: float = 300) -> int:
    """Call the stale-run detector as beat would (here every second) until the run has ended; returns
    how many times it re-queued."""
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if not HerberekeningsRun.objects.get(pk=run_id).actief:
            return HerberekeningsRun.objects.get(pk=run_id).herstelpogingen
        tasks.herstel_vastgelopen_herberekeningen()
        time.sleep(1)
    raise AssertionError(f"run {run_id} not finished within {seconden} s")


def onverstoord_opnieuw(run_voor: int) -> tuple[list, list]:
    """Throw all outcomes away and let a new full recompute through the worker store them again."""
    RechtUitkomst.objects.all().delete()
    Inkomenspositie.objects.all().delete()
    run_id = services.plan_volledige_herberekening(reden="onverstoorde vergelijking")
    assert run_id is not None and run_id != run_voor  # a new full recompute can start
    wacht_tot(lambda: not HerberekeningsRun.objects.get(pk=run_id).actief, seconden=120, bericht="reference run")
    run = HerberekeningsRun.objects.get(pk=run_id)
    assert (run.status, run.herstelpogingen) == ("klaar", 0)
    return opgeslagen()


def controleer_volledig(uitkomsten: list, posities: list) -> None:
    assert len(posities) == HUISHOUDENS
    assert len({rij[0] for rij in posities}) == HUISHOUDENS  # one position per household, none twice
    assert len({(rij[0], rij[1]) for rij in uitkomsten}) == len(uitkomsten)  # no duplicate outcome


def test_worker_met_kinderen_gedood_met_sigkill_en_de_run_komt_alsnog_af(populatie, celery_werkers, capsys):
    worker = celery_werkers(concurrency=2)
    groep = processen_in_groep(worker.pid)
    assert len(groep) >= 3, f"expected a parent and two children, got {groep}"

    run_id = services.plan_volledige_herberekening(reden="nachtelijke herberekening")
    aantal = HerberekeningsRun.objects.get(pk=run_id).aantal_chunks
    assert aantal == HUISHOUDENS // CHUNK_GROOTTE
    wacht_tot(lambda: chunks_klaar(run_id) >= 4, seconden=120, bericht="first chunks")
    os.killpg(worker.pid, signal.SIGKILL)
    gedood_op = time.monotonic()
    worker.wait(timeout=10)
    wacht_tot(lambda: not processen_in_groep(worker.pid), seconden=10, bericht="worker children still alive")

    klaar_bij_kill = chunks_klaar(run_id)
    broker = redis.Redis.from_url(TEST_REDIS_URL)
    onbevestigd, in_rij = broker.hlen("unacked"), broker.llen("celery")
    assert 0 < klaar_bij_kill < aantal, "the kill did not land mid-run"
    run = HerberekeningsRun.objects.get(pk=run_id)
    assert run.actief and run.status == "bezig"

    celery_werkers(concurrency=2)
    terug_op = time.monotonic()
    herstelpogingen = herstel_tot_klaar(run_id)
    hersteld_op = time.monotonic()

    run = HerberekeningsRun.objects.get(pk=run_id)
    assert (run.status, run.actief, run.chunks_klaar) == ("klaar", False, aantal)
    assert hersteld_op - terug_op < 300
    if onbevestigd:  # those come back from Redis only after the visibility timeout: the detector did it
        assert herstelpogingen >= 1
    na_herstel = opgeslagen()
    controleer_volledig(*na_herstel)
    assert na_herstel == onverstoord_opnieuw(run_id)

    with capsys.disabled():
        print(
            f"\n[crash] {aantal} chunks, {klaar_bij_kill} done at the kill; {onbevestigd} unacknowledged and "
            f"{in_rij} queued messages left in Redis; recovered {hersteld_op - terug_op:.1f} s after the new "
            f"worker was ready ({hersteld_op - gedood_op:.1f} s after the kill), {herstelpogingen} re-queue(s); "
            f"{len(na_herstel[0])} outcomes equal to an undisturbed run"
        )


def _vrije_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(poort: int, map: Path) -> subprocess.Popen:
    """A private Redis without persistence, so a restart loses every message: the worst case."""
    proces = subprocess.Popen(  # noqa: S603 - fixed command
        ["redis-server", "--port", str(poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=map,
        stdout=(map / "redis.log").open("a"),
        stderr=subprocess.STDOUT,
    )
    wacht_tot(lambda: _pong(poort), seconden=20, bericht="private redis-server did not start")
    return proces


def _pong(poort: int) -> bool:
    try:
        return redis.Redis(port=poort, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        return False


@pytest.mark.skipif(not any(Path(p, "redis-server").exists() for p in os.get_exec_path()), reason="no redis-server")
def test_redis_herstart_zonder_persistentie_verliest_niets(populatie, celery_werkers, tmp_path, capsys):
    poort = _vrije_poort()
    redis_proces = _start_redis(poort, tmp_path)
    try:
        celery_werkers(broker_url=f"redis://127.0.0.1:{poort}/0", concurrency=2)
        run_id = services.plan_volledige_herberekening(reden="nachtelijke herberekening")
        aantal = HerberekeningsRun.objects.get(pk=run_id).aantal_chunks
        wacht_tot(lambda: chunks_klaar(run_id) >= 4, seconden=120, bericht="first chunks")
        redis_proces.kill()  # SIGKILL: no last save (there is none configured anyway)
        redis_proces.wait(timeout=10)
        herstart_op = time.monotonic()
        klaar_bij_herstart = chunks_klaar(run_id)
        assert klaar_bij_herstart < aantal, "the restart did not land mid-run"
        redis_proces = _start_redis(poort, tmp_path)
        assert redis.Redis(port=poort).llen("celery") == 0  # every queued chunk is gone

        herstelpogingen = herstel_tot_klaar(run_id)
        hersteld_op = time.monotonic()
        run = HerberekeningsRun.objects.get(pk=run_id)
        assert (run.status, run.chunks_klaar) == ("klaar", aantal)
        assert herstelpogingen >= 1  # the lost chunks came back only through the detector
        na_herstel = opgeslagen()
        controleer_volledig(*na_herstel)
        # The undisturbed reference, computed in this process chunk by chunk with the same code.
        RechtUitkomst.objects.all().delete()
        Inkomenspositie.objects.all().delete()
        rechten.herbereken_alles_nu()
        assert opgeslagen() == na_herstel
    finally:
        redis_proces.kill()
        redis_proces.wait(timeout=10)

    with capsys.disabled():
        print(
            f"\n[redis] {aantal} chunks, {klaar_bij_herstart} done at the restart; recovered "
            f"{hersteld_op - herstart_op:.1f} s after it, {herstelpogingen} re-queue(s)"
        )
