"""Reads of the audit log for the functionaris gegevensbescherming (FG), and the audit of those reads.

The log knows a data subject only by a keyed pseudonym (services.betrokkene), so the FG's questions are
answered from the log alone: a typed BSN or inwoner number becomes the same pseudonym the writers used.
This module does not know households or users (it sits below cases and accounts); the pages in
accounts.privacy turn form input into these calls."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min, QuerySet

from .models import Actie, AuditRecord, Resultaat, Verwerkingsactiviteit
from .services import Betrokkene, betrokkene, log_verwerking

# Written by cases.services.doorbreek (a klantadviseur opening a household outside the own team);
# the stated reason follows "Reden: ". A refusal for lack of a reason starts the same way.
DOORBRAAK_BEGIN = "Inzage buiten eigen team"
REDEN_BEGIN = "Reden: "
# Subject types that are not a person (the retention path's own record).
GEEN_PERSOON = frozenset({"logboek"})


def betrokkenen_van_inwoner(*, bsn: str | None, intern_id: int | None) -> list[Betrokkene]:
    """The pseudonyms one inwoner can have in the log: by BSN, and by internal number (records written
    while the inwoner had no BSN)."""
    gevonden = []
    if bsn:
        gevonden.append(betrokkene(bsn=bsn, intern_id=0))
    if intern_id is not None:
        gevonden.append(betrokkene(bsn=None, intern_id=intern_id))
    return gevonden


def records_over(betrokkenen: Iterable[Betrokkene]) -> QuerySet[AuditRecord]:
    """Everything the log holds about these subjects, newest first: views, changes and refused attempts."""
    return AuditRecord.objects.filter(betrokkene_id__in=[b.id for b in betrokkenen]).order_by("-start_tijd", "-id")


def records_van_gebruiker(*, gebruiker_id: int | None, gebruikersnaam: str) -> QuerySet[AuditRecord]:
    """What one user did. By id when the account still exists (a renamed user keeps their history),
    otherwise by the name the log copied."""
    records = AuditRecord.objects.filter(actor_soort="gebruiker")
    if gebruiker_id is not None:
        records = records.filter(actor_id=gebruiker_id)
    else:
        records = records.filter(actor_naam=gebruikersnaam)
    return records.order_by("-start_tijd", "-id")


def doorbraken() -> QuerySet[AuditRecord]:
    """Break-the-glass: every inzage outside the own team with its reason, and the refused tries."""
    return AuditRecord.objects.filter(omschrijving__startswith=DOORBRAAK_BEGIN).order_by("-start_tijd", "-id")


def reden(omschrijving: str) -> str:
    """The reason a klantadviseur gave, taken from the omschrijving ("" when there is none)."""
    _, gevonden, rest = omschrijving.partition(REDEN_BEGIN)
    return rest.strip() if gevonden else ""


def getroffen_betrokkenen(records: QuerySet[AuditRecord]) -> QuerySet:
    """Per data subject in `records`: pseudonym, type, number of records, first and last time.
    For a breach notification (AVG art. 33/34): who was affected by these processings."""
    return (
        records.exclude(betrokkene_type__in=GEEN_PERSOON)
        .order_by()
        .values("betrokkene_id", "betrokkene_type")
        .annotate(aantal=Count("id"), eerste=Min("start_tijd"), laatste=Max("start_tijd"))
        .order_by("eerste", "betrokkene_id")
    )


def log_toezicht(
    *, actor, betrokkenen: Iterable[Betrokkene], omschrijving: str, request=None, actie: Actie = Actie.INZIEN
) -> None:
    """The FG's own reads are processing too: one record per subject shown (or exported)."""
    personen = [b for b in betrokkenen if b.type not in GEEN_PERSOON]
    log_verwerking(
        actor=actor,
        actie=actie,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.PRIVACYTOEZICHT,
        betrokkenen=personen,
        request=request,
        resultaat=Resultaat.OK,
    )


def betrokkenen_in(records: Iterable[AuditRecord]) -> list[Betrokkene]:
    return [Betrokkene(id=r.betrokkene_id, type=r.betrokkene_type) for r in records]
