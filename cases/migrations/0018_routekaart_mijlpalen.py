"""The mijlpalen of the VNG Routekaart Financiële Zorgen as data, so functioneel beheer can correct them in
/beheer/. Names 1 to 5 are confirmed; 6 to 8 are placeholders marked unconfirmed until the gemeente checks
them against the Routekaart (DOMAIN.md: 6 begins with "Pl…")."""

from django.db import migrations

STANDAARD = [
    (1, "Op zoek", True),
    (2, "In beeld", True),
    (3, "In contact", True),
    (4, "In gesprek", True),
    (5, "Rust en overzicht", True),
    (6, "Plan (naam nog niet bevestigd)", False),
    (7, "Mijlpaal 7 (naam nog niet bevestigd)", False),
    (8, "Mijlpaal 8 (naam nog niet bevestigd)", False),
]


def voeg_toe(apps, schema_editor):
    Mijlpaal = apps.get_model("cases", "Mijlpaal")
    for volgorde, naam, bevestigd in STANDAARD:
        Mijlpaal.objects.get_or_create(volgorde=volgorde, defaults={"naam": naam, "bevestigd": bevestigd})


def verwijder(apps, schema_editor):
    apps.get_model("cases", "Mijlpaal").objects.filter(volgorde__in=[v for v, _, _ in STANDAARD]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_dossier")]

    operations = [migrations.RunPython(voeg_toe, verwijder)]
