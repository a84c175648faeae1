import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from venlo_armoede.celery import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def broker(settings):
    """Point healthz at a given broker URL for one test."""
    vorige = app.conf.broker_url

    def zet(url: str):
        settings.CELERY_BROKER_URL = url
        app.conf.broker_url = url

    yield zet
    app.conf.broker_url = vorige


@pytest.mark.django_db
def test_gezond_zonder_broker_in_eager_modus(client, broker):
    broker("")
    antwoord = client.get("/healthz")
    assert antwoord.status_code == 200
    assert antwoord.json() == {"status": "ok", "database": "ok", "broker": "niet_ingesteld"}


@pytest.mark.django_db
def test_kapotte_broker_geeft_503(client, broker):
    broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    antwoord = client.get("/healthz")
    assert antwoord.status_code == 503
    assert antwoord.json()["broker"] == "fout"
    assert antwoord.json()["database"] == "ok"
    assert antwoord.json()["status"] == "fout"


@pytest.mark.django_db
@pytest.mark.needs_redis
def test_werkende_redis_broker_is_ok(client, broker):
    from tests.helpers import TEST_REDIS_URL

    broker(TEST_REDIS_URL)
    antwoord = client.get("/healthz")
    assert antwoord.status_code == 200
    assert antwoord.json()["broker"] == "ok"


def _in_nieuw_proces(code: str, **env) -> subprocess.CompletedProcess:
    """Run Django code in a fresh process with its own environment (settings are read at start-up)."""
    omgeving = {**os.environ, "DEBUG": "0", "SECRET_KEY": "test", "CELERY_BROKER_URL": "", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_onbereikbare_database_geeft_503():
    resultaat = _in_nieuw_proces(
        "from django.test import Client; r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(r.status_code, r.content.decode())",
        DJANGO_SETTINGS_MODULE="venlo_armoede.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/bestaat_niet",
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.startswith("503 ")
    assert json.loads(resultaat.stdout[4:])["database"] == "fout"
