from django.db import transaction


def na_regelwijziging(sender, **kwargs):
    """A norm or rule changed: recompute everyone after the commit, once per transaction however many
    rows changed (loading the reference data saves dozens)."""
    if kwargs.get("raw"):  # loaddata: the caller decides
        return
    verbinding = transaction.get_connection()
    if any(getattr(functie, "herberekening", False) for _, functie, _ in verbinding.run_on_commit):
        return

    def verstuur():
        from .tasks import herbereken_alle_rechten

        herbereken_alle_rechten.delay(f"{sender._meta.verbose_name} gewijzigd")

    verstuur.herberekening = True
    transaction.on_commit(verstuur)
