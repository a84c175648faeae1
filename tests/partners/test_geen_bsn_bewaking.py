"""The guard of tests/partners/conftest.py that scans every response and e-mail of the partner tests for a BSN:
it must fail when a BSN does reach a partner, and stay quiet on what merely looks like a number (ids, dates,
phone numbers, tokens)."""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from partners.models import Doorverwijzing
from tests.partners.conftest import bsns_in
from venlo_armoede.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _lek_bsn_in_de_snapshot(dv, bsn):
    """What a bug would do: a BSN in the data the partner sees (the service refuses this, so straight in SQL)."""
    gegevens = dict(dv.gegevens, hulpvraag=f"Hulp gevraagd, BSN {bsn}")
    Doorverwijzing.objects.for_systeem("test: een lek nabootsen").filter(pk=dv.pk).update(gegevens=gegevens)


def test_de_bewaking_faalt_op_een_bsn_in_een_partnerpagina(wereld, verwijzing):
    dv = verwijzing()
    client = Client()
    client.force_login(wereld["partner_alliantie"])
    assert client.get(f"/partner/doorverwijzingen/{dv.pk}/").status_code == 200  # clean: no complaint
    _lek_bsn_in_de_snapshot(dv, wereld["bsns"][0])
    with pytest.raises(AssertionError, match="BSN"):
        client.get(f"/partner/doorverwijzingen/{dv.pk}/")


def test_de_bewaking_faalt_op_een_bsn_in_een_api_antwoord(wereld, verwijzing):
    dv = verwijzing()
    _, sleutel = ApiToken.maak(organisatie=wereld["alliantie"], naam="koppeling", scopes=["doorverwijzingen:lezen"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    assert client.get(f"/api/v1/doorverwijzingen/{dv.pk}/").status_code == 200
    _lek_bsn_in_de_snapshot(dv, wereld["bsns"][1])
    with pytest.raises(AssertionError, match="BSN"):
        client.get(f"/api/v1/doorverwijzingen/{dv.pk}/")


def test_de_bewaking_faalt_op_een_bsn_in_een_e_mail(wereld):
    mail.send_mail("Nieuwe doorverwijzing", "Bekijk de doorverwijzing.", "gemeente@venlo.example", ["a@b.example"])
    with pytest.raises(AssertionError, match="BSN"):
        mail.send_mail("Doorverwijzing", f"Inwoner {wereld['bsns'][0]}", "gemeente@venlo.example", ["a@b.example"])
    assert len(mail.outbox) == 1


def test_de_bewaking_vindt_een_bsn_ook_met_punten_of_midden_in_een_woord(wereld):
    bsn = wereld["bsns"][0]
    assert bsns_in(f"BSN: {bsn[:4]}.{bsn[4:6]}.{bsn[6:]}") == [f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"]
    assert bsns_in(f"id-bsn{bsn}x", bekend=[bsn]) == [bsn]  # a known BSN of the test, wherever it stands


@pytest.mark.parametrize(
    "tekst",
    [
        "Doorverwijzing 123456 van 2026-09-01 (12 september 2026)",  # ids and dates
        "Bel 0612345678 of 077 359 6111",  # phone numbers have ten digits
        "Klantnummer 123456789",  # nine digits failing the elfproef
        "taak 8f1c2e4a-06b8-4364-9325-a111222333fb",  # a hex id holding an elfproef-passing run
        'csrfmiddlewaretoken" value="aB3d100000009xYz"',  # an elfproef-passing run inside a token
        "bedrag € 1.234.567,89 en 100 200 300",
    ],
)
def test_de_bewaking_ziet_geen_bsn_in_wat_alleen_op_een_getal_lijkt(tekst):
    assert bsns_in(tekst) == []
