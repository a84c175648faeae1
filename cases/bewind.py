"""Bewind (Venlo's aanbeveling 18): whether an inwoner is under beschermingsbewind or budgetbeheer, by which
organisation (a partner from accounts.Organisatie or a name), since when, and the monthly cost paid from
bijzondere bijstand. The team list shows who is under bewind with the latest ZRM score on Financiën, to find
who could move towards self-reliance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from venlo_armoede.accounts.roles import OrganisatieSoort, Rol
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from .models import Bewind, BewindSoort, Huishouden, Inwoner, ZrmDomein, ZrmScore
from .signals import huishouden_onderdelen_gevraagd

MAXIMALE_MAANDKOSTEN = Decimal("10000")


def _log(*, door, inwoners, actie, omschrijving, request=None) -> None:
    if inwoners:
        log_verwerking(
            actor=door,
            actie=actie,
            omschrijving=omschrijving,
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in inwoners],
            request=request,
        )


def leg_vast(
    *,
    inwoner: Inwoner,
    door,
    soort: str,
    sinds: date,
    organisatie=None,
    organisatie_naam: str = "",
    maandkosten_bijzondere_bijstand: Decimal | None = None,
    request=None,
) -> Bewind:
    """Record that `inwoner` (within reach) is under bewind or budgetbeheer."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur legt bewind vast.")
    organisatie_naam = (organisatie_naam or "").strip()
    fouten: dict[str, list[str]] = {}
    if soort not in BewindSoort.values:
        fouten["soort"] = ["Kies beschermingsbewind of budgetbeheer."]
    if organisatie is None and not organisatie_naam:
        fouten["organisatie"] = ["Kies de organisatie of vul de naam van de bewindvoerder in."]
    if organisatie is not None and organisatie_naam:
        fouten["organisatie_naam"] = ["Kies een organisatie uit de lijst óf vul een naam in, niet allebei."]
    if organisatie is not None and organisatie.soort != OrganisatieSoort.BEWINDVOERDER:
        fouten["organisatie"] = ["Deze organisatie is geen bewindvoerder."]
    if sinds is None:
        fouten["sinds"] = ["Vul in sinds wanneer."]
    elif sinds > timezone.localdate():
        fouten["sinds"] = ["Deze datum ligt in de toekomst."]
    kosten = maandkosten_bijzondere_bijstand
    if kosten is not None and (kosten < 0 or kosten > MAXIMALE_MAANDKOSTEN):
        fouten["maandkosten_bijzondere_bijstand"] = ["Vul een bedrag in van 0 tot 10.000 euro per maand."]
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        bewind = Bewind.objects.create(
            inwoner=inwoner,
            soort=soort,
            organisatie=organisatie,
            organisatie_naam=organisatie_naam,
            sinds=sinds,
            maandkosten_bijzondere_bijstand=kosten,
            door=door,
            vastgelegd_op=timezone.now(),
        )
        _log(door=door, inwoners=[inwoner], actie=Actie.AANMAKEN, omschrijving="Bewind vastgelegd", request=request)
    return bewind


def beeindig(*, bewind: Bewind, door, tot: date, request=None) -> Bewind:
    """End a running bewind on `tot` (its last day). An ended one is not changed again."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur legt bewind vast.")
    if tot is None:
        raise ValidationError({"tot": ["Vul de laatste dag in."]})
    if tot > timezone.localdate():
        raise ValidationError({"tot": ["Deze datum ligt in de toekomst."]})
    if tot < bewind.sinds:
        raise ValidationError({"tot": ["De laatste dag ligt vóór het begin."]})
    with transaction.atomic():
        bijgewerkt = (
            Bewind.objects.for_systeem("bewind beëindigen").filter(pk=bewind.pk, tot__isnull=True).update(tot=tot)
        )
        if not bijgewerkt:
            raise ValidationError({"bewind": ["Dit bewind is al beëindigd."]})
        bewind.refresh_from_db()
        _log(
            door=door, inwoners=[bewind.inwoner], actie=Actie.WIJZIGEN, omschrijving="Bewind beëindigd", request=request
        )
    return bewind


def team_lijst(gebruiker, *, op: date | None = None):
    """The running bewind the user reaches, each with the household's newest ZRM score on Financiën."""
    op = op or timezone.localdate()
    financien = (
        ZrmScore.objects.for_user(gebruiker)
        .filter(screening__casus__huishouden_id=OuterRef("inwoner__huishouden_id"), domein=ZrmDomein.FINANCIEN)
        .order_by("-screening__afgenomen_op", "-screening_id")
    )
    return (
        Bewind.objects.for_user(gebruiker)
        .lopend(op=op)
        .filter(inwoner__huishouden__geanonimiseerd_op__isnull=True)
        .select_related("inwoner", "inwoner__huishouden", "organisatie")
        .annotate(
            zrm_financien=Subquery(financien.values("score")[:1]),
            zrm_datum=Subquery(financien.values("screening__afgenomen_op")[:1]),
        )
        .order_by("zrm_financien", "inwoner__achternaam", "id")
    )


def log_lijst(*, door, bewind, request=None) -> None:
    _log(
        door=door,
        inwoners=[b.inwoner for b in bewind],
        actie=Actie.INZIEN,
        omschrijving="Lijst van inwoners onder bewind bekeken",
        request=request,
    )


def onderdeel(sender, huishouden: Huishouden, gebruiker, **kwargs) -> list[dict]:
    """The bewind panel of the huishoudoverzicht (that page already logs the view for every member)."""
    rijen = list(
        Bewind.objects.for_user(gebruiker)
        .filter(inwoner__huishouden=huishouden)
        .select_related("inwoner", "organisatie")
        .order_by("-sinds", "-id")
    )
    return [
        {
            "titel": "Bewind en budgetbeheer",
            "template": "cases/onderdelen/bewind.html",
            "context": {
                "bewind": rijen,
                "vandaag": timezone.localdate(),
                "kan_wijzigen": gebruiker.heeft_rol(Rol.KLANTADVISEUR),
                "leden": list(huishouden.leden.order_by("geboortedatum", "id")),
            },
            "volgorde": 60,
        }
    ]


huishouden_onderdelen_gevraagd.connect(onderdeel, dispatch_uid="cases.bewind.onderdeel")
