"""The public API of the audit log. Views and services call `log_verwerking` for every read or change
of personal data: one record per data subject, written in one statement and chained (ADR 0006).

`verwijder_oude_auditrecords` is the one way to delete records (retention); it is audited itself."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

import pgtrigger
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from venlo_armoede.append_only import TRIGGER_WIJZIGEN
from venlo_armoede.versleuteling import blinde_index

from .ketting import VELDEN, Breuk, controleer, keten
from .models import Actie, AuditRecord, KettingKop, Resultaat, Verwerkingsactiviteit

KOP_ID = 1
_BATCH = 1000  # records per INSERT statement


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
    return _schrijf_in_ketting(records)


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


def _kop_voor_schrijven() -> tuple[int, str]:
    """The end of the chain, locked until the transaction ends (PostgreSQL row lock), so that concurrent
    writers append one after the other. SQLite has no row locks: a second writer that read the same head
    fails ("database is locked" or the unique volgnummer) instead of forking the chain."""
    kop = KettingKop.objects.select_for_update().filter(pk=KOP_ID).values_list("volgnummer", "hash").first()
    if kop is None:  # a new database, or one a test emptied with TRUNCATE; the migration creates the row
        KettingKop.objects.bulk_create([KettingKop(pk=KOP_ID)], ignore_conflicts=True)
        kop = KettingKop.objects.select_for_update().filter(pk=KOP_ID).values_list("volgnummer", "hash").get()
    return kop


def _schrijf_in_ketting(records: list[AuditRecord]) -> list[AuditRecord]:
    """Append records to the chain in the order given: lock the head, hash in sequence, insert, move the head.
    No savepoint: a failed audit write must fail the caller's transaction as well."""
    if not records:
        return records
    with transaction.atomic(savepoint=False):
        volgnummer, vorige_hash = _kop_voor_schrijven()
        keten(records, volgnummer, vorige_hash)
        if connection.vendor == "postgresql":
            _insert_en_verplaats_kop(records)
        else:
            AuditRecord.objects.bulk_create(records)
            KettingKop.objects.filter(pk=KOP_ID).update(
                volgnummer=records[-1].volgnummer, hash=records[-1].ketting_hash
            )
    return records


def _insert_en_verplaats_kop(records: list[AuditRecord]) -> None:
    """PostgreSQL: insert the records and move the chain head in one statement (a data-modifying CTE),
    so chaining costs one query per log call (the head lock) rather than two."""
    qn = connection.ops.quote_name
    velden = [f for f in AuditRecord._meta.concrete_fields if not f.primary_key]
    kolommen = ", ".join(qn(f.column) for f in velden)
    rij = "(" + ", ".join(["%s"] * len(velden)) + ")"
    with connection.cursor() as cursor:
        for begin in range(0, len(records), _BATCH):
            deel = records[begin : begin + _BATCH]
            params = [deel[-1].volgnummer, deel[-1].ketting_hash, KOP_ID]
            params += [f.get_db_prep_save(getattr(r, f.attname), connection) for r in deel for f in velden]
            cursor.execute(
                # Identifiers come from the model's metadata, values are parameters.
                f"WITH kop AS (UPDATE {qn(KettingKop._meta.db_table)} SET volgnummer = %s, hash = %s WHERE id = %s) "  # noqa: S608 # nosec B608
                f"INSERT INTO {qn(AuditRecord._meta.db_table)} ({kolommen}) VALUES {', '.join([rij] * len(deel))} "
                f"RETURNING {qn(AuditRecord._meta.pk.column)}",
                params,
            )
            for record, (pk,) in zip(deel, cursor.fetchall(), strict=True):
                record.pk = pk
                record._state.adding = False
                record._state.db = connection.alias


def verwijder_oude_auditrecords(*, tot: date, door: str) -> int:
    """Retention: delete the audit records from before `tot` (00:00 local time), the only way past the
    append-only protection. Deletes a prefix of the chain, records the last deleted record as the new
    anchor so the rest still verifies, and writes a record of its own. Returns the number deleted.

    On PostgreSQL this needs the owner role: the application role may not DELETE from the log at all."""
    door = door.strip()
    if not door:
        raise ValueError("Vul in wie de logregels verwijdert.")
    grens = datetime.combine(tot, time.min, tzinfo=timezone.get_current_timezone())
    with transaction.atomic():
        _kop_voor_schrijven()  # no writer may append while the start of the chain moves
        # Only a prefix of the chain can go; a younger record early in the chain keeps the ones after it.
        eerste_jonge = AuditRecord.objects.filter(start_tijd__gte=grens).aggregate(m=Min("volgnummer"))["m"]
        oud = AuditRecord.objects.filter(start_tijd__lt=grens)
        if eerste_jonge is not None:
            oud = oud.filter(volgnummer__lt=eerste_jonge)
        laatste = oud.order_by("-volgnummer").values_list("volgnummer", "ketting_hash").first()
        aantal = 0
        if laatste is not None:
            with pgtrigger.ignore(f"audit.AuditRecord:{TRIGGER_WIJZIGEN}"), connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {connection.ops.quote_name(AuditRecord._meta.db_table)} WHERE volgnummer <= %s",  # noqa: S608 # nosec B608
                    [laatste[0]],
                )
                aantal = cursor.rowcount
            KettingKop.objects.filter(pk=KOP_ID).update(anker_volgnummer=laatste[0], anker_hash=laatste[1])
        nu = timezone.now()
        _schrijf_in_ketting(
            [
                AuditRecord(
                    trace_id=secrets.token_hex(16),
                    span_id=secrets.token_hex(8),
                    actie=Actie.VERWIJDEREN,
                    omschrijving=f"Bewaartermijn: {aantal} logregels van vóór {tot:%d-%m-%Y} verwijderd",
                    verwerkingsactiviteit=Verwerkingsactiviteit.LOGBOEKBEHEER,
                    betrokkene_id="logboek",
                    betrokkene_type="logboek",
                    actor_naam=door[:150],
                    actor_soort="beheerder",
                    start_tijd=nu,
                    eind_tijd=nu,
                )
            ]
        )
    return aantal


@dataclass(frozen=True)
class Controle:
    aantal: int
    breuk: Breuk | None
    anker_volgnummer: int
    kop_volgnummer: int
    kop_hash: str


def controleer_logboek(*, per: int = 2000) -> Controle:
    """Verify the whole chain from its anchor, streaming the records `per` at a time. One consistent
    snapshot (REPEATABLE READ on PostgreSQL), so records written meanwhile do not look like a break."""
    eigen_transactie = not connection.in_atomic_block
    with transaction.atomic():
        if eigen_transactie and connection.vendor == "postgresql":  # must be the transaction's first statement
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        kop = KettingKop.objects.filter(pk=KOP_ID).values_list(
            "anker_volgnummer", "anker_hash", "volgnummer", "hash"
        ).first() or (0, "", 0, "")
        rijen = AuditRecord.objects.order_by("volgnummer").values("id", "ketting_hash", *VELDEN).iterator(per)
        aantal, breuk = controleer(rijen, anker=(kop[0], kop[1]), kop=(kop[2], kop[3]))
    return Controle(aantal=aantal, breuk=breuk, anker_volgnummer=kop[0], kop_volgnummer=kop[2], kop_hash=kop[3])
