from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regelingen import services, vergelijking


class Command(BaseCommand):
    help = (
        "Controleer dat de opgeslagen uitkomsten van de rechtenberekening niet veranderen. Eerst --bewaar BESTAND: "
        "schrijft per huishouden en regeling de uitkomst, het bedrag en de versie naar een CSV-bestand (.gz: "
        "ingepakt). Later --met BESTAND: vergelijkt de uitkomsten van dat moment met het bestand, noemt hoeveel "
        "uitkomsten vergeleken zijn en elk verschil, en eindigt met een fout als er een verschil is. Met "
        "--herbereken worden eerst alle rechten opnieuw berekend. Het bestand bevat uitkomsten per huishouden: "
        "verwijder het na gebruik."
    )

    def add_arguments(self, parser):
        doel = parser.add_mutually_exclusive_group(required=True)
        doel.add_argument("--bewaar", metavar="BESTAND", help="Schrijf de opgeslagen uitkomsten naar dit bestand.")
        doel.add_argument("--met", metavar="BESTAND", help="Vergelijk de opgeslagen uitkomsten met dit bestand.")
        parser.add_argument(
            "--herbereken", action="store_true", help="Bereken eerst alle rechten opnieuw (met de regels van nu)."
        )
        parser.add_argument(
            "--zonder-versie",
            action="store_true",
            help="Een andere versie met dezelfde uitkomst en hetzelfde bedrag is geen verschil.",
        )
        parser.add_argument(
            "--toon", type=int, default=50, help="Hoeveel verschillen er hoogstens op het scherm komen."
        )

    def handle(self, *args, bewaar=None, met=None, herbereken=False, zonder_versie=False, toon=50, **opties):
        if herbereken:
            r = services.herbereken_alles_nu()
            self.stdout.write(
                f"Alle rechten opnieuw berekend: {r.huishoudens} huishoudens, {r.uitkomsten} uitkomsten, "
                f"{r.herschreven} herschreven, {r.fouten} niet te berekenen."
            )
        if bewaar:
            aantal = vergelijking.bewaar(Path(bewaar))
            self.stdout.write(self.style.SUCCESS(f"{aantal} uitkomsten bewaard in {bewaar}."))
            return
        try:
            oud = vergelijking.lees(Path(met))
        except vergelijking.Vergelijkfout as fout:
            raise CommandError(str(fout)) from None
        uitkomst = vergelijking.vergelijk(oud, vergelijking.opgeslagen(), met_versie=not zonder_versie)
        self.stdout.write(f"{uitkomst.vergeleken} uitkomsten vergeleken.")
        if uitkomst.alleen_in_bestand:
            self.stdout.write(
                f"{uitkomst.alleen_in_bestand} uitkomsten staan in het bestand maar niet meer opgeslagen."
            )
        if uitkomst.alleen_nu:
            self.stdout.write(f"{uitkomst.alleen_nu} uitkomsten zijn nu opgeslagen maar staan niet in het bestand.")
        for verschil in uitkomst.verschillen[:toon]:
            self.stdout.write(f"  {verschil.tekst()}")
        if len(uitkomst.verschillen) > toon:
            self.stdout.write(f"  … en nog {len(uitkomst.verschillen) - toon} verschillen.")
        if not uitkomst.gelijk:
            raise CommandError(f"{len(uitkomst.verschillen)} verschillen met {met}.")
        self.stdout.write(self.style.SUCCESS("Geen verschillen: alle uitkomsten zijn gelijk."))
