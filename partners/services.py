"""The public write API of the partners app. Keyword-only, atomic (on a Dutch ValidationError nothing is saved)
and audited:
- vroegsignalen from signaalpartners and their follow-up by the midoffice (a signal is personal data: its
  receipt and every read are logged), zorgmeldingen and wijksignalen;
- the warme doorverwijzing: consent, referral and the steps of its loop (ADR 0019)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import selectors as cases_selectors
from cases import services as cases_services
from cases.bsn import bsns_in_tekst
from venlo_armoede.accounts.roles import SIGNAALPARTNER_SOORTEN
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import Betrokkene, betrokkene, log_verwerking, pseudoniem

from .models import Contactpoging, Vroegsignaal, VroegsignaalResultaat, VroegsignaalStatus, Wijksignaal

ZONDER_HUISHOUDEN = "Dit signaal hoort nog niet bij een bekend huishouden. Registreer eerst het huishouden."
REDEN_MATCHEN = "vroegsignaal koppelen aan een bekend huishouden"
ACHTERSTAND_SINDS_IN_HET_VERLEDEN = "De datum 'achterstand sinds' moet in het verleden liggen, dus vóór vandaag."


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
    marked opeenvolgend when the same address had a signal within six months. The caller has validated the
    fields; an arrear that does not lie before the day of receipt is refused here too."""
    organisatie = token.organisatie
    if organisatie.soort not in SIGNAALPARTNER_SOORTEN:
        raise ValidationError(
            "Alleen signaalpartners (woningcorporatie, energieleverancier, drinkwaterbedrijf, "
            "zorgverzekeraar) kunnen vroegsignalen aanleveren."
        )
    ontvangen_op = ontvangen_op or timezone.now()
    if achterstand_sinds >= timezone.localdate(ontvangen_op):
        raise ValidationError({"achterstand_sinds": [ACHTERSTAND_SINDS_IN_HET_VERLEDEN]})
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
    crisis_reden: str = "",
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
            crisis_reden=crisis_reden,
            crisis_toelichting="Gemeld door de partner" if crisis_reden == "anders" else "",
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


from .models import (  # noqa: E402 - the doorverwijzing half of this module
    OVERGANGEN,
    AfwijsReden,
    Dienst,
    Doorverwijzing,
    DoorverwijzingStap,
    DoorverwijzingStatus,
    Gegevenscategorie,
    StapSoort,
    Toestemming,
    ToestemmingWijze,
    Uitkomst,
    Urgentie,
)

LANGSTE_TOESTEMMING_DAGEN = 2 * 366  # a consent is for a while, not for ever
HULPVRAAG_ZONDER_BSN = "Zet geen BSN in de hulpvraag. De partner krijgt nooit het BSN van de inwoner."


class VersieVerouderd(ValidationError):
    """The referral changed since the caller read it (If-Match / versie no longer matches)."""


def _betrokkenen(casus):
    leden = casus.huishouden.leden.for_systeem("betrokkenen van een doorverwijzing")
    return [betrokkene(intern_id=lid.pk, bsn_index=lid.bsn_index) for lid in leden]


def _log(*, actor, actie, omschrijving, casus, request=None):
    log_verwerking(
        actor=actor,
        actie=actie,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=_betrokkenen(casus),
        request=request,
    )


def leg_toestemming_vast(
    *,
    casus,
    organisatie,
    categorieen: list[str],
    wijze: str,
    gegeven_op: date,
    geldig_tot: date,
    door,
    request=None,
) -> Toestemming:
    fouten: dict[str, list[str]] = {}
    vandaag = timezone.localdate()
    if not categorieen:
        fouten["categorieen"] = ["Kies welke gegevens de inwoner wil delen."]
    elif set(categorieen) - set(Gegevenscategorie.values):
        fouten["categorieen"] = ["Kies alleen gegevens uit de lijst."]
    if wijze not in ToestemmingWijze.values:
        fouten["wijze"] = ["Kies hoe de inwoner toestemming gaf."]
    if gegeven_op > vandaag:
        fouten["gegeven_op"] = ["De datum van de toestemming kan niet in de toekomst liggen."]
    if geldig_tot < vandaag:
        fouten["geldig_tot"] = ["De einddatum moet vandaag of later zijn."]
    elif geldig_tot < gegeven_op:
        fouten["geldig_tot"] = ["De einddatum moet na de datum van de toestemming liggen."]
    elif (geldig_tot - gegeven_op).days > LANGSTE_TOESTEMMING_DAGEN:
        fouten["geldig_tot"] = ["Een toestemming geldt hoogstens twee jaar."]
    if organisatie is None or not organisatie.actief:
        fouten["organisatie"] = ["Kies een organisatie die meedoet."]
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        toestemming = Toestemming.objects.create(
            casus=casus,
            organisatie=organisatie,
            categorieen=sorted(categorieen, key=Gegevenscategorie.values.index),
            wijze=wijze,
            gegeven_op=gegeven_op,
            geldig_tot=geldig_tot,
            vastgelegd_door=door,
            vastgelegd_op=timezone.now(),
        )
        _log(actor=door, actie=Actie.AANMAKEN, omschrijving="Toestemming vastgelegd", casus=casus, request=request)
    return toestemming


