"""The common kenmerken a regeling asks about. Data, so functioneel beheer can add, rename or switch them off
in /beheer/."""

from django.db import migrations

STANDAARD = [
    (
        "chronisch_ziek_of_gehandicapt",
        "Chronisch ziek of gehandicapt",
        "persoon",
        "Heeft een chronische ziekte of beperking en daardoor extra kosten.",
    ),
    (
        "geen_arbeidsperspectief",
        "Geen arbeidsperspectief",
        "persoon",
        "Kan naar verwachting de komende jaren niet werken (bijvoorbeeld voor de individuele inkomenstoeslag).",
    ),
    ("schoolgaand_kind", "Schoolgaand kind", "persoon", "Gaat naar de basisschool of het voortgezet onderwijs."),
    ("student", "Student", "persoon", "Volgt een opleiding in het mbo, hbo of wo."),
    ("zelfstandige", "Zelfstandige", "persoon", "Werkt als zelfstandige (zzp of eigen bedrijf)."),
]


def voeg_toe(apps, schema_editor):
    KenmerkSoort = apps.get_model("cases", "KenmerkSoort")
    for code, naam, geldt_voor, omschrijving in STANDAARD:
        KenmerkSoort.objects.get_or_create(
            code=code, defaults={"naam": naam, "geldt_voor": geldt_voor, "omschrijving": omschrijving}
        )


def verwijder(apps, schema_editor):
    apps.get_model("cases", "KenmerkSoort").objects.filter(code__in=[rij[0] for rij in STANDAARD]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_kenmerken")]

    operations = [migrations.RunPython(voeg_toe, verwijder)]
