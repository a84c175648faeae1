"""Registering a household: bad input is refused with a clear Dutch message and nothing is saved."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Huishouden, InkomensBron, Inwoner
from cases.services import NieuwInkomen, NieuwLid, registreer_huishouden
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import AuditRecord


@pytest.fixture
def stadsdeel(db):
    return Stadsdeel.objects.create(naam="Tegelen")


def lid(rol="aanvrager", **kwargs):
    standaard = dict(voornaam="Jan", achternaam="Janssen", geboortedatum=date(1980, 1, 1), rol=rol)
    return NieuwLid(**{**standaard, **kwargs})


def registreer(stadsdeel, leden, **kwargs):
    return registreer_huishouden(
        door=None, straat="Markt", huisnummer=1, postcode="5911ab", stadsdeel=stadsdeel, leden=leden, **kwargs
    )


def niets_opgeslagen():
    return not (Huishouden.objects.exists() or Inwoner.objects.exists() or InkomensBron.objects.exists())


def test_registratie_slaat_alles_op_en_logt_per_persoon(stadsdeel):
    inkomen = NieuwInkomen(soort="loon", netto_maandbedrag=Decimal("1650.00"), geldig_van=date(2026, 1, 1))
    huishouden = registreer(
        stadsdeel,
        [lid(bsn="111222333", inkomens=[inkomen]), lid("kind", voornaam="Pien", geboortedatum=date(2018, 4, 4))],
    )
    assert huishouden.postcode == "5911 AB"
    assert huishouden.leden.count() == 2
    assert InkomensBron.objects.get().netto_maandbedrag == Decimal("1650.00")
    assert AuditRecord.objects.filter(actie="aanmaken").count() == 2


@pytest.mark.parametrize(
    ("leden", "veld", "bericht"),
    [
        ([lid(bsn="123456789")], "leden[0].bsn", "elfproef"),
        (
            [
                lid(
                    inkomens=[
                        NieuwInkomen(soort="loon", netto_maandbedrag=Decimal("-0.01"), geldig_van=date(2026, 1, 1))
                    ]
                )
            ],
            "leden[0].inkomens[0].netto_maandbedrag",
            "niet negatief",
        ),
        ([lid(geboortedatum=timezone.localdate() + timedelta(days=1))], "leden[0].geboortedatum", "toekomst"),
        ([lid("partner"), lid("kind")], "leden", "precies één aanvrager"),
        ([lid(), lid("aanvrager")], "leden", "precies één aanvrager"),
        ([lid(), lid("partner"), lid("partner")], "leden", "hoogstens één partner"),
    ],
)
def test_foute_invoer_wordt_geweigerd_en_niets_opgeslagen(stadsdeel, leden, veld, bericht):
    with pytest.raises(ValidationError) as fout:
        registreer(stadsdeel, leden)
    assert veld in fout.value.message_dict
    assert any(bericht in m for m in fout.value.message_dict[veld])
    assert niets_opgeslagen()
    assert not AuditRecord.objects.exists()


def test_dubbel_bsn_wordt_geweigerd(stadsdeel):
    registreer(stadsdeel, [lid(bsn="111222333")])
    with pytest.raises(ValidationError) as fout:
        registreer(stadsdeel, [lid(bsn="111222333")])
    assert "al bij een andere inwoner" in fout.value.message_dict["leden[0].bsn"][0]
    assert Huishouden.objects.count() == 1


def test_alle_fouten_tegelijk(stadsdeel):
    with pytest.raises(ValidationError) as fout:
        registreer(stadsdeel, [lid("kind", bsn="123456789")], vermogen=Decimal("-1"))
    assert set(fout.value.message_dict) >= {"leden", "leden[0].bsn", "vermogen"}


def test_database_weigert_tweede_aanvrager_ook_buiten_de_service(stadsdeel):
    from django.db import IntegrityError, transaction

    huishouden = registreer(stadsdeel, [lid()])
    with pytest.raises(IntegrityError), transaction.atomic():
        Inwoner.objects.create(
            huishouden=huishouden, voornaam="X", achternaam="Y", geboortedatum=date(1990, 1, 1), rol="aanvrager"
        )


# --- the HTML form -----------------------------------------------------------------------------


def formulier(stadsdeel, **leden):
    data = {
        "straat": "Markt",
        "huisnummer": "3",
        "postcode": "5911 AB",
        "stadsdeel": stadsdeel.pk,
        "leden-TOTAL_FORMS": "4",
        "leden-INITIAL_FORMS": "0",
        "leden-MIN_NUM_FORMS": "1",
        "leden-MAX_NUM_FORMS": "12",
    }
    for sleutel, waarde in leden.items():
        data[f"leden-{sleutel}"] = waarde
    return data


def test_formulier_registreert_en_toont_de_aanvrager(client, gebruiker_met_rol, stadsdeel):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    antwoord = client.post(
        "/werk/huishoudens/nieuw/",
        formulier(
            stadsdeel,
            **{
                "0-rol": "aanvrager",
                "0-voornaam": "Ans",
                "0-achternaam": "Smeets",
                "0-geboortedatum": "1970-02-02",
                "0-inkomen_soort": "bijstand",
                "0-netto_maandinkomen": "1401.50",
            },
        ),
    )
    assert antwoord.status_code == 302
    inwoner = Inwoner.objects.get()
    assert antwoord["Location"] == f"/werk/inwoners/{inwoner.pk}/"


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        ({"0-bsn": "123456789"}, "elfproef"),
        ({"0-inkomen_soort": "loon", "0-netto_maandinkomen": "-5"}, "niet negatief"),
        ({"0-geboortedatum": "2999-01-01"}, "toekomst"),
        ({"0-rol": "kind"}, "precies één aanvrager"),
    ],
)
def test_formulier_toont_wat_er_mis_is_en_bewaart_niets(client, gebruiker_met_rol, stadsdeel, invoer, melding):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    velden = {"0-rol": "aanvrager", "0-voornaam": "Ans", "0-achternaam": "Smeets", "0-geboortedatum": "1970-02-02"}
    antwoord = client.post("/werk/huishoudens/nieuw/", formulier(stadsdeel, **{**velden, **invoer}))
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    assert niets_opgeslagen()
