from datetime import date

from django.core.management.base import BaseCommand, CommandError

from venlo_armoede.audit.services import verwijder_oude_auditrecords


class Command(BaseCommand):
    help = (
        "Verwijdert logregels van vóór een datum (bewaartermijn). Schrijft zelf een logregel. "
        "Draai dit met de databaserol die de tabellen bezit (de migratierol)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tot", required=True, help="datum (JJJJ-MM-DD): logregels van vóór deze dag gaan weg")
        parser.add_argument("--door", required=True, help="naam van wie dit doet (komt in het logboek)")

    def handle(self, *args, tot, door, **options):
        try:
            tot_datum = date.fromisoformat(tot)
        except ValueError as fout:
            raise CommandError(f"--tot moet een datum zijn als 2025-01-31, niet {tot!r}.") from fout
        try:
            aantal = verwijder_oude_auditrecords(tot=tot_datum, door=door)
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"{aantal} logregels van vóór {tot_datum:%d-%m-%Y} verwijderd.")
