import csv
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from regelingen import engine, selectors, testgevallen
from regelingen.models import (
    AowLeeftijd,
    Kostendelersnorm,
    Norm,
    Regeling,
    RegelingVersie,
    Testgeval,
    Vermogensgrens,
)
from regelingen.referentiedata import NORMEN_CSV, TESTGEVALLEN_YAML, laad_referentiedata
from venlo_armoede.accounts.models import Organisatie, Stadsdeel

pytestmark = pytest.mark.django_db

MODELLEN = (
    Stadsdeel,
    Organisatie,
    Norm,
    AowLeeftijd,
    Kostendelersnorm,
    Vermogensgrens,
    Regeling,
    RegelingVersie,
    Testgeval,
)


def _aantallen():
    return {model.__name__: model.objects.count() for model in MODELLEN}


def test_alle_normen_met_exacte_bedragen():
    resultaat = laad_referentiedata()
    with NORMEN_CSV.open(encoding="utf-8") as fh:
        rijen = list(csv.DictReader(fh))
    assert resultaat["normen"] == len(rijen) == 25
    assert Norm.objects.count() == 25
    for rij in rijen:
        norm = Norm.objects.get(
            geldig_van=rij["geldig_van"], leeftijdscategorie=rij["leeftijdscategorie"], huishoudtype=rij["huishoudtype"]
        )
        assert norm.bedrag_incl_vt == Decimal(rij["bedrag_incl_vt"])
        assert norm.bron.startswith(rij["bron"])
    norm = Norm.objects.get(
        geldig_van=date(2026, 1, 1),
        leeftijdscategorie="21_tot_aow",
        huishoudtype="alleenstaande_of_alleenstaande_ouder",
    )
    assert norm.bedrag_incl_vt == Decimal("1401.50")
    assert "zekerheid: middel" in norm.bron  # the quoted 2026 figures stay marked for verification
    assert Norm.objects.get(geldig_van=date(2024, 1, 1), huishoudtype="gehuwden").bedrag_incl_vt == Decimal("1834.04")


def test_twee_keer_laden_verandert_niets():
    eerste = laad_referentiedata()
    aantallen = _aantallen()
    tweede = laad_referentiedata()
    assert _aantallen() == aantallen
    assert eerste["aangemaakt"] == sum(aantallen.values()) and eerste["gewijzigd"] == 0
    assert tweede["aangemaakt"] == 0 and tweede["gewijzigd"] == 0
    assert {k: v for k, v in tweede.items() if k not in ("aangemaakt", "gewijzigd")} == {
        k: v for k, v in eerste.items() if k not in ("aangemaakt", "gewijzigd")
    }


def test_herladen_zet_gewijzigde_waarde_terug_tenzij_alleen_toevoegen():
    laad_referentiedata()
    versie = RegelingVersie.objects.get(regeling__code="stadspas")
    versie.inkomensgrens_pct = Decimal("130")
    versie.save()

    assert laad_referentiedata(bijwerken=False)["gewijzigd"] == 0
    versie.refresh_from_db()
    assert versie.inkomensgrens_pct == Decimal("130")  # functioneel beheer's change survives

    assert laad_referentiedata()["gewijzigd"] == 1
    versie.refresh_from_db()
    assert versie.inkomensgrens_pct == Decimal("120")