def trek_toestemming_in(*, toestemming: Toestemming, door, request=None) -> Toestemming:
    """Revoke at once: the partner sees "toestemming ingetrokken" and none of the shared data from now on."""
    with transaction.atomic():
        toestemming = (
            Toestemming.objects.for_systeem("toestemming intrekken").select_for_update().get(pk=toestemming.pk)
        )
        if toestemming.ingetrokken_op is not None:
            raise ValidationError("Deze toestemming is al ingetrokken.")
        toestemming.ingetrokken_op = timezone.now()
        toestemming.ingetrokken_door = door
        toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
        _log(
            actor=door,
            actie=Actie.WIJZIGEN,
            omschrijving="Toestemming ingetrokken",
            casus=toestemming.casus,
            request=request,
        )
    return toestemming


def geldige_toestemming(*, casus, organisatie, categorieen) -> Toestemming | None:
    """The newest valid consent of the casus for this organisation (or its koepel) covering every category."""
    kandidaten = Toestemming.objects.for_systeem("toestemming controleren").filter(casus=casus).geldig()
    organisaties = [organisatie.pk] + ([organisatie.koepel_id] if organisatie.koepel_id else [])
    for toestemming in kandidaten.filter(organisatie_id__in=organisaties).order_by("-vastgelegd_op", "-pk"):
        if set(categorieen) <= set(toestemming.categorieen):
            return toestemming
    return None


def verwijs_door(
    *,
    casus,
    dienst: Dienst,
    hulpvraag: str,
    urgentie: str,
    categorieen: list[str],
    door,
    request=None,
) -> Doorverwijzing:
    """Send a referral. Only with a valid consent for the dienst's organisation and every chosen category;
    the partner later sees exactly the snapshot taken here."""
    fouten: dict[str, list[str]] = {}
    if not hulpvraag.strip():
        fouten["hulpvraag"] = ["Beschrijf de hulpvraag."]
    elif bsns_in_tekst(hulpvraag):
        fouten["hulpvraag"] = [HULPVRAAG_ZONDER_BSN]
    if urgentie not in Urgentie.values:
        fouten["urgentie"] = ["Kies de urgentie."]
    if set(categorieen) - set(Gegevenscategorie.values):
        fouten["categorieen"] = ["Kies alleen gegevens uit de lijst."]
    if dienst is None or not dienst.actief or not dienst.organisatie.actief:
        fouten["dienst"] = ["Deze dienst bestaat niet (meer). Kies een andere dienst."]
    if fouten:
        raise ValidationError(fouten)
    toestemming = geldige_toestemming(casus=casus, organisatie=dienst.organisatie, categorieen=categorieen)
    if toestemming is None:
        raise ValidationError(
            {
                "categorieen": [
                    f"Er is geen geldige toestemming van de inwoner om deze gegevens te delen met "
                    f"{dienst.organisatie}. Leg eerst de toestemming vast."
                ]
            }
        )
    nu = timezone.now()
    with transaction.atomic():
        gegevens = cases_selectors.deelbare_gegevens(casus=casus, categorieen=categorieen, peildatum=nu.date())
        if Gegevenscategorie.HULPVRAAG in categorieen:
            gegevens["hulpvraag"] = hulpvraag.strip()
        doorverwijzing = Doorverwijzing.objects.create(
            casus=casus,
            dienst=dienst,
            organisatie=dienst.organisatie,
            toestemming=toestemming,
            hulpvraag=hulpvraag.strip(),
            urgentie=urgentie,
            categorieen=sorted(categorieen, key=Gegevenscategorie.values.index),
            gegevens=gegevens,
            verstuurd_op=nu,
            verstuurd_door=door,
            reageren_uiterlijk=cases_selectors.werkdagen_later(
                timezone.localdate(nu), dienst.organisatie.reactietermijn_werkdagen
            ),
        )
        DoorverwijzingStap.objects.create(
            doorverwijzing=doorverwijzing,
            stap=StapSoort.VERSTUURD,
            tijdstip=nu,
            door=door,
            door_naam=door.get_username(),
        )
        _log(actor=door, actie=Actie.AANMAKEN, omschrijving="Doorverwijzing verstuurd", casus=casus, request=request)
        transaction.on_commit(lambda: _meld(doorverwijzing.pk, StapSoort.VERSTUURD))
    return doorverwijzing


