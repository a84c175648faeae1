"""Two registrations with one BSN at the same moment: one is stored, the other gets the Dutch duplicate
message (400), never a 500, and the BSN appears in no log line (the database's error names it)."""

import logging
import threading

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from cases.models import Huishouden, Inwoner
from cases.services import BSN_AL_GEREGISTREERD
from venlo_armoede.accounts.models import Stadsdeel

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _referentiedata(transactional_db, stadsdeel):
    """Norms, so the recompute after the winning registration's commit can run."""
    from regelingen.referentiedata import laad_referentiedata

    laad_referentiedata()


def _post(sleutel, data, uitkomsten):
    try:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
        uitkomsten.append(client.post("/api/v1/huishoudens/", data, format="json"))
    finally:
        connection.close()


def _geen_bsn_in_logs(caplog, bsn):
    regels = [r.getMessage() for r in caplog.records] + [caplog.text]
    assert caplog.records, "expected the 400s to be logged (django.request)"
    assert not [r for r in regels if bsn in r]


def test_tweede_wacht_op_de_eerste_en_krijgt_400(maak_token, payload, caplog):
    """Deterministic: the first registration holds its transaction open until the second has passed
    validation and waits on the unique index; then the first commits."""
    caplog.set_level(logging.DEBUG)
    _, sleutel = maak_token("huishoudens:schrijven")
    data = payload()
    bsn = data["leden"][0]["bsn"]
    uitkomsten = []
    tweede = threading.Thread(target=_post, args=(sleutel, data, uitkomsten))
    with transaction.atomic():
        huishouden = Huishouden.objects.create(
            straat="Markt", huisnummer=1, postcode="5911 AB", stadsdeel=Stadsdeel.objects.get(naam="Blerick")
        )
        Inwoner.objects.create(
            huishouden=huishouden,
            voornaam="Eerst",
            achternaam="Er",
            geboortedatum="1980-01-01",
            bsn=bsn,
            rol="aanvrager",
        )
        tweede.start()
        tweede.join(timeout=3)
        assert tweede.is_alive(), "the second registration should be waiting on the unique index"
    tweede.join(timeout=30)
    (antwoord,) = uitkomsten
    assert antwoord.status_code == 400, antwoord.content
    assert {"name": "leden[0].bsn", "code": "invalid", "reason": BSN_AL_GEREGISTREERD} in antwoord.json()[
        "invalid_params"
    ]
    assert Inwoner.objects.filter(bsn=bsn).count() == 1 and Inwoner.objects.count() == 1
    assert Huishouden.objects.count() == 1  # nothing of the second one was kept
    _geen_bsn_in_logs(caplog, bsn)


def test_vier_tegelijk_een_201_en_drie_400(maak_token, payload, caplog):
    caplog.set_level(logging.DEBUG)
    _, sleutel = maak_token("huishoudens:schrijven")
    data = payload()
    uitkomsten = []
    start = threading.Barrier(4)

    def post():
        start.wait()
        _post(sleutel, data, uitkomsten)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(a.status_code for a in uitkomsten) == [201, 400, 400, 400]
    for antwoord in uitkomsten:
        if antwoord.status_code == 400:
            assert BSN_AL_GEREGISTREERD in str(antwoord.json()["invalid_params"])
    _geen_bsn_in_logs(caplog, data["leden"][0]["bsn"])
