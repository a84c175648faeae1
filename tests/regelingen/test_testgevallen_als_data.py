"""Testgevallen as data beside the rule (issue 10, item 4): stored per regeling, loaded with the reference data,
kept in the regelset file, run by `python manage.py test_regelingen` without a file, shown on the history page;
and a change in the rule editor that makes a testgeval come out differently is saved only with an explicit
confirmation, which updates that testgeval in the same transaction (else nothing is saved)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from regelingen import regelset, services, testgevallen, versies
from regelingen.models import Regeling, RegelingVersie, Testgeval
from regelingen.referentiedata import TESTGEVALLEN_YAML
from tests.helpers import als_post, formulier_van_pagina
from tests.regelingen.test_versies import formulier_als_browser, huidige_leergeld
from venlo_armoede.accounts.models import Beheerlogboek

pytestmark = pytest.mark.django_db

GEVAL_2024 = "Leergeld op 1-9-2024 tot 120%, na de tijdelijke verhoging naar 150%"
GEVAL_100 = "Alleenstaande ouder met twee schoolkinderen op precies 100%"


@pytest.fixture
def beheerder(gebruiker_met_rol):
    return gebruiker_met_rol("functioneel_beheer")


def morgen() -> date:
    return timezone.localdate() + timedelta(days=1)


def stand() -> dict:
    """Everything a save may write: the versions, the testgevallen and the beheerlogboek."""
    return {
        "versies": sorted(RegelingVersie.objects.values_list("id", "geldig_van", "geldig_tot", "inkomensgrens_pct")),
        "testgevallen": sorted(
            Testgeval.objects.values_list("id", "verwacht_uitkomst", "verwacht_bedrag", "versie_id", "peildatum")
        ),
        "logboek": Beheerlogboek.objects.count(),
    }


def editor(client, beheerder, pct: str) -> tuple[str, dict]:
    client.force_login(beheerder)
    url = reverse("regelbeheer:versie-wijzigen", args=[huidige_leergeld().pk])
    data = formulier_als_browser(client.get(url).context["form"]) | {"ingang": str(morgen()), "inkomensgrens_pct": pct}
    return url, data


def leergeld_geval(naam: str) -> Testgeval:
    return Testgeval.objects.get(regeling__code="leergeld", naam=naam)


# --- The rule editor: refuse without confirmation, update with it ------------------------------------------


def test_opslaan_dat_een_testgeval_breekt_wordt_zonder_bevestiging_geweigerd(client, regels, beheerder):
    url, data = editor(client, beheerder, "110")
    voor = stand()
    antwoord = client.post(url, data | {"actie": "opslaan"})
    assert antwoord.status_code == 400
    [fout] = antwoord.context["form"].non_field_errors()
    assert fout.startswith("Er is niets opgeslagen. 1 testgeval komt met de nieuwe regels anders uit dan verwacht:")
    assert GEVAL_2024 in fout
    tekst = antwoord.content.decode()
    # The preview is shown with the testgeval, and the form now offers the confirmation.
    assert "1 van de 4 testgevallen komt anders uit dan verwacht." in tekst
    assert "Ik weet het: werk deze testgevallen bij naar de nieuwe uitkomst" in tekst
    assert stand() == voor


def test_de_bevestiging_staat_er_alleen_als_een_testgeval_anders_uitkomt(client, regels, beheerder):
    url, data = editor(client, beheerder, "125")
    tekst = client.post(url, data | {"actie": "bekijk"}).content.decode()
    assert "Alle testgevallen komen uit zoals verwacht." in tekst
    assert "testgevallen_bijwerken" not in tekst
    assert client.post(url, data | {"actie": "opslaan"}).status_code == 302  # nothing to confirm


def test_met_bevestiging_krijgt_het_testgeval_de_nieuwe_uitkomst_en_beschrijft_het_de_nieuwe_versie(
    client, regels, beheerder, capsys
):
    url, data = editor(client, beheerder, "110")
    bekeken = client.post(url, data | {"actie": "bekijk"})
    assert [t.naam for t in bekeken.context["voorvertoning"].testgevallen_anders] == [GEVAL_2024]
    velden = formulier_van_pagina(bekeken.content.decode(), form_id="versie-wijzigen")
    assert not [n for n, _w in velden if n == "testgevallen_bijwerken"]  # not ticked for you
    ongewijzigd = leergeld_geval(GEVAL_100)

    antwoord = client.post(url, als_post(velden, testgevallen_bijwerken="on", actie="opslaan"), follow=True)

    assert antwoord.redirect_chain[-1][0] == reverse("regelbeheer:historie", args=[huidige_leergeld().regeling_id])
    tekst = antwoord.content.decode()
    assert "1 testgeval heeft de nieuwe uitkomst gekregen." in tekst
    nieuw = huidige_leergeld()
    assert (nieuw.geldig_van, nieuw.inkomensgrens_pct) == (morgen(), Decimal("110"))
    bijgewerkt = leergeld_geval(GEVAL_2024)
    assert (bijgewerkt.verwacht_uitkomst, bijgewerkt.versie_id, bijgewerkt.peildatum) == (
        "geen_recht",
        nieuw.pk,
        date(2024, 9, 1),
    )
    assert leergeld_geval(GEVAL_100) == ongewijzigd and leergeld_geval(GEVAL_100).versie_id is None
    [regel] = Beheerlogboek.objects.filter(object_soort="testgeval")
    assert regel.voor["verwacht_uitkomst"] == "recht" and regel.na["verwacht_uitkomst"] == "geen_recht"
    # The history page shows it, as it now comes out: for the new version, and as expected.
    assert GEVAL_2024 in tekst and "voor de versie vanaf" in tekst
    # The stored testgevallen still all come out as they say: the updated one against the version it describes.
    capsys.readouterr()
    call_command("test_regelingen")
    assert f"Resultaat: {Testgeval.objects.count()} goed, 0 anders." in capsys.readouterr().out


def test_een_bevestiging_geldt_alleen_voor_de_testgevallen_die_getoond_zijn(client, regels, beheerder):
    url, data = editor(client, beheerder, "110")
    bekeken = client.post(url, data | {"actie": "bekijk"})
    velden = formulier_van_pagina(bekeken.content.decode(), form_id="versie-wijzigen")
    voor = stand()
    # Then 99% is typed and saved with the tick of the 110% preview: at 99% the 100% testgeval changes too.
    antwoord = client.post(url, als_post(velden, testgevallen_bijwerken="on", actie="opslaan", inkomensgrens_pct="99"))
    assert antwoord.status_code == 400
    [fout] = antwoord.context["form"].non_field_errors()
    assert "andere testgevallen anders uit dan die u heeft bevestigd" in fout and GEVAL_100 in fout
    assert GEVAL_2024 not in fout
    assert stand() == voor
    # A tick without the list of what was shown (a form put together by hand) confirms nothing either.
    antwoord = client.post(url, data | {"actie": "opslaan", "testgevallen_bijwerken": "on"})
    assert antwoord.status_code == 400
    assert stand() == voor


def test_een_fout_na_het_bijwerken_slaat_niets_half_op(regels, beheerder, monkeypatch):
    """The new version, the end of the old one and the updated testgevallen are one transaction."""
    echt = versies.logboek.schrijf

    def faalt_bij_testgeval(**kwargs):
        if kwargs["object_soort"] == "testgeval":
            raise RuntimeError("schijf vol")
        return echt(**kwargs)

    monkeypatch.setattr(versies.logboek, "schrijf", faalt_bij_testgeval)
    voor = stand()
    with pytest.raises(RuntimeError):
        services.wijzig_versie(
            versie=huidige_leergeld(),
            ingang=morgen(),
            wijzigingen={"inkomensgrens_pct": Decimal("110")},
            door=beheerder,
            testgevallen_bijwerken=True,
        )
    assert stand() == voor
    assert huidige_leergeld().geldig_tot is None


def test_de_service_weigert_zonder_bevestiging_en_werkt_bedragen_bij_met_bevestiging(regels, beheerder):
    stadspas = RegelingVersie.objects.get(regeling__code="stadspas", geldig_tot__isnull=True)
    voor = stand()
    with pytest.raises(versies.TestgevallenAnders) as fout:
        services.wijzig_versie(
            versie=stadspas,
            ingang=morgen(),
            wijzigingen={"bedrag": Decimal("120.00")},
            door=beheerder,
            testgevallen_bijwerken=False,
        )
    assert isinstance(fout.value, ValidationError)
    assert {g.naam for g in fout.value.gevallen} == set(
        Testgeval.objects.filter(regeling__code="stadspas", bedrag_controleren=True).values_list("naam", flat=True)
    )
    assert stand() == voor

    nieuw = services.wijzig_versie(
        versie=stadspas,
        ingang=morgen(),
        wijzigingen={"bedrag": Decimal("120.00")},
        door=beheerder,
        testgevallen_bijwerken=True,
    )
    # 100.00 per person became 120.00: the checked amounts follow, the outcome stays 'recht'.
    bedragen = dict(
        Testgeval.objects.filter(regeling__code="stadspas", bedrag_controleren=True).values_list(
            "naam", "verwacht_bedrag"
        )
    )
    assert bedragen == {
        "Alleenstaande op precies 120% krijgt de stadspas en de collectieve zorgverzekering": Decimal("120.00"),
        GEVAL_100: Decimal("360.00"),
        "Paar met een kind van 3 en een van 18 heeft geen kind voor Leergeld": Decimal("480.00"),
    }
    assert set(
        Testgeval.objects.filter(regeling__code="stadspas", bedrag_controleren=True).values_list("versie", flat=True)
    ) == {nieuw.pk}


# --- test_regelingen without a file: the testgevallen in the database -----------------------------------


def test_test_regelingen_zonder_bestand_rekent_de_testgevallen_in_de_database_na(regels, capsys):
    call_command("test_regelingen")
    uit = capsys.readouterr().out
    assert f"Testgevallen in de database ({Testgeval.objects.count()}):" in uit
    assert "goed" in uit and f"leergeld: {GEVAL_2024}" in uit
    assert f"Resultaat: {Testgeval.objects.count()} goed, 0 anders." in uit


def test_test_regelingen_zonder_bestand_meldt_een_verschil_en_eindigt_met_een_fout(regels, capsys):
    Testgeval.objects.filter(regeling__code="stadspas", naam=GEVAL_100).update(verwacht_bedrag=Decimal("200.00"))
    with pytest.raises(CommandError, match="1 testgeval"):
        call_command("test_regelingen")
    uit = capsys.readouterr().out
    assert "ANDERS" in uit and f"stadspas: {GEVAL_100}" in uit
    assert "stadspas: verwacht recht (€ 200,00), berekend recht (€ 300,00)" in uit


def test_test_regelingen_zonder_testgevallen_zegt_hoe_ze_erin_komen(db):
    with pytest.raises(CommandError, match="Er staan geen testgevallen in de database"):
        call_command("test_regelingen")


# --- The history page ---------------------------------------------------------------------------------------


def test_de_historie_toont_de_testgevallen_van_de_regeling(client, regels, beheerder):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    Testgeval.objects.filter(regeling=leergeld, naam=GEVAL_100).update(verwacht_uitkomst="geen_recht")
    tekst = client.get(reverse("regelbeheer:historie", args=[leergeld.pk])).content.decode()
    assert "Testgevallen van deze regeling, met de uitkomst van nu" in tekst
    for geval in Testgeval.objects.filter(regeling=leergeld):
        assert geval.naam in tekst
    assert "Alleenstaande op precies 120% krijgt de stadspas" in tekst  # a leergeld expectation of that example
    assert "nee</strong>: leergeld: verwacht geen recht, berekend recht." in tekst


# --- The regelset file --------------------------------------------------------------------------------------


def test_de_regelset_bevat_de_testgevallen_in_het_formaat_van_een_testgevallenbestand(regels):
    data = yaml.safe_load(regelset.exporteer())
    gevallen = {g["naam"]: g for g in data["testgevallen"]}
    geval = gevallen[GEVAL_100]
    assert geval["peildatum"] == date(2026, 3, 1)
    assert geval["huishouden"]["leden"][0] == {
        "rol": "aanvrager",
        "geboortedatum": date(1988, 9, 15),
        "inkomen": "1401.50",
    }
    assert geval["verwacht"]["stadspas"] == {"uitkomst": "recht", "bedrag": "300.00"}
    assert geval["verwacht"]["leergeld"] == "recht"
    assert geval["verwacht"]["individuele_inkomenstoeslag"] == {"uitkomst": "recht", "bedrag": None}
    # The section reads as a testgevallen file: the same testgevallen as the shipped one.
    als_bestand = testgevallen.lees(
        yaml.safe_dump({"testgevallen": data["testgevallen"]}, sort_keys=False, allow_unicode=True)
    )
    uit_bestand = testgevallen.lees(TESTGEVALLEN_YAML.read_text(encoding="utf-8"))
    assert {(g.naam, g.peildatum, g.huishouden, g.verwacht) for g in als_bestand} == {
        (g.naam, g.peildatum, g.huishouden, g.verwacht) for g in uit_bestand
    }


def test_een_bijgewerkt_testgeval_gaat_met_zijn_versie_mee_door_export_en_import(regels, beheerder):
    nieuw = services.wijzig_versie(
        versie=huidige_leergeld(),
        ingang=morgen(),
        wijzigingen={"inkomensgrens_pct": Decimal("110")},
        door=beheerder,
        testgevallen_bijwerken=True,
    )
    tekst = regelset.exporteer()
    data = yaml.safe_load(tekst)
    [geval] = [g for g in data["testgevallen"] if g["naam"] == GEVAL_2024]
    assert geval["verwacht"]["leergeld"] == {"uitkomst": "geen_recht", "versie_vanaf": nieuw.geldig_van}
    assert regelset.importeer(tekst).niets_gewijzigd

    Testgeval.objects.filter(naam=GEVAL_2024).update(verwacht_uitkomst="recht", versie=None)
    verslag = regelset.importeer(tekst)
    assert verslag.gewijzigd == {"testgevallen": 1}
    assert (leergeld_geval(GEVAL_2024).verwacht_uitkomst, leergeld_geval(GEVAL_2024).versie_id) == (
        "geen_recht",
        nieuw.pk,
    )


def test_een_nieuw_testgeval_in_de_regelset_wordt_toegevoegd(regels):
    tekst = """
