"""The casussen API contract (issue 8, item 15): POST/GET /api/v1/casussen/, GET/PATCH /api/v1/casussen/{id}/,
gemeente tokens with casussen:lezen / casussen:schrijven; ETag on every answer; If-Match on PATCH (428 without,
412 stale); Dutch problem+json validation with nothing created; idempotent POST replay; deadlines across the Atw
feestdagen; the workflow of the web pages; only casussen within reach."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import services
from cases.models import Afspraak, Casus, CasusStatus
from cases.workflow import CasusStatusWaarde as S
from tests.factories import InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
PAD = "/api/v1/casussen/"


@pytest.fixture(autouse=True)
def bevroren_tijd():
    # Thursday 2 April 2026: Goede Vrijdag (3 April) and tweede Paasdag (6 April) lie ahead.
    with time_machine.travel(datetime(2026, 4, 2, 10, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def schrijver(token_client):
    return token_client("casussen:lezen", "casussen:schrijven")


@pytest.fixture
def huishouden():
    return InwonerFactory().huishouden


def _aantal():
    return Casus.objects.for_systeem("test").count()


def _post(client, body, sleutel=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": sleutel} if sleutel else {}
    return client.post(PAD, body, format="json", **headers)


def test_aanmelding_met_crisis_geeft_termijnen_en_etag(schrijver, huishouden):
    antwoord = _post(
        schrijver,
        {
            "huishouden": huishouden.pk,
            "hulpvraag": "Afsluiting dreigt",
            "crisis": True,
            "crisis_reden": "afsluiting_energie_water",
        },
    )
    assert antwoord.status_code == 201, antwoord.content
    body = antwoord.json()
    assert body["status"] == "aanmelding" and body["versie"] == 1
    assert antwoord["ETag"] == f'"{body["id"]}-1"'
    assert body["aangemeld_op"] == "2026-04-02"
    # 3 werkdagen after Thursday 2 April: Goede Vrijdag, the weekend and tweede Paasdag skipped.
    assert body["termijnen"] == {
        "eerste_gesprek_uiterlijk": "2026-04-09",
        "beschikking_uiterlijk": None,
        "schuldregeling_uiterlijk": None,
    }
    assert CasusStatus.objects.for_systeem("test").get(casus_id=body["id"]).status == S.AANMELDING
    assert AuditRecord.objects.filter(omschrijving__startswith="Aanmelding geregistreerd").exists()


def test_aanmelding_zonder_crisis_en_met_datum_in_het_verleden(schrijver, huishouden):
    antwoord = _post(schrijver, {"huishouden": huishouden.pk, "hulpvraag": "Schulden", "aangemeld_op": "2026-03-06"})
    assert antwoord.status_code == 201, antwoord.content
    # 4 weeks end on Goede Vrijdag 3 April: on to Tuesday 7 April (tweede Paasdag in between).
    assert antwoord.json()["termijnen"]["eerste_gesprek_uiterlijk"] == "2026-04-07"
    assert antwoord.json()["aangemeld_op"] == "2026-03-06"


@pytest.mark.parametrize(
    ("body", "veld", "bericht"),
    [
        ({"hulpvraag": "Schulden"}, "huishouden", "Geef het huishouden (id) van de aanmelding."),
        ({"hulpvraag": "Schulden", "crisis": True}, "crisis_reden", "Kies de reden van de crisis."),
        (
            {"hulpvraag": "Schulden", "aangemeld_op": "2026-04-03"},
            "aangemeld_op",
            "De datum van aanmelding kan niet in de toekomst liggen.",
        ),
        ({"hulpvraag": "Schulden", "huishouden": 999_999}, "huishouden", "Onbekend huishouden 999999"),
        ({"hulpvraag": "Schulden", "crisis": True, "crisis_reden": "brand"}, "crisis_reden", "'brand' is geen geldige"),
    ],
    ids=["zonder huishouden", "crisis zonder reden", "datum in de toekomst", "onbekend huishouden", "onbekende reden"],
)
def test_ongeldige_aanmelding_is_problem_json_en_maakt_niets(schrijver, huishouden, body, veld, bericht):
    body = {"huishouden": huishouden.pk} | body if veld != "huishouden" or "huishouden" in body else body
    voor = _aantal()
    antwoord = _post(schrijver, body, sleutel=f"fout-{veld}")
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"] == "application/problem+json"
    fouten = {p["name"]: p["reason"] for p in antwoord.json()["invalid_params"]}
    assert fouten[veld].startswith(bericht), fouten
    assert _aantal() == voor
    # A failed request leaves no trace: the same key can be used for the corrected request.
    goed = _post(schrijver, {"huishouden": huishouden.pk, "hulpvraag": "Schulden"}, sleutel=f"fout-{veld}")
    assert goed.status_code == 201


def test_idempotente_herhaling_maakt_niets_dubbel(schrijver, huishouden):
    body = {"huishouden": huishouden.pk, "hulpvraag": "Schulden"}
    eerste = _post(schrijver, body, sleutel="aanmelding-1")
    tweede = _post(schrijver, body, sleutel="aanmelding-1")
    assert (eerste.status_code, tweede.status_code) == (201, 201)
    assert tweede["Idempotent-Replayed"] == "true"
    assert tweede.json() == eerste.json() and tweede["ETag"] == eerste["ETag"]
    assert _aantal() == 1
    anders = _post(schrijver, body | {"hulpvraag": "Iets anders"}, sleutel="aanmelding-1")
    assert anders.status_code == 422 and _aantal() == 1


def _maak(schrijver, huishouden, **extra):
    return _post(schrijver, {"huishouden": huishouden.pk, "hulpvraag": "Schulden"} | extra).json()


def test_get_geeft_etag_en_patch_zonder_if_match_is_428(schrijver, huishouden):
    casus = _maak(schrijver, huishouden)
    detail = schrijver.get(f"{PAD}{casus['id']}/")
    assert detail.status_code == 200 and detail["ETag"] == f'"{casus["id"]}-1"'
    lijst = schrijver.get(PAD)
    assert lijst.status_code == 200 and lijst["ETag"] and lijst.json()["results"][0]["id"] == casus["id"]
    antwoord = schrijver.patch(f"{PAD}{casus['id']}/", {"eerste_gesprek_op": "2026-04-01"}, format="json")
    assert antwoord.status_code == 428 and antwoord["Content-Type"] == "application/problem+json"
    assert Casus.objects.for_systeem("test").get(pk=casus["id"]).eerste_gesprek_op is None


def test_patch_eerste_gesprek_en_412_bij_een_verouderde_versie(schrijver, huishouden):
    casus = _maak(schrijver, huishouden, aangemeld_op="2026-03-02")
    url, oud = f"{PAD}{casus['id']}/", f'"{casus["id"]}-1"'
    antwoord = schrijver.patch(url, {"eerste_gesprek_op": "2026-03-20"}, format="json", HTTP_IF_MATCH=oud)
    assert antwoord.status_code == 200, antwoord.content
    body = antwoord.json()
    assert body["versie"] == 2 and antwoord["ETag"] == f'"{casus["id"]}-2"'
    assert body["eerste_gesprek_op"] == "2026-03-20"
    assert body["termijnen"]["beschikking_uiterlijk"] == "2026-05-15"  # +56 = 15 May, a Friday
    assert Afspraak.objects.for_systeem("test").get(casus_id=casus["id"]).soort == "eerste_gesprek"
    # The second client still holds version 1.
    stale = schrijver.patch(url, {"status": "intake"}, format="json", HTTP_IF_MATCH=oud)
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert "Eerste gesprek vastgelegd op 20-03-2026" in stale.json()["detail"]
    assert Casus.objects.for_systeem("test").get(pk=casus["id"]).status == S.AANMELDING


@pytest.mark.parametrize(
    ("datum", "bericht"),
    [
        ("2026-04-03", "Deze datum ligt in de toekomst."),
        ("2026-03-01", "Het eerste gesprek kan niet vóór de aanmelding"),
    ],
)
def test_patch_eerste_gesprek_ongeldige_datum(schrijver, huishouden, datum, bericht):
    casus = _maak(schrijver, huishouden, aangemeld_op="2026-03-02")
    antwoord = schrijver.patch(
        f"{PAD}{casus['id']}/", {"eerste_gesprek_op": datum}, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"'
    )
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == "application/problem+json"
    fouten = {p["name"]: p["reason"] for p in antwoord.json()["invalid_params"]}
    assert fouten["eerste_gesprek_op"].startswith(bericht)
    rij = Casus.objects.for_systeem("test").get(pk=casus["id"])
    assert rij.eerste_gesprek_op is None and rij.versie == 1


def test_patch_hoofdbehandelaar_en_status_volgens_de_werkwijze(schrijver, huishouden):
    casus = _maak(schrijver, huishouden)
    url = f"{PAD}{casus['id']}/"
    adviseur = UserFactory(username="ka-api", rollen=[Rol.KLANTADVISEUR])
    beleid = UserFactory(username="beleid-api", rollen=[Rol.BELEIDSADVISEUR])
    fout = schrijver.patch(url, {"klantadviseur": beleid.pk}, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"')
    assert fout.status_code == 400
    assert {p["name"] for p in fout.json()["invalid_params"]} == {"klantadviseur"}
    goed = schrijver.patch(url, {"klantadviseur": adviseur.pk}, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"')
    assert goed.status_code == 200 and goed.json()["klantadviseur"] == adviseur.pk
    # A transition that skips phases is refused with the same Dutch message as on the casus page.
    overslaan = schrijver.patch(url, {"status": "nazorg"}, format="json", HTTP_IF_MATCH=goed["ETag"])
    assert overslaan.status_code == 400
    assert overslaan.json()["invalid_params"] == [
        {
            "name": "status",
            "code": "invalid",
            "reason": "Een casus in 'Aanmelding' kan niet naar 'Nazorg'. Mogelijke stappen: Intake of Afgesloten.",
        }
    ]
    zonder_reden = schrijver.patch(url, {"status": "afgesloten"}, format="json", HTTP_IF_MATCH=goed["ETag"])
    assert zonder_reden.status_code == 400
    assert zonder_reden.json()["invalid_params"][0]["name"] == "uitstroomreden"
    dicht = schrijver.patch(
        url, {"status": "afgesloten", "uitstroomreden": "zelf_opgelost"}, format="json", HTTP_IF_MATCH=goed["ETag"]
    )
    assert dicht.status_code == 200, dicht.content
    assert dicht.json()["status"] == "afgesloten" and dicht.json()["versie"] == 3


def test_alles_of_niets_bij_een_patch_met_meerdere_velden(schrijver, huishouden):
    casus = _maak(schrijver, huishouden, aangemeld_op="2026-03-02")
    antwoord = schrijver.patch(
        f"{PAD}{casus['id']}/",
        {"eerste_gesprek_op": "2026-03-10", "status": "nazorg"},
        format="json",
        HTTP_IF_MATCH=f'"{casus["id"]}-1"',
    )
    assert antwoord.status_code == 400
    rij = Casus.objects.for_systeem("test").get(pk=casus["id"])
    assert (rij.eerste_gesprek_op, rij.versie, rij.status) == (None, 1, S.AANMELDING)
    assert not Afspraak.objects.for_systeem("test").filter(casus=rij).exists()


def test_tokens_van_andere_organisaties_en_zonder_recht_worden_geweigerd(token_client, partner, huishouden):
    casus = services.open_casus(huishouden=huishouden, hulpvraag="Schulden", door=None)
    andere = token_client("casussen:lezen", "casussen:schrijven", organisatie=partner)
    assert andere.get(PAD).status_code == 403
    assert andere.get(f"{PAD}{casus.pk}/").status_code == 403
    zonder = token_client("huishoudens:lezen")
    assert zonder.get(f"{PAD}{casus.pk}/").status_code == 403
    lezer = token_client("casussen:lezen")
    assert lezer.get(f"{PAD}{casus.pk}/").status_code == 200
    assert _post(lezer, {"huishouden": huishouden.pk, "hulpvraag": "x"}).status_code == 403


def test_klantadviseur_van_een_ander_team_krijgt_404(huishouden):
    from rest_framework.test import APIClient

    eigen = UserFactory(username="ka-eigen", rollen=[Rol.KLANTADVISEUR])
    ander = UserFactory(username="ka-ander", rollen=[Rol.KLANTADVISEUR])
    casus = services.open_casus(huishouden=huishouden, hulpvraag="Schulden", door=eigen, klantadviseur=eigen)
    client = APIClient()
    client.force_login(ander)
    assert client.get(f"{PAD}{casus.pk}/").status_code == 404
    assert casus.pk not in [c["id"] for c in client.get(PAD).json()["results"]]
    client.force_login(eigen)
    assert client.get(f"{PAD}{casus.pk}/").status_code == 200


def test_lezen_wordt_gelogd_per_lid(schrijver, huishouden):
    InwonerFactory(huishouden=huishouden, rol="partner")
    casus = _maak(schrijver, huishouden)
    voor = AuditRecord.objects.filter(omschrijving=f"Casus {casus['id']} ingezien").count()
    schrijver.get(f"{PAD}{casus['id']}/")
    assert AuditRecord.objects.filter(omschrijving=f"Casus {casus['id']} ingezien").count() == voor + 2
    schrijver.get(PAD)
    assert AuditRecord.objects.filter(omschrijving="Casussen opgevraagd via de API").count() == 2


def test_aanmelding_binnen_24_maanden_na_afsluiten_is_recidive_en_alleen_leesbaar(schrijver, huishouden):
    """Closed on 2 April 2024, the aanmelding of 2 April 2026 (today) is exactly 24 months later: recidive."""
    oud = services.open_casus(huishouden=huishouden, hulpvraag="Eerder", door=None)
    CasusStatus.objects.create(casus=oud, status=S.AFGESLOTEN, tijdstip=datetime(2024, 4, 2, 15, tzinfo=AMS))
    Casus.objects.for_systeem("test").filter(pk=oud.pk).update(status=S.AFGESLOTEN, uitstroomreden="afgerond")
    nieuw = _maak(schrijver, huishouden)
    assert (nieuw["recidive"], nieuw["eerder_afgesloten_op"]) == (True, "2024-04-02")
    detail = schrijver.get(f"{PAD}{nieuw['id']}/").json()
    assert (detail["recidive"], detail["eerder_afgesloten_op"]) == (True, "2024-04-02")
    ander = _maak(schrijver, InwonerFactory().huishouden)
    assert (ander["recidive"], ander["eerder_afgesloten_op"]) == (False, None)


def test_patch_hoofdbehandelaar_onder_die_naam_en_klantadviseur_als_oude_naam(schrijver, huishouden):
    casus = _maak(schrijver, huishouden)
    url = f"{PAD}{casus['id']}/"
    eerste = UserFactory(username="ka-een", rollen=[Rol.KLANTADVISEUR])
    tweede = UserFactory(username="ka-twee", rollen=[Rol.KLANTADVISEUR])
    beleid = UserFactory(username="beleid-hb", rollen=[Rol.BELEIDSADVISEUR])
    assert casus["hoofdbehandelaar"] is None
    fout = schrijver.patch(url, {"hoofdbehandelaar": beleid.pk}, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"')
    assert fout.status_code == 400 and fout["Content-Type"] == "application/problem+json"
    assert fout.json()["invalid_params"] == [
        {"name": "hoofdbehandelaar", "code": "invalid", "reason": "Kies een klantadviseur als hoofdbehandelaar."}
    ]
    goed = schrijver.patch(url, {"hoofdbehandelaar": eerste.pk}, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"')
    assert goed.status_code == 200, goed.content
    body = goed.json()
    assert (body["hoofdbehandelaar"], body["klantadviseur"], body["versie"]) == (eerste.pk, eerste.pk, 2)
    # The older name still works (a handover through the API).
    oud = schrijver.patch(url, {"klantadviseur": tweede.pk}, format="json", HTTP_IF_MATCH=goed["ETag"])
    assert oud.status_code == 200 and oud.json()["hoofdbehandelaar"] == tweede.pk
    beide = schrijver.patch(
        url, {"hoofdbehandelaar": eerste.pk, "klantadviseur": tweede.pk}, format="json", HTTP_IF_MATCH=oud["ETag"]
    )
    assert beide.status_code == 400 and beide.json()["invalid_params"][0]["name"] == "klantadviseur"
    assert Casus.objects.for_systeem("test").get(pk=casus["id"]).klantadviseur_id == tweede.pk


@pytest.mark.parametrize(
    ("body", "namen"),
    [
        ({"hoofdbehandelaar_id": 5, "crisis": True}, ["crisis", "hoofdbehandelaar_id"]),
        ({"recidive": True}, ["recidive"]),
        ({"status": "intake", "hulpvraag": "Anders"}, ["hulpvraag"]),
        ({}, ["non_field_errors"]),
        ({"toelichting": "Alleen een toelichting"}, ["toelichting"]),
    ],
    ids=["onbekende velden", "alleen-lezen veld", "onbekend naast een geldig veld", "leeg", "alleen toelichting"],
)
def test_patch_die_niets_zou_wijzigen_wordt_geweigerd_met_de_velden(schrijver, huishouden, body, namen):
    casus = _maak(schrijver, huishouden)
    antwoord = schrijver.patch(f"{PAD}{casus['id']}/", body, format="json", HTTP_IF_MATCH=f'"{casus["id"]}-1"')
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == "application/problem+json"
    assert sorted(p["name"] for p in antwoord.json()["invalid_params"]) == namen
    rij = Casus.objects.for_systeem("test").get(pk=casus["id"])
    assert (rij.versie, rij.status, rij.crisis, rij.hulpvraag) == (1, S.AANMELDING, False, "Schulden")
