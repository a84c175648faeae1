"""The hash chain over the audit log (ADR 0006).

Every record carries `volgnummer` (its place in the chain, without gaps) and `ketting_hash`:
HMAC-SHA256 with `AUDIT_CHAIN_KEY` over a canonical JSON form of its content plus the previous record's
hash. Editing a record breaks its own hash; deleting one leaves a gap in the numbers and breaks the next
link; cutting off the tail leaves the chain head (KettingKop) pointing past the last record. Without the
key nobody can compute a valid replacement.

This module only computes and checks; services.log_verwerking writes the chain."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

# The hashed content, in a fixed list: adding a field to the model does not silently change old hashes.
VELDEN = (
    "volgnummer",
    "trace_id",
    "span_id",
    "parent_span_id",
    "actie",
    "omschrijving",
    "verwerkingsactiviteit",
    "betrokkene_id",
    "betrokkene_type",
    "actor_id",
    "actor_naam",
    "actor_soort",
    "start_tijd",
    "eind_tijd",
    "resultaat",
)


def _canoniek(waarde):
    if isinstance(waarde, datetime):
        return waarde.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(waarde, str):
        return str(waarde)  # a TextChoices member becomes its plain value
    return waarde


def bereken_hash(inhoud: dict, vorige_hash: str, *, sleutel: str | None = None) -> str:
    """The chain hash of one record: `inhoud` maps every name in VELDEN to the record's value."""
    gegevens = {veld: _canoniek(inhoud[veld]) for veld in VELDEN}
    gegevens["vorige_hash"] = vorige_hash
    tekst = json.dumps(gegevens, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sleutel = settings.AUDIT_CHAIN_KEY if sleutel is None else sleutel
    return hmac.new(sleutel.encode(), tekst.encode(), hashlib.sha256).hexdigest()


def keten(records, volgnummer: int, vorige_hash: str) -> tuple[int, str]:
    """Number and hash unsaved records in the order given, after (volgnummer, vorige_hash).
    Returns the new end of the chain."""
    for record in records:
        volgnummer += 1
        record.volgnummer = volgnummer
        record.ketting_hash = bereken_hash({veld: getattr(record, veld) for veld in VELDEN}, vorige_hash)
        vorige_hash = record.ketting_hash
    return volgnummer, vorige_hash


@dataclass(frozen=True)
class Breuk:
    """The first place where the chain does not hold."""

    record_id: int | None
    volgnummer: int
    melding: str


def controleer(
    rijen: Iterator[dict], *, anker: tuple[int, str], kop: tuple[int, str] | None
) -> tuple[int, Breuk | None]:
    """Walk the records in volgnummer order from the anchor; return (records checked, first break or None).

    `rijen` yields dicts with "id", "ketting_hash" and VELDEN, so the caller can stream them in chunks.
    `kop` is the end of the chain as the head row knows it (None: do not compare)."""
    verwacht_nummer, vorige_hash = anker
    aantal = 0
    for rij in rijen:
        verwacht_nummer += 1
        if rij["volgnummer"] != verwacht_nummer:
            ontbrekend = (
                f"volgnummer {verwacht_nummer}"
                if rij["volgnummer"] == verwacht_nummer + 1
                else f"volgnummers {verwacht_nummer} tot en met {rij['volgnummer'] - 1}"
            )
            return aantal, Breuk(
                rij["id"], rij["volgnummer"], f"logregel {rij['id']}: de logregel(s) ervoor ontbreken ({ontbrekend})."
            )
        if not hmac.compare_digest(bereken_hash(rij, vorige_hash), rij["ketting_hash"]):
            return aantal, Breuk(
                rij["id"],
                rij["volgnummer"],
                f"logregel {rij['id']} (volgnummer {rij['volgnummer']}) is gewijzigd of hoort niet op deze plek.",
            )
        vorige_hash = rij["ketting_hash"]
        aantal += 1
    if kop is not None and kop[0] > verwacht_nummer:
        return aantal, Breuk(
            None,
            verwacht_nummer + 1,
            f"het einde van het logboek ontbreekt: de laatste logregel heeft volgnummer {verwacht_nummer}, "
            f"maar er zijn er {kop[0]} geschreven.",
        )
    if kop is not None and kop != (verwacht_nummer, vorige_hash):
        return aantal, Breuk(
            None, verwacht_nummer, "de kop van het logboek past niet bij de laatste logregel (kop gewijzigd)."
        )
    return aantal, None
