"""A rule set as one YAML file: export, import (all or nothing, Dutch errors with their line), idempotent,
and a change to a version in force only as a new version (services.wijzig_versie)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from regelingen import engine, regelset, selectors
from regelingen.models import AowLeeftijd, Kostendelersnorm, Norm, Regeling, RegelingVersie, Vermogensgrens

PEILDATA = (date(2024, 9, 1), date(2025, 3, 1), date(2025, 8, 1), date(2026, 3, 1))


def _lid(rol, geboren, inkomen="0.00"):
    return engine.Lid(rol=rol, geboortedatum=geboren, netto_maandinkomen=Decimal(inkomen))


HUISHOUDENS = (
    engine.Huishouden(
        leden=(_lid("aanvrager", date(1985, 4, 2), "1500.00"), _lid("kind", date(2015, 1, 1))),
        vermogen=Decimal("1000.00"),
        laag_inkomen_sinds=date(2020, 1, 1),
    ),
    engine.Huishouden(leden=(_lid("aanvrager", date(1950, 1, 1), "1500.00"),), vermogen=Decimal("20000.00")),
    engine.Huishouden(
        leden=(
            _lid("aanvrager", date(1990, 1, 1), "1200.00"),
            _lid("partner", date(1991, 1, 1), "900.00"),
            _lid("kind", date(2012, 6, 1)),
            _lid("overig", date(1960, 1, 1), "800.00"),
        ),
    ),
    engine.Huishouden(leden=(_lid("aanvrager", date(2000, 1, 1), "3000.00"),), vermogen=Decimal("0.00")),
)


def _uitkomsten():
    """Every outcome for the households above on every peildatum, without the (database) version ids."""
    return [
        (peildatum, i, u.code, u.uitkomst, u.bedrag, u.redenen)
        for peildatum in PEILDATA
        for i, huishouden in enumerate(HUISHOUDENS)
        for u in selectors.bereken_anoniem(huishouden=huishouden, peildatum=peildatum).uitkomsten
    ]


def _leeg_de_regelset():
    RegelingVersie.objects.all().delete()
    Regeling.objects.all().delete()
    for model in (Norm, AowLeeftijd, Kostendelersnorm, Vermogensgrens):
        model.objects.all().delete()


def _lijn_van(tekst: str, stuk: str, na: str = "") -> int:
    begin = tekst.index(na) if na else 0
    return tekst[: tekst.index(stuk, begin)].count("\n") + 1


def test_export_van_venlo_en_import_in_een_lege_database_geeft_dezelfde_uitkomsten(regels):
    voor = _uitkomsten()
    tekst = regelset.exporteer(gemeente="Venlo")
    _leeg_de_regelset()
    with pytest.raises(engine.OngeldigHuishouden):
        selectors.bereken_anoniem(huishouden=HUISHOUDENS[0], peildatum=PEILDATA[0])

    verslag = regelset.importeer(tekst)

    assert verslag.nieuw["regelingen"] == 9
    assert verslag.nieuw["normen"] == Norm.objects.count() == 25
    assert _uitkomsten() == voor
    assert regelset.exporteer(gemeente="Venlo") == tekst


def test_twee_keer_hetzelfde_bestand_importeren_verandert_niets(regels):
    tekst = regelset.exporteer()
    versies = sorted(RegelingVersie.objects.values_list("id", "geldig_van", "geldig_tot"))
    assert regelset.importeer(tekst).niets_gewijzigd
    assert regelset.importeer(tekst).niets_gewijzigd
    assert sorted(RegelingVersie.objects.values_list("id", "geldig_van", "geldig_tot")) == versies


def test_de_command_exporteert_en_importeert(regels, tmp_path, capsys):
    bestand = tmp_path / "venlo.yaml"
    call_command("regelingen", "exporteer", str(bestand), "--gemeente", "Venlo")
    call_command("regelingen", "importeer", str(bestand))
    assert "Niets gewijzigd" in capsys.readouterr().out
    call_command("regelingen", "importeer", "--controleer", str(bestand))
    assert "in orde" in capsys.readouterr().out


def _met(tekst: str, wijzig) -> str:
    data = yaml.safe_load(tekst)
    wijzig(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _regeling(data: dict, code: str) -> dict:
    return next(r for r in data["regelingen"] if r["code"] == code)


def test_een_gewijzigde_versie_die_al_geldt_wordt_niet_overschreven(regels):
    def hoger(data):
        _regeling(data, "stadspas")["versies"][0]["inkomensgrens_pct"] = "125.00"

    tekst = _met(regelset.exporteer(), hoger)
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(tekst)
    [melding] = fout.value.fouten
    assert melding.lijn == _lijn_van(tekst, "- geldig_van: 2024-01-01", na="code: stadspas")
    assert "stadspas" in melding.plaats
    assert "al in werking" in melding.bericht and "nieuwe versie" in melding.bericht
    assert RegelingVersie.objects.get(regeling__code="stadspas").inkomensgrens_pct == Decimal("120.00")


def test_een_nieuwe_versie_in_het_bestand_wordt_een_nieuwe_versie_vanaf_haar_datum(regels):
    ingang = timezone.localdate() + timedelta(days=30)
    oud = RegelingVersie.objects.get(regeling__code="stadspas")

    def nieuwe_versie(data):
        versies = _regeling(data, "stadspas")["versies"]
        versies[0]["geldig_tot"] = ingang - timedelta(days=1)
        versies.append({**versies[0], "geldig_van": ingang, "inkomensgrens_pct": "130.00"})
        del versies[1]["geldig_tot"]

    tekst = _met(regelset.exporteer(), nieuwe_versie)
    verslag = regelset.importeer(tekst)

    assert verslag.nieuwe_versies == [f"stadspas vanaf {ingang:%d-%m-%Y}"]
    oud.refresh_from_db()
    assert oud.geldig_tot == ingang - timedelta(days=1) and oud.inkomensgrens_pct == Decimal("120.00")
    nieuw = RegelingVersie.objects.get(regeling__code="stadspas", geldig_van=ingang)
    assert nieuw.inkomensgrens_pct == Decimal("130.00") and nieuw.geldig_tot is None
    # 125% of the 2026 norm 1401.50 is 1751.88: above the old grens (1681.80), within the new one (1821.95).
    huishouden = engine.Huishouden(
        leden=(_lid("aanvrager", date(1980, 1, 1), "1751.88"),), laag_inkomen_sinds=date(2020, 1, 1)
    )

    def stadspas(peildatum):
        uitkomsten = selectors.bereken_anoniem(huishouden=huishouden, peildatum=peildatum).uitkomsten
        return next(u.uitkomst for u in uitkomsten if u.code == "stadspas")

    assert stadspas(ingang - timedelta(days=1)) == "geen_recht"
    assert stadspas(ingang) == "recht"
    assert regelset.importeer(tekst).niets_gewijzigd


def test_een_nieuwe_versie_in_het_verleden_wordt_geweigerd(regels):
    def verleden(data):
        versies = _regeling(data, "stadspas")["versies"]
        versies[0]["geldig_tot"] = date(2024, 12, 31)
        versies.append({"geldig_van": date(2025, 1, 1), "inkomensgrens_pct": "130.00"})

    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(_met(regelset.exporteer(), verleden))
    berichten = " ".join(f.bericht for f in fout.value.fouten)
    assert "verleden" in berichten
    assert RegelingVersie.objects.filter(regeling__code="stadspas").count() == 1


SLECHT = """\
formaat: 1
gemeente: Foutdorp
regelingen:
- code: pakket
  naam: Pakket
  doelstelling: preventie
  aanbieder: Bestaat Niet BV
  versies:
  - geldig_van: 2025-01-01
    inkomensgrens_pct: 120.5
    kleur: blauw
    voorwaarden:
    - soort: inkomen
      min_pct: "130"
      max_pct: "120"
    - soort: leeftijd
      min_jaren: 70
      max_jaren: 65
