from django.core.management.base import BaseCommand, CommandError

from partners.referentiedata import OngeldigeDienst, laad_diensten


class Command(BaseCommand):
    help = (
        "Laad de diensten van de sociale kaart uit partners/data/organisaties.yaml. Draai eerst "
        "laad_referentiedata (organisaties en stadsdelen). Veilig om vaker te draaien; de capaciteit blijft staan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--alleen-toevoegen",
            action="store_true",
            help="Voeg alleen ontbrekende diensten toe; laat bestaande diensten (en wijzigingen van beheer) staan.",
        )

    def handle(self, *args, alleen_toevoegen=False, **options):
        try:
            resultaat = laad_diensten(bijwerken=not alleen_toevoegen)
        except OngeldigeDienst as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            self.style.SUCCESS(
                f"Diensten geladen: {resultaat['diensten']} in het bestand, {resultaat['aangemaakt']} nieuw, "
                f"{resultaat['gewijzigd']} gewijzigd."
            )
        )
