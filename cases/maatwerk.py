"""Maatwerk at the menselijke maattafel: a klantadviseur proposes a deviation for a casus, a
kwaliteitsfunctionaris decides (vier ogen: never on an own proposal). An approved amount from the flexibel
budget is debited in one conditional UPDATE, so concurrent approvals can never spend more than there is;
the CheckConstraint on FlexibelBudget is the second lock of the same door."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from .models import (
    Casus,
    FlexibelBudget,
    Inwoner,
    MaatwerkBesluit,
    MaatwerkSoort,
    MaatwerkStatus,
    MaatwerkVoorstel,
)
from .signals import tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem, gevraagde_casussen
from .workflow import CasusStatusWaarde

MINIMALE_TEKST = 10  # characters: a motivation or a reason someone else can judge later
MAXIMAAL_BEDRAG = Decimal("100000")
EIGEN_VOORSTEL = "U heeft dit voorstel zelf gedaan. Een collega moet het beoordelen (vier ogen)."
GEEN_KWALITEITSFUNCTIONARIS = "Alleen een kwaliteitsfunctionaris mag maatwerk goedkeuren of afwijzen."


def _euro(bedrag: Decimal) -> str:
    tekst = f"{bedrag:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {tekst}"


def _betrokkenen(casus: Casus):
    leden = Inwoner.objects.for_systeem("maatwerk vastleggen in het logboek").filter(huishouden_id=casus.huishouden_id)
    return [betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden]


def _log(*, door, casus: Casus, actie: Actie, omschrijving: str, request=None, resultaat=Resultaat.OK) -> None:
    log_verwerking(
        actor=door,
        actie=actie,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=_betrokkenen(casus),
        request=request,
        resultaat=resultaat,
    )


def budget_voor(jaar: int) -> FlexibelBudget | None:
    return FlexibelBudget.objects.filter(jaar=jaar).first()


def stel_voor(
    *,
    casus: Casus,
    door,
    soort: str,
    motivering: str,
    regeling: str = "",
    bedrag: Decimal | None = None,
    request=None,
) -> MaatwerkVoorstel:
    """Register a proposal. `casus` must be within the klantadviseur's reach (the view gets it via for_user)."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur mag maatwerk voorstellen.")
    fouten: dict[str, list[str]] = {}
    motivering, regeling = motivering.strip(), regeling.strip()
    if soort not in MaatwerkSoort.values:
        fouten["soort"] = ["Kies wat voor maatwerk u voorstelt."]
    if len(motivering) < MINIMALE_TEKST:
        fouten["motivering"] = [f"Schrijf op waarom dit maatwerk nodig is (minstens {MINIMALE_TEKST} tekens)."]
    if soort == MaatwerkSoort.BOVEN_GRENS and not regeling:
        fouten["regeling"] = ["Vul in bij welke regeling u boven de grens wilt gaan."]
    if soort == MaatwerkSoort.FLEXIBEL_BUDGET and bedrag is None:
        fouten["bedrag"] = ["Vul het bedrag in dat u uit het flexibel budget vraagt."]
    elif bedrag is not None and not (0 < bedrag <= MAXIMAAL_BEDRAG):
        fouten["bedrag"] = [f"Vul een bedrag in groter dan € 0 en hoogstens {_euro(MAXIMAAL_BEDRAG)}."]
    if casus.status == CasusStatusWaarde.AFGESLOTEN:
        fouten["__all__"] = ["Deze casus is afgesloten. U kunt geen maatwerk meer voorstellen."]
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        voorstel = MaatwerkVoorstel.objects.create(
            casus=casus,
            soort=soort,
            regeling=regeling,
            bedrag=bedrag,
            motivering=motivering,
            voorgesteld_door=door,
            voorgesteld_op=timezone.now(),
        )
        _log(
            door=door,
            casus=casus,
            actie=Actie.AANMAKEN,
            omschrijving=f"Maatwerk voorgesteld (voorstel {voorstel.pk}, casus {casus.pk})",
            request=request,
        )
    return voorstel


