"""Schuldenregistratie per casus (Venlo's aanbeveling 9): per schuldeiser the amount, kind, status and the
arrangement, with the total and the number of schuldeisers at intake and now.

Stand bij intake: every debt keeps the amount it was first registered with (`bedrag_bij_intake`) and whether
it was registered while the casus was still in aanmelding or intake (`bij_intake`); both are set once and never
changed. The stand bij intake is the sum and the number of schuldeisers of those debts. So the figure is
complete for everything the inwoner brought in during intake, does not move when amounts change later, and
needs nobody to press a button. A debt found after intake counts only in the stand nu.
Stand nu: every debt that is not afgelost, at its current amount."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from .maatwerk import _euro, _naam
from .models import Casus, Schuld, SchuldSoort, SchuldStatus, SchuldWijziging
from .services import _log_casus
from .signals import tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen
from .workflow import CasusStatusWaarde

INTAKE_FASEN = frozenset({CasusStatusWaarde.AANMELDING, CasusStatusWaarde.INTAKE})
MAXIMAAL_BEDRAG = Decimal("10000000")
ALLEEN_KLANTADVISEUR = "Alleen een klantadviseur registreert schulden."


@dataclass(frozen=True)
class Stand:
    totaal: Decimal
    aantal_schuldeisers: int


@dataclass(frozen=True)
class Overzicht:
    bij_intake: Stand
    nu: Stand


def _valideer(*, bedrag, status, schuldeiser=None, soort=None) -> dict[str, list[str]]:
    fouten: dict[str, list[str]] = {}
    if schuldeiser is not None and not schuldeiser.strip():
        fouten["schuldeiser"] = ["Vul de naam van de schuldeiser in."]
    if soort is not None and soort not in SchuldSoort.values:
        fouten["soort"] = ["Kies de soort schuld: nuts, publiek, zorg of overig."]
    if bedrag is None:
        fouten["bedrag"] = ["Vul het bedrag in."]
    elif not isinstance(bedrag, Decimal) or not bedrag.is_finite():
        fouten["bedrag"] = ["Vul een bedrag in euro in, bijvoorbeeld 1250,00."]
    elif bedrag < 0:
        fouten["bedrag"] = ["Een bedrag kan niet negatief zijn. Vul 0 in als er niets meer open staat."]
    elif bedrag > MAXIMAAL_BEDRAG:
        fouten["bedrag"] = ["Dit bedrag is te hoog. Controleer het bedrag."]
    if status not in SchuldStatus.values:
        fouten["status"] = ["Kies de status: open, in regeling, afgelost of betwist."]
    return fouten


def registreer_schuld(
    *,
    casus: Casus,
    door,
    schuldeiser: str,
    soort: str,
    bedrag: Decimal,
    status: str = SchuldStatus.OPEN,
    regeling: str = "",
    request=None,
) -> Schuld:
    """Register a debt of the casus's household. `casus` must be within reach (the view got it via for_user)."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied(ALLEEN_KLANTADVISEUR)
    if fouten := _valideer(bedrag=bedrag, status=status, schuldeiser=schuldeiser, soort=soort):
        raise ValidationError(fouten)
    schuldeiser = schuldeiser.strip()
    nu = timezone.now()
    try:
        with transaction.atomic():
            # Lock the casus: its phase decides whether this debt belongs to the stand bij intake.
            casus = Casus.objects.for_systeem("schuld registreren").select_for_update().get(pk=casus.pk)
            schuld = Schuld.objects.create(
                huishouden_id=casus.huishouden_id,
                casus=casus,
                schuldeiser=schuldeiser,
                soort=soort,
                bedrag=bedrag,
                bedrag_bij_intake=bedrag,
                bij_intake=casus.status in INTAKE_FASEN,
                status=status,
                regeling=regeling.strip(),
                geregistreerd_op=timezone.localdate(),
                gewijzigd_op=nu,
            )
            SchuldWijziging.objects.create(
                schuld=schuld,
                tijdstip=nu,
                door=door,
                omschrijving=f"{_euro(bedrag)}, {SchuldSoort(soort).label}, {SchuldStatus(status).label}",
            )
            _log_casus(
                casus=casus,
                door=door,
                actie=Actie.AANMAKEN,
                omschrijving=f"Schuld geregistreerd (casus {casus.pk})",
                request=request,
            )
    except IntegrityError:
        raise ValidationError(
            {"schuldeiser": ["Deze schuldeiser staat al bij deze casus. Wijzig die schuld."]}
        ) from None
    return schuld


