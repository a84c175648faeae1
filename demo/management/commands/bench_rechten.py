"""Benchmark of the rechtenberekening, printed as one JSON object.

    python manage.py bench_rechten --households 50000

Runs in its own database, never the one in DATABASE_URL: `<name>_bench` (PostgreSQL) or `<file>_bench.sqlite3`
(SQLite), created and migrated when missing, or the one given with --database-url. That database must be
empty or marked as a demo/benchmark database (ADR 0008); an empty one is marked as benchmark database.
Seeds the demo population (in a child process, so its memory does not count) when the database holds
fewer households than asked, then measures in this process: the set-wise full recompute, the single-
household recompute (median of many), the what-if simulation (a simple field, and a changed list of
voorwaarden), the peak memory (max RSS of this process),
and the same full recompute done the naive way (a per-household ORM loop saving one row at a time)."""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Huishouden, InkomensBron, Inwoner
from regelingen import engine, rechten, selectors, services
from regelingen.models import HerberekeningsRun, Inkomenspositie, RechtUitkomst, Regeling, RunStatus
from regelingen.scenario import simuleer
from venlo_armoede.celery import app
from venlo_armoede.omgeving.bewaking import vereis_wegwerpdatabase
from venlo_armoede.omgeving.models import SoortDatabase


def bench_database_url() -> str:
    """The application's database URL with `_bench` added to the database name (or SQLite file name)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.BASE_DIR / 'db.sqlite3'}"
    delen = urlsplit(url)
    if delen.scheme.startswith("sqlite"):
        map_, _, bestand = url.rpartition("/")
        stam, punt, extensie = bestand.partition(".")
        return f"{map_}/{stam}_bench{punt}{extensie}"
    return urlunsplit(delen._replace(path=f"{delen.path.rstrip('/')}_bench"))


def is_huidige_database(url: str) -> bool:
    doel = environ.Env.db_url_config(url)
    huidig = settings.DATABASES["default"]
    return all(str(doel.get(k) or "") == str(huidig.get(k) or "") for k in ("ENGINE", "NAME", "HOST", "PORT"))


def maak_database(url: str) -> None:
    """Create the PostgreSQL database when it does not exist (SQLite creates its file on connecting)."""
    doel = environ.Env.db_url_config(url)
    if doel["ENGINE"] != "django.db.backends.postgresql" or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [doel["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(doel['NAME'])}")


class Command(BaseCommand):
    help = "Meet de snelheid van de rechtenberekening en druk de cijfers af als JSON."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=50000)
        parser.add_argument("--single-runs", type=int, default=200)
        parser.add_argument(
            "--naive-households",
            type=int,
            default=None,
            help="Reken de naïeve manier op zoveel huishoudens en schaal op (standaard: allemaal).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--database-url",
            default=None,
            help="Database voor de meting (standaard: de eigen database met _bench achter de naam). Die moet leeg "
            "zijn of gemarkeerd als demo- of benchmarkdatabase.",
        )

    def handle(self, *args, households, single_runs, naive_households, seed, database_url, **options):
        doel = database_url or bench_database_url()
        if not is_huidige_database(doel):
            # Settings are fixed for this process: prepare the benchmark database, then measure in a child
            # process that has it as DATABASE_URL.
            self.stderr.write(f"Benchmark database: {environ.Env.db_url_config(doel)['NAME']}")
            maak_database(doel)
            omgeving = {**os.environ, "DATABASE_URL": doel}
            manage = [sys.executable, "manage.py"]
            migreer = [*manage, "migrate", "--no-input", "-v", "0"]
            subprocess.run(migreer, cwd=settings.BASE_DIR, env=omgeving, check=True)  # noqa: S603
            argumenten = ["--households", str(households), "--single-runs", str(single_runs), "--seed", str(seed)]
            if naive_households is not None:
                argumenten += ["--naive-households", str(naive_households)]
            kind = subprocess.run(  # noqa: S603 - our own manage.py
                [*manage, "bench_rechten", *argumenten, "--database-url", doel], cwd=settings.BASE_DIR, env=omgeving
            )
            if kind.returncode:
                raise CommandError("De benchmark is niet gelukt; zie de melding hierboven.", returncode=kind.returncode)
            return
        # It seeds with --reset and deletes every outcome: only on a demo/benchmark database (ADR 0008).
        bestaand = Huishouden.objects.count()
        vereis_wegwerpdatabase(
            opdracht="bench_rechten",
            aanwezige_gegevens=f"{bestaand} huishoudens" if bestaand else None,
            markeer_als=SoortDatabase.BENCHMARK,
        )
        if Huishouden.objects.count() < households:
            self.stderr.write(f"Seeding {households} households first (child process)…")
            subprocess.run(  # noqa: S603 - our own manage.py
                [
                    sys.executable,
                    "manage.py",
                    "seed_demo",
                    "--households",
                    str(households),
                    "--seed",
                    str(seed),
                    "--reset",
                    "--ook-zonder-debug",
                ],
                cwd=settings.BASE_DIR,
                check=True,
            )
        aantal = Huishouden.objects.count()
        peildatum = timezone.localdate()

        grens = self._grens(peildatum)
        RechtUitkomst.objects.all().delete()  # cold: as on the first night, every outcome is new
        self._vacuum()
        start = time.perf_counter()
        totaal = rechten.herbereken_alles_nu()
        volledig = time.perf_counter() - start
        opslag_na_1 = self._opslag()
        start = time.perf_counter()
        warm = rechten.herbereken_alles_nu()
        volledig_warm = time.perf_counter() - start
        for _ in range(3):  # five recomputes in all: does the table grow when nothing changes?
            rechten.herbereken_alles_nu()
        opslag_na_5 = self._opslag()
        celery_koud, celery_warm = self._via_celery_worker()

        ids = list(Huishouden.objects.values_list("id", flat=True))
        steekproef = random.Random(seed).sample(ids, min(single_runs, len(ids)))
        tijden = []
        for pk in steekproef:
            start = time.perf_counter()
            rechten.herbereken([pk])
            tijden.append((time.perf_counter() - start) * 1000)

        whatif = self._whatif()
        whatif_voorwaarden = self._whatif_voorwaarden()
        piek_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB

        naief_aantal = min(naive_households or aantal, aantal)
        start = time.perf_counter()
        self._naief(sorted(ids)[:naief_aantal], peildatum)
        naief = (time.perf_counter() - start) * (aantal / naief_aantal)
        rechten.herbereken_alles_nu()  # leave the set-wise result in place

        self.stdout.write(
            json.dumps(
                {
                    "database": connection.vendor,
                    "households": aantal,
                    "outcomes_stored": totaal.uitkomsten,
                    "households_not_computable": totaal.fouten,
                    "full_recompute_s": round(volledig, 2),
                    "limit_s": grens,
                    "full_recompute_vs_limit": round(volledig / grens["total_s"], 1),
                    "full_recompute_celery_vs_limit": (
                        round(celery_koud / grens["total_s"], 1) if celery_koud is not None else None
                    ),
                    "stored_outcome_after_1_recompute": opslag_na_1,
                    "stored_outcome_after_5_recomputes": opslag_na_5,
                    "full_recompute_unchanged_s": round(volledig_warm, 2),
                    "rows_rewritten_when_unchanged": warm.herschreven,
                    "full_recompute_celery_worker_2_processes_s": celery_koud,
                    "full_recompute_celery_worker_2_processes_unchanged_s": celery_warm,
                    "single_household_ms_median": round(statistics.median(tijden), 1),
                    "single_household_ms_p95": round(sorted(tijden)[int(len(tijden) * 0.95) - 1], 1),
                    "whatif_s": whatif,
                    "whatif_voorwaarden_s": whatif_voorwaarden,
                    "peak_memory_mb": round(piek_mb),
                    "naive_full_recompute_s": round(naief, 1),
                    "naive_measured_on_households": naief_aantal,
                    "speedup_vs_naive": round(naief / volledig, 1),
                },
                indent=2,
            )
        )

    def _grens(self, peildatum) -> dict:
        """The limit for a full recompute, measured in this run: read every input (the same snapshot query
        the recompute uses), run the engine alone, and COPY the outcome rows into an empty table with the
        same columns and indexes (logged, like the real table). A recompute cannot be faster than these three
        together."""
        context = engine.maak_context(peildatum, selectors.normtabel(), selectors.regels(peildatum))
        regeling_ids = dict(Regeling.objects.values_list("code", "id"))
        lezen = rekenen = schrijven = 0.0
        delen = rechten.chunks()
        for van_id, tot_id in delen:
            start = time.perf_counter()
            snap = rechten.snapshots(Q(id__gte=van_id, id__lt=tot_id), peildatum)
            lezen += time.perf_counter() - start
            start = time.perf_counter()
            rijen = []
            nu = timezone.now()
            for pk, huishouden in snap.items():
                try:
                    berekening = engine.bepaal_rechten_met_context(huishouden, context)
                except engine.OngeldigHuishouden:
                    continue
                rijen.extend(
                    (pk, regeling_ids[u.code], u.versie_id, nu, rechten.CODES[u.uitkomst], u.bedrag)
                    for u in berekening.uitkomsten
                )
            rekenen += time.perf_counter() - start
            start = time.perf_counter()
            self._copy_naar_lege_tabel(rijen, eerste=van_id == delen[0][0])
            schrijven += time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_grens_uitkomst")
        return {
            "read_s": round(lezen, 2),
            "engine_s": round(rekenen, 2),
            "copy_s": round(schrijven, 2),
            "total_s": round(lezen + rekenen + schrijven, 2),
        }

    def _copy_naar_lege_tabel(self, rijen: list[tuple], *, eerste: bool) -> None:
        if connection.vendor != "postgresql":
            return  # the limit's write part is measured on PostgreSQL only
        tabel = RechtUitkomst._meta.db_table
        kolommen = ", ".join(
            RechtUitkomst._meta.get_field(v.removesuffix("_id")).column for v in rechten.UITKOMST_VELDEN
        )
        with connection.cursor() as cursor:
            if eerste:
                cursor.execute("DROP TABLE IF EXISTS bench_grens_uitkomst")
                cursor.execute(f"CREATE TABLE bench_grens_uitkomst (LIKE {tabel} INCLUDING INDEXES)")
            with cursor.cursor.copy(f"COPY bench_grens_uitkomst ({kolommen}) FROM STDIN") as copy:  # noqa: S608
                for rij in rijen:
                    copy.write_row(rij)

    def _vacuum(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {RechtUitkomst._meta.db_table}")

    def _opslag(self) -> dict | None:
        """Bytes per stored outcome: the table's heap, and heap + indexes + TOAST (pg_total_relation_size),
        divided by the number of rows."""
        if connection.vendor != "postgresql":
            return None
        tabel = RechtUitkomst._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size(%s), pg_total_relation_size(%s)", [tabel, tabel])
            heap, totaal = cursor.fetchone()
        rijen = RechtUitkomst.objects.for_systeem("benchmark: opslag per uitkomst").count()
        return {
            "rows": rijen,
            "heap_bytes_per_row": round(heap / rijen, 1) if rijen else None,
            "total_bytes_per_row": round(totaal / rijen, 1) if rijen else None,
            "total_mb": round(totaal / 1024 / 1024, 1),
        }

    def _via_celery_worker(self):
        """The production path: plan_volledige_herberekening queues chunk tasks; a real worker with two
        processes (this machine's cores) takes them from Redis. Timed from queueing to the last chunk."""
        if not settings.CELERY_BROKER_URL:
            self.stderr.write("CELERY_BROKER_URL not set: skipping the measurement with a real worker.")
            return None, None
        worker = subprocess.Popen(  # noqa: S603 - fixed command
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "venlo_armoede",
                "worker",
                "--concurrency=2",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
        )
        try:
            for _ in range(120):
                if app.control.ping(timeout=0.5):
                    break
            tijden = []
            for leeg_eerst in (True, False):
                if leeg_eerst:
                    RechtUitkomst.objects.all().delete()
                HerberekeningsRun.objects.filter(actief=True).update(actief=False, status=RunStatus.MISLUKT)
                start = time.perf_counter()
                with transaction.atomic():
                    run_id = services.plan_volledige_herberekening(reden="benchmark")
                while HerberekeningsRun.objects.filter(pk=run_id, actief=True).exists():
                    time.sleep(0.1)
                tijden.append(round(time.perf_counter() - start, 2))
            return tuple(tijden)
        finally:
            worker.terminate()
            worker.wait(timeout=30)

    def _whatif(self):
        start = time.perf_counter()
        simuleer(regeling_code="leergeld", wijzigingen={"inkomensgrens_pct": 150})
        return round(time.perf_counter() - start, 2)

    def _whatif_voorwaarden(self):
        """The what-if with a changed list of voorwaarden: the income limit raised, a kenmerk condition added."""
        voorwaarden = [
            {"soort": "kinderen", "min_leeftijd": 4, "max_leeftijd": 17},
            {"soort": "inkomen", "max_pct": "150"},
            {"soort": "kenmerk", "kenmerk": "chronisch_ziek_of_gehandicapt", "wie": "iemand", "heeft": False},
        ]
        start = time.perf_counter()
        simuleer(regeling_code="leergeld", wijzigingen={}, voorwaarden=voorwaarden)
        return round(time.perf_counter() - start, 2)

    def _naief(self, ids, peildatum):
        """What a straightforward implementation does: per household, read it through the ORM, compute,
        and save every outcome row on its own."""
        context = engine.maak_context(peildatum, selectors.normtabel(), selectors.regels(peildatum))
        for pk in ids:
            huishouden = Huishouden.objects.get(pk=pk)
            leden = []
            for inwoner in Inwoner.objects.filter(huishouden=huishouden):
                inkomen = sum(
                    (
                        i.netto_maandbedrag
                        for i in InkomensBron.objects.filter(inwoner=inwoner, geldig_van__lte=peildatum).filter(
                            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum)
                        )
                    ),
                    start=Decimal("0"),
                )
                leden.append(
                    engine.Lid(rol=inwoner.rol, geboortedatum=inwoner.geboortedatum, netto_maandinkomen=inkomen)
                )
            snapshot = engine.Huishouden(
                leden=tuple(leden), vermogen=huishouden.vermogen, laag_inkomen_sinds=huishouden.laag_inkomen_sinds
            )
            try:
                berekening = engine.bepaal_rechten_met_context(snapshot, context)
            except engine.OngeldigHuishouden:
                continue
            with transaction.atomic():
                Inkomenspositie.objects.update_or_create(
                    huishouden=huishouden,
                    defaults=dict(
                        peildatum=peildatum,
                        norm=berekening.norm,
                        inkomen=berekening.inkomen,
                        inkomen_pct=berekening.inkomen_pct,
                        doelgroep=rechten.doelgroep(berekening, snapshot, context),
                        berekend_op=timezone.now(),
                    ),
                )
                for u in berekening.uitkomsten:
                    RechtUitkomst.objects.update_or_create(
                        huishouden=huishouden,
                        regeling=Regeling.objects.get(code=u.code),
                        defaults=dict(
                            versie_id=u.versie_id,
                            uitkomst=u.uitkomst,
                            bedrag=u.bedrag,
                            vastgesteld_op=timezone.now(),
                        ),
                    )