testgevallen:
  - naam: Stadspas voor een gezin van vier
    peildatum: 2026-03-01
    huishouden:
      laag_inkomen_sinds: 2025-01-01
      leden:
        - {rol: aanvrager, geboortedatum: 1980-01-01, inkomen: "1500.00"}
        - {rol: partner, geboortedatum: 1981-01-01}
        - {rol: kind, geboortedatum: 2015-01-01}
        - {rol: kind, geboortedatum: 2017-01-01}
    verwacht:
      stadspas: {uitkomst: recht, bedrag: "400.00"}
      leergeld: recht
"""
    verslag = regelset.importeer(tekst)
    assert verslag.nieuw == {"testgevallen": 2}
    rij = Testgeval.objects.get(regeling__code="stadspas", naam="Stadspas voor een gezin van vier")
    assert rij.huishouden["leden"][1] == {"rol": "partner", "geboortedatum": "1981-01-01"}
    assert [r.goed for r in testgevallen.reken_na(Testgeval.objects.filter(naam=rij.naam))] == [True, True]


def test_een_fout_testgeval_in_de_regelset_noemt_de_regel_en_slaat_niets_op(regels):
    tekst = """formaat: 1
regelingen:
  - code: nieuwe_regeling
    naam: Nieuw
    doelstelling: preventie
    versies:
      - {geldig_van: 2030-01-01, inkomensgrens_pct: "120"}
