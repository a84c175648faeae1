"""A stored outcome keeps only what must be kept (ADR 0004): no reasons (derived again when shown), no
fingerprint, no id (the pair huishouden, regeling is the primary key), the outcome as a small integer.
Existing rows are copied set-wise; going back leaves empty reasons, which the next recompute fills."""

import django.db.models.deletion
from django.db import migrations, models

import regelingen.models

CODES = "CASE uitkomst WHEN 'recht' THEN 1 WHEN 'geen_recht' THEN 2 WHEN 'beoordeling_nodig' THEN 3 END"
WAARDEN = "CASE uitkomst WHEN 1 THEN 'recht' WHEN 2 THEN 'geen_recht' WHEN 3 THEN 'beoordeling_nodig' END"

# Room on each page for a changed row (a HOT update on the same page), and a vacuum after 2% changed rows
# rather than the default 20%: a full recompute with changes then reuses space instead of growing the table.
OPSLAG = "fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02"


def kopieer(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO regelingen_rechtuitkomst (huishouden_id, regeling_id, versie_id, vastgesteld_op, uitkomst, bedrag) "  # nosec B608 - fixed CASE expression of module constants, no input
        f"SELECT huishouden_id, regeling_id, versie_id, vastgesteld_op, {CODES}, bedrag FROM regelingen_rechtuitkomstoud"
    )


def kopieer_terug(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO regelingen_rechtuitkomstoud "  # nosec B608 - fixed CASE expression of module constants, no input
        "(huishouden_id, regeling_id, versie_id, uitkomst, redenen, bedrag, kenmerk, vastgesteld_op) "
        f"SELECT huishouden_id, regeling_id, versie_id, {WAARDEN}, '[]', bedrag, '', vastgesteld_op "
        "FROM regelingen_rechtuitkomst"
    )


def opslag(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE regelingen_rechtuitkomst SET ({OPSLAG})")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("regelingen", "0005_regels_voorwaarden"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="rechtuitkomst", name="uitkomst_per_regeling"),
        migrations.RemoveConstraint(model_name="rechtuitkomst", name="een_uitkomst_per_huishouden_en_regeling"),
        migrations.RenameModel(old_name="RechtUitkomst", new_name="RechtUitkomstOud"),
        migrations.AlterField(
            model_name="rechtuitkomstoud",
            name="huishouden",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.huishouden"
            ),
        ),
        migrations.AlterField(
            model_name="rechtuitkomstoud",
            name="regeling",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="regelingen.regeling"
            ),
        ),
        migrations.CreateModel(
            name="RechtUitkomst",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "huishouden", "regeling", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "huishouden",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rechten",
                        to="cases.huishouden",
                    ),
                ),
                (
                    "regeling",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uitkomsten",
                        to="regelingen.regeling",
                    ),
                ),
                (
                    "versie",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regelingen.regelingversie",
                    ),
                ),
                ("vastgesteld_op", models.DateTimeField(verbose_name="vastgesteld op")),
                (
                    "uitkomst",
                    regelingen.models.UitkomstVeld(
                        choices=[
                            ("recht", "Recht"),
                            ("geen_recht", "Geen recht"),
                            ("beoordeling_nodig", "Beoordeling nodig"),
                        ],
                        verbose_name="uitkomst",
                    ),
                ),
                (
                    "bedrag",
                    models.DecimalField(decimal_places=2, max_digits=10, null=True, verbose_name="verwacht bedrag"),
                ),
            ],
            options={
                "verbose_name": "uitkomst rechtenberekening",
                "verbose_name_plural": "uitkomsten rechtenberekening",
            },
        ),
        migrations.RunPython(kopieer, kopieer_terug),
        migrations.DeleteModel(name="RechtUitkomstOud"),
        migrations.RunPython(opslag, migrations.RunPython.noop),
    ]
