"""Print the current login code of a demo user, so `make run` needs no authenticator app.

Only for devices with the published demo key (demo/populatie.py); a real user's device is refused."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from venlo_armoede.accounts.tweede_stap import DEMO_APPARAAT_NAAM, DEMO_SLEUTEL_HEX


class Command(BaseCommand):
    help = "Drukt de huidige inlogcode van een demogebruiker af (standaard: klantadviseur)."

    def add_arguments(self, parser):
        parser.add_argument("gebruiker", nargs="?", default="klantadviseur", help="gebruikersnaam van de demogebruiker")

    def handle(self, *args, gebruiker, **opties):
        if not get_user_model().objects.filter(username=gebruiker).exists():
            raise CommandError(f"Gebruiker {gebruiker!r} bestaat niet. Draai eerst `make run` (of seed_demo).")
        apparaat = TOTPDevice.objects.filter(
            user__username=gebruiker, name=DEMO_APPARAAT_NAAM, key=DEMO_SLEUTEL_HEX, confirmed=True
        ).first()
        if apparaat is None:
            raise CommandError(f"{gebruiker!r} is geen demogebruiker: alleen demogebruikers hebben een vaste sleutel.")
        code = totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits)
        self.stdout.write(f"{code:0{apparaat.digits}d}")
