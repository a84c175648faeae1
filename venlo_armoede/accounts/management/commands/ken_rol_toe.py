"""The operator's way to give (or take) any role, for example the first autorisatiebeheerder.

Needs access to the server, so it is outside functioneel beheer's reach; a reason is required and the
change lands in the beheerlogboek with the operator's login name."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from venlo_armoede.accounts import services
from venlo_armoede.accounts.roles import Rol


class Command(BaseCommand):
    help = "Geef een gebruiker een rol (of neem hem af met --afnemen). Wordt vastgelegd in het beheerlogboek."

    def add_arguments(self, parser):
        parser.add_argument("gebruiker", help="gebruikersnaam")
        parser.add_argument("rol", choices=Rol.values)
        parser.add_argument("--reden", required=True, help="waarom; komt in het beheerlogboek")
        parser.add_argument("--afnemen", action="store_true", help="neem de rol af in plaats van hem te geven")

    def handle(self, *args, gebruiker, rol, reden, afnemen, **options):
        if not reden.strip():
            raise CommandError("Geef een reden op met --reden.")
        try:
            user = get_user_model().objects.get(username=gebruiker)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Gebruiker {gebruiker} bestaat niet.") from None
        if afnemen:
            services.neem_rol_af_als_operator(gebruiker=user, rol=rol, reden=reden)
            self.stdout.write(f"{gebruiker} heeft de rol {Rol(rol).label} niet meer.")
        else:
            services.ken_rol_toe_als_operator(gebruiker=user, rol=rol, reden=reden)
            self.stdout.write(f"{gebruiker} heeft nu de rol {Rol(rol).label}.")
