"""The vroegsignalen API contract (issue: vroegsignalering): POST with a required Idempotency-Key, GET of the
own signals only, matching to a known household, opeenvolgend within six months, no BSN in any answer, audit."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from partners.models import Vroegsignaal
from partners.services import maanden_terug
from tests.helpers import assert_probleem
from venlo_armoede.accounts.models import ApiToken, IdempotentVerzoek
from venlo_armoede.audit.models import Actie, AuditRecord

LIJST = "/api/v1/vroegsignalen/"
VENLO = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _post(client, body, sleutel="sleutel-1"):
    kwargs = {"HTTP_IDEMPOTENCY_KEY": sleutel} if sleutel is not None else {}
    return client.post(LIJST, body, format="json", **kwargs)


def _fouten(antwoord) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in assert_probleem(antwoord, 400)["invalid_params"]}


def test_201_antwoordt_precies_het_contract(signaal_client, signaal_body):
    antwoord = _post(signaal_client(), signaal_body())
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    assert {"id", "status", "opeenvolgend", "ontvangen_op"} <= set(data)
    signaal = Vroegsignaal.objects.for_systeem("test").get()
    assert data["id"] == signaal.pk
    assert data["status"] == "ontvangen"
    assert data["opeenvolgend"] is False
    assert datetime.fromisoformat(data["ontvangen_op"]) == signaal.ontvangen_op
    # What was sent is stored as sent (postcode normalised).
    assert (signaal.soort, str(signaal.achterstand_bedrag), signaal.achterstand_sinds) == (
        "huur",
        "812.40",
        date(2026, 9, 1),
    )
    assert (signaal.naam, signaal.straat, signaal.huisnummer, signaal.postcode, signaal.woonplaats) == (
        "J. Jansen",
        "Kazernestraat",
        1,
        "5911 AB",
        "Venlo",
    )


def test_bsn_versleuteld_bewaard_en_nergens_teruggegeven(signaal_client, signaal_body, bsn):
    nummer = bsn()
    client = signaal_client()
    antwoord = _post(client, signaal_body(bsn=nummer, huisnummer_toevoeging="B"))
    assert antwoord.status_code == 201
    signaal = Vroegsignaal.objects.for_systeem("test").get()
    assert signaal.bsn == nummer and signaal.huisnummer_toevoeging == "B"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM partners_vroegsignaal")
        (opgeslagen,) = cursor.fetchone()
    assert nummer not in opgeslagen
    herhaling = _post(client, signaal_body(bsn=nummer, huisnummer_toevoeging="B"))
    for r in (antwoord, herhaling, client.get(LIJST), client.get(f"{LIJST}{signaal.pk}/")):
        assert nummer not in r.content.decode()
        assert "bsn" not in r.content.decode()
    assert nummer not in str(IdempotentVerzoek.objects.get().antwoord)


@pytest.mark.parametrize(
    ("wijzig", "veld", "reden"),
    [
        ({"achterstand_bedrag": "0"}, "achterstand_bedrag", "Het bedrag van de achterstand moet groter zijn dan 0."),
        ({"achterstand_bedrag": "-5"}, "achterstand_bedrag", "Het bedrag van de achterstand moet groter zijn dan 0."),
        ({"achterstand_bedrag": ...}, "achterstand_bedrag", "Dit veld is verplicht."),
        ({"straat": ...}, "straat", "Dit veld is verplicht."),
        ({"postcode": ""}, "postcode", "Dit veld mag niet leeg zijn."),
        ({"postcode": "59AB11"}, "postcode", "Vul een postcode in zoals 5911 AB."),
        ({"huisnummer": ...}, "huisnummer", "Dit veld is verplicht."),
        ({"naam": ...}, "naam", "Dit veld is verplicht."),
        ({"woonplaats": ...}, "woonplaats", "Dit veld is verplicht."),
        ({"soort": "gas"}, "soort", "'gas' is geen geldige soort. Kies uit: huur, energie, water, zorgverzekering."),
        (
            {"bsn": "123456789"},
            "bsn",
            "Dit is geen geldig burgerservicenummer. Een BSN heeft 9 cijfers en moet de elfproef doorstaan.",
        ),
        (
            {"achterstand_sinds": "2026-13-01"},
            "achterstand_sinds",
            "Vul een geldige datum in als JJJJ-MM-DD, bijvoorbeeld 2026-09-01.",
        ),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_fout_en_slaat_niets_op(signaal_client, signaal_body, wijzig, veld, reden):
    antwoord = _post(signaal_client(), signaal_body(**wijzig))
    assert _fouten(antwoord)[veld] == reden
    assert not Vroegsignaal.objects.for_systeem("test").exists()
    assert not IdempotentVerzoek.objects.exists()
    assert not AuditRecord.objects.filter(actie=Actie.AANMAKEN).exists()


@pytest.mark.parametrize("dagen_terug", [0, -1, -400])
def test_achterstand_sinds_moet_in_het_verleden_liggen(signaal_client, signaal_body, dagen_terug):
    """Today is not "a past date": refused like tomorrow, by Venlo's date (00:30 in Venlo is still the day
    before in UTC), with a Dutch 400 problem+json and nothing saved."""
    client = signaal_client()
    with time_machine.travel(datetime(2026, 12, 10, 0, 30, tzinfo=VENLO), tick=False):
        datum = (date(2026, 12, 10) - timedelta(days=dagen_terug)).isoformat()
        antwoord = _post(client, signaal_body(achterstand_sinds=datum), f"k{dagen_terug}")
    assert_probleem(antwoord, 400)
    assert _fouten(antwoord)["achterstand_sinds"] == (
        "De datum 'achterstand sinds' moet in het verleden liggen, dus vóór vandaag."
    )
    assert not Vroegsignaal.objects.for_systeem("test").exists()


def test_achterstand_sinds_gisteren_mag(signaal_client, signaal_body):
    client = signaal_client()
    with time_machine.travel(datetime(2026, 12, 10, 0, 30, tzinfo=VENLO), tick=False):
        antwoord = _post(client, signaal_body(achterstand_sinds="2026-12-09"))
    assert antwoord.status_code == 201
    assert Vroegsignaal.objects.for_systeem("test").get().achterstand_sinds == date(2026, 12, 9)


def test_de_service_weigert_een_achterstand_van_de_dag_van_ontvangst(woningcorporatie):
    """Not only the API: any caller of the service (the demo, a later import) gets the same rule."""
    from django.core.exceptions import ValidationError

    from partners import services

    token, _ = ApiToken.maak(organisatie=woningcorporatie, naam="t", scopes=["vroegsignalen:schrijven"])
    ontvangen = datetime(2026, 12, 10, 9, 0, tzinfo=VENLO)
    adres = {"naam": "J. Jansen", "straat": "Parade", "huisnummer": 1, "postcode": "5911 CB", "woonplaats": "Venlo"}
    with pytest.raises(ValidationError) as fout:
        services.ontvang_vroegsignaal(
            token=token,
            soort="huur",
            achterstand_bedrag=Decimal("10"),
            achterstand_sinds=date(2026, 12, 10),
            ontvangen_op=ontvangen,
            **adres,
        )
    assert "achterstand_sinds" in fout.value.message_dict
    assert not Vroegsignaal.objects.for_systeem("test").exists()


def test_zonder_idempotency_key_400_en_niets_opgeslagen(signaal_client, signaal_body):
    antwoord = _post(signaal_client(), signaal_body(), sleutel=None)
    fouten = _fouten(antwoord)
    assert "Idempotency-Key" in fouten and "Stuur een Idempotency-Key mee" in fouten["Idempotency-Key"]
    assert not Vroegsignaal.objects.for_systeem("test").exists()


def test_herhaling_geeft_eerste_antwoord_en_maakt_niets(signaal_client, signaal_body):
    client = signaal_client()
    eerste = _post(client, signaal_body())
    audit_na_eerste = AuditRecord.objects.count()
    tweede = _post(client, signaal_body())
    assert eerste.status_code == tweede.status_code == 201
    assert tweede.json() == eerste.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Vroegsignaal.objects.for_systeem("test").count() == 1
    assert AuditRecord.objects.count() == audit_na_eerste


def test_zelfde_sleutel_andere_body_422_en_niets_opgeslagen(signaal_client, signaal_body):
    client = signaal_client()
    assert _post(client, signaal_body()).status_code == 201
    body = assert_probleem(_post(client, signaal_body(achterstand_bedrag="900.00")), 422)
    assert body["detail"] == "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
    assert Vroegsignaal.objects.for_systeem("test").count() == 1


def test_andere_endpoints_houden_de_sleutel_optioneel(token_client):
    # The huishoudens API without the header still validates the body (400 for the body, not for the header).
    antwoord = token_client("huishoudens:schrijven").post("/api/v1/huishoudens/", {}, format="json")
    assert "Idempotency-Key" not in _fouten(antwoord)


def test_organisatie_a_ziet_alleen_eigen_signalen_en_404_voor_die_van_b(
    signaal_client, signaal_body, energieleverancier
):
    a, b = signaal_client(), signaal_client(energieleverancier)
    id_a = _post(a, signaal_body()).json()["id"]
    id_b = _post(b, signaal_body(soort="energie")).json()["id"]
    assert [s["id"] for s in a.get(LIJST).json()["results"]] == [id_a]
    assert [s["id"] for s in b.get(LIJST).json()["results"]] == [id_b]
    assert a.get(f"{LIJST}{id_a}/").status_code == 200
    assert_probleem(a.get(f"{LIJST}{id_b}/"), 404)
    assert_probleem(b.get(f"{LIJST}{id_a}/"), 404)


def test_get_toont_status_en_resultaat_van_de_gemeente(signaal_client, signaal_body):
    from partners import services

    client = signaal_client()
    id_ = _post(client, signaal_body()).json()["id"]
    signaal = Vroegsignaal.objects.for_systeem("test").get(pk=id_)
    services.registreer_resultaat(signaal=signaal, resultaat="hulp_geweigerd", door=None)
    data = client.get(f"{LIJST}{id_}/").json()
    assert data["status"] == "afgehandeld"
    assert data["resultaat"] == "hulp_geweigerd"
    assert data["resultaat_op"] is not None


def test_alleen_signaalpartners_en_zorgverzekeraars(token_client, signaal_body, gemeente, db):
    from venlo_armoede.accounts.models import Organisatie

    fonds = Organisatie.objects.create(naam="Fonds", soort="fonds")
    for org in (gemeente, fonds):
        assert_probleem(_post(token_client("vroegsignalen:schrijven", organisatie=org), signaal_body()), 403)
    verzekeraar = Organisatie.objects.create(naam="Zorgverzekeraar Test", soort="zorgverzekeraar")
    client = token_client("vroegsignalen:schrijven", organisatie=verzekeraar)
    assert _post(client, signaal_body(soort="zorgverzekering")).status_code == 201
    assert_probleem(_post(token_client("doorverwijzingen:lezen", organisatie=verzekeraar), signaal_body()), 403)
    assert Vroegsignaal.objects.for_systeem("test").count() == 1


def test_koppelt_aan_bekend_huishouden_op_adres(signaal_client, signaal_body, maak_huishouden):
    huishouden = maak_huishouden(postcode="5911 AB")
    _post(signaal_client(), signaal_body(postcode="5911ab"))
    assert Vroegsignaal.objects.for_systeem("test").get().huishouden == huishouden


def test_ander_huisnummer_of_toevoeging_koppelt_niet(signaal_client, signaal_body, maak_huishouden):
    maak_huishouden(postcode="5911 AB")
    client = signaal_client()
    _post(client, signaal_body(huisnummer=2), "a")
    _post(client, signaal_body(huisnummer_toevoeging="A"), "b")
    assert list(Vroegsignaal.objects.for_systeem("test").values_list("huishouden", flat=True)) == [None, None]


def test_koppelt_op_bsn_ook_op_een_ander_adres(signaal_client, signaal_body, maak_huishouden):
    from cases.models import Inwoner

    huishouden = maak_huishouden(postcode="5911 AB")
    nummer = Inwoner.objects.for_systeem("test").filter(huishouden=huishouden).first().bsn
    _post(signaal_client(), signaal_body(postcode="5912 XY", huisnummer=99, bsn=nummer))
    assert Vroegsignaal.objects.for_systeem("test").get().huishouden == huishouden


def test_maanden_terug():
    assert maanden_terug(date(2026, 12, 3), 6) == date(2026, 6, 3)
    assert maanden_terug(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert maanden_terug(date(2026, 3, 15), 6) == date(2025, 9, 15)


@pytest.mark.parametrize(("eerste_op", "opeenvolgend"), [(date(2026, 6, 3), True), (date(2026, 6, 2), False)])
def test_opeenvolgend_bij_precies_zes_maanden_en_niet_een_dag_erover(
    signaal_client, signaal_body, energieleverancier, eerste_op, opeenvolgend
):
    with time_machine.travel(datetime.combine(eerste_op, datetime.min.time(), VENLO).replace(hour=9), tick=False):
        assert (
            _post(
                signaal_client(energieleverancier), signaal_body(soort="energie", achterstand_sinds="2026-05-01")
            ).json()["opeenvolgend"]
            is False
        )
    with time_machine.travel(datetime(2026, 12, 3, 16, 0, tzinfo=VENLO), tick=False):
        tweede = _post(signaal_client(), signaal_body(), "tweede")
    assert tweede.json()["opeenvolgend"] is opeenvolgend


def test_ander_adres_is_niet_opeenvolgend(signaal_client, signaal_body):
    client = signaal_client()
    _post(client, signaal_body(), "a")
    assert _post(client, signaal_body(huisnummer=3), "b").json()["opeenvolgend"] is False
    assert _post(client, signaal_body(), "c").json()["opeenvolgend"] is True


def test_ontvangst_en_elke_lezing_in_het_logboek(signaal_client, signaal_body, bsn):
    client = signaal_client()
    id_ = _post(client, signaal_body(bsn=bsn())).json()["id"]
    ontvangen = AuditRecord.objects.get(actie=Actie.AANMAKEN)
    assert ontvangen.omschrijving == "Vroegsignaal ontvangen van Woningcorporatie Test"
    assert ontvangen.betrokkene_type == "BSN"
    client.get(LIJST)
    client.get(f"{LIJST}{id_}/")
    inzien = list(
        AuditRecord.objects.filter(actie=Actie.INZIEN).order_by("id").values_list("omschrijving", "betrokkene_id")
    )
    assert inzien == [
        ("Vroegsignalen opgevraagd via de API", ontvangen.betrokkene_id),
        ("Vroegsignaal opgevraagd via de API", ontvangen.betrokkene_id),
    ]


def test_lijst_zonder_n_plus_1(signaal_client, signaal_body, django_assert_max_num_queries):
    client = signaal_client()
    for i in range(5):
        _post(client, signaal_body(huisnummer=i + 1), f"k{i}")
    with django_assert_max_num_queries(12):
        assert len(client.get(LIJST).json()["results"]) == 5


def test_geweigerde_opvraging_van_een_ander_signaal_staat_in_het_logboek(
    signaal_client, signaal_body, energieleverancier
):
    a, b = signaal_client(), signaal_client(energieleverancier)
    id_a = _post(a, signaal_body()).json()["id"]
    assert_probleem(b.get(f"{LIJST}{id_a}/"), 404)
    assert_probleem(b.get(f"{LIJST}abc/"), 404)
    geweigerd = AuditRecord.objects.get(resultaat="geweigerd")
    assert geweigerd.omschrijving == "Vroegsignaal opvragen geweigerd"
    assert geweigerd.betrokkene_id == AuditRecord.objects.get(actie=Actie.AANMAKEN).betrokkene_id
