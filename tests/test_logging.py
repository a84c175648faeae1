"""A refused or missing page is logged as one short line: no traceback, not printed twice."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _django_request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pad", "status", "bericht"),
    [
        ("/beleid/", 403, "Forbidden (Permission denied): /beleid/"),  # a klantadviseur may not see beleid
        ("/werk/inwoners/999999/", 404, "Not Found: /werk/inwoners/999999/"),
        ("/api/v1/huishoudens/999999/", 404, "Not Found: /api/v1/huishoudens/999999/"),
    ],
)
def test_4xx_is_een_regel_zonder_traceback(client, gebruiker_met_rol, caplog, pad, status, bericht):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    with caplog.at_level(logging.INFO):
        assert client.get(pad).status_code == status
    records = _django_request_records(caplog)
    assert [r.getMessage() for r in records] == [bericht]
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_5xx_houdt_de_traceback(caplog):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("kapot")
    except RuntimeError as fout:
        logger.error("Internal Server Error: /x/", extra={"status_code": 500}, exc_info=fout)
    (record,) = _django_request_records(caplog)
    assert record.exc_info is not None
    assert "RuntimeError: kapot" in caplog.text


# What `make run` prints: DEBUG=1, Django's default logging merged with ours, the real stderr.
_PROBE = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import Client, RequestFactory

assert Client(HTTP_HOST="localhost").get("/bestaat-niet/").status_code == 404
try:
    raise PermissionDenied
except PermissionDenied as fout:
    verzoek = RequestFactory(HTTP_HOST="localhost").get("/geheim/")
    assert response_for_exception(verzoek, fout).status_code == 403
"""


def test_onder_debug_staat_elke_403_en_404_een_keer_op_stderr():
    omgeving = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOG_LEVEL"}}
    resultaat = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env={
            **omgeving,
            "DJANGO_SETTINGS_MODULE": "venlo_armoede.settings",
            "DEBUG": "1",
            "DATABASE_URL": "sqlite:///:memory:",
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    regels = resultaat.stderr.splitlines()
    assert regels.count("Not Found: /bestaat-niet/") == 1
    assert regels.count("Forbidden (Permission denied): /geheim/") == 1
    assert "Traceback" not in resultaat.stderr
