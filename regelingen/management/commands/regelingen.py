from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regelingen import regelset
from venlo_armoede.accounts import logboek


class Command(BaseCommand):
    help = (
        "Regelingen als één YAML-bestand. 'exporteer BESTAND' schrijft de regelset uit de database; "
        "'importeer BESTAND' controleert het hele bestand en schrijft het dan in één keer (of niets). "
        "Het formaat staat in docs/regelingen-formaat.md."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        exporteer = sub.add_parser("exporteer", help="Schrijf de regelset naar een bestand ('-': het scherm).")
        exporteer.add_argument("bestand")
        exporteer.add_argument("--gemeente", default="", help="Naam van de gemeente bovenaan het bestand.")
        importeer = sub.add_parser("importeer", help="Lees een regelset in.")
        importeer.add_argument("bestand")
        importeer.add_argument(
            "--controleer", action="store_true", help="Alleen controleren: niets opslaan, wel alle fouten tonen."
        )

    def handle(self, *args, actie, bestand, **opties):
        if actie == "exporteer":
            tekst = regelset.exporteer(gemeente=opties["gemeente"])
            if bestand == "-":
                self.stdout.write(tekst, ending="")
            else:
                Path(bestand).write_text(tekst, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Regelset geschreven naar {bestand}."))
            return
        try:
            tekst = Path(bestand).read_text(encoding="utf-8")
        except OSError as fout:
            raise CommandError(f"Kan {bestand} niet lezen: {fout.strerror}.") from None
        try:
            with logboek.namens(logboek.als_operator(f"regelingen importeer {Path(bestand).name}")):
                if opties["controleer"]:
                    verslag = regelset.controleer(tekst)
                    self.stdout.write(self.style.SUCCESS("Het bestand is in orde. Er is niets opgeslagen."))
                    if not verslag.niets_gewijzigd:
                        self.stdout.write("Bij een import zou dit veranderen:")
                        self._verslag(verslag, klaar=False)
                    return
                verslag = regelset.importeer(tekst)
        except regelset.Importfout as fout:
            for f in fout.fouten:
                self.stderr.write(str(f))
            raise CommandError(f"{len(fout.fouten)} fout(en) gevonden. Er is niets opgeslagen.") from None
        self._verslag(verslag)

    def _verslag(self, verslag, klaar=True):
        if klaar and verslag.niets_gewijzigd:
            self.stdout.write(self.style.SUCCESS("Niets gewijzigd: de database had deze regelset al."))
        for soort, aantal in sorted(verslag.nieuw.items()):
            self.stdout.write(f"  nieuw      {soort:<20} {aantal:>4}")
        for soort, aantal in sorted(verslag.gewijzigd.items()):
            self.stdout.write(f"  gewijzigd  {soort:<20} {aantal:>4}")
        for tekst in verslag.nieuwe_versies:
            self.stdout.write(f"  nieuwe versie: {tekst} (de vorige versie eindigt de dag ervoor)")
        for tekst in verslag.opmerkingen:
            self.stdout.write(f"  let op: {tekst}")
        if klaar and not verslag.niets_gewijzigd:
            self.stdout.write(self.style.SUCCESS("Regelset geïmporteerd."))
