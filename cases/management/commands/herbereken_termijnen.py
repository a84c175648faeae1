"""Fill Casus.volgende_termijn_op again for every casus, e.g. after the gelijkgestelde dagen or the
WGS_SCHULDREGELING_START setting changed (the migration 0018 did this once for the rows that existed)."""

from django.core.management.base import BaseCommand

from cases import services


class Command(BaseCommand):
    help = "Berekent de volgende Wgs-termijn van elke casus opnieuw (voor het sorteren van Mijn werk)."

    def handle(self, *args, **options):
        aantal = services.herbereken_volgende_termijnen()
        self.stdout.write(f"{aantal} casussen bijgewerkt.")
