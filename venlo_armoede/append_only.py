"""Append-only rows: history and the audit log are written once and never edited or deleted.

The application refuses it here (model and queryset); on PostgreSQL a django-pgtrigger trigger refuses it
as well, so not even a stray SQL statement can rewrite history. Models declare the triggers in
`Meta.triggers` (see `append_only_triggers`); on SQLite pgtrigger does nothing."""

import pgtrigger
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} mag niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} mag niet worden verwijderd.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} mag niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} mag niet worden verwijderd.")


class WeigerWijzigen(pgtrigger.Protect):
    """Row trigger refusing UPDATE and DELETE. pgtrigger's Protect with our own message, which names the
    table and the operation the way the first hand-written trigger did."""

    def get_func(self, model):
        return "RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;"


class WeigerTruncate(pgtrigger.Trigger):
    """Statement trigger refusing TRUNCATE, which row triggers never see."""

    level = pgtrigger.Statement
    when = pgtrigger.Before
    operation = pgtrigger.Truncate
    func = "RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME;"


# Names used in `pgtrigger.ignore("app.Model:<name>")`; the audit retention path is the one user.
TRIGGER_WIJZIGEN = "alleen_toevoegen"
TRIGGER_TRUNCATE = "geen_truncate"


def append_only_triggers(*, truncate: bool = False) -> list[pgtrigger.Trigger]:
    """The triggers for `Meta.triggers` of an append-only model."""
    triggers = [WeigerWijzigen(name=TRIGGER_WIJZIGEN, operation=pgtrigger.Update | pgtrigger.Delete)]
    if truncate:
        triggers.append(WeigerTruncate(name=TRIGGER_TRUNCATE))
    return triggers


# --- Historical: the hand-written triggers of the first migrations (audit 0002, cases 0002) import these.
# Later migrations drop what they created; new code uses `append_only_triggers`.


def postgres_append_only_trigger(table: str) -> tuple[str, str]:
    """SQL (forward, reverse) for a trigger that blocks UPDATE and DELETE on `table` in PostgreSQL."""
    fn = f"{table}_append_only"
    forward = f"""
        CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {fn} BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {fn}();
    """
    reverse = f"DROP TRIGGER IF EXISTS {fn} ON {table}; DROP FUNCTION IF EXISTS {fn}();"
    return forward, reverse


class RunOnPostgres:
    """A migration operation factory: RunPython that executes SQL only when the database is PostgreSQL."""

    @staticmethod
    def sql(forward: str, reverse: str):
        from django.db import migrations

        def run(sql):
            def inner(apps, schema_editor):
                if schema_editor.connection.vendor == "postgresql":
                    schema_editor.execute(sql, params=None)  # no placeholders: keep % literal

            return inner

        return migrations.RunPython(run(forward), run(reverse))
