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


# The BSN keys (ADR 0013): required and all different when DEBUG is off; DEBUG derives its own.
SLEUTELS = {
    "SECRET_KEY": "x",
    "AUDIT_PSEUDONYM_KEY": "audit-sleutel",
    "BSN_BLIND_INDEX_KEY": "index-sleutel",
    "BSN_ENCRYPTION_KEY": "cw_0x689RpI-jtRR7oE8h_eHHV9ttEK7h2Pg3SAJXHQ=",
}


def test_bsn_sleutels_kloppen_dan_start_django():
    resultaat = _start_django(CELERY_BROKER_URL="", **SLEUTELS)
    assert resultaat.returncode == 0, resultaat.stderr


def test_bsn_sleutels_verplicht_zonder_debug():
    for naam in ("AUDIT_PSEUDONYM_KEY", "BSN_BLIND_INDEX_KEY", "BSN_ENCRYPTION_KEY"):
        resultaat = _start_django(CELERY_BROKER_URL="", **{**SLEUTELS, naam: ""})
        assert resultaat.returncode != 0
        assert f"{naam} is verplicht als DEBUG uit staat" in resultaat.stderr


def test_bsn_sleutels_moeten_verschillen():
    for naam in ("AUDIT_PSEUDONYM_KEY", "BSN_BLIND_INDEX_KEY"):
        resultaat = _start_django(CELERY_BROKER_URL="", **{**SLEUTELS, naam: SLEUTELS["SECRET_KEY"]})
        assert resultaat.returncode != 0
        assert "moeten allemaal verschillend zijn" in resultaat.stderr
    resultaat = _start_django(
        CELERY_BROKER_URL="", **{**SLEUTELS, "BSN_BLIND_INDEX_KEY": "zelfde", "AUDIT_PSEUDONYM_KEY": "zelfde"}
    )
    assert "moeten allemaal verschillend zijn" in resultaat.stderr


def test_bsn_versleutelsleutel_moet_een_fernet_sleutel_zijn():
    resultaat = _start_django(CELERY_BROKER_URL="", **{**SLEUTELS, "BSN_ENCRYPTION_KEY": "geen-fernet-sleutel"})
    assert resultaat.returncode != 0
    assert "BSN_ENCRYPTION_KEY moet bestaan uit Fernet-sleutels" in resultaat.stderr
    assert "geen-fernet-sleutel" not in resultaat.stderr  # a wrong key is not echoed into a log


def test_debug_leidt_eigen_sleutels_af():
    leeg = dict.fromkeys(("AUDIT_PSEUDONYM_KEY", "BSN_BLIND_INDEX_KEY", "BSN_ENCRYPTION_KEY"), "")
    resultaat = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(len({s.SECRET_KEY, s.AUDIT_PSEUDONYM_KEY, s.BSN_BLIND_INDEX_KEY, *s.BSN_ENCRYPTION_KEYS}))",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "venlo_armoede.settings", "DEBUG": "1", **leeg},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split() == ["4"]