def _actor_naam(door) -> str:
    if door is None:
        return "systeem"
    if hasattr(door, "get_username"):
        return door.get_username()
    return f"API-token {door.prefix} ({door.organisatie})"


def zet_stap(
    *,
    doorverwijzing: Doorverwijzing,
    stap: str,
    door,
    organisatie,
    versie: int | None = None,
    reden: str = "",
    toelichting: str = "",
    uitkomst: str = "",
    voorgestelde_dienst: Dienst | None = None,
    request=None,
) -> Doorverwijzing:
    """A partner's step in the loop, for `organisatie` (the acting user's or token's). The row is locked, so
    two people cannot both move it from the same state; `versie` (If-Match) refuses a stale change."""
    with transaction.atomic():
        dv = (
            Doorverwijzing.objects.for_systeem("stap van een doorverwijzing")
            .select_for_update()
            .select_related("organisatie", "casus")
            .get(pk=doorverwijzing.pk)
        )
        if organisatie is None or organisatie.pk not in (dv.organisatie_id, dv.organisatie.koepel_id):
            raise ValidationError({"stap": ["Deze doorverwijzing is niet aan uw organisatie gericht."]})
        if versie is not None and versie != dv.versie:
            raise VersieVerouderd(
                "De doorverwijzing is intussen gewijzigd. Haal haar opnieuw op en probeer het nog eens."
            )
        _controleer_stap(dv, stap=stap, reden=reden, toelichting=toelichting, uitkomst=uitkomst)
        nu = timezone.now()
        if stap not in StapSoort.values or stap == StapSoort.DOORGEGEVEN:
            raise ValidationError({"stap": ["Onbekende stap."]})
        dv.status = stap
        dv.versie += 1
        velden = ["status", "versie"]
        if stap == StapSoort.AFGEROND:
            dv.uitkomst = uitkomst
            velden.append("uitkomst")
        if stap == StapSoort.AFGEWEZEN and voorgestelde_dienst is not None:
            dv.voorgestelde_dienst = voorgestelde_dienst
            velden.append("voorgestelde_dienst")
        dv.save(update_fields=velden)
        DoorverwijzingStap.objects.create(
            doorverwijzing=dv,
            stap=stap,
            tijdstip=nu,
            door=door if hasattr(door, "get_username") else None,
            door_naam=_actor_naam(door),
            organisatie=organisatie,
            reden=reden if stap == StapSoort.AFGEWEZEN else "",
            toelichting=toelichting.strip(),
            uitkomst=uitkomst if stap == StapSoort.AFGEROND else "",
        )
        _log(actor=door, actie=Actie.WIJZIGEN, omschrijving=f"Doorverwijzing: {stap}", casus=dv.casus, request=request)
        transaction.on_commit(lambda: _meld(dv.pk, stap))
    return dv


def _controleer_stap(dv: Doorverwijzing, *, stap: str, reden: str, toelichting: str, uitkomst: str) -> None:
    if stap not in DoorverwijzingStatus.values:
        raise ValidationError({"stap": ["Kies een geldige stap."]})
    if stap not in OVERGANGEN[dv.status]:
        van, naar = DoorverwijzingStatus(dv.status).label, DoorverwijzingStatus(stap).label
        raise ValidationError({"stap": [f"Een doorverwijzing die '{van}' is, kan niet naar '{naar}'."]})
    if stap == DoorverwijzingStatus.AFGEWEZEN:
        if reden not in AfwijsReden.values:
            raise ValidationError({"reden": ["Kies waarom u de doorverwijzing afwijst."]})
        if reden == AfwijsReden.ANDERS and not toelichting.strip():
            raise ValidationError({"toelichting": ["Leg uit waarom u de doorverwijzing afwijst."]})
    if stap == DoorverwijzingStatus.AFGEROND and uitkomst not in Uitkomst.values:
        raise ValidationError({"uitkomst": ["Kies de uitkomst."]})
    if stap in (DoorverwijzingStatus.AFGEROND, DoorverwijzingStatus.TERUGGESTUURD) and not toelichting.strip():
        raise ValidationError({"toelichting": ["Schrijf kort wat er is gebeurd."]})


