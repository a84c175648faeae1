"""`python manage.py vergelijk_uitkomsten`: the stored outcomes written to a file and compared later (the
"Venlo unchanged" check of issue 10), on a small population."""

import csv
import gzip
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from regelingen import services, vergelijking
from regelingen.models import RechtUitkomst, Regeling, RegelingVersie
from tests.helpers import maak_huishouden

pytestmark = pytest.mark.django_db


@pytest.fixture
def bevolking(regels):
    """Four households around Leergeld's grens, their rights computed and stored."""
    huishoudens = [
        maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9)),  # about 114%: Leergeld at 120%, not 110%
        maak_huishouden(inkomen=Decimal("1200.00"), kinderen=(8,)),
        maak_huishouden(inkomen=Decimal("2500.00"), kinderen=(8,)),
        maak_huishouden(inkomen=Decimal("1300.00"), partner=True),
    ]
    services.herbereken_alles_nu()
    assert RechtUitkomst.objects.count() == 4 * Regeling.objects.filter(versies__geldig_tot__isnull=True).count()
    return huishoudens


def test_bewaren_en_ongewijzigd_vergelijken(bevolking, tmp_path, capsys):
    bestand = tmp_path / "voor.csv"
    call_command("vergelijk_uitkomsten", "--bewaar", str(bestand))
    aantal = RechtUitkomst.objects.count()
    assert f"{aantal} uitkomsten bewaard" in capsys.readouterr().out
    with bestand.open(encoding="utf-8") as fh:
        rijen = list(csv.DictReader(fh))
    assert len(rijen) == aantal
    leergeld = next(r for r in rijen if r["huishouden"] == str(bevolking[0].pk) and r["regeling"] == "leergeld")
    assert leergeld == {
        "huishouden": str(bevolking[0].pk),
        "regeling": "leergeld",
        "uitkomst": "recht",
        "bedrag": "",
        "versie": "leergeld@2024-01-01",
    }

    call_command("vergelijk_uitkomsten", "--herbereken", "--met", str(bestand))
    uit = capsys.readouterr().out
    assert f"{aantal} uitkomsten vergeleken." in uit
    assert "Geen verschillen: alle uitkomsten zijn gelijk." in uit


def test_een_andere_regel_geeft_de_verschillen_en_een_fout(bevolking, tmp_path, capsys):
    bestand = tmp_path / "voor.csv.gz"  # packed
    call_command("vergelijk_uitkomsten", "--bewaar", str(bestand))
    assert gzip.open(bestand, "rt", encoding="utf-8").readline().strip() == ",".join(vergelijking.KOP)
    oud = RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot__isnull=True)
    vandaag = timezone.localdate()
    nieuw = services.wijzig_versie(
        versie=oud, ingang=vandaag, wijzigingen={"inkomensgrens_pct": Decimal("110")}, door=None
    )
    capsys.readouterr()

    with pytest.raises(CommandError, match="4 verschillen"):
        call_command("vergelijk_uitkomsten", "--herbereken", "--met", str(bestand))
    uit = capsys.readouterr().out
    aantal = RechtUitkomst.objects.count()
    assert f"{aantal} uitkomsten vergeleken." in uit
    eerste, tweede = bevolking[:2]
    assert (
        f"huishouden {eerste.pk}, leergeld: was recht (leergeld@2024-01-01), "
        f"nu geen_recht (leergeld@{nieuw.geldig_van.isoformat()})"
    ) in uit
    # The other leergeld outcomes stay the same but come from the new version: a difference unless asked not to.
    assert f"huishouden {tweede.pk}, leergeld: was recht (leergeld@2024-01-01), nu recht (leergeld@{vandaag})" in uit

    with pytest.raises(CommandError, match="1 verschillen"):
        call_command("vergelijk_uitkomsten", "--met", str(bestand), "--zonder-versie")
    assert f"huishouden {eerste.pk}, leergeld" in capsys.readouterr().out


def test_een_verdwenen_huishouden_en_een_nieuw_huishouden(bevolking, tmp_path, capsys):
    bestand = tmp_path / "voor.csv"
    call_command("vergelijk_uitkomsten", "--bewaar", str(bestand))
    per_huishouden = RechtUitkomst.objects.filter(huishouden=bevolking[0]).count()
    bevolking[0].delete()
    maak_huishouden(inkomen=Decimal("900.00"))
    services.herbereken_alles_nu()
    capsys.readouterr()
    with pytest.raises(CommandError, match=f"{2 * per_huishouden} verschillen"):
        call_command("vergelijk_uitkomsten", "--met", str(bestand), "--toon", "2")
    uit = capsys.readouterr().out
    assert f"{per_huishouden} uitkomsten staan in het bestand maar niet meer opgeslagen." in uit
    assert f"{per_huishouden} uitkomsten zijn nu opgeslagen maar staan niet in het bestand." in uit
    assert f"… en nog {2 * per_huishouden - 2} verschillen." in uit
    assert "nu geen uitkomst" in uit


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("naam,uitkomst\n", "de eerste regel moet huishouden,regeling,uitkomst,bedrag,versie zijn"),
        ("huishouden,regeling,uitkomst,bedrag,versie\n1,leergeld,recht\n", "Regel 2: verwacht 5 velden"),
        ("huishouden,regeling,uitkomst,bedrag,versie\nx,leergeld,recht,,v\n", "Regel 2: 'x' of '' is geen getal"),
    ],
)
def test_een_fout_bestand_geeft_een_nederlandse_melding(db, tmp_path, inhoud, melding):
    bestand = tmp_path / "fout.csv"
    bestand.write_text(inhoud, encoding="utf-8")
    with pytest.raises(CommandError, match=melding):
        call_command("vergelijk_uitkomsten", "--met", str(bestand))
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("vergelijk_uitkomsten", "--met", str(tmp_path / "bestaat-niet.csv"))
