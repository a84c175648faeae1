"""Re-encrypt every stored BSN with the current key (the first in BSN_ENCRYPTION_KEY). See docs/bsn-sleutels.md.

Idempotent and safe to interrupt: a row already readable with the current key is skipped, each portion is
its own transaction, and a row is only overwritten if it still holds the token that was read (a BSN changed
in the meantime keeps its new value). The blind index does not change: it does not depend on this key."""

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models.functions import Cast

from cases.models import Inwoner
from venlo_armoede.versleuteling import fernet


class Command(BaseCommand):
    help = "Versleutel alle BSN's opnieuw met de nieuwe sleutel (de eerste in BSN_ENCRYPTION_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("--portie", type=int, default=1000, help="Rijen per transactie (standaard 1000).")

    def handle(self, *args, portie: int, **options):
        if portie < 1:
            raise CommandError("--portie moet minstens 1 zijn.")
        huidige = Fernet(settings.BSN_ENCRYPTION_KEYS[0])
        alle = fernet()
        tabel = connection.ops.quote_name(Inwoner._meta.db_table)
        kolom = connection.ops.quote_name(Inwoner._meta.get_field("bsn").column)
        # Cast to text: the raw token, without the field decrypting it.
        rijen = (
            Inwoner.objects.for_systeem("BSN opnieuw versleutelen na sleutelwissel")
            .filter(bsn__isnull=False)
            .annotate(token=Cast("bsn", models.TextField()))
            .order_by("pk")
        )
        laatste, herversleuteld, al_goed, onleesbaar = 0, 0, 0, []
        while True:
            deel = list(rijen.filter(pk__gt=laatste).values_list("pk", "token")[:portie])
            if not deel:
                break
            laatste = deel[-1][0]
            nieuw = []
            for pk, token in deel:
                try:
                    huidige.decrypt(token.encode("ascii"))
                    al_goed += 1
                    continue
                except InvalidToken:
                    pass
                try:
                    nieuw.append((alle.rotate(token.encode("ascii")).decode("ascii"), pk, token))
                except InvalidToken:
                    onleesbaar.append(pk)
            if nieuw:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(
                        # Identifiers come from the model's metadata, values are parameters.
                        f"UPDATE {tabel} SET {kolom} = %s WHERE id = %s AND {kolom} = %s",  # noqa: S608 # nosec B608
                        nieuw,
                    )
                herversleuteld += len(nieuw)
        self.stdout.write(f"{herversleuteld} BSN's opnieuw versleuteld met de nieuwe sleutel; {al_goed} waren dat al.")
        if onleesbaar:
            # Ids only: never a token or a BSN in the output.
            raise CommandError(
                f"{len(onleesbaar)} BSN's konden met geen enkele sleutel ontsleuteld worden (inwoner-id's: "
                f"{', '.join(map(str, onleesbaar[:20]))}{' …' if len(onleesbaar) > 20 else ''}). Staat de oude "
                "sleutel nog in BSN_ENCRYPTION_KEY?"
            )
