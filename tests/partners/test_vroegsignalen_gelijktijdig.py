"""20 identical vroegsignaal POSTs with one Idempotency-Key at the same moment (real threads, PostgreSQL):
exactly one signal, every caller gets the same 201 answer."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from partners.models import Vroegsignaal
from venlo_armoede.accounts.models import IdempotentVerzoek
from venlo_armoede.audit.models import Actie, AuditRecord

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]
AANTAL = 20


def test_twintig_gelijktijdige_posts_met_een_sleutel_maken_een_signaal(maak_token, woningcorporatie, signaal_body):
    _, sleutel = maak_token("vroegsignalen:schrijven", organisatie=woningcorporatie)
    body = signaal_body()
    start = threading.Barrier(AANTAL)
    antwoorden, fouten = [], []

    def post():
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
            start.wait(timeout=30)
            antwoorden.append(client.post("/api/v1/vroegsignalen/", body, format="json", HTTP_IDEMPOTENCY_KEY="een"))
        except Exception as exc:  # noqa: BLE001 - surfaced below: a thread's exception would otherwise be lost
            fouten.append(exc)
        finally:
            connection.close()

    draden = [threading.Thread(target=post) for _ in range(AANTAL)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)

    assert not fouten
    assert len(antwoorden) == AANTAL
    assert [a.status_code for a in antwoorden] == [201] * AANTAL, [a.content for a in antwoorden]
    assert all(a.json() == antwoorden[0].json() for a in antwoorden)
    assert Vroegsignaal.objects.for_systeem("test").count() == 1
    assert IdempotentVerzoek.objects.count() == 1
    assert AuditRecord.objects.filter(actie=Actie.AANMAKEN).count() == 1
    assert sum(a.get("Idempotent-Replayed") == "true" for a in antwoorden) == AANTAL - 1
