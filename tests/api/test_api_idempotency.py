"""Idempotency-Key on POST /huishoudens/: a retry gets the same answer and creates nothing twice."""

import pytest

from cases.models import Huishouden
from tests.helpers import assert_probleem, tellingen
from venlo_armoede.accounts.models import IdempotentVerzoek
from venlo_armoede.api.idempotency import IdempotentCreateMixin

LIJST = "/api/v1/huishoudens/"
pytestmark = pytest.mark.django_db


def test_herhaling_met_dezelfde_sleutel_geeft_hetzelfde_antwoord_en_maakt_een_keer_aan(schrijver, payload):
    data = payload()
    eerste = schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    na_eerste = tellingen()
    tweede = schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")

    assert eerste.status_code == tweede.status_code == 201
    assert "Idempotent-Replayed" not in eerste
    assert tweede["Idempotent-Replayed"] == "true"
    assert tweede.json() == eerste.json()
    assert tweede["Location"] == eerste["Location"]
    assert tellingen() == na_eerste
    assert Huishouden.objects.count() == 1
    opgeslagen = IdempotentVerzoek.objects.get()
    assert opgeslagen.aanvrager == f"token:{schrijver.token.pk}"
    assert opgeslagen.status_code == 201


def test_volgorde_van_sleutels_in_de_body_maakt_niet_uit(schrijver, payload):
    data = payload()
    schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="k")
    omgekeerd = dict(reversed(list(data.items())))
    assert schrijver.post(LIJST, omgekeerd, format="json", HTTP_IDEMPOTENCY_KEY="k")["Idempotent-Replayed"] == "true"


def test_zelfde_sleutel_met_andere_body_geeft_422(schrijver, payload):
    data = payload()
    assert schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-123").status_code == 201
    voor = tellingen()
    data["straat"] = "Lomstraat"
    body = assert_probleem(schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-123"), 422)
    assert body["detail"] == "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
    assert body["code"] == "idempotentie-sleutel-hergebruikt"
    assert tellingen() == voor


def test_sleutel_is_per_aanvrager(token_client, payload):
    data = payload()
    for lid in data["leden"]:
        lid.pop("bsn", None)  # so the same household can be registered twice
    a = token_client("huishoudens:schrijven")
    b = token_client("huishoudens:schrijven")
    assert a.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="zelfde").status_code == 201
    antwoord_b = b.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="zelfde")
    assert antwoord_b.status_code == 201
    assert "Idempotent-Replayed" not in antwoord_b
    assert Huishouden.objects.count() == 2


def test_mislukt_verzoek_wordt_niet_bewaard_en_mag_verbeterd_opnieuw(schrijver, payload):
    data = payload()
    data["leden"][0]["bsn"] = "123456789"
    assert schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="poging").status_code == 400
    assert not IdempotentVerzoek.objects.exists()
    data["leden"][0]["bsn"] = None
    assert schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="poging").status_code == 201


def test_gelijktijdige_herhaling_verliest_op_de_unieke_sleutel_en_maakt_niets(schrijver, payload, monkeypatch):
    """Simulates the race: both requests saw no stored answer; the first committed while the second
    was working. The second's insert hits the unique constraint, its work is rolled back, and it
    answers with the first's stored response."""
    data = payload()
    eerste = schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="race")
    na_eerste = tellingen()

    echte_lookup = IdempotentCreateMixin._eerder_verzoek
    aanroepen = []

    def eerst_niets(self, aanvrager, sleutel):
        aanroepen.append(sleutel)
        return None if len(aanroepen) == 1 else echte_lookup(self, aanvrager, sleutel)

    monkeypatch.setattr(IdempotentCreateMixin, "_eerder_verzoek", eerst_niets)
    tweede = schrijver.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="race")

    assert len(aanroepen) == 2
    assert tweede.status_code == 201
    assert tweede["Idempotent-Replayed"] == "true"
    assert tweede.json() == eerste.json()
    assert tellingen() == na_eerste


@pytest.mark.parametrize("sleutel", ["x" * 256, "   "])
def test_ongeldige_sleutel_geeft_400(schrijver, payload, sleutel):
    body = assert_probleem(schrijver.post(LIJST, payload(), format="json", HTTP_IDEMPOTENCY_KEY=sleutel), 400)
    assert body["invalid_params"][0]["name"] == "Idempotency-Key"
    assert not Huishouden.objects.exists()


def test_zonder_sleutel_werkt_post_gewoon(schrijver, payload):
    assert schrijver.post(LIJST, payload(), format="json").status_code == 201
    assert not IdempotentVerzoek.objects.exists()