def geef_door(*, doorverwijzing: Doorverwijzing, lid, door, request=None) -> Doorverwijzing:
    """A koepel passes a referral to one of its members, before it is accepted or refused."""
    with transaction.atomic():
        dv = (
            Doorverwijzing.objects.for_systeem("doorverwijzing doorgeven")
            .select_for_update()
            .select_related("organisatie", "casus")
            .get(pk=doorverwijzing.pk)
        )
        koepel = door.organisatie
        if dv.organisatie_id != koepel.pk:
            raise ValidationError({"lid": ["Alleen de organisatie die de doorverwijzing kreeg, kan haar doorgeven."]})
        if lid is None or lid.koepel_id != koepel.pk or not lid.actief:
            raise ValidationError({"lid": ["Kies een lidorganisatie van uw koepel."]})
        if dv.status not in (DoorverwijzingStatus.VERSTUURD, DoorverwijzingStatus.ONTVANGEN):
            raise ValidationError({"lid": ["Een doorverwijzing die al is beantwoord, kunt u niet meer doorgeven."]})
        dv.organisatie = lid
        dv.versie += 1
        dv.save(update_fields=["organisatie", "versie"])
        DoorverwijzingStap.objects.create(
            doorverwijzing=dv,
            stap=StapSoort.DOORGEGEVEN,
            tijdstip=timezone.now(),
            door=door,
            door_naam=door.get_username(),
            organisatie=koepel,
            toelichting=f"Doorgegeven aan {lid.naam}",
        )
        _log(actor=door, actie=Actie.WIJZIGEN, omschrijving="Doorverwijzing doorgegeven", casus=dv.casus)
        transaction.on_commit(lambda: _meld(dv.pk, StapSoort.VERSTUURD))
    return dv


def werk_capaciteit_bij(*, dienst: Dienst, beschikbaar: int | None, maximum: int | None, eenheid: str, door) -> Dienst:
    """A partner updates the capacity of its own dienst; the time moves only when a figure changes."""
    if dienst.organisatie_id != getattr(door.organisatie, "pk", None):
        raise ValidationError("Dit is geen dienst van uw organisatie.")
    oud = (dienst.capaciteit_beschikbaar, dienst.capaciteit_maximum, dienst.capaciteit_eenheid)
    dienst.capaciteit_beschikbaar, dienst.capaciteit_maximum, dienst.capaciteit_eenheid = beschikbaar, maximum, eenheid
    if (beschikbaar, maximum, eenheid) != oud:
        dienst.capaciteit_bijgewerkt_op = timezone.now()
    dienst.full_clean()
    dienst.save()
    return dienst


def meld_verlopen_termijnen(*, vandaag: date | None = None) -> int:
    """Once per referral whose reaction term passed: a step on the timeline, a reminder to the partner and a
    message to the klantadviseur. Idempotent: the conditional update claims each referral once."""
    vandaag = vandaag or timezone.localdate()
    alle = Doorverwijzing.objects.for_systeem("reactietermijnen bewaken")
    kandidaten = list(
        alle.filter(
            status__in=[DoorverwijzingStatus.VERSTUURD, DoorverwijzingStatus.ONTVANGEN],
            reageren_uiterlijk__lt=vandaag,
            termijn_verlopen_gemeld_op__isnull=True,
        ).values_list("pk", flat=True)
    )
    gemeld = 0
    for pk in kandidaten:
        with transaction.atomic():
            nu = timezone.now()
            if not alle.filter(pk=pk, termijn_verlopen_gemeld_op__isnull=True).update(termijn_verlopen_gemeld_op=nu):
                continue  # another run claimed it
            DoorverwijzingStap.objects.create(
                doorverwijzing_id=pk, stap=StapSoort.TERMIJN_VERLOPEN, tijdstip=nu, door_naam="systeem"
            )
            transaction.on_commit(lambda pk=pk: _meld(pk, StapSoort.TERMIJN_VERLOPEN))
            gemeld += 1
    return gemeld


def _meld(pk: int, stap: str) -> None:
    from .meldingen import meld

    meld(doorverwijzing_id=pk, stap=stap)


def log_inzage_doorverwijzingen(*, doorverwijzingen, door, request=None) -> None:
    """A partner (user or token) read these referrals' shared data: one audit record per inwoner."""
    casussen = {dv.casus_id: dv.casus for dv in doorverwijzingen if dv.gegevens_zichtbaar()}
    for casus in casussen.values():
        _log(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving="Doorverwijzing ingezien door partner",
            casus=casus,
            request=request,
        )
