"""A token of organisation A reaches nothing of organisation B, through every endpoint that exists today.

B is the gemeente (it owns the registry of households); A is a partner organisation whose token was given
every scope there is, also the ones it should never hold. Every operation of the API that touches personal
data answers A with a refusal, and a reused Idempotency-Key never hands A the stored answer to B."""

from tests.helpers import assert_probleem
from venlo_armoede.accounts.models import Scope

LIJST = "/api/v1/huishoudens/"


def test_token_van_een_andere_organisatie_bereikt_niets_van_de_gemeente(token_client, partner, payload):
    gemeente_client = token_client(Scope.HUISHOUDENS_SCHRIJVEN, Scope.HUISHOUDENS_LEZEN)
    data = payload()
    aangemaakt = gemeente_client.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="gedeelde-sleutel")
    assert aangemaakt.status_code == 201
    huishouden_id = aangemaakt.json()["id"]

    a = token_client(*Scope.values, organisatie=partner)
    assert_probleem(a.get(LIJST), 403)
    assert_probleem(a.get(LIJST, {"postcode": data["postcode"]}), 403)
    assert_probleem(a.get(f"{LIJST}{huishouden_id}/"), 403)
    # The same key and body as B: A gets no replay of B's answer (with B's data), only its own refusal.
    herhaald = a.post(LIJST, data, format="json", HTTP_IDEMPOTENCY_KEY="gedeelde-sleutel")
    assert_probleem(herhaald, 403)
    assert "Idempotent-Replayed" not in herhaald
    assert "leden" not in herhaald.json() and "id" not in herhaald.json()


def test_ook_in_de_queryset_bereikt_een_partnertoken_niets(token_client, partner, maak_huishouden):
    """The second lock: even past the scope check, the token's queryset is empty."""
    from cases.models import Huishouden, Inwoner

    maak_huishouden()
    a = token_client(*Scope.values, organisatie=partner)
    assert Huishouden.objects.for_token(a.token).count() == 0
    assert Inwoner.objects.for_token(a.token).count() == 0
    gemeente = token_client(Scope.HUISHOUDENS_LEZEN)
    assert Huishouden.objects.for_token(gemeente.token).count() == 1


def test_partnertoken_mag_geen_huishoudens_registreren(token_client, partner, payload):
    """Registering is writing into the gemeente's registry (and would tell whether a BSN is known)."""
    a = token_client(Scope.HUISHOUDENS_SCHRIJVEN, organisatie=partner)
    body = assert_probleem(a.post(LIJST, payload(), format="json"), 403)
    assert "alleen voor tokens van de gemeente" in body["detail"]
