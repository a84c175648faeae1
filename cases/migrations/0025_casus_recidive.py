"""Recidive on Casus (issue 8 item 4), filled for the casussen that existed before the fields the way
cases.services.recidive_bij_aanmelding sets it for a new aanmelding: the newest closing of another casus of the
household at or before the aanmelding, if within 24 months (cases.workflow.binnen_recidivetermijn)."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from cases.workflow import binnen_recidivetermijn


def vul(apps, schema_editor):
    Casus = apps.get_model("cases", "Casus")
    CasusStatus = apps.get_model("cases", "CasusStatus")
    afsluitingen = defaultdict(list)  # huishouden -> [(tijdstip, casus)]
    for casus_id, huishouden_id, tijdstip in CasusStatus.objects.filter(status="afgesloten").values_list(
        "casus_id", "casus__huishouden_id", "tijdstip"
    ):
        afsluitingen[huishouden_id].append((tijdstip, casus_id))
    if not afsluitingen:
        return
    gewijzigd = []
    for casus in Casus.objects.filter(huishouden_id__in=list(afsluitingen)).order_by("pk").iterator(chunk_size=2000):
        eerder = [(t, c) for t, c in afsluitingen[casus.huishouden_id] if c != casus.pk and t <= casus.aangemeld_op]
        if not eerder:
            continue
        tijdstip, vorige = max(eerder)
        dag = timezone.localdate(tijdstip)
        if binnen_recidivetermijn(dag, timezone.localdate(casus.aangemeld_op)):
            casus.recidive_na_id, casus.eerder_afgesloten_op = vorige, dag
            gewijzigd.append(casus)
    Casus.objects.bulk_update(gewijzigd, ["recidive_na", "eerder_afgesloten_op"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0024_casus_index_adviseur_huishouden'),
    ]

    operations = [
        migrations.AddField(
            model_name='casus',
            name='eerder_afgesloten_op',
            field=models.DateField(blank=True, editable=False, help_text='De datum waarop een eerdere casus van dit huishouden is afgesloten, binnen 24 maanden.', null=True, verbose_name='recidive: eerder afgesloten op'),
        ),
        migrations.AddField(
            model_name='casus',
            name='recidive_na',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.casus', verbose_name='recidive na casus'),
        ),
        migrations.RunPython(vul, migrations.RunPython.noop),
    ]
