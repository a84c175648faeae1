"""Fill Casus.volgende_termijn_op for the casussen that existed before the field (issue 8). Later changes keep it
up to date through cases.services; `manage.py herbereken_termijnen` does the same as this migration."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from cases.termijnen import OngeldigeTermijnInvoer, Startmoment, termijnen

BATCH = 2000


def vul(apps, schema_editor):
    Casus = apps.get_model("cases", "Casus")
    dagen = frozenset(apps.get_model("cases", "GelijkgesteldeDag").objects.values_list("datum", flat=True))
    start = Startmoment(getattr(settings, "WGS_SCHULDREGELING_START", Startmoment.TOELATINGSBESCHIKKING))
    rijen = Casus.objects.exclude(status="afgesloten").order_by("pk")
    laatste = 0
    while True:
        batch = list(rijen.filter(pk__gt=laatste)[:BATCH])
        if not batch:
            return
        for casus in batch:
            try:
                t = termijnen(
                    aangemeld_op=timezone.localdate(casus.aangemeld_op),
                    crisis=casus.crisis,
                    gelijkgestelde_dagen=dagen,
                    eerste_gesprek_op=casus.eerste_gesprek_op,
                    beschikking_op=casus.beschikking_op,
                    toegelaten=casus.toegelaten,
                    schuldregeling_op=casus.schuldregeling_op,
                    schuldregeling_start=start,
                )
            except OngeldigeTermijnInvoer:
                continue  # inconsistent old dates (or before 2014): left empty rather than guessed
            casus.volgende_termijn_op = t.volgende.uiterlijk if t.volgende else None
        Casus.objects.bulk_update(batch, ["volgende_termijn_op"])
        laatste = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_afspraken_termijnoverschrijdingen")]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
