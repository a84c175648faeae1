"""Benchmark of the beleid dashboards, printed as one JSON object.

    python manage.py bench_dashboard --households 50000 --casussen 100000 --doorverwijzingen 200000 \
        --vroegsignalen 50000

Runs in the benchmark database of bench_rechten (`<name>_bench`, or --database-url), under the same rules
(ADR 0008). Seeds households (seed_demo) and casussen (bench_werk) when there are fewer than asked, fills in the
Wgs dates and uitstroomredenen of the added casussen, and adds doorverwijzingen (with consent and steps) and
vroegsignalen (with contact attempts) set-based in SQL. Then times the full snapshot computation and the server
time (median and p95 over --runs requests, Django's test client in this process) and the number of queries of
/beleid/ (without and with filters), /api/v1/kpis/ (without and with filters) and /werk/team/ (as the demo
teamleider, who leads one of the ten benchmark teams). Run it at two sizes: the query counts must be equal."""

import json
import os
import random
import subprocess
import sys
import time

import environ
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from cases.models import Casus, Huishouden
from demo.management.commands.bench_rechten import bench_database_url, is_huidige_database, maak_database
from demo.management.commands.bench_werk import Command as BenchWerk
from demo.populatie import maak_demo_gebruikers
from monitoring import services as monitoring_services
from monitoring.models import KpiWaarde
from partners.models import Contactpoging, Dienst, Doorverwijzing, DoorverwijzingStap, Toestemming, Vroegsignaal
from regelingen import rechten
from regelingen.models import Inkomenspositie
from venlo_armoede.accounts.models import Organisatie, Stadsdeel, Team
from venlo_armoede.omgeving.bewaking import vereis_wegwerpdatabase
from venlo_armoede.omgeving.models import SoortDatabase

BUDGET_P95_MS = 300
BUDGET_SNAPSHOT_S = 60
BENCH = "Benchmark"  # marks the rows this command adds (hulpvraag, naam)


