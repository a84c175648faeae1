"""No BSN oracle: only gemeente tokens write households; a probe by anyone else learns nothing about whether a BSN
is registered; a look-up that finds a registered BSN is logged for that person."""

from tests.helpers import assert_probleem, tellingen
from venlo_armoede.accounts.models import Scope
from venlo_armoede.audit.models import AuditRecord
from venlo_armoede.audit.services import betrokkene

LIJST = "/api/v1/huishoudens/"


def test_partnertoken_leert_niets_over_geregistreerde_bsns(token_client, partner, payload, bsn, maak_huishouden):
    """The probe of the report: an invalid birth date with a candidate BSN. Registered or not, the answer is the
    same 403 before any validation, nothing is created and nothing is looked up."""
    bekend = maak_huishouden().leden.exclude(bsn=None).first().bsn
    a = token_client(Scope.HUISHOUDENS_SCHRIJVEN, Scope.HUISHOUDENS_LEZEN, organisatie=partner)
    voor = tellingen()
    antwoorden = set()
    for kandidaat in [bekend, bsn(), bekend, bsn()]:
        data = payload()
        data["leden"][0]["bsn"] = kandidaat
        data["leden"][0]["geboortedatum"] = "2999-01-01"
        antwoord = assert_probleem(a.post(LIJST, data, format="json"), 403)
        antwoorden.add(antwoord["detail"])
    assert len(antwoorden) == 1
    assert tellingen() == voor


def test_dubbel_bsn_via_de_api_wordt_gelogd_ook_als_het_verzoek_terugrolt(token_client, payload):
    gemeente = token_client(Scope.HUISHOUDENS_SCHRIJVEN, Scope.HUISHOUDENS_LEZEN)
    eerste = payload()
    assert gemeente.post(LIJST, eerste, format="json").status_code == 201
    bestaand_bsn = eerste["leden"][0]["bsn"]
    tweede = payload()
    tweede["leden"][0]["bsn"] = bestaand_bsn

    # With an Idempotency-Key the request runs in a transaction that rolls back on the 400.
    body = assert_probleem(gemeente.post(LIJST, tweede, format="json", HTTP_IDEMPOTENCY_KEY="dubbel"), 400)
    assert any(p["name"] == "leden[0].bsn" for p in body["invalid_params"])
    opgezocht = AuditRecord.objects.filter(omschrijving__startswith="BSN opgezocht")
    assert opgezocht.count() == 1
    record = opgezocht.get()
    assert record.betrokkene_id == betrokkene(bsn=bestaand_bsn, intern_id=0).id
    assert record.actor_soort == "api-token"


def test_dubbel_bsn_in_het_formulier_wordt_gelogd(client, gebruiker_met_rol, maak_huishouden):
    bestaand = maak_huishouden().leden.exclude(bsn=None).first()
    client.force_login(gebruiker_met_rol("klantadviseur"))
    response = client.post(
        "/werk/huishoudens/nieuw/",
        {
            "straat": "Markt",
            "huisnummer": "1",
            "postcode": "5911 AA",
            "stadsdeel": bestaand.huishouden.stadsdeel_id,
            "leden-TOTAL_FORMS": "1",
            "leden-INITIAL_FORMS": "0",
            "leden-MIN_NUM_FORMS": "1",
            "leden-MAX_NUM_FORMS": "12",
            "leden-0-rol": "aanvrager",
            "leden-0-voornaam": "Piet",
            "leden-0-achternaam": "Proef",
            "leden-0-geboortedatum": "1980-01-01",
            "leden-0-bsn": bestaand.bsn,
        },
    )
    assert response.status_code == 400
    assert "al bij een andere inwoner geregistreerd" in response.content.decode()
    record = AuditRecord.objects.get(omschrijving__startswith="BSN opgezocht")
    assert record.betrokkene_id == betrokkene(bsn=bestaand.bsn, intern_id=0).id
