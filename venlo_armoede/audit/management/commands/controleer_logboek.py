from django.core.management.base import BaseCommand, CommandError

from venlo_armoede.audit.services import controleer_logboek


class Command(BaseCommand):
    help = "Controleert de hashketting van het logboek dataverwerkingen; stopt met een fout bij de eerste breuk."

    def add_arguments(self, parser):
        parser.add_argument("--per", type=int, default=2000, help="aantal logregels per keer uit de database")

    def handle(self, *args, per, **options):
        uitslag = controleer_logboek(per=per)
        if uitslag.breuk is not None:
            raise CommandError(
                f"Het logboek is niet in orde: {uitslag.breuk.melding} Daarvoor klopten {uitslag.aantal} logregels."
            )
        self.stdout.write(
            f"Het logboek is in orde: {uitslag.aantal} logregels gecontroleerd "
            f"(volgnummer {uitslag.anker_volgnummer + 1} tot en met {uitslag.kop_volgnummer}). "
            f"Laatste hash: {uitslag.kop_hash or '-'}"
        )
