"""Bad input (issue 10): a version whose bounds admit no one is refused with a clear Dutch message and nothing
is saved: an aanvrager age range with its minimum above its maximum, an income band of the column
inkomensgrens_pct (upper) with a voorwaarde min_pct above it, and a child age range that is empty (the
database constraint's own message, in Dutch)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regelingen import regelset, services
from regelingen.models import Regeling, RegelingVersie
from tests.regelingen.test_versies import formulier_als_browser, huidige_leergeld

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(gebruiker_met_rol):
    return gebruiker_met_rol("functioneel_beheer")


def versie(**velden) -> RegelingVersie:
    regeling = Regeling.objects.create(code="proef", naam="Proef", doelstelling="preventie")
    return RegelingVersie(regeling=regeling, geldig_van=date(2026, 1, 1), **velden)


def meldingen(fout: ValidationError) -> dict[str, list[str]]:
    return fout.message_dict


# --- The model: every path (editor, admin, import) validates through it -----------------------------------


def test_aanvrager_minimaal_boven_maximaal_wordt_geweigerd():
    with pytest.raises(ValidationError) as fout:
        versie(aanvrager_min_leeftijd=30, aanvrager_max_leeftijd=20).full_clean()
    assert meldingen(fout.value)["aanvrager_min_leeftijd"] == [
        "De minimumleeftijd van de aanvrager (30 jaar) is hoger dan de maximumleeftijd (20 jaar): niemand past."
    ]


def test_aanvrager_minimaal_gelijk_aan_maximaal_mag():
    versie(aanvrager_min_leeftijd=30, aanvrager_max_leeftijd=30).full_clean()


@pytest.mark.parametrize(
    ("kolom", "voorwaarde", "leeg"),
    [
        # The column is the upper bound (inclusive by default); the voorwaarde adds a lower bound.
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "130"}, True),
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "120.01"}, True),
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "120"}, True),  # above 120 and at most 120
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "120", "min_inclusief": True}, False),  # exactly 120
        (
            {"inkomensgrens_pct": Decimal("120"), "grens_inclusief": False},
            {"min_pct": "120", "min_inclusief": True},
            True,
        ),
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "119.99"}, False),
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "110"}, False),  # the 110-120% band of the issue
        # Another norm (excl. vakantietoeslag): the percentages are not of the same figure, so not comparable.
        ({"inkomensgrens_pct": Decimal("120")}, {"min_pct": "125", "norm_basis": "excl_vt"}, False),
    ],
)
def test_de_inkomensband_van_kolom_en_voorwaarde_samen(kolom, voorwaarde, leeg):
    v = versie(**kolom, voorwaarden=[{"soort": "inkomen", **voorwaarde}])
    if not leeg:
        v.full_clean()
        return
    with pytest.raises(ValidationError) as fout:
        v.full_clean()
    [melding] = meldingen(fout.value)["inkomensgrens_pct"]
    assert melding.startswith("Samen laten de voorwaarden geen enkel inkomen toe: de ondergrens")
    assert f"({kolom['inkomensgrens_pct']}%)" in melding


def test_twee_voorwaarden_die_samen_geen_inkomen_toelaten_worden_geweigerd():
    v = versie(voorwaarden=[{"soort": "inkomen", "max_pct": "100"}, {"soort": "inkomen", "min_pct": "110"}])
    with pytest.raises(ValidationError) as fout:
        v.full_clean()
    assert "ondergrens (110%) ligt niet onder de bovengrens (100%)" in meldingen(fout.value)["voorwaarden"][0]


def test_leeftijd_van_de_aanvrager_uit_kolom_en_voorwaarde_samen():
    v = versie(aanvrager_max_leeftijd=30, voorwaarden=[{"soort": "leeftijd", "wie": "aanvrager", "min_jaren": 40}])
    with pytest.raises(ValidationError) as fout:
        v.full_clean()
    assert meldingen(fout.value)["aanvrager_max_leeftijd"] == [
        "Samen laten de voorwaarden geen enkele leeftijd van de aanvrager toe: minstens 40 jaar en hoogstens 30 jaar."
    ]
    # 'volwassene' is any adult: a second adult may meet the other bound, so that is not impossible.
    RegelingVersie(
        regeling=v.regeling,
        geldig_van=date(2030, 1, 1),
        aanvrager_max_leeftijd=30,
        voorwaarden=[{"soort": "leeftijd", "wie": "volwassene", "min_jaren": 40}],
    ).full_clean()


def test_jonger_dan_aow_en_vanaf_aow_voor_dezelfde_persoon_wordt_geweigerd():
    v = versie(aanvrager_jonger_dan_aow=True, voorwaarden=[{"soort": "leeftijd", "vanaf_aow": True}])
    with pytest.raises(ValidationError) as fout:
        v.full_clean()
    assert "jonger is dan de AOW-leeftijd én die leeftijd heeft" in str(fout.value)


def test_kind_minimaal_boven_maximaal_heeft_een_nederlandse_melding():
    with pytest.raises(ValidationError) as fout:
        versie(kind_min_leeftijd=12, kind_max_leeftijd=4).full_clean()
    tekst = " ".join(fout.value.messages)
    assert "De minimumleeftijd van het kind is hoger dan de maximumleeftijd: geen enkel kind past." in tekst
    assert "Beperking" not in tekst and "geschonden" not in tekst


# --- The rule editor: the same refusals, shown at the field, nothing saved ------------------------------


@pytest.mark.parametrize("actie", ["bekijk", "opslaan"])
@pytest.mark.parametrize(
    ("invoer", "veld", "melding"),
    [
        (
            {"aanvrager_min_leeftijd": "67", "aanvrager_max_leeftijd": "18"},
            "aanvrager_min_leeftijd",
            "De minimumleeftijd van de aanvrager (67 jaar) is hoger dan de maximumleeftijd (18 jaar)",
        ),
        (
            {"voorwaarden": json.dumps([{"soort": "inkomen", "min_pct": "130"}])},
            "inkomensgrens_pct",
            "Samen laten de voorwaarden geen enkel inkomen toe: de ondergrens (130%) ligt niet onder de "
            "bovengrens (120.00%)",
        ),
        (
            {"kind_min_leeftijd": "18", "kind_max_leeftijd": "4"},
            None,
            "De minimumleeftijd van het kind is hoger dan de maximumleeftijd: geen enkel kind past.",
        ),
    ],
)
def test_de_editor_weigert_onmogelijke_grenzen_en_bewaart_niets(
    client, regels, beheerder, actie, invoer, veld, melding
):
    client.force_login(beheerder)
    oud = huidige_leergeld()
    url = reverse("regelbeheer:versie-wijzigen", args=[oud.pk])
    data = formulier_als_browser(client.get(url).context["form"])
    data |= {"ingang": str(timezone.localdate() + timedelta(days=1)), "actie": actie, **invoer}
    aantal = RegelingVersie.objects.count()
    antwoord = client.post(url, data)
    assert antwoord.status_code == 400
    fouten = antwoord.context["form"].errors
    assert any(melding in f for f in fouten[veld or "__all__"]), fouten
    tekst = antwoord.content.decode()
    assert "Er is niets opgeslagen. Verbeter eerst dit:" in tekst
    assert "Beperking" not in tekst
    assert RegelingVersie.objects.count() == aantal
    assert huidige_leergeld() == oud and huidige_leergeld().geldig_tot is None


def test_de_service_weigert_een_lege_inkomensband_en_bewaart_niets(regels, beheerder):
    oud = huidige_leergeld()
    aantal = RegelingVersie.objects.count()
    with pytest.raises(ValidationError) as fout:
        services.wijzig_versie(
            versie=oud,
            ingang=timezone.localdate() + timedelta(days=1),
            wijzigingen={"voorwaarden": [{"soort": "inkomen", "min_pct": "125"}]},
            door=beheerder,
        )
    assert "geen enkel inkomen" in str(fout.value)
    assert RegelingVersie.objects.count() == aantal
    oud.refresh_from_db()
    assert oud.geldig_tot is None  # the old version did not end either: nothing half-saved


def test_een_import_met_een_lege_band_noemt_de_regel(regels):
    tekst = """
formaat: 1
regelingen:
  - code: band
    naam: Band
    doelstelling: preventie
    versies:
      - geldig_van: 2030-01-01
        inkomensgrens_pct: "110"
        voorwaarden:
          - {soort: inkomen, min_pct: "120"}
"""
    with pytest.raises(regelset.Importfout) as fout:
        regelset.importeer(tekst)
    [melding] = fout.value.fouten
    assert melding.lijn == 8 and "geen enkel inkomen" in melding.bericht
    assert not Regeling.objects.filter(code="band").exists()
