"""Trigram indexes for the search box (cases.zoeken): a name or street part found from an index instead of
reading every inwoner. PostgreSQL only (pg_trgm is a trusted extension since PostgreSQL 13, so the database
owner may create it); on SQLite, the embedded default for `make run`, there is nothing to do."""

from django.db import migrations

INDEXEN = (
    ("inwoner_voornaam_trgm", "cases_inwoner", "voornaam"),
    ("inwoner_achternaam_trgm", "cases_inwoner", "achternaam"),
    ("huishouden_straat_trgm", "cases_huishouden", "straat"),
)


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for naam, tabel, kolom in INDEXEN:
        # upper(): Django's icontains on PostgreSQL compares UPPER(column::text) LIKE UPPER(%s).
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {naam} ON {tabel} USING gin (upper({kolom}::text) gin_trgm_ops)"  # nosec B608 - fixed names above
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, _tabel, _kolom in INDEXEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {naam}")  # nosec B608 - fixed names above


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_casus_crisis_termijnen_versie")]

    operations = [migrations.RunPython(maak, verwijder)]