testgevallen:
  - naam: Goed voorbeeld
    peildatum: 2030-02-01
    huishouden: {leden: [{rol: aanvrager, geboortedatum: 1980-01-01, inkomen: "900.00"}]}
    verwacht: {nieuwe_regeling: recht}
  - naam: Onbekende regeling
    peildatum: 2026-03-01
    huishouden: {leden: [{rol: aanvrager, geboortedatum: 1980-01-01}]}
    verwacht: {bestaat_niet: recht}
  - naam: Verkeerde versie
    peildatum: 2026-03-01
    huishouden: {leden: [{rol: aanvrager, geboortedatum: 1980-01-01}]}
    verwacht: {stadspas: {uitkomst: recht, versie_vanaf: 2026-02-02}}
  - naam: Foute geboortedatum
    peildatum: 2026-03-01
    huishouden: {leden: [{rol: aanvrager, geboortedatum: gisteren}]}
    verwacht: {stadspas: recht}
"""
    aantal = Testgeval.objects.count()
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(tekst)
    meldingen = [(f.lijn, f.bericht) for f in fout.value.fouten]
    assert meldingen == [
        (23, "geboortedatum moet een datum zijn in de vorm JJJJ-MM-DD."),
        (16, "Onbekende regeling 'bestaat_niet': die staat niet in het bestand en niet in de database."),
        (20, "Regeling stadspas heeft geen versie vanaf 02-02-2026."),
    ]
    assert Testgeval.objects.count() == aantal
    assert not Regeling.objects.filter(code="nieuwe_regeling").exists()


def test_het_voorbeeld_in_de_documentatie_is_een_goede_regelset_met_een_testgeval_dat_klopt(db):
    """docs/regelingen-formaat.md shows another municipality how to write a set; its example must import."""
    from pathlib import Path

    tekst = (Path(__file__).resolve().parents[2] / "docs" / "regelingen-formaat.md").read_text(encoding="utf-8")
    voorbeeld = tekst.split("## De onderdelen", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    verslag = regelset.importeer(voorbeeld)
    assert verslag.nieuw["testgevallen"] == 1
    [resultaat] = testgevallen.reken_na()
    assert resultaat.goed, resultaat.verschil


# --- /beheer/: a testgeval added by hand is checked like one in a file --------------------------------------


def test_beheer_voegt_een_testgeval_toe_en_een_fout_huishouden_krijgt_een_nederlandse_melding(
    client, regels, beheerder
):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    data = {
        "regeling": str(leergeld.pk),
        "naam": "Met de hand",
        "toelichting": "",
        "peildatum": "2026-03-01",
        "huishouden": '{"leden": [{"rol": "baas", "geboortedatum": "1980-01-01"}]}',
        "verwacht_uitkomst": "recht",
        "verwacht_bedrag": "",
        "versie": "",
    }
    aantal = Testgeval.objects.count()
    antwoord = client.post("/beheer/regelingen/testgeval/add/", data)
    assert antwoord.status_code == 200
    assert "rol moet een van deze zijn: aanvrager, partner, kind, overig" in antwoord.content.decode()
    assert Testgeval.objects.count() == aantal

    data["huishouden"] = (
        '{"leden": [{"rol": "aanvrager", "geboortedatum": "1990-04-12", "inkomen": "1600.00"},'
        ' {"rol": "kind", "geboortedatum": "2016-05-20"}]}'
    )
    assert client.post("/beheer/regelingen/testgeval/add/", data).status_code == 302
    [resultaat] = testgevallen.reken_na(Testgeval.objects.filter(naam="Met de hand"))
    assert resultaat.goed, resultaat.verschil
