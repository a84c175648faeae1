"""A reproducible "outcomes unchanged" check: the stored outcomes (one per household and regeling) written to a
file, and compared with the stored outcomes later, for example before and after migrating a municipality's
rules to another form (`python manage.py vergelijk_uitkomsten --bewaar F`, later `--met F`).

A version is named by its regeling and start date ("leergeld@2024-01-01"), not by its database id, so a file
can also be compared after the rules were exported and imported again. The file holds per household which
rights it has: it is personal data (pseudonymous: household ids only) and is deleted after use."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .models import RechtUitkomst

KOP = ("huishouden", "regeling", "uitkomst", "bedrag", "versie")
_REDEN = "vergelijking van de opgeslagen uitkomsten"

Sleutel = tuple[int, str]  # (huishouden id, regeling code)
Waarde = tuple[str, str, str]  # (uitkomst, bedrag or "", versie)


class Vergelijkfout(ValueError):
    """A file that cannot be read as stored outcomes; the message is Dutch."""


def _open(pad: Path, modus: str):
    if pad.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(pad, modus + "b"), encoding="utf-8", newline="")
    return pad.open(modus, encoding="utf-8", newline="")


def opgeslagen() -> dict[Sleutel, Waarde]:
    """Every stored outcome now, read in chunks (a few hundred thousand rows for 50,000 households)."""
    rijen = (
        RechtUitkomst.objects.for_systeem(_REDEN)
        .order_by("huishouden_id", "regeling__code")
        .values_list("huishouden_id", "regeling__code", "uitkomst", "bedrag", "versie__geldig_van")
    )
    return {
        (huishouden, code): (uitkomst, "" if bedrag is None else str(bedrag), f"{code}@{vanaf.isoformat()}")
        for huishouden, code, uitkomst, bedrag, vanaf in rijen.iterator(chunk_size=10_000)
    }


def bewaar(pad: Path) -> int:
    """Write the stored outcomes to `pad` (CSV; gzip when it ends in .gz). Returns the number of rows."""
    uitkomsten = opgeslagen()
    with _open(pad, "w") as fh:
        schrijver = csv.writer(fh)
        schrijver.writerow(KOP)
        for (huishouden, code), (uitkomst, bedrag, versie) in uitkomsten.items():
            schrijver.writerow((huishouden, code, uitkomst, bedrag, versie))
    return len(uitkomsten)


def lees(pad: Path) -> dict[Sleutel, Waarde]:
    """A file written by `bewaar`; Vergelijkfout (Dutch, with the line) when it is not one."""
    try:
        with _open(pad, "r") as fh:
            lezer = csv.reader(fh)
            kop = next(lezer, None)
            if kop is None or tuple(kop) != KOP:
                raise Vergelijkfout(
                    f"{pad.name} is geen bestand met opgeslagen uitkomsten: de eerste regel moet {','.join(KOP)} zijn."
                )
            uitkomsten: dict[Sleutel, Waarde] = {}
            for lijn, rij in enumerate(lezer, start=2):
                if len(rij) != len(KOP):
                    raise Vergelijkfout(f"Regel {lijn}: verwacht {len(KOP)} velden, gevonden {len(rij)}.")
                huishouden, code, uitkomst, bedrag, versie = rij
                try:
                    sleutel = (int(huishouden), code)
                    if bedrag:
                        bedrag = str(Decimal(bedrag))
                except (ValueError, InvalidOperation):
                    raise Vergelijkfout(f"Regel {lijn}: '{huishouden}' of '{bedrag}' is geen getal.") from None
                if sleutel in uitkomsten:
                    raise Vergelijkfout(f"Regel {lijn}: huishouden {huishouden} en {code} staan er twee keer in.")
                uitkomsten[sleutel] = (uitkomst, bedrag, versie)
    except OSError as fout:
        raise Vergelijkfout(f"Kan {pad} niet lezen: {fout.strerror}.") from None
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error):
        raise Vergelijkfout(f"{pad.name} is geen leesbaar CSV-bestand.") from None
    return uitkomsten


@dataclass
class Verschil:
    huishouden: int
    regeling: str
    was: Waarde | None  # None: not in the file
    nu: Waarde | None  # None: not stored now

    def tekst(self) -> str:
        def beschrijf(w: Waarde | None) -> str:
            if w is None:
                return "geen uitkomst"
            uitkomst, bedrag, versie = w
            return f"{uitkomst}{f' € {bedrag}' if bedrag else ''} ({versie})"

        return f"huishouden {self.huishouden}, {self.regeling}: was {beschrijf(self.was)}, nu {beschrijf(self.nu)}"


@dataclass
class Vergelijking:
    vergeleken: int  # pairs in the file and stored now
    alleen_in_bestand: int = 0
    alleen_nu: int = 0
    verschillen: list[Verschil] = field(default_factory=list)

    @property
    def gelijk(self) -> bool:
        return not self.verschillen


def vergelijk(oud: dict[Sleutel, Waarde], nu: dict[Sleutel, Waarde], *, met_versie: bool = True) -> Vergelijking:
    """Every pair in either set; with met_versie=False a different version with the same outcome and amount is
    no difference (rules rewritten in another form, say)."""
    vergelijking = Vergelijking(vergeleken=len(oud.keys() & nu.keys()))
    for sleutel in sorted(oud.keys() | nu.keys()):
        was, wordt = oud.get(sleutel), nu.get(sleutel)
        if was is None:
            vergelijking.alleen_nu += 1
        elif wordt is None:
            vergelijking.alleen_in_bestand += 1
        elif (was if met_versie else was[:2]) == (wordt if met_versie else wordt[:2]):
            continue
        vergelijking.verschillen.append(Verschil(sleutel[0], sleutel[1], was, wordt))
    return vergelijking
