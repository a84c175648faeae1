from django.core.management.base import BaseCommand

from regelingen.referentiedata import laad_referentiedata


class Command(BaseCommand):
    help = (
        "Laad de referentiegegevens (stadsdelen, organisaties, normen, AOW-leeftijd, kostendelersnorm, "
        "vermogensgrenzen, regelingen) uit de databestanden van het project. Veilig om vaker te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--alleen-toevoegen",
            action="store_true",
            help="Voeg alleen ontbrekende rijen toe; laat bestaande rijen (en wijzigingen van beheer) staan.",
        )

    def handle(self, *args, alleen_toevoegen=False, **options):
        resultaat = laad_referentiedata(bijwerken=not alleen_toevoegen)
        aangemaakt, gewijzigd = resultaat.pop("aangemaakt"), resultaat.pop("gewijzigd")
        for soort, aantal in resultaat.items():
            self.stdout.write(f"  {soort:<20} {aantal:>4}")
        self.stdout.write(self.style.SUCCESS(f"Referentiedata geladen: {aangemaakt} nieuw, {gewijzigd} gewijzigd."))
