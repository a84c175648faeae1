"""The public write API of the regelingen app."""

from collections.abc import Sequence

from django.db import transaction


def plan_herberekening(huishouden_ids: Sequence[int]) -> None:
    """Recompute these households' rights through Celery once the current transaction commits
    (never before: the worker must see the committed data)."""
    from .tasks import herbereken_huishoudens

    ids = sorted(set(huishouden_ids))
    if ids:
        transaction.on_commit(lambda: herbereken_huishoudens.delay(ids))


def registreer_aanvraag(*, huishouden, regeling, aangevraagd_op):
    """Record that a household applied for a regeling (it then leaves the niet-gebruik worklist)."""
    from .models import Aanvraag, AanvraagStatus

    return Aanvraag.objects.create(
        huishouden=huishouden, regeling=regeling, status=AanvraagStatus.AANGEVRAAGD, aangevraagd_op=aangevraagd_op
    )


def besluit_op_aanvraag(*, aanvraag, toegekend: bool, besloten_op, bedrag=None):
    """Record the decision on an application: toegekend (with the amount) or afgewezen."""
    from django.core.exceptions import ValidationError

    from .models import Aanvraag, AanvraagStatus

    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        if aanvraag.status != AanvraagStatus.AANGEVRAAGD:
            raise ValidationError({"status": "Op deze aanvraag is al besloten."})
        if besloten_op < aanvraag.aangevraagd_op:
            raise ValidationError({"besloten_op": "De besluitdatum ligt vóór de aanvraagdatum."})
        aanvraag.status = AanvraagStatus.TOEGEKEND if toegekend else AanvraagStatus.AFGEWEZEN
        aanvraag.besloten_op = besloten_op
        aanvraag.bedrag = bedrag if toegekend else None
        aanvraag.save(update_fields=["status", "besloten_op", "bedrag"])
    return aanvraag
