"""Configuration comes from the environment, with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from venlo_armoede.celery import app

ROOT = Path(__file__).resolve().parents[1]


def _start_django(**env) -> subprocess.CompletedProcess:
    schone_omgeving = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        env={**schone_omgeving, "DJANGO_SETTINGS_MODULE": "venlo_armoede.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_verplicht_zonder_debug():
    resultaat = _start_django(CELERY_BROKER_URL="")
    assert resultaat.returncode != 0
    assert "SECRET_KEY is verplicht" in resultaat.stderr


def test_ingebedde_standaard_sqlite_en_taken_in_proces():
    resultaat = _start_django(DEBUG="1", CELERY_BROKER_URL="")
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_met_broker_geen_eager_modus():
    resultaat = _start_django(SECRET_KEY="x", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split()[1] == "False"


def test_celery_is_ingesteld_op_betrouwbaarheid():
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_reject_on_worker_lost is True
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_beat_schema_noemt_alleen_bestaande_taken():
    app.loader.import_default_modules()
    for naam, regel in settings.CELERY_BEAT_SCHEDULE.items():
        assert regel["task"] in app.tasks, f"{naam}: unknown task {regel['task']}"
    assert "herbereken-alle-rechten" in settings.CELERY_BEAT_SCHEDULE


def test_deeltaak_mag_niet_langer_duren_dan_de_zichtbaarheid_toelaat():
    # The visibility timeout follows CELERY_TASK_TIME_LIMIT; a longer chunk would be handed out twice.
    resultaat = _start_django(DEBUG="1", CELERY_TASK_TIME_LIMIT="100", HERBEREKENING_CHUNK_TIME_LIMIT="150")
    assert resultaat.returncode != 0
    assert "HERBEREKENING_CHUNK_TIME_LIMIT moet" in resultaat.stderr
