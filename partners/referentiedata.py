"""Load the diensten of the sociale kaart from the project's own data file, partners/data/organisaties.yaml.

The organisations and stadsdelen in that file are loaded first by regelingen's reference-data loader
(`laad_referentiedata`); this loader only adds their diensten, so it needs them to exist. Idempotent: a dienst
is matched on (organisatie, naam) and written only when it differs from the file. Capacity is never in the
file and never touched here: the partner keeps it up to date."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from venlo_armoede.accounts.models import Organisatie, Stadsdeel

from .models import Dienst

ORGANISATIES_YAML = Path(__file__).resolve().parent / "data" / "organisaties.yaml"

# Fields a dienst in the file may set; everything else is a typo and stops the load.
_TEKSTVELDEN = ("omschrijving", "voorwaarden", "aanmelden_uitleg", "telefoon", "email", "website")
_TEKSTVELDEN += ("adres", "postcode", "plaats")
_LIJSTVELDEN = ("hulpvragen", "doelgroepen", "doelstellingen", "aanmeldroutes")
_VELDEN = {"naam", "werkgebied", *_TEKSTVELDEN, *_LIJSTVELDEN}


class OngeldigeDienst(ValueError):
    pass


def _waarden(rij: dict, organisatie: Organisatie) -> dict:
    onbekend = set(rij) - _VELDEN
    if onbekend:
        raise OngeldigeDienst(f"Onbekende velden bij dienst '{rij.get('naam')}': {', '.join(sorted(onbekend))}")
    waarden = {veld: rij.get(veld) or "" for veld in _TEKSTVELDEN}
    waarden |= {veld: list(rij.get(veld) or []) for veld in _LIJSTVELDEN}
    if "doelstellingen" not in rij:
        waarden["doelstellingen"] = list(organisatie.doelstellingen)
    return waarden


def laad_diensten(bijwerken: bool = True, pad: Path = ORGANISATIES_YAML) -> dict[str, int]:
    """Load every dienst in the file in one transaction. Returns the number of diensten in the file, plus
    how many this run created or changed (0 and 0 on a rerun). With `bijwerken=False` existing diensten are
    left alone, so changes made in /beheer/ survive."""
    with pad.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    organisaties = {o.naam: o for o in Organisatie.objects.all()}
    stadsdelen = {s.naam: s for s in Stadsdeel.objects.all()}
    teller = {"diensten": 0, "aangemaakt": 0, "gewijzigd": 0}
    with transaction.atomic():
        for org_rij in data["organisaties"]:
            for rij in org_rij.get("diensten") or []:
                organisatie = organisaties.get(org_rij["naam"])
                if organisatie is None:
                    raise OngeldigeDienst(
                        f"Organisatie '{org_rij['naam']}' bestaat nog niet. Laad eerst de referentiegegevens "
                        "(python manage.py laad_referentiedata)."
                    )
                onbekende_delen = set(rij.get("werkgebied") or []) - stadsdelen.keys()
                if onbekende_delen:
                    raise OngeldigeDienst(
                        f"Onbekend stadsdeel bij '{rij['naam']}': {', '.join(sorted(onbekende_delen))}"
                    )
                _schrijf(organisatie, rij, stadsdelen, teller, bijwerken)
                teller["diensten"] += 1
    return teller


def _schrijf(organisatie, rij, stadsdelen, teller, bijwerken) -> None:
    waarden = _waarden(rij, organisatie)
    werkgebied = {stadsdelen[naam].pk for naam in rij.get("werkgebied") or []}
    dienst = Dienst.objects.filter(organisatie=organisatie, naam=rij["naam"]).first()
    if dienst is None:
        dienst = Dienst(organisatie=organisatie, naam=rij["naam"], **waarden)
        dienst.full_clean()
        dienst.save()
        dienst.werkgebied.set(werkgebied)
        teller["aangemaakt"] += 1
        return
    if not bijwerken:
        return
    anders = [veld for veld, waarde in waarden.items() if getattr(dienst, veld) != waarde]
    ander_gebied = set(dienst.werkgebied.values_list("pk", flat=True)) != werkgebied
    if anders:
        for veld in anders:
            setattr(dienst, veld, waarden[veld])
        dienst.full_clean()
        dienst.save(update_fields=anders)
    if ander_gebied:
        dienst.werkgebied.set(werkgebied)
    if anders or ander_gebied:
        teller["gewijzigd"] += 1
