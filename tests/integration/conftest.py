"""A real Celery worker, started as its own process against Redis and the test database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.helpers import TEST_REDIS_URL, wacht_tot

ROOT = Path(__file__).resolve().parents[2]


def _database_url_van_testdatabase() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.fixture
def celery_worker_proces(transactional_db):
    """Start `celery worker` in a subprocess on TEST_REDIS_URL and point this process's Celery app at the
    same broker (no eager mode), so tasks really travel through Redis to the worker."""
    import redis

    from venlo_armoede.celery import app

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()  # a dedicated test database: no stale messages
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_van_testdatabase(),
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "DB_CONN_MAX_AGE": "0",
    }
    log = open(ROOT / "celery-worker-test.log", "w")  # noqa: SIM115 - closed below
    proces = subprocess.Popen(  # noqa: S603 - fixed command
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "venlo_armoede",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    vorige = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    vorige_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads this environment variable before its own configuration, so set both.
    os.environ["CELERY_BROKER_URL"] = TEST_REDIS_URL
    app.conf.update(broker_url=TEST_REDIS_URL, task_always_eager=False)
    app._pool = None  # forget connections made for another broker
    app.amqp._producer_pool = None
    try:
        wacht_tot(
            lambda: proces.poll() is None and "ready." in (ROOT / "celery-worker-test.log").read_text(),
            seconden=60,
            bericht="worker did not start; see celery-worker-test.log",
        )
        yield proces
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
        log.close()
        app.conf.update(**vorige)
        if vorige_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = vorige_env
        app._pool = None
        app.amqp._producer_pool = None
