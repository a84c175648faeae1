"""The rights panel on the huishoudoverzicht (cases' `huishouden_onderdelen_gevraagd`): every stored outcome
with its amount and Dutch reasons, the household's aanvragen, and for a right without a running aanvraag a
button that registers the aanvraag in one step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import selectors as cases_selectors
from venlo_armoede.accounts.roles import REGISTRATIE_ROLLEN
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from . import selectors
from .models import Aanvraag, AanvraagStatus, RechtUitkomst, Regeling, Uitkomst

VOLGORDE = 20  # after members and incomes, before schulden


def rechtenpaneel(sender, huishouden, gebruiker, **kwargs) -> list[dict]:
    """Receiver: reads only through for_user(gebruiker); the page itself audits the view of the household."""
    uitkomsten = selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=gebruiker)
    aanvragen = list(
        Aanvraag.objects.for_user(gebruiker)
        .filter(huishouden_id=huishouden.pk)
        .select_related("regeling")
        .order_by("-aangevraagd_op", "-id")
    )
    lopend = {a.regeling.code for a in aanvragen if a.status == AanvraagStatus.AANGEVRAAGD}
    mag_aanvragen = gebruiker.heeft_rol(*REGISTRATIE_ROLLEN)
    rijen = [
        {
            "uitkomst": uitkomst,
            "label": Uitkomst(uitkomst.uitkomst).label,
            "kan_aanvragen": mag_aanvragen
            and uitkomst.uitkomst == Uitkomst.RECHT
            and uitkomst.regeling_code not in lopend,
            "loopt": uitkomst.regeling_code in lopend,
        }
        for uitkomst in uitkomsten
    ]
    return [
        {
            "titel": "Rechten en aanvragen",
            "template": "regelingen/onderdelen/rechten.html",
            "context": {"huishouden": huishouden, "rijen": rijen, "aanvragen": aanvragen},
            "volgorde": VOLGORDE,
            "anker": "rechten",
        }
    ]


def vraag_aan(*, huishouden_id: int, regeling_code: str, door, request=None) -> Aanvraag:
    """Register the aanvraag for a right the rechtenberekening found. Only for a household within the user's
    reach that has that right and no running aanvraag for it; audited for every member."""
    if not door.heeft_rol(*REGISTRATIE_ROLLEN):
        raise PermissionDenied("Alleen een klantadviseur of de midoffice registreert een aanvraag.")
    with transaction.atomic():
        uitkomst = (
            RechtUitkomst.objects.for_user(door)
            .filter(huishouden_id=huishouden_id, regeling__code=regeling_code)
            .select_related("regeling")
            .first()
        )
        if uitkomst is None:
            raise ValidationError({"regeling": ["Deze regeling hoort niet bij dit huishouden."]})
        if uitkomst.uitkomst != Uitkomst.RECHT:
            raise ValidationError({"regeling": ["Volgens de berekening heeft dit huishouden hier geen recht op."]})
        # Lock the regeling row so two clicks at once cannot both pass the check below.
        Regeling.objects.select_for_update().get(pk=uitkomst.regeling_id)
        if (
            Aanvraag.objects.for_user(door)
            .filter(huishouden_id=huishouden_id, regeling_id=uitkomst.regeling_id, status=AanvraagStatus.AANGEVRAAGD)
            .exists()
        ):
            raise ValidationError({"regeling": [f"Er loopt al een aanvraag voor {uitkomst.regeling.naam}."]})
        aanvraag = Aanvraag.objects.create(
            huishouden_id=huishouden_id,
            regeling=uitkomst.regeling,
            status=AanvraagStatus.AANGEVRAAGD,
            aangevraagd_op=timezone.localdate(),
        )
        leden = cases_selectors.leden_voor_logboek(huishouden_id=huishouden_id, reden="aanvraag vastleggen")
        log_verwerking(
            actor=door,
            actie=Actie.AANMAKEN,
            omschrijving=f"Aanvraag {uitkomst.regeling.naam} geregistreerd",
            verwerkingsactiviteit=Verwerkingsactiviteit.INKOMENSONDERSTEUNING,
            betrokkenen=[betrokkene(bsn_index=index, intern_id=pk) for index, pk in leden],
            request=request,
        )
    return aanvraag