def test_venlos_testgevallen_staan_als_data_in_de_database():
    """One row per regeling a testgeval of the shipped file expects something of, in the file's own shape."""
    resultaat = laad_referentiedata()
    gevallen = testgevallen.lees(TESTGEVALLEN_YAML.read_text(encoding="utf-8"))
    verwachtingen = [(g, v) for g in gevallen for v in g.verwacht]
    assert resultaat["testgevallen"] == len(verwachtingen) == Testgeval.objects.count()
    rij = Testgeval.objects.get(
        regeling__code="stadspas", naam="Alleenstaande ouder met twee schoolkinderen op precies 100%"
    )
    assert (rij.peildatum, rij.verwacht_uitkomst, rij.bedrag_controleren, rij.verwacht_bedrag) == (
        date(2026, 3, 1),
        "recht",
        True,
        Decimal("300.00"),
    )
    assert rij.huishouden == {
        "vermogen": "5000.00",
        "laag_inkomen_sinds": "2022-01-01",
        "leden": [
            {"rol": "aanvrager", "geboortedatum": "1988-09-15", "inkomen": "1401.50"},
            {"rol": "kind", "geboortedatum": "2019-06-01"},
            {"rol": "kind", "geboortedatum": "2015-11-20"},
        ],
    }
    zonder_bedrag = Testgeval.objects.get(regeling__code="leergeld", naam=rij.naam)
    assert (zonder_bedrag.bedrag_controleren, zonder_bedrag.verwacht_bedrag) == (False, None)

    # Functioneel beheer's change survives a reload that only adds; a full reload restores the file.
    rij.verwacht_bedrag = Decimal("250.00")
    rij.save()
    assert laad_referentiedata(bijwerken=False)["gewijzigd"] == 0
    rij.refresh_from_db()
    assert rij.verwacht_bedrag == Decimal("250.00")
    assert laad_referentiedata()["gewijzigd"] == 1
    rij.refresh_from_db()
    assert rij.verwacht_bedrag == Decimal("300.00")


def test_leergeld_twee_versies():
    laad_referentiedata()
    tijdelijk, huidig = RegelingVersie.objects.filter(regeling__code="leergeld").order_by("geldig_van")
    assert RegelingVersie.objects.filter(regeling__code="leergeld").count() == 2
    assert (tijdelijk.inkomensgrens_pct, tijdelijk.geldig_van, tijdelijk.geldig_tot) == (
        Decimal("150"),
        date(2022, 7, 1),
        date(2023, 12, 31),
    )
    assert (huidig.inkomensgrens_pct, huidig.geldig_van, huidig.geldig_tot) == (Decimal("120"), date(2024, 1, 1), None)
    assert (huidig.kind_min_leeftijd, huidig.kind_max_leeftijd) == (4, 17)
    leergeld = Regeling.objects.get(code="leergeld")
    assert leergeld.aanbieder.naam == "Stichting Leergeld Venlo"
    assert leergeld.aanvraagroute == "bij_partner"


def test_regelingen_velden():
    laad_referentiedata()
    assert Regeling.objects.count() == 9
    bb = RegelingVersie.objects.get(regeling__code="bijzondere_bijstand")
    assert bb.altijd_beoordeling is True
    assert bb.inkomensgrens_pct is None

    iit = RegelingVersie.objects.get(regeling__code="individuele_inkomenstoeslag")
    assert (iit.inkomensgrens_pct, iit.referteperiode_maanden, iit.aanvrager_min_leeftijd) == (Decimal("102"), 36, 21)
    assert iit.aanvrager_jonger_dan_aow is True
    assert iit.vermogenstoets == "participatiewet"
    assert (iit.max_frequentie_maanden, iit.bedrag_per, iit.bedrag) == (12, "huishouden_per_jaar", None)

    zorg = RegelingVersie.objects.get(regeling__code="collectieve_zorgverzekering")
    assert zorg.kostendelersnorm is False
    assert zorg.regeling.aanbieder.naam == "BS&F"

    energie = RegelingVersie.objects.get(regeling__code="energietoeslag_2022")
    assert (energie.grens_inclusief, energie.norm_basis, energie.bedrag) == (False, "excl_vt", Decimal("1300.00"))
    assert energie.geldig_tot == date(2022, 12, 31)

    stadspas = RegelingVersie.objects.get(regeling__code="stadspas")
    assert stadspas.regeling.aanbieder is None
    assert (stadspas.bedrag_per, stadspas.bedrag, stadspas.referteperiode_maanden) == ("persoon_per_jaar", 100, 2)

    sport = Regeling.objects.get(code="jeugdfonds_sport")
    assert sport.aanbieder.naam == "Jeugdfonds Sport & Cultuur Limburg"
    assert sport.aanvraagroute == "via_intermediair"


