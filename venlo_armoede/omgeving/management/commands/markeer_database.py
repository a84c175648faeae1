from django.core.management.base import BaseCommand

from venlo_armoede.omgeving.bewaking import markeer, markering
from venlo_armoede.omgeving.models import SoortDatabase


class Command(BaseCommand):
    help = (
        "Markeer deze database bewust als demo- of benchmarkdatabase. Daarna mogen seed_demo --reset en de "
        "benchmarks hem wissen. Alleen voor databases zonder echte gegevens."
    )

    def add_arguments(self, parser):
        parser.add_argument("soort", choices=SoortDatabase.values)

    def handle(self, *args, soort, **options):
        bestaand = markering()
        if bestaand is not None:
            self.stdout.write(f"Deze database is al gemarkeerd: {bestaand}.")
            return
        markeer(soort, door="markeer_database")
        self.stdout.write(
            self.style.WARNING(f"Deze database is nu gemarkeerd als {soort}database en mag gewist worden.")
        )