- code: tweede
  naam: Tweede
  doelstelling: preventie
  versies:
  - geldig_van: 2025-01-01
  - geldig_van: 2025-06-01
"""


def test_een_slecht_bestand_geeft_alle_fouten_met_hun_regel_en_slaat_niets_op(regels):
    aantal = Regeling.objects.count()
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(SLECHT)
    fouten = {(f.lijn, f.plaats.split(",")[0]): f.bericht for f in fout.value.fouten}
    assert "Onbekende aanbieder 'Bestaat Niet BV'" in fouten[(7, "regeling pakket")]
    assert "aanhalingstekens" in fouten[(10, "regeling pakket")]
    assert "Onbekend gegeven 'kleur'" in fouten[(11, "regeling pakket")]
    assert "ondergrens (130%) ligt niet onder de bovengrens (120%)" in fouten[(14, "regeling pakket")]
    assert "minimumleeftijd (70 jaar) is hoger dan de maximumleeftijd (65 jaar)" in fouten[(17, "regeling pakket")]
    assert "overlapt met de versie vanaf 01-01-2025" in fouten[(24, "regeling tweede")]
    assert Regeling.objects.count() == aantal


def test_de_command_meldt_fouten_in_het_nederlands_en_eindigt_met_een_fout(regels, tmp_path, capsys):
    bestand = tmp_path / "slecht.yaml"
    bestand.write_text(SLECHT, encoding="utf-8")
    with pytest.raises(CommandError, match="Er is niets opgeslagen"):
        call_command("regelingen", "importeer", str(bestand))
    assert "Regel 11 (regeling pakket, versie vanaf 01-01-2025): Onbekend gegeven 'kleur'" in capsys.readouterr().err


def test_geen_yaml_geeft_een_regelnummer(db):
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer("regelingen:\n  - code: [a\n")
    assert fout.value.fouten[0].lijn is not None
    assert "geen geldige YAML" in fout.value.fouten[0].bericht


def test_een_norm_die_al_geldt_wordt_niet_overschreven(regels):
    def andere_norm(data):
        data["normen"][0]["bedrag_incl_vt"] = "1300.00"

    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(_met(regelset.exporteer(), andere_norm))
    assert "overschrijft geen cijfers" in fout.value.fouten[0].bericht
    norm = Norm.objects.get(geldig_van=date(2024, 1, 1), huishoudtype="alleenstaande_of_alleenstaande_ouder")
    assert norm.bedrag_incl_vt == Decimal("1283.83")


def test_een_versie_die_nog_moet_beginnen_mag_veranderen(regels):
    ingang = timezone.localdate() + timedelta(days=40)
    stadspas = RegelingVersie.objects.get(regeling__code="stadspas")
    toekomst = regelset.services.wijzig_versie(
        versie=stadspas, ingang=ingang, wijzigingen={"bedrag": Decimal("110.00")}, door=None
    )

    def hoger_bedrag(data):
        _regeling(data, "stadspas")["versies"][1]["bedrag"] = "125.00"

    verslag = regelset.importeer(_met(regelset.exporteer(), hoger_bedrag))
    assert verslag.gewijzigd == {"regelingversies": 1} and not verslag.nieuwe_versies
    toekomst.refresh_from_db()
    assert toekomst.bedrag == Decimal("125.00") and toekomst.geldig_van == ingang
    assert RegelingVersie.objects.filter(regeling__code="stadspas").count() == 2


def test_een_einddatum_in_de_toekomst_mag_een_einddatum_in_het_verleden_niet(regels):
    einde = timezone.localdate() + timedelta(days=10)

    def stopt(data):
        _regeling(data, "stadspas")["versies"][0]["geldig_tot"] = einde

    regelset.importeer(_met(regelset.exporteer(), stopt))
    assert RegelingVersie.objects.get(regeling__code="stadspas").geldig_tot == einde

    def stopte(data):
        _regeling(data, "leergeld")["versies"][1]["geldig_tot"] = date(2025, 12, 31)

    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(_met(regelset.exporteer(), stopte))
    assert "uitkomsten van vroeger" in fout.value.fouten[0].bericht
    assert RegelingVersie.objects.get(regeling__code="leergeld", geldig_van=date(2024, 1, 1)).geldig_tot is None


VANAF = date(2026, 1, 1)


def test_een_botsing_met_een_versie_buiten_het_bestand_slaat_niets_half_op(regels):
    tekst = regelset.exporteer()  # knows only the version of stadspas from 2024
    stadspas = RegelingVersie.objects.get(regeling__code="stadspas")
    regelset.services.wijzig_versie(
        versie=stadspas, ingang=timezone.localdate() + timedelta(days=20), wijzigingen={}, door=None
    )

    def met_nieuwe_regeling(data):
        data["regelingen"].append(
            {"code": "nieuw", "naam": "Nieuw", "doelstelling": "preventie", "versies": [{"geldig_van": VANAF}]}
        )

    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(_met(tekst, met_nieuwe_regeling))
    assert any("overlapt met een andere versie" in f.bericht for f in fout.value.fouten)
    assert not Regeling.objects.filter(code="nieuw").exists()
    assert RegelingVersie.objects.filter(regeling__code="stadspas").count() == 2


def test_onbekende_onderdelen_en_velden_in_normen_worden_genoemd(db):
    tekst = (
        "formaat: 1\n"
        "tarieven: []\n"
        "normen:\n"
        "  - {geldig_van: 2026-01-01, leeftijdscategorie: 21_tot_aow, huishoudtype: gehuwden, bedrag_incl_vt: '0'}\n"
        "  - {geldig_van: 2026-01-01, leeftijdscategorie: 30_tot_40, huishoudtype: gehuwden, bedrag: '1.00'}\n"
    )
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(tekst)
    meldingen = [(f.lijn, f.bericht) for f in fout.value.fouten]
    assert (
        2,
        "Onbekend onderdeel 'tarieven'. Mogelijk: formaat, gemeente, normen, aow_leeftijden, "
        "kostendelersnormen, vermogensgrenzen, kenmerken, regelingen, testgevallen.",
    ) in meldingen
    assert any(lijn == 4 and "meer dan € 0" in bericht for lijn, bericht in meldingen)
    assert any(lijn == 5 and "Onbekend gegeven 'bedrag'" in bericht for lijn, bericht in meldingen)
    assert not Norm.objects.exists()


def test_venlos_eigen_databestand_is_een_regelset_in_dit_formaat(regels):
    from regelingen.referentiedata import REGELINGEN_YAML

    assert regelset.controleer(REGELINGEN_YAML.read_text(encoding="utf-8")).niets_gewijzigd


def test_kenmerken_in_de_regelset_worden_toegevoegd_en_fouten_genoemd(db):
    from cases.models import KenmerkSoort

    goed = "formaat: 1\nkenmerken:\n  - {code: heeft_mantelzorgtaken, naam: Mantelzorger, geldt_voor: persoon}\n"
    verslag = regelset.importeer(goed)
    assert verslag.nieuw.get("kenmerken") == 1
    assert KenmerkSoort.objects.get(code="heeft_mantelzorgtaken").naam == "Mantelzorger"
    assert regelset.importeer(goed).niets_gewijzigd  # a second import adds nothing

    fout_tekst = "formaat: 1\nkenmerken:\n  - {code: Hoofd Letters, naam: '', geldt_voor: gezin}\n"
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(fout_tekst)
    meldingen = [(f.lijn, f.bericht) for f in fout.value.fouten]
    assert (3, "De code bestaat uit kleine letters, cijfers en _ (hoogstens 60 tekens).") in meldingen
    assert (3, "Geef het kenmerk een naam.") in meldingen
    assert (3, "'geldt_voor' is een van: persoon, huishouden.") in meldingen
