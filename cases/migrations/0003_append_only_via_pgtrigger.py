# Hand-written: drops the hand-made append-only trigger of 0002; 0004 adds django-pgtrigger's instead.

from django.db import migrations

from venlo_armoede.append_only import RunOnPostgres, postgres_append_only_trigger

OUDE_TRIGGER_AANMAKEN, OUDE_TRIGGER_WEG = postgres_append_only_trigger("cases_casusstatus")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_append_only_trigger'),
    ]

    operations = [
        RunOnPostgres.sql(OUDE_TRIGGER_WEG, OUDE_TRIGGER_AANMAKEN),
    ]
