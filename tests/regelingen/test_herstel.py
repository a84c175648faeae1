"""A full recompute survives a dead worker: every chunk is a row marked done with its outcomes, and the
stale-run detector re-queues only the missing chunks of a run without progress, or ends it (ADR 0012).
Time is frozen with time-machine; chunks run in this process, in the order a worker would."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine

from regelingen import rechten, services, tasks
from regelingen.models import HerberekeningsChunk, HerberekeningsRun, Inkomenspositie, RechtUitkomst
from tests.helpers import maak_huishouden
from venlo_armoede.celery import app

# Today, so chunks run inside and outside the frozen time use the same peildatum.
START = datetime.combine(date.today(), time(9, 0), tzinfo=UTC)


@pytest.fixture
def huishoudens(regels, settings):
    settings.HERBEREKENING_CHUNK_GROOTTE = 3
    settings.HERBEREKENING_STIL_NA = 150
    settings.HERBEREKENING_MAX_HERSTELPOGINGEN = 2
    return [maak_huishouden(inkomen=Decimal(900 + 150 * i), kinderen=(i % 3 + 4,)) for i in range(7)]


class Wachtrij(list):
    """Stands in for the broker: what was sent, so a test decides when (and whether) a chunk runs."""

    def __call__(self, van_id, tot_id, run_id):
        self.append((van_id, tot_id, run_id))

    def draai(self, aantal=None):
        """Run the first `aantal` sent chunks, as a worker would."""
        for bericht in self[:aantal]:
            rechten.herbereken_reeks(*bericht)
        del self[:aantal]


def uitkomsten():
    return sorted(RechtUitkomst.objects.values_list("huishouden_id", "regeling_id", "versie_id", "uitkomst", "bedrag"))


def test_elke_chunk_wordt_met_zijn_uitkomsten_als_klaar_gemarkeerd(huishoudens, django_capture_on_commit_callbacks):
    wachtrij = Wachtrij()
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_id = rechten.start_run("test", wachtrij)
    assert len(wachtrij) == 3
    assert HerberekeningsChunk.objects.filter(run_id=run_id, klaar_op=None).count() == 3

    with time_machine.travel(START + timedelta(seconds=5), tick=False):
        wachtrij.draai(1)
    run = HerberekeningsRun.objects.get(pk=run_id)
    assert (run.status, run.actief, run.chunks_klaar) == ("bezig", True, 1)
    assert run.laatste_voortgang == START + timedelta(seconds=5)
    eerste = HerberekeningsChunk.objects.get(run_id=run_id, van_id=huishoudens[0].pk)
    assert eerste.klaar_op == START + timedelta(seconds=5)
    assert Inkomenspositie.objects.count() == 3

    wachtrij.draai()
    run.refresh_from_db()
    assert (run.status, run.actief, run.chunks_klaar) == ("klaar", False, 3)
    assert Inkomenspositie.objects.count() == 7


def test_detector_zet_alleen_de_ontbrekende_chunks_opnieuw_in_de_rij(huishoudens, django_capture_on_commit_callbacks):
    wachtrij = Wachtrij()
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_id = rechten.start_run("test", wachtrij)
    with time_machine.travel(START + timedelta(seconds=2), tick=False):
        wachtrij.draai(1)
    wachtrij.clear()  # the worker died: the other two messages are gone

    verloren = [(huishoudens[3].pk, huishoudens[5].pk + 1, run_id), (huishoudens[6].pk, huishoudens[6].pk + 1, run_id)]
    with time_machine.travel(START + timedelta(seconds=2 + 150), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rechten.herstel_vastgelopen_runs(wachtrij) == []  # exactly the limit: not yet stalled
    assert wachtrij == []
    with time_machine.travel(START + timedelta(seconds=2 + 151), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            gedaan = rechten.herstel_vastgelopen_runs(wachtrij)
        assert [(h.run_id, h.status) for h in gedaan] == [(run_id, "opnieuw")]
        assert wachtrij == verloren
        # Just re-queued: the next minute's detector leaves it alone.
        with django_capture_on_commit_callbacks(execute=True):
            assert rechten.herstel_vastgelopen_runs(wachtrij) == []
    assert HerberekeningsRun.objects.get(pk=run_id).herstelpogingen == 1

    wachtrij.draai()
    run = HerberekeningsRun.objects.get(pk=run_id)
    assert (run.status, run.actief, run.chunks_klaar) == ("klaar", False, 3)
    herstelde = uitkomsten()

    # Exactly what an undisturbed run stores.
    RechtUitkomst.objects.all().delete()
    Inkomenspositie.objects.all().delete()
    rechten.herbereken_alles_nu()
    assert uitkomsten() == herstelde
    assert Inkomenspositie.objects.count() == 7


def test_een_dubbel_afgeleverde_chunk_verandert_niets(huishoudens, django_capture_on_commit_callbacks):
    wachtrij = Wachtrij()
    with django_capture_on_commit_callbacks(execute=True):
        run_id = rechten.start_run("test", wachtrij)
    eerste = wachtrij[0]
    wachtrij.draai(1)
    voor = (uitkomsten(), HerberekeningsChunk.objects.get(run_id=run_id, van_id=eerste[0]).klaar_op)
    assert rechten.herbereken_reeks(*eerste) == 0  # skipped: already done
    assert (uitkomsten(), HerberekeningsChunk.objects.get(run_id=run_id, van_id=eerste[0]).klaar_op) == voor
    assert HerberekeningsRun.objects.get(pk=run_id).chunks_klaar == 1


def test_een_run_die_niet_afkomt_wordt_mislukt_en_blokkeert_niets(huishoudens, django_capture_on_commit_callbacks):
    wachtrij = Wachtrij()
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_id = rechten.start_run("test", wachtrij)
    wachtrij.clear()  # no chunk ever arrives
    for poging, minuten in ((1, 3), (2, 6)):
        with time_machine.travel(START + timedelta(minutes=minuten), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                assert [h.status for h in rechten.herstel_vastgelopen_runs(wachtrij)] == ["opnieuw"]
        assert HerberekeningsRun.objects.get(pk=run_id).herstelpogingen == poging
        assert len(wachtrij) == 3
        wachtrij.clear()
    with time_machine.travel(START + timedelta(minutes=9), tick=False):
        gedaan = rechten.herstel_vastgelopen_runs(wachtrij)
    assert [(h.run_id, h.status, len(h.chunks)) for h in gedaan] == [(run_id, "mislukt", 3)]
    assert wachtrij == []
    run = HerberekeningsRun.objects.get(pk=run_id)
    assert (run.status, run.actief, run.klaar_op) == ("mislukt", False, None)

    with django_capture_on_commit_callbacks(execute=True):
        nieuw = rechten.start_run("na een normwijziging", wachtrij)
    assert nieuw is not None and nieuw != run_id
    wachtrij.draai()
    assert HerberekeningsRun.objects.get(pk=nieuw).status == "klaar"
    assert Inkomenspositie.objects.count() == 7


def test_een_vastgelopen_run_wordt_vervangen_een_levende_niet(huishoudens, django_capture_on_commit_callbacks):
    wachtrij = Wachtrij()
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            oud = rechten.start_run("nachtelijk", wachtrij)
        wachtrij.draai(1)
    wachtrij.clear()
    # Within the period: the run may still be alive; the request is remembered, nothing is queued now.
    with time_machine.travel(START + timedelta(seconds=100), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rechten.start_run("normwijziging", wachtrij) is None
    assert wachtrij == []
    assert HerberekeningsRun.objects.get(pk=oud).opnieuw_reden == "normwijziging"
    # After it: a dead run never blocks.
    with time_machine.travel(START + timedelta(seconds=151), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            nieuw = rechten.start_run("normwijziging", wachtrij)
    assert nieuw is not None
    oude_run = HerberekeningsRun.objects.get(pk=oud)
    assert (oude_run.status, oude_run.actief, oude_run.opnieuw_reden) == ("vervangen", False, "")
    assert len(wachtrij) == 3 and {r for _, _, r in wachtrij} == {nieuw}
    assert HerberekeningsRun.objects.filter(actief=True).get().pk == nieuw


def test_een_wijziging_tijdens_een_run_wordt_na_afloop_alsnog_berekend(huishoudens, django_capture_on_commit_callbacks):
    """Chunks done before a norm change used the old norm: the refused recompute runs when the live one ends."""
    wachtrij = Wachtrij()
    with django_capture_on_commit_callbacks(execute=True):
        eerste = rechten.start_run("nachtelijk", wachtrij)
        assert services.plan_volledige_herberekening(reden="normwijziging") is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        wachtrij.draai()  # the last chunk closes the run and queues the remembered recompute (eager here)
    assert callbacks
    runs = list(HerberekeningsRun.objects.filter(pk__gte=eerste).order_by("pk").values_list("pk", "reden", "status"))
    assert runs[0] == (eerste, "nachtelijk", "klaar")
    assert [rij[1:] for rij in runs[1:]] == [("normwijziging", "klaar")]


def test_detector_als_celery_taak(huishoudens, django_capture_on_commit_callbacks):
    """The beat entry's task, eagerly: re-queued chunks reach herbereken_reeks_taak and finish the run."""
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=False):
        run_id = tasks.herbereken_alle_rechten("nachtelijk")  # chunks never sent: as if lost
    with time_machine.travel(START + timedelta(minutes=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.herstel_vastgelopen_herberekeningen.delay().get() == [(run_id, "opnieuw", 3)]
    assert HerberekeningsRun.objects.get(pk=run_id).status == "klaar"
    assert Inkomenspositie.objects.count() == 7


def test_zichtbaarheid_ligt_net_boven_de_harde_tijdslimiet(settings):
    zichtbaar = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_time_limit < zichtbaar <= app.conf.task_time_limit + 120
    assert tasks.herbereken_reeks_taak.time_limit == settings.HERBEREKENING_CHUNK_TIME_LIMIT
    assert tasks.herbereken_reeks_taak.soft_time_limit < tasks.herbereken_reeks_taak.time_limit
    assert settings.HERBEREKENING_CHUNK_TIME_LIMIT <= app.conf.task_time_limit
    assert "herstel-vastgelopen-herberekeningen" in settings.CELERY_BEAT_SCHEDULE