class Command(BaseCommand):
    help = "Meet de servertijd van /beleid/ en /api/v1/kpis/ en de KPI-berekening; drukt JSON af."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=50000)
        parser.add_argument("--casussen", type=int, default=100000)
        parser.add_argument("--doorverwijzingen", type=int, default=200000)
        parser.add_argument("--vroegsignalen", type=int, default=50000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--database-url", default=None)

    def handle(self, *args, **opties):
        doel = opties["database_url"] or bench_database_url()
        if not is_huidige_database(doel):
            self.stderr.write(f"Benchmark database: {environ.Env.db_url_config(doel)['NAME']}")
            maak_database(doel)
            omgeving = {**os.environ, "DATABASE_URL": doel}
            manage = [sys.executable, "manage.py"]
            migreer = [*manage, "migrate", "--no-input", "-v", "0"]
            subprocess.run(migreer, cwd=settings.BASE_DIR, env=omgeving, check=True)  # noqa: S603
            argumenten = []
            for naam in ("households", "casussen", "doorverwijzingen", "vroegsignalen", "runs", "seed"):
                argumenten += [f"--{naam}", str(opties[naam])]
            kind = subprocess.run(  # noqa: S603 - our own manage.py
                [*manage, "bench_dashboard", *argumenten, "--database-url", doel], cwd=settings.BASE_DIR, env=omgeving
            )
            if kind.returncode:
                raise CommandError("De benchmark is niet gelukt; zie de melding hierboven.", returncode=kind.returncode)
            return
        if connection.vendor != "postgresql":
            raise CommandError("bench_dashboard vult de gegevens met PostgreSQL-SQL; gebruik een PostgreSQL-database.")
        bestaand = Huishouden.objects.count()
        vereis_wegwerpdatabase(
            opdracht="bench_dashboard",
            aanwezige_gegevens=f"{bestaand} huishoudens" if bestaand else None,
            markeer_als=SoortDatabase.BENCHMARK,
        )
        if bestaand < opties["households"]:
            self.stderr.write(f"Seeding {opties['households']} households first (child process)…")
            subprocess.run(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", "seed_demo", "--households", str(opties["households"])]
                + ["--seed", str(opties["seed"]), "--reset", "--ook-zonder-debug"],
                cwd=settings.BASE_DIR,
                check=True,
            )
        if Inkomenspositie.objects.for_systeem("benchmark: tellen").count() < opties["households"]:
            # The reach, niet-gebruik and doelgroep figures rest on the outcomes of the rechtenberekening.
            self.stderr.write("Computing the rights of every household first…")
            rechten.herbereken_alles_nu()
        start = time.perf_counter()
        klantadviseur = get_user_model().objects.get(username="klantadviseur")
        rng = random.Random(f"{opties['seed']}-bench-dashboard")
        BenchWerk()._vul_casussen_aan(rng, opties["casussen"], 400, klantadviseur)
        self._vul_casusdatums()
        self._vul_doorverwijzingen(opties["doorverwijzingen"], klantadviseur)
        self._vul_vroegsignalen(opties["vroegsignalen"], klantadviseur)
        seed_s = round(time.perf_counter() - start, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        begin = time.perf_counter()
        run = monitoring_services.bereken()
        snapshot_s = round(time.perf_counter() - begin, 1)

        beleidsadviseur = get_user_model().objects.get(username="beleidsadviseur")
        stadsdeel = Stadsdeel.objects.order_by("pk").first()
        paginas = {
            "beleid": reverse("monitoring:beleid"),
            "beleid_met_filters": f"{reverse('monitoring:beleid')}?stadsdeel={stadsdeel.pk}&doelgroep=eenoudergezin",
            "api_kpis": reverse("api:kpis"),
            "api_kpis_met_filters": f"{reverse('api:kpis')}?stadsdeel={stadsdeel.pk}&doelgroep=eenoudergezin",
        }
        werk = BenchWerk()
        resultaat = {
            "database": connection.vendor,
            "households": Huishouden.objects.count(),
            "casussen": Casus.objects.count(),
            "doorverwijzingen": Doorverwijzing.objects.for_systeem("benchmark: tellen").count(),
            "vroegsignalen": Vroegsignaal.objects.for_systeem("benchmark: tellen").count(),
            "seed_s": seed_s,
            "snapshot_s": snapshot_s,
            "snapshot_kpis": run.totaal,
            "snapshot_rows": KpiWaarde.objects.count(),
            "budget_snapshot_s": BUDGET_SNAPSHOT_S,
            "runs_per_page": opties["runs"],
            "budget_p95_ms": BUDGET_P95_MS,
            "pages": {naam: self._meet(werk, beleidsadviseur, url, opties["runs"]) for naam, url in paginas.items()},
        }
        # The demo teamleider leads one of the ten benchmark teams (10 klantadviseurs, about a tenth of the casussen).
        teamleider = maak_demo_gebruikers()["teamleider"]  # idempotent; a database seeded earlier may lack the role
        Team.objects.filter(naam="Benchteam 0").get().leiders.add(teamleider)
        resultaat["pages"]["werk_team"] = self._meet(werk, teamleider, reverse("team:overzicht"), opties["runs"])
        gemeten = [p for p in resultaat["pages"].values() if p]
        resultaat["all_within_budget"] = snapshot_s <= BUDGET_SNAPSHOT_S and all(
            p["p95_ms"] <= BUDGET_P95_MS for p in gemeten
        )
        self.stdout.write(json.dumps(resultaat, indent=2))

    def _meet(self, werk: BenchWerk, gebruiker, url: str, runs: int) -> dict:
        client = werk._client(gebruiker)
        queries = []

        def tel(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Counted with a wrapper: Django's query log is reset at every request start.
        with connection.execute_wrapper(tel):
            antwoord = client.get(url)
        if antwoord.status_code != 200:
            raise CommandError(f"{url} gaf HTTP {antwoord.status_code}.")
        uitkomst = werk._meet(gebruiker, url, runs)
        uitkomst["queries"] = len(queries)
        uitkomst["url"] = url
        return uitkomst

    def _vul_casusdatums(self) -> None:
        """The Wgs dates and uitstroomredenen of the benchmark casussen, in one UPDATE (spread by id)."""
        tabel = Casus._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {tabel} SET
                  eerste_gesprek_op = LEAST(CURRENT_DATE,
                      (aangemeld_op AT TIME ZONE 'Europe/Amsterdam')::date + (id %% 35)::int),
                  beschikking_op = CASE WHEN id %% 3 <> 0 THEN LEAST(CURRENT_DATE,
                      (aangemeld_op AT TIME ZONE 'Europe/Amsterdam')::date + (id %% 35)::int + (id %% 70)::int) END,
                  toegelaten = CASE WHEN id %% 3 <> 0 THEN id %% 5 <> 0 END,
                  schuldregeling_op = CASE WHEN id %% 3 = 1 AND id %% 5 <> 0 THEN LEAST(CURRENT_DATE,
                      (aangemeld_op AT TIME ZONE 'Europe/Amsterdam')::date
                      + (id %% 35)::int + (id %% 70)::int + (id %% 160)::int) END,
                  uitstroomreden = CASE WHEN status = 'afgesloten'
                      THEN (ARRAY['afgerond', 'afgerond', 'ingetrokken', 'zelf_opgelost', 'niet_verschenen'])
                           [1 + id %% 5]
                      ELSE '' END
                WHERE status <> 'aanmelding' AND hulpvraag LIKE %s AND eerste_gesprek_op IS NULL
                """,  # noqa: S608 # nosec B608 - the table name is our own model's
                [f"{BENCH}%"],
            )

    def _vul_doorverwijzingen(self, totaal: int, gebruiker) -> None:
        nodig = totaal - Doorverwijzing.objects.for_systeem("benchmark: tellen").count()
        if nodig <= 0:
            return
        if not Dienst.objects.filter(actief=True).exists():
            raise CommandError("Er zijn geen diensten: laad eerst de sociale kaart (seed_demo).")
        t, d, s, c = (m._meta.db_table for m in (Toestemming, Doorverwijzing, DoorverwijzingStap, Casus))
        dienst = Dienst._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH cs AS (SELECT id, aangemeld_op, row_number() OVER (ORDER BY id) AS rn FROM {c}
                            WHERE status <> 'aanmelding'),
                     ds AS (SELECT id, organisatie_id, row_number() OVER (ORDER BY id) AS rn
                            FROM {dienst} WHERE actief),
                     n AS (SELECT (SELECT count(*) FROM cs) AS cs, (SELECT count(*) FROM ds) AS ds),
                     keuze AS (
                        SELECT g, cs.id AS casus_id, cs.aangemeld_op + interval '10 days' AS op, ds.id AS dienst_id,
                               ds.organisatie_id
                        FROM generate_series(1, %s) g CROSS JOIN n
                        JOIN cs ON cs.rn = 1 + (g * 7919) %% n.cs
                        JOIN ds ON ds.rn = 1 + (g * 31) %% n.ds),
                     tt AS (
                        INSERT INTO {t} (casus_id, organisatie_id, categorieen, wijze, gegeven_op, geldig_tot,
                                         vastgelegd_door_id, vastgelegd_op)
                        SELECT casus_id, organisatie_id, ',hulpvraag,', 'mondeling', op::date, op::date + 365, %s, op
                        FROM keuze RETURNING id, casus_id, organisatie_id, vastgelegd_op)
                INSERT INTO {d} (casus_id, dienst_id, organisatie_id, toestemming_id, hulpvraag, urgentie, categorieen,
                                 gegevens, status, versie, verstuurd_op, verstuurd_door_id, reageren_uiterlijk,
                                 uitkomst)
                SELECT tt.casus_id,
                       (SELECT min(id) FROM {dienst} WHERE organisatie_id = tt.organisatie_id AND actief),
                       tt.organisatie_id, tt.id, %s, 'normaal', ',hulpvraag,', '{{}}'::jsonb,
                       (ARRAY['verstuurd', 'ontvangen', 'geaccepteerd', 'in_behandeling', 'afgerond', 'afgerond',
                              'afgewezen', 'afgewezen', 'teruggestuurd', 'afgerond'])[1 + tt.id %% 10],
                       1, tt.vastgelegd_op, %s, tt.vastgelegd_op::date + 10,
                       CASE WHEN tt.id %% 10 IN (4, 5, 9)
                            THEN (ARRAY['doel_bereikt', 'deels_bereikt', 'niet_bereikt', 'gestopt'])[1 + tt.id %% 4]
                            ELSE '' END
                FROM tt
                """,  # noqa: S608 # nosec B608 - table names are our own models'
                [nodig, gebruiker.pk, BENCH, gebruiker.pk],
            )
            # The steps of each added referral, after its status (append-only: only inserts).
            for stap, na, voorwaarde in (
                ("verstuurd", "0 hours", "TRUE"),
                ("ontvangen", "20 hours", "status <> 'verstuurd'"),
                (
                    "geaccepteerd",
                    "30 hours",
                    "status IN ('geaccepteerd', 'in_behandeling', 'afgerond', 'teruggestuurd')",
                ),
                ("afgewezen", "50 hours", "status = 'afgewezen'"),
                ("in_behandeling", "60 hours", "status IN ('in_behandeling', 'afgerond', 'teruggestuurd')"),
            ):
                cursor.execute(
                    f"""
                    INSERT INTO {s} (doorverwijzing_id, stap, tijdstip, door_naam, organisatie_id, reden, toelichting,
                                     uitkomst)
                    SELECT id, %s, verstuurd_op + interval '{na}', %s, organisatie_id,
                           CASE WHEN %s = 'afgewezen' THEN 'geen_capaciteit' ELSE '' END, '', ''
                    FROM {d} dv WHERE hulpvraag = %s AND {voorwaarde}
                      AND NOT EXISTS (SELECT 1 FROM {s} x WHERE x.doorverwijzing_id = dv.id AND x.stap = %s)
                    """,  # noqa: S608 # nosec B608 - fixed texts of this command
                    [stap, BENCH, stap, BENCH, stap],
                )

    def _vul_vroegsignalen(self, totaal: int, gebruiker) -> None:
        nodig = totaal - Vroegsignaal.objects.for_systeem("benchmark: tellen").count()
        if nodig <= 0:
            return
        partner, _ = Organisatie.objects.get_or_create(
            naam="Benchmark woningcorporatie", defaults={"soort": "signaalpartner"}
        )
        v, h, cp = (m._meta.db_table for m in (Vroegsignaal, Huishouden, Contactpoging))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH hs AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM {h}),
                     n AS (SELECT count(*) AS hs FROM hs)
                INSERT INTO {v} (organisatie_id, soort, achterstand_bedrag, achterstand_sinds, naam, straat, huisnummer,
                                 huisnummer_toevoeging, postcode, woonplaats, huishouden_id, opeenvolgend, status,
                                 resultaat, ontvangen_op)
                SELECT %s, (ARRAY['huur', 'energie', 'water', 'zorgverzekering'])[1 + g %% 4], 100 + g %% 900,
                       CURRENT_DATE - 60 - g %% 700, %s, 'Benchmarkstraat', 1 + g %% 200, '', '5911 AA', 'Venlo',
                       CASE WHEN g %% 5 <> 0 THEN hs.id END, g %% 7 = 0,
                       CASE WHEN g %% 3 = 0 THEN 'ontvangen' ELSE 'afgehandeld' END,
                       CASE WHEN g %% 3 = 0 THEN ''
                            ELSE (ARRAY['hulp_geaccepteerd', 'hulp_geweigerd', 'geen_contact', 'geen_hulp_nodig'])
                                 [1 + g %% 4]
                            END,
                       now() - (g %% 700) * interval '1 day'
                FROM generate_series(1, %s) g CROSS JOIN n JOIN hs ON hs.rn = 1 + (g * 7919) %% n.hs
                """,  # noqa: S608 # nosec B608 - table names are our own models'
                [partner.pk, BENCH, nodig],
            )
            cursor.execute(
                f"""
                INSERT INTO {cp} (vroegsignaal_id, soort, datum, bereikt, door_id, vastgelegd_op)
                SELECT id, 'telefoon', ontvangen_op::date + 2, id %% 3 <> 0, %s, ontvangen_op + interval '2 days'
                FROM {v} s WHERE naam = %s AND id %% 5 <> 0
                  AND NOT EXISTS (SELECT 1 FROM {cp} x WHERE x.vroegsignaal_id = s.id)
                """,  # noqa: S608 # nosec B608 - table names are our own models'
                [gebruiker.pk, BENCH],
            )
