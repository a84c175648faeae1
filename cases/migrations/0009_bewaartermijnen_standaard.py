"""Default retention periods from the Selectielijst gemeenten 2020 (ADR 0014). Marked unconfirmed
(bevestigd=False): the archivaris of the gemeente has to confirm the categories and periods."""

from django.db import migrations

STANDAARD = [
    (
        "schuldhulpverlening",
        5,
        "Selectielijst gemeenten en intergemeentelijke organen 2020: schuldhulpverlening, "
        "vernietigen 5 jaar na afsluiten (onbevestigd)",
    ),
    (
        "inkomensvoorziening",
        10,
        "Selectielijst gemeenten en intergemeentelijke organen 2020: inkomensvoorzieningen, "
        "vernietigen 10 jaar na het besluit (onbevestigd)",
    ),
]


def vul(apps, schema_editor):
    Bewaartermijn = apps.get_model("cases", "Bewaartermijn")
    for soort, jaren, bron in STANDAARD:
        # get_or_create: a period functioneel beheer already changed is kept as it is.
        Bewaartermijn.objects.get_or_create(soort=soort, defaults={"jaren": jaren, "bron": bron, "bevestigd": False})


def leeg(apps, schema_editor):
    Bewaartermijn = apps.get_model("cases", "Bewaartermijn")
    Bewaartermijn.objects.filter(soort__in=[s for s, _, _ in STANDAARD], bevestigd=False).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_bewaartermijn")]

    operations = [migrations.RunPython(vul, leeg)]
