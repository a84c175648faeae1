from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regelingen import regelset, testgevallen
from venlo_armoede.accounts import logboek


class _TerugDraaien(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Reken testgevallen (voorbeeldhuishoudens met de verwachte uitkomst per regeling) na met de rekenregels. "
        "Zonder bestand: de testgevallen in de database; met bestanden: de testgevallen daarin. "
        "Eindigt met een fout als een uitkomst of bedrag anders is. Met --regelset wordt eerst een regelset "
        "ingelezen; die wordt daarna weer weggehaald (er blijft niets opgeslagen)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "bestanden", nargs="*", help="YAML-bestanden met testgevallen. Geen: de testgevallen in de database."
        )
        parser.add_argument("--regelset", help="Een regelset (YAML) om de testgevallen mee na te rekenen.")

    def handle(self, *args, bestanden, regelset=None, **opties):
        try:
            with transaction.atomic():
                fouten = self._draai(bestanden, regelset)
                if regelset:
                    raise _TerugDraaien  # the set was only read for this run: nothing stays stored
        except _TerugDraaien:
            pass
        if fouten:
            raise CommandError(f"{fouten} testgeval(len) met een verschil.")

    def _draai(self, bestanden, regelset_bestand) -> int:
        if regelset_bestand:
            try:
                with logboek.namens(logboek.als_operator("test_regelingen --regelset")):
                    regelset.importeer(self._lees(regelset_bestand))
            except regelset.Importfout as fout:
                for f in fout.fouten:
                    self.stderr.write(str(f))
                raise CommandError(f"De regelset {regelset_bestand} kan niet worden ingelezen.") from None
        if not bestanden:
            return self._draai_opgeslagen()
        totaal_fout = 0
        for bestand in bestanden:
            try:
                gevallen = testgevallen.lees(self._lees(bestand))
            except regelset.Importfout as fout:
                for f in fout.fouten:
                    self.stderr.write(str(f))
                raise CommandError(f"{bestand} bevat fouten; er is niets nagerekend.") from None
            resultaten = testgevallen.voer_uit(gevallen)
            self.stdout.write(f"Testgevallen uit {bestand} ({len(resultaten)}):")
            for nummer, resultaat in enumerate(resultaten, start=1):
                geval = resultaat.geval
                waar = f" (regel {geval.lijn})" if geval.lijn else ""
                if resultaat.goed:
                    self.stdout.write(f"  goed   {nummer}. {geval.naam}{waar}")
                    continue
                totaal_fout += 1
                self.stdout.write(self.style.ERROR(f"  ANDERS {nummer}. {geval.naam}{waar}"))
                for verschil in resultaat.verschillen:
                    self.stdout.write(f"           {verschil}")
            goed = sum(r.goed for r in resultaten)
            samenvatting = f"{goed} goed, {len(resultaten) - goed} anders."
            stijl = self.style.SUCCESS if goed == len(resultaten) else self.style.ERROR
            self.stdout.write(stijl(f"Resultaat: {samenvatting}"))
        return totaal_fout

    def _draai_opgeslagen(self) -> int:
        """The testgevallen in the database, per regeling, each with the version it describes."""
        resultaten = testgevallen.reken_na()
        if not resultaten:
            raise CommandError(
                "Er staan geen testgevallen in de database. Laad ze met `python manage.py laad_referentiedata` "
                "of met een regelset, of geef een bestand met testgevallen mee."
            )
        self.stdout.write(f"Testgevallen in de database ({len(resultaten)}):")
        for nummer, resultaat in enumerate(resultaten, start=1):
            geval = resultaat.geval
            if resultaat.goed:
                self.stdout.write(f"  goed   {nummer}. {geval.regeling.code}: {geval.naam}")
                continue
            self.stdout.write(self.style.ERROR(f"  ANDERS {nummer}. {geval.regeling.code}: {geval.naam}"))
            self.stdout.write(f"           {resultaat.verschil}")
        goed = sum(r.goed for r in resultaten)
        stijl = self.style.SUCCESS if goed == len(resultaten) else self.style.ERROR
        self.stdout.write(stijl(f"Resultaat: {goed} goed, {len(resultaten) - goed} anders."))
        return len(resultaten) - goed

    @staticmethod
    def _lees(bestand: str) -> str:
        try:
            return Path(bestand).read_text(encoding="utf-8")
        except OSError as fout:
            raise CommandError(f"Kan {bestand} niet lezen: {fout.strerror}.") from None
