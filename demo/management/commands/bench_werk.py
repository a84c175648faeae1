"""Benchmark of the klantadviseur's and midoffice's daily pages, printed as one JSON object.

    python manage.py bench_werk --households 50000 --casussen 100000

Runs in the benchmark database of bench_rechten (`<name>_bench`, or --database-url), under the same rules
(ADR 0008: empty or marked as demo/benchmark database). Seeds the demo population when it holds fewer
households than asked, then adds casussen in bulk until there are --casussen, spread over 100 klantadviseurs
in 10 teams (the demo klantadviseur has a heavy caseload of --eigen-casussen). Then measures the server time
of each page in this process (Django's test client: the whole request, middleware, queries, audit records and
template rendering; no network) as a logged-in user who passed the code step: median and p95 over --runs
requests after a warm-up (query counts are proven by the test suite, not here)."""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta

import environ
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Casus, CasusStatus, Huishouden, Inwoner
from cases.services import herbereken_volgende_termijnen
from cases.workflow import CasusStatusWaarde
from demo.management.commands.bench_rechten import bench_database_url, is_huidige_database, maak_database
from venlo_armoede.accounts.models import Team
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.omgeving.bewaking import vereis_wegwerpdatabase
from venlo_armoede.omgeving.models import SoortDatabase

BUDGET_P95_MS = 200
BATCH = 5000
S = CasusStatusWaarde
# Where the added casussen stand: most are open and early, as in a working caseload.
STATUS_GEWICHTEN = {
    S.AANMELDING: 15,
    S.INTAKE: 20,
    S.STABILISATIE: 20,
    S.OPLOSSING: 15,
    S.BEGELEIDING: 10,
    S.NAZORG: 5,
    S.AFGESLOTEN: 15,
}


