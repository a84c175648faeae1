"""`python manage.py test_regelingen`: hand-computed testgevallen against the engine, a Dutch report, and a
non-zero exit on any difference."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regelingen import regelset, testgevallen

VENLO = Path(__file__).resolve().parents[2] / "regelingen" / "data" / "testgevallen" / "venlo.yaml"


def test_venlos_testgevallen_kloppen(regels, capsys):
    call_command("test_regelingen", str(VENLO))
    uit = capsys.readouterr().out
    assert "Resultaat: 13 goed, 0 anders." in uit


def test_een_verschil_geeft_een_nederlands_verslag_en_een_fout(regels, tmp_path, capsys):
    tekst = VENLO.read_text(encoding="utf-8").replace(
        'stadspas: {uitkomst: recht, bedrag: "300.00"}', 'stadspas: {uitkomst: recht, bedrag: "200.00"}'
    )
    bestand = tmp_path / "anders.yaml"
    bestand.write_text(tekst, encoding="utf-8")
    with pytest.raises(CommandError, match="1 testgeval"):
        call_command("test_regelingen", str(bestand))
    uit = capsys.readouterr().out
    assert "ANDERS 3. Alleenstaande ouder met twee schoolkinderen op precies 100%" in uit
    assert "stadspas: verwacht recht (€ 200,00), berekend recht (€ 300,00)" in uit
    assert "Resultaat: 12 goed, 1 anders." in uit


def test_een_regeling_zonder_versie_op_de_peildatum_is_een_verschil(regels):
    [geval] = testgevallen.lees(
        "testgevallen:\n"
        "  - naam: Energietoeslag 2022 geldt niet meer\n"
        "    peildatum: 2026-03-01\n"
        "    huishouden: {leden: [{rol: aanvrager, geboortedatum: 1980-01-01, inkomen: '900.00'}]}\n"
        "    verwacht: {energietoeslag_2022: recht}\n"
    )
    [resultaat] = testgevallen.voer_uit([geval])
    assert resultaat.verschillen == ["energietoeslag_2022: deze regeling heeft geen versie op 1 maart 2026."]


def test_een_fout_in_het_bestand_noemt_de_regel(db):
    with pytest.raises(regelset.Importfout) as fout:
        testgevallen.lees(
            "testgevallen:\n"
            "  - naam: Fout\n"
            "    peildatum: 2026-03-01\n"
            "    huishouden:\n"
            "      leden:\n"
            "        - {rol: aanvrager, geboortedatum: 1980-01-01, inkomen: 900.5}\n"
            "    verwacht: {stadspas: misschien}\n"
        )
    [melding] = fout.value.fouten
    assert melding.lijn == 6 and "aanhalingstekens" in melding.bericht


def test_met_een_regelset_wordt_niets_opgeslagen(db, capsys):
    from regelingen.models import Norm, Regeling

    data = VENLO.parent.parent
    call_command(
        "test_regelingen",
        str(data / "testgevallen" / "voorbeeldstad.yaml"),
        "--regelset",
        str(data / "voorbeeldstad.yaml"),
    )
    assert "Resultaat: 14 goed, 0 anders." in capsys.readouterr().out
    assert not Regeling.objects.exists() and not Norm.objects.exists()
