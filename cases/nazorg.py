"""Nazorg (Venlo's aanbeveling 19): a casus closed with "afgerond" gets contacts after the months in
NazorgTermijn (3 and 12 by default). Each contact records whether the inwoner has new payment arrears and has
rust en overzicht, the two facts the terugval KPIs count."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from .maatwerk import _log, _naam
from .models import Casus, NazorgContact, NazorgTermijn
from .signals import casus_afgesloten, tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen
from .workflow import Uitstroomreden


def plan_nazorg(*, casus: Casus, afgesloten_op: date) -> list[NazorgContact]:
    """Plan one contact per NazorgTermijn. Idempotent: a (casus, maanden) pair that exists is left as it is,
    so closing twice or a re-sent signal plans nothing twice."""
    contacten = [
        NazorgContact(
            casus=casus, maanden=termijn.maanden, gepland_op=afgesloten_op + relativedelta(months=termijn.maanden)
        )
        for termijn in NazorgTermijn.objects.all()
    ]
    NazorgContact.objects.bulk_create(contacten, ignore_conflicts=True)
    return list(NazorgContact.objects.for_systeem("nazorg plannen").filter(casus=casus))


def bij_afsluiten(sender, casus, uitstroomreden, door=None, **kwargs) -> None:
    """Receiver of cases.signals.casus_afgesloten (sent inside the closing transaction)."""
    if uitstroomreden != Uitstroomreden.AFGEROND:
        return
    plan_nazorg(casus=casus, afgesloten_op=timezone.localdate())


def leg_vast(
    *,
    contact: NazorgContact,
    door,
    uitgevoerd_op: date,
    nieuwe_achterstanden: bool,
    rust_en_overzicht: bool,
    toelichting: str = "",
    request=None,
) -> NazorgContact:
    """Record a nazorg contact once. `contact` must be within the klantadviseur's reach (for_user)."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur legt nazorg vast.")
    if uitgevoerd_op > timezone.localdate():
        raise ValidationError({"uitgevoerd_op": ["Deze datum ligt in de toekomst."]})
    with transaction.atomic():
        # Only an open contact is filled in: a recorded one is never silently overwritten.
        bijgewerkt = (
            NazorgContact.objects.for_systeem("nazorg vastleggen")
            .filter(pk=contact.pk, uitgevoerd_op__isnull=True)
            .update(
                uitgevoerd_op=uitgevoerd_op,
                nieuwe_achterstanden=nieuwe_achterstanden,
                rust_en_overzicht=rust_en_overzicht,
                toelichting=toelichting.strip(),
                door=door,
                vastgelegd_op=timezone.now(),
            )
        )
        if not bijgewerkt:
            raise ValidationError({"__all__": ["Dit nazorgcontact is al vastgelegd."]})
        contact.refresh_from_db()
        _log(
            door=door,
            casus=contact.casus,
            actie=Actie.WIJZIGEN,
            omschrijving=f"Nazorgcontact vastgelegd (casus {contact.casus_id}, na {contact.maanden} maanden)",
            request=request,
        )
    return contact


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    items = []
    for contact in (
        NazorgContact.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("door")
    ):
        if contact.uitgevoerd_op is None:
            continue
        items.append(
            TijdlijnItem(
                tijdstip=contact.vastgelegd_op,
                soort="nazorg",
                titel=f"Nazorgcontact na {contact.maanden} maanden",
                tekst=(
                    f"Nieuwe betalingsachterstanden: {'ja' if contact.nieuwe_achterstanden else 'nee'}. "
                    f"Rust en overzicht: {'ja' if contact.rust_en_overzicht else 'nee'}."
                ),
                door=_naam(contact.door) if contact.door else "",
                url=reverse("cases:nazorg", kwargs={"pk": contact.casus_id}),
                casus_id=contact.casus_id,
            )
        )
    return items


casus_afgesloten.connect(bij_afsluiten, dispatch_uid="cases.nazorg.plan")
tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.nazorg.tijdlijn")