class Command(BaseCommand):
    help = "Meet de servertijd van Mijn werk, triage, een casus, een huishouden en zoeken; drukt JSON af."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=50000)
        parser.add_argument("--casussen", type=int, default=100000)
        parser.add_argument("--eigen-casussen", type=int, default=400, help="Casussen van de demo-klantadviseur.")
        parser.add_argument("--runs", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--database-url", default=None)

    def handle(self, *args, households, casussen, eigen_casussen, runs, seed, database_url, **options):
        doel = database_url or bench_database_url()
        if not is_huidige_database(doel):
            self.stderr.write(f"Benchmark database: {environ.Env.db_url_config(doel)['NAME']}")
            maak_database(doel)
            omgeving = {**os.environ, "DATABASE_URL": doel}
            manage = [sys.executable, "manage.py"]
            migreer = [*manage, "migrate", "--no-input", "-v", "0"]
            subprocess.run(migreer, cwd=settings.BASE_DIR, env=omgeving, check=True)  # noqa: S603
            argumenten = [
                *("--households", str(households), "--casussen", str(casussen)),
                *("--eigen-casussen", str(eigen_casussen), "--runs", str(runs), "--seed", str(seed)),
            ]
            kind = subprocess.run(  # noqa: S603 - our own manage.py
                [*manage, "bench_werk", *argumenten, "--database-url", doel], cwd=settings.BASE_DIR, env=omgeving
            )
            if kind.returncode:
                raise CommandError("De benchmark is niet gelukt; zie de melding hierboven.", returncode=kind.returncode)
            return
        bestaand = Huishouden.objects.count()
        vereis_wegwerpdatabase(
            opdracht="bench_werk",
            aanwezige_gegevens=f"{bestaand} huishoudens" if bestaand else None,
            markeer_als=SoortDatabase.BENCHMARK,
        )
        if bestaand < households:
            self.stderr.write(f"Seeding {households} households first (child process)…")
            subprocess.run(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", "seed_demo", "--households", str(households), "--seed", str(seed)]
                + ["--reset", "--ook-zonder-debug"],
                cwd=settings.BASE_DIR,
                check=True,
            )
        rng = random.Random(f"{seed}-bench-werk")
        klantadviseur = get_user_model().objects.get(username="klantadviseur")
        midoffice = get_user_model().objects.get(username="midoffice")
        start = time.perf_counter()
        toegevoegd = self._vul_casussen_aan(rng, casussen, eigen_casussen, klantadviseur)
        seed_s = round(time.perf_counter() - start, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        casus = (
            Casus.objects.for_systeem("benchmark: een casus van de demo-klantadviseur kiezen")
            .filter(klantadviseur=klantadviseur)
            .exclude(status=S.AFGESLOTEN)
            .order_by("pk")
            .first()
        )
        achternaam = (
            Inwoner.objects.for_systeem("benchmark: een zoekterm kiezen")
            .filter(huishouden=casus.huishouden)
            .values_list("achternaam", flat=True)
            .first()
        )
        aanvrager = (
            Inwoner.objects.for_systeem("benchmark: de aanvrager van de casus kiezen")
            .filter(huishouden=casus.huishouden, rol="aanvrager")
            .first()
        )
        paginas = {
            "mijn_werk": (klantadviseur, reverse("cases:werk")),
            "triage": (midoffice, reverse("cases:triage")),
            "casus": (klantadviseur, reverse("cases:casus", args=[casus.pk])),
            "huishouden": (klantadviseur, reverse("cases:huishouden", args=[casus.huishouden_id])),
            "inwoner": (klantadviseur, reverse("cases:inwoner", args=[aanvrager.pk])),
            "zoeken": (klantadviseur, f"{reverse('cases:zoeken')}?q={achternaam}"),
        }
        resultaat = {
            "database": connection.vendor,
            "households": Huishouden.objects.count(),
            "casussen": Casus.objects.count(),
            "casussen_van_demo_klantadviseur": Casus.objects.for_systeem("benchmark: tellen")
            .filter(klantadviseur=klantadviseur)
            .count(),
            "casussen_toegevoegd": toegevoegd,
            "casussen_toevoegen_s": seed_s,
            "runs_per_page": runs,
            "budget_p95_ms": BUDGET_P95_MS,
            "pages": {},
            "search_term": achternaam,
        }
        for naam, (gebruiker, url) in paginas.items():
            resultaat["pages"][naam] = self._meet(gebruiker, url, runs)
        resultaat["all_within_budget"] = all(p["p95_ms"] <= BUDGET_P95_MS for p in resultaat["pages"].values())
        self.stdout.write(json.dumps(resultaat, indent=2))

    def _client(self, gebruiker) -> Client:
        client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1")
        client.force_login(gebruiker)
        apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).first()
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = (
            apparaat.persistent_id
        )  # as after a right code (the code step itself is not timed)
        sessie.save()
        return client

    def _meet(self, gebruiker, url: str, runs: int) -> dict:
        client = self._client(gebruiker)
        for _ in range(3):  # warm-up: templates, caches, connections
            antwoord = client.get(url)
            if antwoord.status_code != 200:
                raise CommandError(f"{url} gaf HTTP {antwoord.status_code} voor {gebruiker.username}.")
        tijden = []
        for _ in range(runs):
            begin = time.perf_counter()
            client.get(url)
            tijden.append((time.perf_counter() - begin) * 1000)
        tijden.sort()
        return {
            "url": url.split("?")[0],
            "median_ms": round(statistics.median(tijden), 1),
            "p95_ms": round(tijden[max(0, int(len(tijden) * 0.95) - 1)], 1),
        }

    def _vul_casussen_aan(self, rng: random.Random, totaal: int, eigen: int, klantadviseur) -> int:
        """Add casussen in bulk until there are `totaal`: `eigen` for the demo klantadviseur, the rest over
        99 bench klantadviseurs in 10 teams. Each gets its status history (aanmelding, then its status)."""
        nodig = totaal - Casus.objects.count()
        if nodig <= 0:
            return 0
        User = get_user_model()
        groep = Group.objects.get(name=Rol.KLANTADVISEUR)
        adviseurs = []
        for nummer in range(99):
            gebruiker, _ = User.objects.get_or_create(username=f"bench-klantadviseur-{nummer:02d}")
            gebruiker.groups.add(groep)
            team, _ = Team.objects.get_or_create(naam=f"Benchteam {nummer % 10}")
            team.leden.add(gebruiker)
            adviseurs.append(gebruiker)
        huishoudens = list(Huishouden.objects.for_systeem("benchmark: casussen verdelen").values_list("pk", flat=True))
        al_eigen = Casus.objects.for_systeem("benchmark: tellen").filter(klantadviseur=klantadviseur).count()
        statussen, gewichten = zip(*STATUS_GEWICHTEN.items(), strict=True)
        nu = timezone.now()
        toegevoegd = 0
        while toegevoegd < nodig:
            blok = []
            for _ in range(min(BATCH, nodig - toegevoegd)):
                status = rng.choices(statussen, gewichten)[0]
                # An aanmelding waits in triage without a klantadviseur.
                eigenaar = None
                if status != S.AANMELDING:
                    eigenaar = klantadviseur if al_eigen < eigen else rng.choice(adviseurs)
                    al_eigen += eigenaar is klantadviseur
                dagen = rng.randint(0, 14) if status == S.AANMELDING else rng.randint(30, 700)
                blok.append(
                    Casus(
                        huishouden_id=rng.choice(huishoudens),
                        klantadviseur=eigenaar,
                        hulpvraag="Benchmark: hulp bij geldzorgen",
                        crisis=(crisis := rng.random() < 0.08),
                        crisis_reden="afsluiting_energie_water" if crisis else "",
                        status=status,
                        aangemeld_op=nu - timedelta(days=dagen, minutes=rng.randint(0, 600)),
                    )
                )
            Casus.objects.bulk_create(blok, batch_size=BATCH)
            historie = []
            for casus in blok:
                historie.append(CasusStatus(casus_id=casus.pk, status=S.AANMELDING, tijdstip=casus.aangemeld_op))
                if casus.status != S.AANMELDING:
                    historie.append(
                        CasusStatus(
                            casus_id=casus.pk, status=casus.status, tijdstip=casus.aangemeld_op + timedelta(days=7)
                        )
                    )
            CasusStatus.objects.bulk_create(historie, batch_size=BATCH)
            toegevoegd += len(blok)
        # bulk_create bypasses cases.services: fill the next deadline Mijn werk sorts by in one pass.
        herbereken_volgende_termijnen()
        return toegevoegd