def beslis(*, voorstel: MaatwerkVoorstel, door, goedkeuren: bool, reden: str, request=None) -> MaatwerkBesluit:
    """Approve or reject a proposal, once. All or nothing: the budget debit, the decision and the status
    change commit together, or none of them does."""
    reden = reden.strip()
    if not door.heeft_rol(Rol.KWALITEITSFUNCTIONARIS):
        _weiger(door=door, voorstel=voorstel, waarom="geen kwaliteitsfunctionaris", request=request)
        raise PermissionDenied(GEEN_KWALITEITSFUNCTIONARIS)
    if voorstel.voorgesteld_door_id == door.pk:
        _weiger(door=door, voorstel=voorstel, waarom="eigen voorstel", request=request)
        raise ValidationError({"__all__": [EIGEN_VOORSTEL]})
    if len(reden) < MINIMALE_TEKST:
        raise ValidationError({"reden": [f"Schrijf de reden van uw besluit op (minstens {MINIMALE_TEKST} tekens)."]})
    nu = timezone.now()
    with transaction.atomic():
        # The row lock makes a second decision on the same proposal wait, then see it is no longer open.
        voorstel = MaatwerkVoorstel.objects.for_systeem("maatwerk beoordelen").select_for_update().get(pk=voorstel.pk)
        if voorstel.status != MaatwerkStatus.OPEN:
            raise ValidationError({"__all__": ["Over dit voorstel is al besloten."]})
        jaar = None
        if goedkeuren and voorstel.soort == MaatwerkSoort.FLEXIBEL_BUDGET:
            jaar = timezone.localdate(nu).year
            _boek_af(jaar=jaar, bedrag=voorstel.bedrag)
        besluit = MaatwerkBesluit.objects.create(
            voorstel=voorstel, goedgekeurd=goedkeuren, reden=reden, door=door, tijdstip=nu, budgetjaar=jaar
        )
        voorstel.status = MaatwerkStatus.GOEDGEKEURD if goedkeuren else MaatwerkStatus.AFGEWEZEN
        voorstel.save(update_fields=["status"])
        _log(
            door=door,
            casus=voorstel.casus,
            actie=Actie.WIJZIGEN,
            omschrijving=f"Maatwerk {'goedgekeurd' if goedkeuren else 'afgewezen'} (voorstel {voorstel.pk})",
            request=request,
        )
    return besluit


def _boek_af(*, jaar: int, bedrag: Decimal) -> None:
    """Debit the budget only if what is left covers the amount, in one statement: two approvals at the same
    moment are serialised by the row lock of the UPDATE, and the second sees what the first spent."""
    bijgewerkt = FlexibelBudget.objects.filter(jaar=jaar, besteed__lte=F("bedrag") - bedrag).update(
        besteed=F("besteed") + bedrag
    )
    if bijgewerkt == 1:
        return
    budget = budget_voor(jaar)
    if budget is None:
        raise ValidationError(
            {"__all__": [f"Er is geen flexibel budget voor {jaar}. Functioneel beheer stelt het budget in."]}
        )
    raise ValidationError(
        {
            "__all__": [
                f"Er is niet genoeg flexibel budget voor {jaar}. Er is nog {_euro(budget.over)} over; "
                f"dit voorstel vraagt {_euro(bedrag)}. Het voorstel blijft open."
            ]
        }
    )


def _weiger(*, door, voorstel: MaatwerkVoorstel, waarom: str, request=None) -> None:
    _log(
        door=door,
        casus=voorstel.casus,
        actie=Actie.WIJZIGEN,
        omschrijving=f"Maatwerk beoordelen geweigerd: {waarom} (voorstel {voorstel.pk})",
        request=request,
        resultaat=Resultaat.GEWEIGERD,
    )


def _naam(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.get_username()


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    """Proposals and decisions of these casussen, for their timeline (the viewer already sees them)."""
    voorstellen = (
        MaatwerkVoorstel.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus_id__in=gevraagde_casussen(casus, casussen))
        .select_related("voorgesteld_door", "besluit", "besluit__door")
    )
    items = []
    for voorstel in voorstellen:
        url = reverse("cases:maatwerk-nieuw", kwargs={"pk": voorstel.casus_id})
        wat = voorstel.regeling or voorstel.get_soort_display()
        bedrag = f" ({_euro(voorstel.bedrag)})" if voorstel.bedrag else ""
        items.append(
            TijdlijnItem(
                tijdstip=voorstel.voorgesteld_op,
                soort="maatwerk",
                titel=f"Maatwerk voorgesteld: {wat}{bedrag}",
                tekst=voorstel.motivering,
                door=_naam(voorstel.voorgesteld_door),
                url=url,
                casus_id=voorstel.casus_id,
            )
        )
        besluit = getattr(voorstel, "besluit", None)
        if besluit is not None:
            items.append(
                TijdlijnItem(
                    tijdstip=besluit.tijdstip,
                    soort="maatwerk",
                    titel=f"Maatwerk {'goedgekeurd' if besluit.goedgekeurd else 'afgewezen'}: {wat}{bedrag}",
                    tekst=besluit.reden,
                    door=_naam(besluit.door),
                    url=url,
                    casus_id=voorstel.casus_id,
                )
            )
    return items


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.maatwerk.tijdlijn")
