"""A real Celery worker, started as its own process against Redis and the test database."""

import os
import signal
import subprocess
import sys
from contextlib import ExitStack, contextmanager
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


def _celery_worker_command(naam: str, *, pool: str, concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "venlo_armoede",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{naam}-{os.getpid()}@%h",
    ]


def _worker_env(broker_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": _database_url_van_testdatabase(),
        "CELERY_BROKER_URL": broker_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DB_CONN_MAX_AGE": "0",
        **(extra or {}),
    }


@contextmanager
def _app_op_broker(broker_url: str):
    """Point this process's Celery app at `broker_url` (no eager mode), so tasks really travel through Redis."""
    from venlo_armoede.celery import app

    vorige = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    vorige_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads this environment variable before its own configuration, so set both.
    os.environ["CELERY_BROKER_URL"] = broker_url
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    app._pool = None  # forget connections made for another broker
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.update(**vorige)
        if vorige_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = vorige_env
        app._pool = None
        app.amqp._producer_pool = None


def _stop(proces: subprocess.Popen) -> None:
    if proces.poll() is not None:
        return
    proces.terminate()
    try:
        proces.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proces.kill()
        proces.wait(timeout=20)


@pytest.fixture
def celery_worker_proces(transactional_db):
    """Start `celery worker` in a subprocess on TEST_REDIS_URL and point this process's Celery app at the
    same broker (no eager mode), so tasks really travel through Redis to the worker."""
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()  # a dedicated test database: no stale messages
    log = open(ROOT / "celery-worker-test.log", "w")  # noqa: SIM115 - closed below
    proces = subprocess.Popen(  # noqa: S603 - fixed command
        _celery_worker_command("test", pool="solo", concurrency=1),
        cwd=ROOT,
        env=_worker_env(TEST_REDIS_URL),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        with _app_op_broker(TEST_REDIS_URL):
            wacht_tot(
                lambda: proces.poll() is None and "ready." in (ROOT / "celery-worker-test.log").read_text(),
                seconden=60,
                bericht="worker did not start; see celery-worker-test.log",
            )
            yield proces
    finally:
        _stop(proces)
        log.close()


@pytest.fixture
def celery_werkers(transactional_db, tmp_path):
    """Start real prefork workers (parent plus children) one after another, each in its own process group,
    so a test can kill a worker with all its children (os.killpg) and start a new one. The broker is
    TEST_REDIS_URL (flushed) unless the test names another; this process's Celery app follows it.
    Logs: worker-<n>.log in the test's tmp_path."""
    import redis

    gestart: list[subprocess.Popen] = []
    stack = ExitStack()

    def start(*, broker_url: str = TEST_REDIS_URL, concurrency: int = 2) -> subprocess.Popen:
        if not gestart:
            if broker_url == TEST_REDIS_URL:
                redis.Redis.from_url(broker_url).flushdb()
            stack.enter_context(_app_op_broker(broker_url))
        logpad = tmp_path / f"worker-{len(gestart) + 1}.log"
        log = stack.enter_context(logpad.open("w"))
        proces = subprocess.Popen(  # noqa: S603 - fixed command
            _celery_worker_command(f"werker{len(gestart) + 1}", pool="prefork", concurrency=concurrency),
            cwd=ROOT,
            env=_worker_env(broker_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches the children too
        )
        gestart.append(proces)
        wacht_tot(
            lambda: proces.poll() is None and "ready." in logpad.read_text(),
            seconden=60,
            bericht=f"worker did not start; see {logpad}",
        )
        return proces

    try:
        yield start
    finally:
        for proces in gestart:
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGTERM)
                try:
                    proces.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proces.pid, signal.SIGKILL)
                    proces.wait(timeout=20)
        stack.close()
