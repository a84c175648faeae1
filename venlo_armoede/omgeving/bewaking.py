"""The guard for commands that wipe or overwrite data (seed_demo, bench_*), ADR 0008.

Such a command runs only on a database marked as demo or benchmark (a DatabaseMarkering row). An empty
database may be marked by the command itself; one that holds data without the marker is refused, since
nothing tells real households from demo ones. The caller says what "holds data" means for it: this
module is in the core layer and knows nothing of households."""

from __future__ import annotations

from django.core.management.base import CommandError

from .models import DatabaseMarkering, SoortDatabase

WEIGERING = (
    "{opdracht} is geweigerd: deze database is niet gemarkeerd als demo- of benchmarkdatabase en bevat al "
    "gegevens ({wat}). Die kunnen echt zijn en worden dus niet gewist of aangevuld. Gebruik een lege database "
    "(bijvoorbeeld een nieuwe met een andere DATABASE_URL). Weet u zeker dat dit een oude demodatabase is? "
    "Markeer hem dan bewust met: manage.py markeer_database {soort}"
)


def markering() -> DatabaseMarkering | None:
    return DatabaseMarkering.objects.order_by("pk").first()


def is_wegwerpdatabase() -> bool:
    return markering() is not None


def markeer(soort: str, door: str) -> DatabaseMarkering:
    """Mark this database as one that may be wiped (idempotent: an existing marker is kept)."""
    if soort not in SoortDatabase.values:
        raise ValueError(soort)
    bestaand = markering()
    return bestaand or DatabaseMarkering.objects.create(soort=soort, gemarkeerd_door=door[:100])


def vereis_wegwerpdatabase(*, opdracht: str, aanwezige_gegevens: str | None, markeer_als: str) -> DatabaseMarkering:
    """Return the marker, marking an empty database first; raise CommandError (in Dutch) otherwise.

    aanwezige_gegevens: None when the database holds nothing the command could destroy, else a short
    Dutch description for the message ("12 huishoudens")."""
    bestaand = markering()
    if bestaand is not None:
        return bestaand
    if aanwezige_gegevens:
        raise CommandError(WEIGERING.format(opdracht=opdracht, wat=aanwezige_gegevens, soort=markeer_als))
    return markeer(markeer_als, door=opdracht)
