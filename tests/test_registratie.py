"""Registering a household: bad input is refused with a clear Dutch message and nothing is saved."""

from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

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


# --- the whole form, as a browser posts it ---------------------------------------------------------
# A browser sends every field of the page: empty text and date inputs as "", and for a <select> the
# selected option, or the first one when none is marked selected. The tests below read the rendered
# page and build exactly that, so a default on an unused block shows up the way it did for users.


class _Formulierlezer(HTMLParser):
    """Collects what a browser would submit for the form's fields as the page shows them."""

    def __init__(self):
        super().__init__()
        self.velden: dict[str, str] = {}
        self._select: str | None = None
        self._eerste_optie: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.velden[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select, self._eerste_optie = a["name"], None
        elif tag == "option" and self._select:
            waarde = a.get("value") or ""
            if self._eerste_optie is None:
                self._eerste_optie = waarde
                self.velden[self._select] = waarde
            if "selected" in a:
                self.velden[self._select] = waarde
        elif tag == "textarea" and a.get("name"):
            self.velden[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def hele_formulier(client, **ingevuld) -> dict[str, str]:
    lezer = _Formulierlezer()
    lezer.feed(client.get("/werk/huishoudens/nieuw/").content.decode())
    assert "leden-4-voornaam" in lezer.velden  # five person blocks on the page
    return {**lezer.velden, **ingevuld}


def persoon(nummer: int, rol: str | None, voornaam: str, geboortedatum: str) -> dict[str, str]:
    velden = {
        f"leden-{nummer}-voornaam": voornaam,
        f"leden-{nummer}-achternaam": "Peeters",
        f"leden-{nummer}-geboortedatum": geboortedatum,
    }
    if rol is not None:
        velden[f"leden-{nummer}-rol"] = rol
    return velden


def adres(stadsdeel) -> dict[str, str]:
    return {"straat": "Parade", "huisnummer": "12", "postcode": "5911 CE", "stadsdeel": str(stadsdeel.pk)}


def test_lege_blokken_staan_zonder_rol_op_de_pagina(client, gebruiker_met_rol, stadsdeel):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    velden = hele_formulier(client)
    assert velden["leden-0-rol"] == "aanvrager"
    assert [velden[f"leden-{i}-rol"] for i in range(1, 5)] == ["", "", "", ""]
    assert velden["leden-TOTAL_FORMS"] == "5"


@pytest.mark.parametrize(
    ("personen", "rollen"),
    [
        ([persoon(0, None, "Ans", "1970-02-02")], ["aanvrager"]),
        (
            [persoon(0, None, "Ans", "1970-02-02"), persoon(1, "partner", "Bert", "1968-05-05")],
            ["aanvrager", "partner"],
        ),
        (
            [
                persoon(0, None, "Ans", "1970-02-02"),
                persoon(1, "kind", "Cas", "2015-03-03"),
                persoon(2, "kind", "Dien", "2017-07-07"),
            ],
            ["aanvrager", "kind", "kind"],
        ),
    ],
    ids=["een persoon", "twee personen", "drie personen"],
)
def test_hele_formulier_met_lege_blokken_slaat_op(client, gebruiker_met_rol, stadsdeel, personen, rollen):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    ingevuld = {**adres(stadsdeel)}
    for velden in personen:
        ingevuld.update(velden)
    antwoord = client.post("/werk/huishoudens/nieuw/", hele_formulier(client, **ingevuld))
    assert antwoord.status_code == 302, antwoord.content.decode()
    huishouden = Huishouden.objects.get()
    assert sorted(huishouden.leden.values_list("rol", flat=True)) == sorted(rollen)
    aanvrager = huishouden.leden.get(rol="aanvrager")
    assert antwoord["Location"] == f"/werk/inwoners/{aanvrager.pk}/"
    assert AuditRecord.objects.filter(actie="aanmaken").count() == len(rollen)


@pytest.mark.parametrize(
    ("blok", "melding"),
    [
        ({"leden-1-voornaam": "Bert"}, "Dit veld is vereist."),  # no role, surname or birth date
        ({"leden-1-rol": "partner"}, "Dit veld is vereist."),  # a role alone is a started block, not an empty one
        ({"leden-2-inkomen_soort": "loon"}, "Vul het netto bedrag per maand in."),
    ],
)
def test_half_ingevuld_blok_geeft_een_fout_en_bewaart_niets(client, gebruiker_met_rol, stadsdeel, blok, melding):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    ingevuld = {**adres(stadsdeel), **persoon(0, None, "Ans", "1970-02-02"), **blok}
    antwoord = client.post("/werk/huishoudens/nieuw/", hele_formulier(client, **ingevuld))
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Het huishouden is niet opgeslagen." in html
    assert melding in html
    assert niets_opgeslagen()


def test_leeg_eerste_blok_geeft_een_fout(client, gebruiker_met_rol, stadsdeel):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    antwoord = client.post("/werk/huishoudens/nieuw/", hele_formulier(client, **adres(stadsdeel)))
    assert antwoord.status_code == 400
    assert "Dit veld is vereist." in antwoord.content.decode()
    assert niets_opgeslagen()
