"""Shared fixtures. Tests that need a real service (PostgreSQL, Redis, Chromium) are skipped with a
reason when it is missing, except under CI (REQUIRE_SERVICES=1), where a missing service is a failure."""

import logging
import os
import re
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test.client import ClientMixin

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

from tests.helpers import CHROMIUM, REQUIRE_SERVICES, TEST_REDIS_URL


def _redis_bereikbaar() -> bool:
    url = urlparse(TEST_REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _ontbrekend(item) -> str | None:
    if item.get_closest_marker("needs_postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL: set DATABASE_URL=postgres://… (now running on SQLite)"
    if item.get_closest_marker("needs_redis") and not _redis_bereikbaar():
        return f"needs Redis at {TEST_REDIS_URL} (not reachable)"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    reden = _ontbrekend(item)
    if reden:
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but a service is missing: {reden}", pytrace=False)
        pytest.skip(reden)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """A transactional test ends with Django's flush, which empties every table with TRUNCATE; the audit
    table refuses TRUNCATE (a pgtrigger trigger), so the test database's own cleanup goes past that one
    trigger. Only the teardown: during the test itself the trigger is active."""
    import pgtrigger

    from venlo_armoede.append_only import TRIGGER_TRUNCATE

    with pgtrigger.ignore(f"audit.AuditRecord:{TRIGGER_TRUNCATE}"):
        return (yield)


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process in tests unless a test starts a real worker (see tests/integration)."""
    from venlo_armoede.celery import app

    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = vorige


@pytest.fixture
def gebruiker_met_rol(django_user_model):
    """Make a user with one role; partnermedewerkers get an organisation."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from venlo_armoede.accounts.models import Organisatie

    def maak(rol: str, **extra):
        username = extra.pop("username", f"test-{rol}")
        if rol == "partnermedewerker" and "organisatie" not in extra:
            extra["organisatie"], _ = Organisatie.objects.get_or_create(naam="Testpartner", defaults={"soort": "fonds"})
        if rol == "functioneel_beheer":
            extra.setdefault("is_staff", True)
        user = django_user_model.objects.create_user(username=username, password="Test-wachtwoord-1", **extra)
        user.groups.add(Group.objects.get(name=rol))
        # Every role must pass the code step; the browser tests compute codes from this device's key.
        TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)
        return user

    return maak


def _force_login_met_code(self, user, backend=None):
    """Django's test-only force_login skips the password; here it also skips the code step, as if the user
    entered a right code (django_otp.login's session key). Tests of the code step itself log in through
    the real pages (tests/test_tweede_stap.py, the browser tests)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _FORCE_LOGIN(self, user, backend)
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)
    sessie = self.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()


_FORCE_LOGIN = ClientMixin.force_login


@pytest.fixture(autouse=True)
def _force_login_slaat_code_over(monkeypatch):
    monkeypatch.setattr(ClientMixin, "force_login", _force_login_met_code)


@pytest.fixture(autouse=True)
def _snelle_wachtwoordhash(settings):
    # Password hashing is deliberately slow in production; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def regels(db, django_capture_on_commit_callbacks):
    """Venlo's norms and regelingen loaded. Loading queues no recompute while there are no households
    (regelingen.services.bundel_herberekening); anything it does queue runs as a commit would."""
    from regelingen.referentiedata import laad_referentiedata

    with django_capture_on_commit_callbacks(execute=True):
        laad_referentiedata()


class _BsnInLogboek(logging.Handler):
    """Remembers every log line of a test that holds a 9-digit number passing the elfproef: a BSN must never
    reach a log (issue 11). Formatted with its arguments, as a log file would get it."""

    # Nine digits standing alone: not inside a hex id such as a Celery task UUID (…-06b864364325).
    PATROON = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])")

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.gevonden: list[str] = []

    def emit(self, record):
        from cases.bsn import is_geldig_bsn

        try:
            tekst = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call is not what this guard is about
            return
        if record.exc_info and record.exc_info[1] is not None:
            tekst += f" {record.exc_info[1]}"
        if any(is_geldig_bsn(getal) for getal in self.PATROON.findall(tekst)):
            self.gevonden.append(f"{record.name}: {tekst[:200]}")


@pytest.fixture(autouse=True)
def _geen_bsn_in_de_logs():
    """Every test of the suite: no log line (application, Django, Celery) carries a BSN."""
    handler = _BsnInLogboek()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    assert not handler.gevonden, f"BSN in een logregel: {handler.gevonden}"
