"""The public API of the audit log. Views and services call `log_verwerking` for every read or change
of personal data: one record per data subject, written in one statement."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from venlo_armoede.versleuteling import blinde_index

from .models import Actie, AuditRecord, Resultaat, Verwerkingsactiviteit


@dataclass(frozen=True)
class Betrokkene:
    """A data subject as the log knows it: a keyed hash and what kind of identifier was hashed."""

    id: str
    type: str


def pseudoniem(waarde: str) -> str:
    return hmac.new(settings.AUDIT_PSEUDONYM_KEY.encode(), waarde.encode(), hashlib.sha256).hexdigest()


def betrokkene(*, intern_id: int, bsn_index: str | None = None, bsn: str | None = None) -> Betrokkene:
    """The BSN when known (so one person is one subject across households); else the internal id.

    The pseudonym is a keyed hash of the BSN's blind index (ADR 0013), so logging never needs the BSN
    decrypted: pass the stored `bsn_index`. A plain `bsn` (for a search in the log) is hashed to it first."""
    if bsn_index is None and bsn:
        bsn_index = blinde_index(bsn)
    if bsn_index:
        return Betrokkene(id=pseudoniem(f"bsn-index:{bsn_index}"), type="BSN")
    return Betrokkene(id=pseudoniem(f"inwoner:{intern_id}"), type="intern")


def log_verwerking(
    *,
    actor,
    actie: Actie,
    omschrijving: str,
    verwerkingsactiviteit: Verwerkingsactiviteit,
    betrokkenen: Iterable[Betrokkene],
    request=None,
    resultaat: Resultaat = Resultaat.OK,
    start_tijd=None,
) -> list[AuditRecord]:
    """Write one record per distinct data subject. Returns the records written."""
    nu = timezone.now()
    trace_id = getattr(request, "trace_id", None) or secrets.token_hex(16)
    parent_span_id = getattr(request, "span_id", "") or ""
    actor_id, actor_naam, actor_soort = _actor(actor)
    uniek = {b.id: b for b in betrokkenen}.values()
    records = [
        AuditRecord(
            trace_id=trace_id,
            span_id=secrets.token_hex(8),
            parent_span_id=parent_span_id,
            actie=actie,
            omschrijving=omschrijving[:200],
            verwerkingsactiviteit=verwerkingsactiviteit,
            betrokkene_id=b.id,
            betrokkene_type=b.type,
            actor_id=actor_id,
            actor_naam=actor_naam,
            actor_soort=actor_soort,
            start_tijd=start_tijd or nu,
            eind_tijd=nu,
            resultaat=resultaat,
        )
        for b in uniek
    ]
    return AuditRecord.objects.bulk_create(records)


def _actor(actor) -> tuple[int | None, str, str]:
    """A user (has a username), an API token (accounts.ApiToken: a key prefix and an organisation) or the
    system. Told apart by what they have, so the audit app does not depend on accounts."""
    if actor is None:
        return None, "systeem", "systeem"
    if hasattr(actor, "get_username"):
        return actor.pk, actor.get_username(), "gebruiker"
    return actor.pk, f"token {actor.prefix} ({actor.organisatie})"[:150], "api-token"


def verwerkingen_van(*, bsn: str | None, intern_id: int):
    """All log records about one person: the answer to "wie heeft mijn gegevens ingezien?".
    Records written before the BSN was encrypted carry a hash of the BSN itself; they are found too."""
    ids = {betrokkene(bsn=bsn, intern_id=intern_id).id}
    if bsn:
        ids.add(pseudoniem(f"bsn:{bsn}"))
    return AuditRecord.objects.filter(betrokkene_id__in=ids)
