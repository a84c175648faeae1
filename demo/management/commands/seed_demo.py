from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError, RestrictedError

from cases.models import Huishouden
from demo import populatie as demo
from demo import vroegsignalen as demo_vroegsignalen
from regelingen.services import herbereken_alles_nu
from venlo_armoede.omgeving.bewaking import vereis_wegwerpdatabase
from venlo_armoede.omgeving.models import SoortDatabase


def aanwezige_gegevens() -> str | None:
    """What a seed could destroy or mix demo data into: households, or users other than the demo ones."""
    delen = []
    if huishoudens := Huishouden.objects.count():
        delen.append(f"{huishoudens} huishoudens")
    demo_namen = [gebruikersnaam for gebruikersnaam, *_ in demo.DEMO_GEBRUIKERS]
    if gebruikers := get_user_model().objects.exclude(username__in=demo_namen).count():
        delen.append(f"{gebruikers} gebruikers")
    return ", ".join(delen) or None


class Command(BaseCommand):
    help = (
        "Vul de database met referentiegegevens, een demogebruiker per rol en een synthetische populatie van "
        "Venlose huishoudens (alleen als er nog geen huishoudens zijn, of met --reset). Zelfde --seed en "
        "--households geven precies dezelfde gegevens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=demo.STANDAARD_AANTAL, help="Aantal huishoudens.")
        parser.add_argument("--seed", type=int, default=demo.STANDAARD_SEED, help="Startwaarde van het toeval.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Verwijder eerst de hele bestaande populatie (huishoudens, inwoners, inkomens, schulden, casussen "
            "met hun statushistorie). Alleen op een gemarkeerde demo- of benchmarkdatabase.",
        )
        parser.add_argument(
            "--herbereken",
            action="store_true",
            help="Herbereken na afloop alle rechten (anders doet de nachtelijke taak dat). Zonder Celery-broker "
            "gebeurt dat direct in dit proces en duurt het langer dan het vullen zelf.",
        )
        parser.add_argument(
            "--ook-zonder-debug",
            action="store_true",
            help="Ook draaien als DEBUG uit staat (een demo-omgeving). De demogebruikers hebben een bekend wachtwoord.",
        )

    def handle(self, *args, households, seed, reset, herbereken, ook_zonder_debug, **options):
        if households < 0:
            raise CommandError("--households kan niet negatief zijn.")
        if not settings.DEBUG and not ook_zonder_debug:
            # Demo users with a published password (one of them staff) must never appear in production by accident.
            raise CommandError(
                "DEBUG staat uit: dit lijkt geen ontwikkel- of demo-omgeving. Gebruik --ook-zonder-debug als het "
                "toch een demo-omgeving is."
            )
        # Only on a demo database, or an empty one (which becomes one): never mix demo users with a known
        # password into real data, never wipe it (ADR 0008).
        opdracht = "seed_demo --reset" if reset else "seed_demo"
        vereis_wegwerpdatabase(
            opdracht=opdracht, aanwezige_gegevens=aanwezige_gegevens(), markeer_als=SoortDatabase.DEMO
        )
        try:
            resultaat = demo.seed_demo(aantal=households, seed=seed, reset=reset)
        except (ProtectedError, RestrictedError) as exc:
            modellen = sorted(
                {str(obj._meta.verbose_name_plural) for obj in exc.protected_objects if hasattr(obj, "_meta")}
            )
            raise CommandError(
                f"--reset kan de populatie niet verwijderen: er verwijzen nog gegevens naar ({', '.join(modellen)})."
            ) from exc
        if resultaat.overgeslagen:
            self.stdout.write(
                self.style.WARNING(
                    f"Er zijn al {resultaat.aantallen['huishoudens']} huishoudens; populatie niet aangevuld. "
                    "Gebruik --reset om opnieuw te beginnen."
                )
            )
        else:
            for soort, aantal in resultaat.aantallen.items():
                self.stdout.write(f"  {soort:<18} {aantal:>7}")
            if resultaat.aandeel_laag_inkomen is not None:
                self.stdout.write(
                    f"  inkomen <= 110% van de norm op {demo.PEILDATUM:%d-%m-%Y}: "
                    f"{resultaat.aandeel_laag_inkomen:.1%} van de huishoudens"
                )
            self.stdout.write(self.style.SUCCESS(f"Synthetische populatie aangemaakt (seed {seed})."))
        if herbereken:
            # In this process, not through the broker: the demo applications below need the outcomes.
            berekend = herbereken_alles_nu()
            self.stdout.write(
                f"  rechten berekend voor {berekend.huishoudens} huishoudens ({berekend.uitkomsten} uitkomsten)"
            )
            aanvragen = demo.maak_demo_aanvragen(seed=seed)
            if aanvragen:
                self.stdout.write(f"  aanvragen          {aanvragen:>7}")
        self._vroegsignalen(seed, reset)
        self.stdout.write(f"\nDemogebruikers (wachtwoord voor allemaal: {demo.DEMO_WACHTWOORD}):")
        for gebruikersnaam, rol, *_ in demo.DEMO_GEBRUIKERS:
            self.stdout.write(f"  {gebruikersnaam:<24} {rol.label}")

    def _vroegsignalen(self, seed: int, reset: bool) -> None:
        """Signaalpartners, one partner user per kind of organisation, a demo token and vroegsignalen."""
        uitkomst = demo_vroegsignalen.seed_vroegsignalen(seed=seed, reset=reset)
        self.stdout.write(f"  vroegsignalen      {uitkomst['vroegsignalen']:>7}")
        self.stdout.write("  partnergebruikers: " + ", ".join(g[0] for g in demo_vroegsignalen.DEMO_PARTNER_GEBRUIKERS))
        self.stdout.write(f"  demo-API-token (Woningcorporatie Demo, vroegsignalen:schrijven): {uitkomst['token']}")
