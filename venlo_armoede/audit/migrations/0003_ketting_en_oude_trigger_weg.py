# Hand-written: replaces the hand-made append-only trigger of 0002 by django-pgtrigger (added in 0004)
# and starts the hash chain (ADR 0006), numbering and hashing the records that already exist.

from django.db import migrations, models

from venlo_armoede.append_only import RunOnPostgres, postgres_append_only_trigger

OUDE_TRIGGER_AANMAKEN, OUDE_TRIGGER_WEG = postgres_append_only_trigger("audit_auditrecord")


def keten_bestaande_records(apps, schema_editor):
    """Chain the existing records in id order and create the chain head."""
    from venlo_armoede.audit.ketting import keten

    AuditRecord = apps.get_model("audit", "AuditRecord")
    KettingKop = apps.get_model("audit", "KettingKop")
    volgnummer, vorige_hash = 0, ""
    deel = []
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        deel.append(record)
        if len(deel) == 2000:
            volgnummer, vorige_hash = keten(deel, volgnummer, vorige_hash)
            AuditRecord.objects.bulk_update(deel, ["volgnummer", "ketting_hash"])
            deel = []
    volgnummer, vorige_hash = keten(deel, volgnummer, vorige_hash)
    AuditRecord.objects.bulk_update(deel, ["volgnummer", "ketting_hash"])
    KettingKop.objects.create(pk=1, volgnummer=volgnummer, hash=vorige_hash)


def kop_weg(apps, schema_editor):
    apps.get_model("audit", "KettingKop").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
    ]

    operations = [
        # The reverse of 0002's operation: drop the old trigger and function (on PostgreSQL only).
        RunOnPostgres.sql(OUDE_TRIGGER_WEG, OUDE_TRIGGER_AANMAKEN),
        migrations.AddField(
            model_name='auditrecord',
            name='volgnummer',
            field=models.BigIntegerField(null=True, verbose_name='volgnummer'),
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='ketting_hash',
            field=models.CharField(default='', max_length=64, verbose_name='kettinghash'),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name='KettingKop',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('volgnummer', models.BigIntegerField(default=0)),
                ('hash', models.CharField(blank=True, max_length=64)),
                ('anker_volgnummer', models.BigIntegerField(default=0)),
                ('anker_hash', models.CharField(blank=True, max_length=64)),
            ],
            options={
                'verbose_name': 'kop van de logboekketting',
            },
        ),
        migrations.RunPython(keten_bestaande_records, kop_weg),
    ]
