"""Load the reference data (stadsdelen, organisaties, bijstandsnormen, AOW-leeftijd, kostendelersnorm,
vermogensgrenzen, regelingen and their versions, and the regelingen's testgevallen) from the project's own
data files:

    regelingen/data/normen.csv
    regelingen/data/regelingen.yaml
    regelingen/data/testgevallen/venlo.yaml
    partners/data/organisaties.yaml

Idempotent: every row is matched on its natural key and written only when it is new or differs from the file,
so loading twice changes nothing and never creates duplicates. With `bijwerken=False` existing rows are left
alone (only missing ones are added), so changes made by functioneel beheer in /beheer/ survive a reload."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps
from django.db import models, transaction

from venlo_armoede.accounts.models import Organisatie, Stadsdeel

from . import services
from .models import AowLeeftijd, Kostendelersnorm, Norm, Regeling, RegelingVersie, Testgeval, Vermogensgrens

DATA_DIR = Path(__file__).resolve().parent / "data"
NORMEN_CSV = DATA_DIR / "normen.csv"
REGELINGEN_YAML = DATA_DIR / "regelingen.yaml"
TESTGEVALLEN_YAML = DATA_DIR / "testgevallen" / "venlo.yaml"


def organisaties_yaml() -> Path:
    return Path(apps.get_app_config("partners").path) / "data" / "organisaties.yaml"


@dataclass
class _Teller:
    """Counts per kind of data, plus how many rows were created or changed in this run."""

    aantallen: dict[str, int] = field(default_factory=dict)
    aangemaakt: int = 0
    gewijzigd: int = 0

    def resultaat(self) -> dict[str, int]:
        return {**self.aantallen, "aangemaakt": self.aangemaakt, "gewijzigd": self.gewijzigd}


def _lees_yaml(pad: Path) -> dict:
    with pad.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _decimal(waarde) -> Decimal | None:
    # Via str(): a YAML number would otherwise arrive as a float and carry its binary rounding error.
    return None if waarde is None else Decimal(str(waarde))


def _upsert(model: type[models.Model], sleutel: dict, waarden: dict, teller: _Teller, bijwerken: bool):
    """Create or update one row by its natural key; writes only when something differs."""
    obj = model.objects.filter(**sleutel).first()
    if obj is None:
        obj = model(**sleutel, **waarden)
        obj.full_clean()
        obj.save()
        teller.aangemaakt += 1
        return obj
    if not bijwerken:
        return obj
    anders = [naam for naam, waarde in waarden.items() if getattr(obj, naam) != waarde]
    if anders:
        for naam in anders:
            setattr(obj, naam, waarden[naam])
        obj.full_clean()
        obj.save(update_fields=anders)
        teller.gewijzigd += 1
    return obj


def _laad_stadsdelen(data: dict, teller: _Teller, bijwerken: bool) -> None:
    for naam in data["stadsdelen"]:
        _upsert(Stadsdeel, {"naam": naam}, {}, teller, bijwerken)
    teller.aantallen["stadsdelen"] = len(data["stadsdelen"])


def _laad_organisaties(data: dict, teller: _Teller, bijwerken: bool) -> dict[str, Organisatie]:
    per_naam: dict[str, Organisatie] = {}
    for rij in data["organisaties"]:
        koepel = per_naam[rij["koepel"]] if rij.get("koepel") else None  # a koepel is listed before its leden
        waarden = {
            "soort": rij.get("soort") or koepel.soort,
            "dienstverlening": rij.get("dienstverlening", ""),
            "ambitie": rij.get("ambitie", ""),
            "doelstellingen": list(rij.get("doelstellingen") or (koepel.doelstellingen if koepel else [])),
            "koepel_id": koepel.pk if koepel else None,
        }
        per_naam[rij["naam"]] = _upsert(Organisatie, {"naam": rij["naam"]}, waarden, teller, bijwerken)
    teller.aantallen["organisaties"] = len(data["organisaties"])
    return per_naam


def _laad_normen(teller: _Teller, bijwerken: bool) -> None:
    with NORMEN_CSV.open(encoding="utf-8", newline="") as fh:
        rijen = list(csv.DictReader(fh))
    for rij in rijen:
        bron = rij["bron"].strip()
        if rij.get("zekerheid", "hoog").strip() != "hoog":
            # Keep the certainty visible to functioneel beheer: the model has no field of its own for it.
            bron = f"{bron} (zekerheid: {rij['zekerheid'].strip()})"
        _upsert(
            Norm,
            {
                "geldig_van": rij["geldig_van"],
                "leeftijdscategorie": rij["leeftijdscategorie"],
                "huishoudtype": rij["huishoudtype"],
            },
            {"bedrag_incl_vt": Decimal(rij["bedrag_incl_vt"]), "bron": bron},
            teller,
            bijwerken,
        )
    teller.aantallen["normen"] = len(rijen)


def _laad_normtabel(data: dict, teller: _Teller, bijwerken: bool) -> None:
    for rij in data["aow_leeftijden"]:
        waarden = {"jaren": rij["jaren"], "maanden": rij.get("maanden", 0)}
        _upsert(AowLeeftijd, {"vanaf_jaar": rij["vanaf_jaar"]}, waarden, teller, bijwerken)
    teller.aantallen["aow_leeftijden"] = len(data["aow_leeftijden"])

    for rij in data["kostendelersnormen"]:
        waarden = {
            "basis_pct": _decimal(rij["basis_pct"]),
            "per_kostendeler_pct": _decimal(rij["per_kostendeler_pct"]),
            "vanaf_leeftijd": rij["vanaf_leeftijd"],
        }
        _upsert(Kostendelersnorm, {"geldig_van": rij["geldig_van"]}, waarden, teller, bijwerken)
    teller.aantallen["kostendelersnormen"] = len(data["kostendelersnormen"])

    for rij in data["vermogensgrenzen"]:
        waarden = {
            "alleenstaande": _decimal(rij["alleenstaande"]),
            "gezin": _decimal(rij["gezin"]),
            "eigen_woning": _decimal(rij["eigen_woning"]),
            "bevestigd": bool(rij["bevestigd"]),
        }
        _upsert(Vermogensgrens, {"jaar": rij["jaar"]}, waarden, teller, bijwerken)
    teller.aantallen["vermogensgrenzen"] = len(data["vermogensgrenzen"])


# RegelingVersie fields the YAML may set; a field left out gets the model default, so the file stays the whole truth.
_VERSIE_VELDEN = [
    f
    for f in RegelingVersie._meta.concrete_fields
    if f.name not in ("id", "regeling", "geldig_van") and not f.auto_created
]


def _versie_waarden(rij: dict) -> dict:
    onbekend = set(rij) - {f.name for f in _VERSIE_VELDEN} - {"geldig_van"}
    if onbekend:
        raise ValueError(f"Onbekende velden in regelingen.yaml: {', '.join(sorted(onbekend))}")
    waarden = {}
    for veld in _VERSIE_VELDEN:
        waarde = rij[veld.name] if veld.name in rij else veld.get_default()
        if isinstance(veld, models.DecimalField):
            waarde = _decimal(waarde)
        elif isinstance(veld, models.CharField) and waarde is None:
            waarde = ""
        waarden[veld.name] = waarde
    return waarden


def _laad_regelingen(data: dict, organisaties: dict[str, Organisatie], teller: _Teller, bijwerken: bool) -> None:
    aantal_versies = 0
    for rij in data["regelingen"]:
        aanbieder = organisaties[rij["aanbieder"]] if rij.get("aanbieder") else None
        regeling = _upsert(
            Regeling,
            {"code": rij["code"]},
            {
                "naam": rij["naam"],
                "omschrijving": rij.get("omschrijving", ""),
                "doelstelling": rij["doelstelling"],
                "aanbieder_id": aanbieder.pk if aanbieder else None,
                "aanvraagroute": rij.get("aanvraagroute", "gemeente"),
                "bron": rij.get("bron", ""),
            },
            teller,
            bijwerken,
        )
        for versie in rij["versies"]:
            _upsert(
                RegelingVersie,
                {"regeling": regeling, "geldig_van": versie["geldig_van"]},
                _versie_waarden(versie),
                teller,
                bijwerken,
            )
            aantal_versies += 1
    teller.aantallen["regelingen"] = len(data["regelingen"])
    teller.aantallen["regelingversies"] = aantal_versies


def _laad_testgevallen(teller: _Teller, bijwerken: bool) -> None:
    """Venlo's testgevallen: one row per regeling a testgeval of the file expects something of, matched on
    (regeling, naam). A file error stops the load with the line (test_regelingen FILE names all of them)."""
    from . import regelset, testgevallen  # both read this app's models and services

    try:
        gevallen = testgevallen.lees(TESTGEVALLEN_YAML.read_text(encoding="utf-8"))
    except regelset.Importfout as fout:
        raise ValueError(f"{TESTGEVALLEN_YAML.name}: {fout}") from None
    regelingen = {r.code: r for r in Regeling.objects.all()}
    aantal = 0
    for geval in gevallen:
        for verwacht in geval.verwacht:
            regeling = regelingen.get(verwacht.code)
            if regeling is None:
                raise ValueError(
                    f"{TESTGEVALLEN_YAML.name}: testgeval '{geval.naam}' noemt een onbekende regeling {verwacht.code}."
                )
            versie = None
            if verwacht.versie_vanaf is not None:
                versie = RegelingVersie.objects.get(regeling=regeling, geldig_van=verwacht.versie_vanaf)
            waarden = testgevallen.rijwaarden(geval, verwacht, versie)
            _upsert(Testgeval, {"regeling": regeling, "naam": geval.naam}, waarden, teller, bijwerken)
            aantal += 1
    teller.aantallen["testgevallen"] = aantal


def laad_referentiedata(bijwerken: bool = True) -> dict[str, int]:
    """Load all reference data in one transaction. Returns the number of rows per kind in the files,
    plus "aangemaakt" and "gewijzigd": how many rows this run created or changed (0 and 0 on a rerun)."""
    partners_data = _lees_yaml(organisaties_yaml())
    regelingen_data = _lees_yaml(REGELINGEN_YAML)
    teller = _Teller()
    with transaction.atomic(), services.bundel_herberekening("referentiegegevens geladen"):
        _laad_stadsdelen(partners_data, teller, bijwerken)
        organisaties = _laad_organisaties(partners_data, teller, bijwerken)
        _laad_normen(teller, bijwerken)
        _laad_normtabel(regelingen_data, teller, bijwerken)
        # Regelingen may name any organisation in the database, not only those in the file.
        alle_organisaties = {o.naam: o for o in Organisatie.objects.all()} | organisaties
        _laad_regelingen(regelingen_data, alle_organisaties, teller, bijwerken)
        _laad_testgevallen(teller, bijwerken)
    return teller.resultaat()
