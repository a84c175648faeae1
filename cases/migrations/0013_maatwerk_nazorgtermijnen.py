"""The default nazorg contacts after closing a casus with "afgerond": after 3 and 12 months (Venlo's
aanbeveling 19). Data, so functioneel beheer can change them in /beheer/."""

from django.db import migrations

STANDAARD = [(3, "Eerste nazorgcontact"), (12, "Tweede nazorgcontact")]


def voeg_toe(apps, schema_editor):
    NazorgTermijn = apps.get_model("cases", "NazorgTermijn")
    for maanden, omschrijving in STANDAARD:
        NazorgTermijn.objects.get_or_create(maanden=maanden, defaults={"omschrijving": omschrijving})


def verwijder(apps, schema_editor):
    apps.get_model("cases", "NazorgTermijn").objects.filter(maanden__in=[m for m, _ in STANDAARD]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_maatwerk_modellen")]

    operations = [migrations.RunPython(voeg_toe, verwijder)]
