"""The public write API of the partners app: vroegsignalen from signaalpartners, and their follow-up by the
midoffice. Keyword-only, atomic and audited (a signal is personal data: its receipt and every read are logged)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import selectors as cases_selectors
from cases import services as cases_services
from venlo_armoede.accounts.roles import SIGNAALPARTNER_SOORTEN
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import Betrokkene, betrokkene, log_verwerking, pseudoniem

from .models import Contactpoging, Vroegsignaal, VroegsignaalResultaat, VroegsignaalStatus, Wijksignaal

ZONDER_HUISHOUDEN = "Dit signaal hoort nog niet bij een bekend huishouden. Registreer eerst het huishouden."
REDEN_MATCHEN = "vroegsignaal koppelen aan een bekend huishouden"


def maanden_terug(dag: date, maanden: int) -> date:
    """The same day `maanden` months earlier; a day the month lacks becomes its last day (31 Aug -> 28/29 Feb)."""
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 - maanden, 12)
    maand += 1
    for d in (dag.day, 30, 29, 28):
        try:
            return dag.replace(year=jaar, month=maand, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def opeenvolgend_sinds(ontvangen_op: datetime) -> date:
    """The first day on which an earlier signal on the same address makes a new one opeenvolgend: exactly
    six months back still counts ("within 6 months"), one day more does not."""
    return maanden_terug(timezone.localdate(ontvangen_op), Vroegsignaal.OPEENVOLGEND_BINNEN_MAANDEN)


def betrokkenen_van(signaal: Vroegsignaal) -> list[Betrokkene]:
    """The person a signal is about, for the audit log: by BSN when given (the same subject as the inwoner),
    else by the signal itself."""
    if signaal.bsn_index:
        return [betrokkene(bsn_index=signaal.bsn_index, intern_id=signaal.pk)]
    return [Betrokkene(id=pseudoniem(f"vroegsignaal:{signaal.pk}"), type="intern")]


def _matchend_huishouden(*, bsn, postcode, huisnummer, huisnummer_toevoeging):
    if bsn:
        huishouden = cases_selectors.huishouden_met_bsn(bsn=bsn, reden=REDEN_MATCHEN)
        if huishouden is not None:
            return huishouden
    return cases_selectors.huishouden_op_adres(
        postcode=postcode, huisnummer=huisnummer, huisnummer_toevoeging=huisnummer_toevoeging, reden=REDEN_MATCHEN
    )


def ontvang_vroegsignaal(
    *,
    token,
    soort: str,
    achterstand_bedrag: Decimal,
    achterstand_sinds: date,
    naam: str,
    straat: str,
    huisnummer: int,
    postcode: str,
    woonplaats: str,
    huisnummer_toevoeging: str = "",
    bsn: str | None = None,
    ontvangen_op: datetime | None = None,
    request=None,
) -> Vroegsignaal:
    """Store a signal of the token's signaalpartner, matched to a known household (BSN first, then address),
    marked opeenvolgend when the same address had a signal within six months. The caller has validated it."""
    organisatie = token.organisatie
    if organisatie.soort not in SIGNAALPARTNER_SOORTEN:
        raise ValidationError(
            "Alleen signaalpartners (woningcorporatie, energieleverancier, drinkwaterbedrijf, "
            "zorgverzekeraar) kunnen vroegsignalen aanleveren."
        )
    ontvangen_op = ontvangen_op or timezone.now()
    postcode = cases_services.normaliseer_postcode(postcode)
    toevoeging = huisnummer_toevoeging.strip()
    with transaction.atomic():
        grens = opeenvolgend_sinds(ontvangen_op)
        eerder = (
            Vroegsignaal.objects.for_systeem("opeenvolgende signalen op een adres vinden")
            .filter(postcode=postcode, huisnummer=huisnummer, huisnummer_toevoeging__iexact=toevoeging)
            .filter(ontvangen_op__date__gte=grens, ontvangen_op__lte=ontvangen_op)
            .exists()
        )
        signaal = Vroegsignaal.objects.create(
            organisatie=organisatie,
            soort=soort,
            achterstand_bedrag=achterstand_bedrag,
            achterstand_sinds=achterstand_sinds,
            naam=naam.strip(),
            straat=straat.strip(),
            huisnummer=huisnummer,
            huisnummer_toevoeging=toevoeging,
            postcode=postcode,
            woonplaats=woonplaats.strip(),
            bsn=bsn or None,
            huishouden=_matchend_huishouden(
                bsn=bsn, postcode=postcode, huisnummer=huisnummer, huisnummer_toevoeging=toevoeging
            ),
            opeenvolgend=eerder,
            ontvangen_op=ontvangen_op,
        )
        log_verwerking(
            actor=token,
            actie=Actie.AANMAKEN,
            omschrijving=f"Vroegsignaal ontvangen van {organisatie.naam}",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen_van(signaal),
            request=request,
        )
    return signaal


def log_inzage(*, signalen, door, omschrijving: str, request=None) -> None:
    betrokkenen = [b for s in signalen for b in betrokkenen_van(s)]
    if betrokkenen:
        log_verwerking(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving=omschrijving,
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen,
            request=request,
        )


def log_geweigerde_inzage(*, pk: str, door, request=None) -> None:
    """A caller asked for a signal it may not see (another organisation's): logged for the person it is about.
    An id that is no number, or names no signal, is about nobody."""
    if not (pk.isdigit() and len(pk) < 19):
        return
    signaal = Vroegsignaal.objects.for_systeem("geweigerde opvraging vastleggen").filter(pk=pk).first()
    if signaal is not None:
        log_verwerking(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving="Vroegsignaal opvragen geweigerd",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen_van(signaal),
            request=request,
            resultaat=Resultaat.GEWEIGERD,
        )


def registreer_contactpoging(
    *, signaal: Vroegsignaal, soort: str, datum: date, bereikt: bool, door, request=None
) -> Contactpoging:
    if datum > timezone.localdate():
        raise ValidationError({"datum": "De datum van een contactpoging kan niet in de toekomst liggen."})
    if datum < timezone.localdate(signaal.ontvangen_op):
        raise ValidationError({"datum": "De contactpoging kan niet vóór de ontvangst van het signaal liggen."})
    with transaction.atomic():
        poging = Contactpoging.objects.create(
            vroegsignaal=signaal, soort=soort, datum=datum, bereikt=bereikt, door=door
        )
        if signaal.status == VroegsignaalStatus.ONTVANGEN:
            signaal.status = VroegsignaalStatus.IN_BEHANDELING
            signaal.save(update_fields=["status"])
        log_verwerking(
            actor=door,
            actie=Actie.WIJZIGEN,
            omschrijving="Contactpoging na vroegsignaal vastgelegd",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen_van(signaal),
            request=request,
        )
    return poging


def registreer_resultaat(
    *, signaal: Vroegsignaal, resultaat: str, door, hulpvraag: str = "", request=None
) -> Vroegsignaal:
    """Record the outcome (reported back to the signaalpartner in its API). With hulp geaccepteerd an aanmelding
    (bron vroegsignaal) is registered for the matched household; a signal without a known household cannot get
    one here: register the household first."""
    if resultaat not in VroegsignaalResultaat.values:
        raise ValidationError({"resultaat": "Kies een resultaat uit de lijst."})
    with transaction.atomic():
        signaal = Vroegsignaal.objects.for_systeem("resultaat vastleggen").select_for_update().get(pk=signaal.pk)
        if signaal.status == VroegsignaalStatus.AFGEHANDELD:
            raise ValidationError({"resultaat": "Dit signaal is al afgehandeld."})
        if resultaat == VroegsignaalResultaat.HULP_GEACCEPTEERD:
            if signaal.huishouden is None:
                raise ValidationError({"resultaat": ZONDER_HUISHOUDEN})
            signaal.casus = cases_services.meld_aan(
                door=door,
                huishouden=signaal.huishouden,
                hulpvraag=hulpvraag.strip() or f"Vroegsignaal: {signaal.get_soort_display().lower()}",
                bron=cases_services.AanmeldBron.VROEGSIGNAAL,
                request=request,
            )
        signaal.resultaat = resultaat
        signaal.resultaat_op = timezone.now()
        signaal.status = VroegsignaalStatus.AFGEHANDELD
        signaal.save(update_fields=["resultaat", "resultaat_op", "status", "casus"])
        log_verwerking(
            actor=door,
            actie=Actie.WIJZIGEN,
            omschrijving=f"Resultaat vroegsignaal vastgelegd: {VroegsignaalResultaat(resultaat).label}",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen_van(signaal),
            request=request,
        )
    return signaal


REDEN_ZORGMELDING = "zorgmelding van een partner koppelen aan een bekend huishouden"


def meld_zorgmelding(
    *,
    door,
    voornaam: str,
    achternaam: str,
    geboortedatum: date,
    straat: str,
    huisnummer: int,
    postcode: str,
    stadsdeel,
    hulpvraag: str,
    grondslag: str,
    tussenvoegsel: str = "",
    huisnummer_toevoeging: str = "",
    grondslag_toelichting: str = "",
    crisis: bool = False,
    request=None,
):
    """A partnermedewerker's zorgmelding: an aanmelding with bron partner in the midoffice's triage, for the
    household at this address, or for a new minimal household (the inwoner as aanvrager) when none is known.
    The consent or legal ground is written into the aanmelding so the midoffice sees on what basis it came."""
    if grondslag == "wettelijk" and not grondslag_toelichting.strip():
        raise ValidationError({"grondslag_toelichting": "Schrijf op welke wettelijke grond u meldt."})
    basis = (
        "met toestemming van de inwoner"
        if grondslag == "toestemming"
        else f"zonder toestemming, wettelijke grond: {grondslag_toelichting.strip()}"
    )
    organisatie = door.organisatie.naam if door.organisatie else "onbekende organisatie"
    with transaction.atomic():
        huishouden = cases_selectors.huishouden_op_adres(
            postcode=postcode,
            huisnummer=huisnummer,
            huisnummer_toevoeging=huisnummer_toevoeging,
            reden=REDEN_ZORGMELDING,
        )
        if huishouden is None:
            huishouden = cases_services.registreer_huishouden(
                door=door,
                straat=straat,
                huisnummer=huisnummer,
                huisnummer_toevoeging=huisnummer_toevoeging,
                postcode=postcode,
                stadsdeel=stadsdeel,
                leden=[
                    cases_services.NieuwLid(
                        voornaam=voornaam,
                        tussenvoegsel=tussenvoegsel,
                        achternaam=achternaam,
                        geboortedatum=geboortedatum,
                        rol="aanvrager",
                    )
                ],
                request=request,
            )
        naam = " ".join(d for d in (voornaam.strip(), tussenvoegsel.strip(), achternaam.strip()) if d)
        return cases_services.meld_aan(
            door=door,
            huishouden=huishouden,
            hulpvraag=f"Zorgmelding van {organisatie} over {naam} ({basis}):\n{hulpvraag.strip()}",
            crisis=crisis,
            bron=cases_services.AanmeldBron.PARTNER,
            request=request,
        )


def registreer_wijksignaal(*, door, stadsdeel, aantal: int, aard: str, afhandeling: str, periode_tot: date):
    """Money questions met in a stadsdeel, counted (no personal data, so nothing to audit)."""
    if door.organisatie is None:
        raise ValidationError("Uw account is nog niet gekoppeld aan een organisatie.")
    return Wijksignaal.objects.create(
        organisatie=door.organisatie,
        stadsdeel=stadsdeel,
        aantal=aantal,
        aard=aard,
        afhandeling=afhandeling,
        periode_tot=periode_tot,
        geregistreerd_door=door,
    )