class SchuldVerouderd(ValidationError):
    """The debt changed after the form was shown: the form must be shown again with the debt as it is now."""


def wijzig_schuld(
    *, schuld: Schuld, door, bedrag: Decimal, status: str, regeling: str = "", versie: str | None = None, request=None
) -> Schuld:
    """Change the amount, status or arrangement of a debt; what changed goes to the timeline and the log.
    `versie` is the debt's `gewijzigd_op` as the form showed it: when someone changed the debt in between, the
    change is refused with what it is now, so nothing is silently overwritten."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied(ALLEEN_KLANTADVISEUR)
    if fouten := _valideer(bedrag=bedrag, status=status):
        raise ValidationError(fouten)
    with transaction.atomic():
        schuld = Schuld.objects.for_systeem("schuld wijzigen").select_for_update().get(pk=schuld.pk)
        if versie is not None and versie != versie_van(schuld):
            raise SchuldVerouderd(
                {
                    "__all__": [
                        "Iemand anders heeft deze schuld intussen gewijzigd. Nu: "
                        f"{_euro(schuld.bedrag)}, {schuld.get_status_display()}. "
                        "Bekijk de schuld en probeer het opnieuw."
                    ]
                }
            )
        regeling = regeling.strip()
        wat = []
        if schuld.bedrag != bedrag:
            wat.append(f"bedrag {_euro(schuld.bedrag)} → {_euro(bedrag)}")
        if schuld.status != status:
            wat.append(f"status {schuld.get_status_display()} → {SchuldStatus(status).label}")
        if schuld.regeling != regeling:
            wat.append("afspraak gewijzigd")
        if not wat:
            return schuld
        schuld.bedrag, schuld.status, schuld.regeling, schuld.gewijzigd_op = bedrag, status, regeling, timezone.now()
        schuld.save(update_fields=["bedrag", "status", "regeling", "gewijzigd_op"])
        SchuldWijziging.objects.create(
            schuld=schuld, tijdstip=schuld.gewijzigd_op, door=door, omschrijving=", ".join(wat)
        )
        _log_casus(
            casus=schuld.casus,
            door=door,
            actie=Actie.WIJZIGEN,
            omschrijving=f"Schuld gewijzigd (casus {schuld.casus_id})",
            request=request,
        )
    return schuld


def versie_van(schuld: Schuld) -> str:
    return schuld.gewijzigd_op.isoformat() if schuld.gewijzigd_op else ""


def overzicht(schulden) -> Overzicht:
    """The stand bij intake and the stand nu of these debts (one casus's), see the module's docstring."""
    schulden = list(schulden)
    intake = [s for s in schulden if s.bij_intake]
    lopend = [s for s in schulden if s.status != SchuldStatus.AFGELOST]
    return Overzicht(
        bij_intake=Stand(
            totaal=sum((s.bedrag_bij_intake or Decimal(0) for s in intake), Decimal("0.00")),
            aantal_schuldeisers=len({s.schuldeiser.lower() for s in intake}),
        ),
        nu=Stand(
            totaal=sum((s.bedrag for s in lopend), Decimal("0.00")),
            aantal_schuldeisers=len({s.schuldeiser.lower() for s in lopend}),
        ),
    )


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    rijen = (
        SchuldWijziging.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(schuld__casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("schuld", "door")
        .order_by("tijdstip", "id")
    )
    items, gezien = [], set()
    for rij in rijen:
        eerste = rij.schuld_id not in gezien  # the first row of a debt is its registration
        gezien.add(rij.schuld_id)
        items.append(
            TijdlijnItem(
                tijdstip=rij.tijdstip,
                soort="schuld",
                titel=f"Schuld {'geregistreerd' if eerste else 'gewijzigd'}: {rij.schuld.schuldeiser}",
                tekst=rij.omschrijving,
                door=_naam(rij.door) if rij.door else "",
                url=reverse("cases:schulden", kwargs={"pk": rij.schuld.casus_id}),
                casus_id=rij.schuld.casus_id,
            )
        )
    return items


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.schulden.tijdlijn")