def test_normtabel_aow_kostendelers_vermogen():
    laad_referentiedata()
    assert list(AowLeeftijd.objects.order_by("vanaf_jaar").values_list("vanaf_jaar", "jaren", "maanden")) == [
        (2024, 67, 0),
        (2028, 67, 3),
    ]
    kdn = Kostendelersnorm.objects.get()
    assert (kdn.basis_pct, kdn.per_kostendeler_pct, kdn.vanaf_leeftijd) == (40, 30, 27)
    grenzen = {v.jaar: v for v in Vermogensgrens.objects.all()}
    assert (grenzen[2024].alleenstaande, grenzen[2024].gezin, grenzen[2024].eigen_woning) == (7575, 15150, 63900)
    assert grenzen[2024].bevestigd is True
    assert (grenzen[2026].alleenstaande, grenzen[2026].gezin, grenzen[2026].eigen_woning) == (8000, 16000, 67500)
    assert grenzen[2026].bevestigd is False
    assert grenzen[2025].bevestigd is False
    assert grenzen[2024].alleenstaande < grenzen[2025].alleenstaande < grenzen[2026].alleenstaande


def test_organisaties_en_stadsdelen():
    laad_referentiedata()
    assert sorted(Stadsdeel.objects.values_list("naam", flat=True)) == [
        "Arcen en Velden",
        "Belfeld",
        "Blerick",
        "Tegelen",
        "Venlo",
    ]
    assert Organisatie.objects.get(naam="Gemeente Venlo").soort == "gemeente"
    alliantie = Organisatie.objects.get(naam__startswith="Alliantie vrijwillige schuldhulpverlening")
    assert sorted(alliantie.leden.values_list("naam", flat=True)) == [
        "Humanitas Thuisadministratie en Get a Grip",
        "Jongerenkerk Venlo",
        "Parochiefederatie Blerick",
        "SchuldHulpMaatje Venlo (Vincentius)",
    ]
    for lid in alliantie.leden.all():
        assert lid.soort == "vrijwilligers"
        assert lid.doelstellingen == ["ondersteuning", "terugval_voorkomen"]
    assert Organisatie.objects.count() == 17


def test_selectors_weinig_queries(django_assert_num_queries):
    laad_referentiedata()
    with django_assert_num_queries(4):
        tabel = selectors.normtabel()
    assert len(tabel.normen) == 25 and len(tabel.aow) == 2 and len(tabel.vermogensgrenzen) == 3
    with django_assert_num_queries(1):
        alle = selectors.regels()
    assert len(alle) == 11
    with django_assert_num_queries(1):
        nu = selectors.regels(date(2026, 3, 1))
    codes = [regel.code for regel in nu]
    assert "energietoeslag_2022" not in codes and len(codes) == 8
    assert next(r for r in nu if r.code == "leergeld").inkomensgrens_pct == Decimal("120")
    toen = selectors.regels(date(2023, 6, 1))
    assert next(r for r in toen if r.code == "leergeld").inkomensgrens_pct == Decimal("150")
    assert next(r for r in toen if r.code == "leergeld").versie_id is not None


def test_engine_rekent_met_geladen_normen():
    laad_referentiedata()
    alleenstaande = engine.Huishouden(leden=(engine.Lid(rol="aanvrager", geboortedatum=date(1990, 1, 1)),))
    norm, _uitleg = engine.bereken_norm(alleenstaande, date(2026, 3, 1), selectors.normtabel())
    assert norm == Decimal("1401.50")


def test_commando():
    uit = StringIO()
    call_command("laad_referentiedata", stdout=uit)
    assert "normen" in uit.getvalue() and "nieuw" in uit.getvalue()
    uit = StringIO()
    call_command("laad_referentiedata", "--alleen-toevoegen", stdout=uit)
    assert "0 nieuw, 0 gewijzigd" in uit.getvalue()
