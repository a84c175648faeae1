"""The public write API of the cases app. Forms, the API and the demo seed all register households
through these functions, so validation and audit happen in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pgtrigger
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncYear
from django.utils import timezone

from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.append_only import TRIGGER_WIJZIGEN
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking
from venlo_armoede.versleuteling import blinde_index

from . import selectors, signals
from .bsn import is_geldig_bsn
from .models import (
    AanmeldBron,
    Afspraak,
    AfspraakSoort,
    Bewind,
    Casus,
    CasusStatus,
    CasusWijziging,
    CrisisReden,
    Doorbraak,
    DossierSoort,
    Gezinsrol,
    Huishouden,
    InkomensBron,
    Inwoner,
    Kenmerk,
    KenmerkBron,
    KenmerkGeldtVoor,
    KenmerkSoort,
    Overdracht,
    Schuld,
    TermijnOverschrijding,
    postcode_validator,
)
from .signals import bewaarplicht_gevraagd, huishouden_gewijzigd
from .termijnen import OngeldigeTermijnInvoer, Termijnen
from .workflow import CasusStatusWaarde, Uitstroomreden, binnen_recidivetermijn, mag_overgaan, overgang_geweigerd

OUDSTE_GEBOORTEDATUM = date(1900, 1, 1)
BSN_AL_GEREGISTREERD = "Dit BSN is al bij een andere inwoner geregistreerd."


@dataclass
class NieuwInkomen:
    soort: str
    netto_maandbedrag: Decimal
    geldig_van: date
    geldig_tot: date | None = None


@dataclass
class NieuwLid:
    voornaam: str
    achternaam: str
    geboortedatum: date
    rol: str
    tussenvoegsel: str = ""
    bsn: str | None = None
    inkomens: list[NieuwInkomen] = field(default_factory=list)


def normaliseer_postcode(postcode: str) -> str:
    schoon = postcode.replace(" ", "").upper()
    return f"{schoon[:4]} {schoon[4:]}" if len(schoon) == 6 else postcode.strip().upper()


def valideer_huishouden(
    *, postcode: str, leden: Sequence[NieuwLid], vermogen: Decimal | None, laag_inkomen_sinds: date | None
) -> None:
    """Raise one ValidationError with every problem, keyed by field ("leden[1].bsn"), in plain Dutch."""
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, bericht: str) -> None:
        fouten.setdefault(veld, []).append(bericht)

    vandaag = timezone.localdate()
    try:
        postcode_validator(normaliseer_postcode(postcode))
    except ValidationError as exc:
        fout("postcode", exc.messages[0])
    if vermogen is not None and vermogen < 0:
        fout("vermogen", "Vermogen kan niet negatief zijn. Vul 0 in als er geen vermogen is.")
    if laag_inkomen_sinds is not None and laag_inkomen_sinds > vandaag:
        fout("laag_inkomen_sinds", "Deze datum ligt in de toekomst.")

    rollen = [lid.rol for lid in leden]
    if rollen.count(Gezinsrol.AANVRAGER) != 1:
        fout("leden", "Een huishouden heeft precies één aanvrager.")
    if rollen.count(Gezinsrol.PARTNER) > 1:
        fout("leden", "Een huishouden heeft hoogstens één partner.")

    bsns = [lid.bsn for lid in leden if lid.bsn]
    # Matched on the blind index: the stored BSNs are encrypted and never decrypted for this check.
    bekend = dict(
        Inwoner.objects.for_systeem("controle op dubbel BSN")
        .filter(bsn_index__in=[blinde_index(bsn) for bsn in bsns])
        .values_list("bsn_index", "pk")
    )
    for i, lid in enumerate(leden):
        veld = f"leden[{i}]"
        if lid.rol not in Gezinsrol.values:
            fout(f"{veld}.rol", "Kies een rol: aanvrager, partner, kind of overige huisgenoot.")
        if not lid.voornaam.strip() or not lid.achternaam.strip():
            fout(f"{veld}.naam", "Vul de voornaam en de achternaam in.")
        if lid.geboortedatum > vandaag:
            fout(f"{veld}.geboortedatum", "De geboortedatum ligt in de toekomst.")
        elif lid.geboortedatum < OUDSTE_GEBOORTEDATUM:
            fout(f"{veld}.geboortedatum", "Deze geboortedatum is niet mogelijk.")
        if lid.bsn:
            if not is_geldig_bsn(lid.bsn):
                fout(f"{veld}.bsn", "Dit is geen geldig BSN. Een BSN heeft 9 cijfers en moet de elfproef doorstaan.")
            elif blinde_index(lid.bsn) in bekend or bsns.count(lid.bsn) > 1:
                fout(f"{veld}.bsn", BSN_AL_GEREGISTREERD)
        for j, inkomen in enumerate(lid.inkomens):
            iveld = f"{veld}.inkomens[{j}]"
            if inkomen.netto_maandbedrag < 0:
                fout(f"{iveld}.netto_maandbedrag", "Een inkomen kan niet negatief zijn.")
            if inkomen.geldig_tot and inkomen.geldig_tot < inkomen.geldig_van:
                fout(f"{iveld}.geldig_tot", "De einddatum ligt vóór de begindatum.")
    if fouten:
        gevonden = [betrokkene(bsn_index=index, intern_id=pk) for index, pk in bekend.items()]
        raise BsnAlGeregistreerd(fouten, betrokkenen=gevonden) if gevonden else ValidationError(fouten)


class BsnAlGeregistreerd(ValidationError):
    """A registration refused because a BSN is registered already. It carries the inwoners whose BSN was looked
    up, so the caller logs that look-up (log_bsn_controle) after any transaction around it has rolled back."""

    def __init__(self, fouten, *, betrokkenen):
        super().__init__(fouten)
        self.betrokkenen = betrokkenen


def log_bsn_controle(*, fout: BsnAlGeregistreerd, door, request=None) -> None:
    """A BSN look-up that found someone is a processing of that person's data: logged for them."""
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="BSN opgezocht bij registratie: al geregistreerd",
        verwerkingsactiviteit=Verwerkingsactiviteit.REGISTRATIE,
        betrokkenen=fout.betrokkenen,
        request=request,
    )


def registreer_huishouden(
    *,
    door,
    straat: str,
    huisnummer: int,
    postcode: str,
    stadsdeel: Stadsdeel,
    leden: Sequence[NieuwLid],
    huisnummer_toevoeging: str = "",
    woonplaats: str = "Venlo",
    vermogen: Decimal | None = None,
    laag_inkomen_sinds: date | None = None,
    request=None,
) -> Huishouden:
    """Register a household with its members and incomes: all of it, or nothing."""
    valideer_huishouden(postcode=postcode, leden=leden, vermogen=vermogen, laag_inkomen_sinds=laag_inkomen_sinds)
    try:
        return _schrijf_huishouden(
            door=door,
            straat=straat,
            huisnummer=huisnummer,
            postcode=postcode,
            stadsdeel=stadsdeel,
            leden=leden,
            huisnummer_toevoeging=huisnummer_toevoeging,
            woonplaats=woonplaats,
            vermogen=vermogen,
            laag_inkomen_sinds=laag_inkomen_sinds,
            request=request,
        )
    except IntegrityError as exc:
        # A concurrent registration with the same BSN passed validation too; the unique constraint stopped
        # ours and everything was rolled back. Validate again (now the other one is visible) to answer with
        # the same field error as a sequential duplicate. The database's message names the BSN, so it must
        # not reach a log: raise outside this handler, without the IntegrityError as context.
        botsing = exc
    if any(lid.bsn for lid in leden):
        valideer_huishouden(postcode=postcode, leden=leden, vermogen=vermogen, laag_inkomen_sinds=laag_inkomen_sinds)
    raise botsing


def _schrijf_huishouden(
    *,
    door,
    straat,
    huisnummer,
    postcode,
    stadsdeel,
    leden,
    huisnummer_toevoeging,
    woonplaats,
    vermogen,
    laag_inkomen_sinds,
    request,
) -> Huishouden:
    with transaction.atomic():
        huishouden = Huishouden.objects.create(
            straat=straat.strip(),
            huisnummer=huisnummer,
            huisnummer_toevoeging=huisnummer_toevoeging.strip(),
            postcode=normaliseer_postcode(postcode),
            woonplaats=woonplaats.strip() or "Venlo",
            stadsdeel=stadsdeel,
            vermogen=vermogen,
            laag_inkomen_sinds=laag_inkomen_sinds,
        )
        inwoners = []
        for lid in leden:
            inwoner = Inwoner.objects.create(
                huishouden=huishouden,
                voornaam=lid.voornaam.strip(),
                tussenvoegsel=lid.tussenvoegsel.strip(),
                achternaam=lid.achternaam.strip(),
                geboortedatum=lid.geboortedatum,
                bsn=lid.bsn or None,
                rol=lid.rol,
            )
            InkomensBron.objects.bulk_create(InkomensBron(inwoner=inwoner, **vars(inkomen)) for inkomen in lid.inkomens)
            inwoners.append(inwoner)
        log_verwerking(
            actor=door,
            actie=Actie.AANMAKEN,
            omschrijving="Huishouden geregistreerd",
            verwerkingsactiviteit=Verwerkingsactiviteit.REGISTRATIE,
            betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in inwoners],
            request=request,
        )
        na_wijziging_huishouden([huishouden.pk])
    return huishouden


def wijzig_inkomen(
    *, inwoner: Inwoner, soort: str, netto_maandbedrag: Decimal, geldig_van: date, door, request=None
) -> InkomensBron:
    """A new income of this kind from `geldig_van`: the running one of the same kind ends the day before.
    History stays, so a recompute for an earlier peildatum still sees the old amount."""
    if netto_maandbedrag < 0:
        raise ValidationError({"netto_maandbedrag": "Een inkomen kan niet negatief zijn."})
    with transaction.atomic():
        lopend = (
            InkomensBron.objects.for_systeem("inkomen wijzigen")
            .select_for_update()
            .filter(inwoner=inwoner, soort=soort, geldig_tot__isnull=True, geldig_van__lt=geldig_van)
        )
        lopend.update(geldig_tot=geldig_van - timedelta(days=1))
        nieuw = InkomensBron.objects.create(
            inwoner=inwoner, soort=soort, netto_maandbedrag=netto_maandbedrag, geldig_van=geldig_van
        )
        log_verwerking(
            actor=door,
            actie=Actie.WIJZIGEN,
            omschrijving="Inkomen gewijzigd",
            verwerkingsactiviteit=Verwerkingsactiviteit.INKOMENSONDERSTEUNING,
            betrokkenen=[betrokkene(bsn_index=inwoner.bsn_index, intern_id=inwoner.pk)],
            request=request,
        )
        na_wijziging_huishouden([inwoner.huishouden_id])
    return nieuw


def leg_kenmerk_vast(
    *,
    soort: KenmerkSoort,
    geldig_van: date,
    bron: str,
    door,
    inwoner: Inwoner | None = None,
    huishouden: Huishouden | None = None,
    geldig_tot: date | None = None,
    toelichting: str = "",
    request=None,
) -> Kenmerk:
    """Record a kenmerk of one inwoner or of a whole household for a period (geldig_tot empty: open-ended).
    Refused when a period of the same kenmerk of the same person or household overlaps it. The rights of the
    household are recomputed (huishouden_gewijzigd)."""
    if (inwoner is None) == (huishouden is None):
        raise ValueError("Geef een inwoner of een huishouden, niet allebei.")
    fouten: dict[str, list[str]] = {}
    if not soort.actief:
        fouten.setdefault("soort", []).append("Dit kenmerk wordt niet meer gebruikt. Kies een ander kenmerk.")
    verwacht = KenmerkGeldtVoor.PERSOON if inwoner else KenmerkGeldtVoor.HUISHOUDEN
    if soort.geldt_voor != verwacht:
        fouten.setdefault("soort", []).append(
            "Dit kenmerk geldt voor een persoon. Leg het vast bij de inwoner."
            if soort.geldt_voor == KenmerkGeldtVoor.PERSOON
            else "Dit kenmerk geldt voor het hele huishouden. Leg het vast bij het huishouden."
        )
    if bron not in KenmerkBron.values:
        fouten.setdefault("bron", []).append("Kies waar het kenmerk vandaan komt.")
    if geldig_tot is not None and geldig_tot < geldig_van:
        fouten.setdefault("geldig_tot", []).append("De einddatum ligt voor de begindatum.")
    if fouten:
        raise ValidationError(fouten)
    huishouden_id = inwoner.huishouden_id if inwoner else huishouden.pk
    with transaction.atomic():
        _vergrendel_kenmerken(huishouden_id)
        _weiger_overlap(
            soort=soort, huishouden_id=huishouden_id, inwoner=inwoner, geldig_van=geldig_van, geldig_tot=geldig_tot
        )
        kenmerk = Kenmerk.objects.create(
            soort=soort,
            huishouden_id=huishouden_id,
            inwoner=inwoner,
            geldig_van=geldig_van,
            geldig_tot=geldig_tot,
            bron=bron,
            toelichting=toelichting.strip(),
            vastgelegd_door=door,
        )
        _log_kenmerk(kenmerk, door=door, actie=Actie.AANMAKEN, omschrijving="Kenmerk vastgelegd", request=request)
        na_wijziging_huishouden([huishouden_id])
    return kenmerk


def beeindig_kenmerk(*, kenmerk: Kenmerk, geldig_tot: date, door, request=None) -> Kenmerk:
    """End a kenmerk on `geldig_tot` (the last day it holds). The row stays, so a recompute for an earlier
    peildatum still sees it."""
    if geldig_tot < kenmerk.geldig_van:
        raise ValidationError({"geldig_tot": "De einddatum ligt voor de begindatum van het kenmerk."})
    with transaction.atomic():
        _vergrendel_kenmerken(kenmerk.huishouden_id)
        _weiger_overlap(
            soort=kenmerk.soort,
            huishouden_id=kenmerk.huishouden_id,
            inwoner=kenmerk.inwoner,
            geldig_van=kenmerk.geldig_van,
            geldig_tot=geldig_tot,
            behalve=kenmerk.pk,
        )
        Kenmerk.objects.for_systeem("kenmerk beëindigen").filter(pk=kenmerk.pk).update(geldig_tot=geldig_tot)
        kenmerk.geldig_tot = geldig_tot
        _log_kenmerk(kenmerk, door=door, actie=Actie.WIJZIGEN, omschrijving="Kenmerk beëindigd", request=request)
        na_wijziging_huishouden([kenmerk.huishouden_id])
    return kenmerk


def _vergrendel_kenmerken(huishouden_id: int) -> None:
    """Lock the household row: two klantadvisers recording the same kenmerk at once take turns, so the
    overlap check of the second one sees the first one's row."""
    list(Huishouden.objects.for_systeem("kenmerk vastleggen").select_for_update().filter(pk=huishouden_id))


def _weiger_overlap(*, soort, huishouden_id, inwoner, geldig_van, geldig_tot, behalve=None) -> None:
    andere = Kenmerk.objects.for_systeem("kenmerk vastleggen").filter(
        soort=soort, huishouden_id=huishouden_id, inwoner=inwoner
    )
    andere = andere.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=geldig_van))
    if geldig_tot is not None:
        andere = andere.filter(geldig_van__lte=geldig_tot)
    if behalve is not None:
        andere = andere.exclude(pk=behalve)
    botsing = andere.order_by("geldig_van").first()
    if botsing:
        tot = botsing.geldig_tot.strftime("%d-%m-%Y") if botsing.geldig_tot else "zonder einddatum"
        raise ValidationError(
            {
                "geldig_van": (
                    f"Dit kenmerk is al vastgelegd van {botsing.geldig_van.strftime('%d-%m-%Y')} tot en met {tot}. "
                    "Perioden van hetzelfde kenmerk mogen elkaar niet overlappen. Beëindig eerst het lopende kenmerk."
                )
            }
        )


def _log_kenmerk(kenmerk: Kenmerk, *, door, actie: str, omschrijving: str, request) -> None:
    """A person's kenmerk is about that person; a household's kenmerk about every member."""
    if kenmerk.inwoner_id:
        betrokkenen = [betrokkene(bsn_index=kenmerk.inwoner.bsn_index, intern_id=kenmerk.inwoner_id)]
    else:
        leden = Inwoner.objects.for_systeem("kenmerk vastleggen in het logboek").filter(
            huishouden_id=kenmerk.huishouden_id
        )
        betrokkenen = [betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden]
    log_verwerking(
        actor=door,
        actie=actie,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.INKOMENSONDERSTEUNING,
        betrokkenen=betrokkenen,
        request=request,
    )


def na_wijziging_huishouden(huishouden_ids: Sequence[int]) -> None:
    """Tell the higher layers that these households, their members or incomes changed (inside the transaction;
    receivers defer their work to the commit)."""
    huishouden_gewijzigd.send(sender=Huishouden, huishouden_ids=sorted(set(huishouden_ids)))


def bekijk_inwoner(*, inwoner: Inwoner, door, request=None) -> list[Inwoner]:
    """Log that `door` views this inwoner and the household members shown beside them.
    Returns the members, so the view shows exactly the people it logged."""
    leden = list(inwoner.huishouden.leden.order_by("geboortedatum"))
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="Inwoner en huishouden ingezien",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden],
        request=request,
    )
    return leden


def toon_bsn(*, inwoner: Inwoner, door, request=None) -> str | None:
    """The full BSN, for the one page view that asked for it ("Toon BSN"), and logged as such.
    None (and nothing logged) when the BSN is not known."""
    if not inwoner.bsn:
        return None
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="BSN getoond",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=inwoner.bsn_index, intern_id=inwoner.pk)],
        request=request,
    )
    return inwoner.bsn


def recidive_bij_aanmelding(*, huishouden_id: int, aangemeld_op: datetime) -> dict:
    """The recidive fields of a new casus: when a casus of the same household was closed on or before
    `aangemeld_op` and within 24 months of it (workflow.binnen_recidivetermijn, both ends inclusive), the newest
    such closing; else empty. One query on the household's closings."""
    laatste = (
        CasusStatus.objects.for_systeem("recidive bepalen bij een aanmelding")
        .filter(casus__huishouden_id=huishouden_id, status=CasusStatusWaarde.AFGESLOTEN, tijdstip__lte=aangemeld_op)
        .order_by("-tijdstip", "-id")
        .values_list("casus_id", "tijdstip")
        .first()
    )
    if laatste is None:
        return {}
    casus_id, tijdstip = laatste
    afgesloten_op = timezone.localdate(tijdstip)
    if not binnen_recidivetermijn(afgesloten_op, timezone.localdate(aangemeld_op)):
        return {}
    return {"recidive_na_id": casus_id, "eerder_afgesloten_op": afgesloten_op}


def open_casus(
    *,
    huishouden: Huishouden,
    hulpvraag: str,
    door,
    crisis: bool = False,
    crisis_reden: str = "",
    klantadviseur=None,
) -> Casus:
    """A casus straight to a klantadviseur, without the checks of an aanmelding (tests and the demo use it)."""
    if crisis and not crisis_reden:
        crisis_reden = CrisisReden.DREIGENDE_HUISUITZETTING
    with transaction.atomic():
        nu = timezone.now()
        casus = Casus.objects.create(
            huishouden=huishouden,
            hulpvraag=hulpvraag,
            crisis=crisis,
            crisis_reden=crisis_reden if crisis else "",
            klantadviseur=klantadviseur,
            aangemeld_op=nu,
            **recidive_bij_aanmelding(huishouden_id=huishouden.pk, aangemeld_op=nu),
        )
        _zet_volgende_termijn(casus)
        CasusStatus.objects.create(casus=casus, status=CasusStatusWaarde.AANMELDING, tijdstip=nu, door=door)
    return casus


def aanmeldfouten(
    *, hulpvraag: str, crisis: bool, crisis_reden: str, crisis_toelichting: str, bron: str, aangemeld_op
) -> dict[str, str]:
    """What is wrong with an aanmelding, by field, in plain Dutch (empty when nothing is). Separate from meld_aan
    so a new household is not even looked at for duplicates while the aanmelding itself cannot be saved."""
    fouten = {}
    if bron not in AanmeldBron.values:
        fouten["bron"] = "Onbekende bron van de aanmelding."
    if not hulpvraag.strip():
        fouten["hulpvraag"] = "Beschrijf de hulpvraag."
    if crisis and crisis_reden not in CrisisReden.values:
        fouten["crisis_reden"] = "Kies de reden van de crisis."
    elif crisis and crisis_reden == CrisisReden.ANDERS and not crisis_toelichting.strip():
        fouten["crisis_toelichting"] = "Beschrijf de crisis."
    if not crisis and crisis_reden:
        fouten["crisis_reden"] = "Een reden van de crisis hoort alleen bij een crisis."
    if aangemeld_op is not None and aangemeld_op > timezone.now():
        fouten["aangemeld_op"] = "De datum van aanmelding kan niet in de toekomst liggen."
    return fouten


def meld_aan(
    *,
    door,
    huishouden: Huishouden,
    hulpvraag: str,
    crisis: bool = False,
    crisis_reden: str = "",
    crisis_toelichting: str = "",
    bron: str,
    aangemeld_op: datetime | None = None,
    request=None,
) -> Casus:
    """Register an aanmelding (status aanmelding): it lands in the midoffice's triage. Audited for every member.
    A crisis needs its reason ("anders" also a toelichting); the aanmelding cannot lie in the future. Marked
    recidive when a casus of the household was closed within 24 months before (recidive_bij_aanmelding)."""
    fouten = aanmeldfouten(
        hulpvraag=hulpvraag,
        crisis=crisis,
        crisis_reden=crisis_reden,
        crisis_toelichting=crisis_toelichting,
        bron=bron,
        aangemeld_op=aangemeld_op,
    )
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        nu = aangemeld_op or timezone.now()
        casus = Casus.objects.create(
            huishouden=huishouden,
            hulpvraag=hulpvraag.strip(),
            crisis=crisis,
            crisis_reden=crisis_reden if crisis else "",
            crisis_toelichting=crisis_toelichting.strip() if crisis else "",
            bron=bron,
            aangemeld_op=nu,
            **recidive_bij_aanmelding(huishouden_id=huishouden.pk, aangemeld_op=nu),
        )
        _zet_volgende_termijn(casus)
        CasusStatus.objects.create(
            casus=casus, status=CasusStatusWaarde.AANMELDING, tijdstip=nu, door=door if _is_gebruiker(door) else None
        )
        leden = Inwoner.objects.for_systeem("aanmelding vastleggen").filter(huishouden=huishouden)
        log_verwerking(
            actor=door,
            actie=Actie.AANMAKEN,
            omschrijving=f"Aanmelding geregistreerd (bron: {AanmeldBron(bron).label})",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in leden],
            request=request,
        )
    return casus


def wijzig_status(
    *,
    casus: Casus,
    status: str,
    door,
    toelichting: str = "",
    uitstroomreden: str = "",
    versie: int | None = None,
    request=None,
) -> Casus:
    """Move a casus to `status` if the workflow allows it; the row is locked so two people cannot
    both move it from the same state, and with `versie` (the version the caller saw) a stale change is refused
    (VerouderdeVersie). Closing needs an uitstroomreden (DDAS) and tells the other parts (nazorg planning)
    through `casus_afgesloten`, inside the same transaction. The change is logged for every member of the
    household."""
    with transaction.atomic():
        casus = _vergrendel(casus, versie)
        if not mag_overgaan(casus.status, status):
            raise ValidationError({"status": overgang_geweigerd(casus.status, status)})
        afsluiten = status == CasusStatusWaarde.AFGESLOTEN
        if afsluiten and uitstroomreden not in Uitstroomreden.values:
            raise ValidationError({"uitstroomreden": "Kies waarom de casus wordt afgesloten."})
        if not afsluiten and uitstroomreden:
            raise ValidationError({"uitstroomreden": "Een uitstroomreden hoort alleen bij afsluiten."})
        CasusStatus.objects.create(
            casus=casus,
            status=status,
            tijdstip=timezone.now(),
            door=door if _is_gebruiker(door) else None,  # an API token is named in the audit log and CasusWijziging
            toelichting=toelichting,
        )
        casus.status = status
        casus.uitstroomreden = uitstroomreden if afsluiten else ""
        _bewaar(
            casus,
            ["status", "uitstroomreden"],
            door=door,
            request=request,
            omschrijving=f"Status naar {CasusStatusWaarde(status).label}",
        )
        if afsluiten:
            signals.casus_afgesloten.send(sender=Casus, casus=casus, uitstroomreden=uitstroomreden, door=door)
    return casus


def _log_casus(*, casus: Casus, door, actie: str, omschrijving: str, request=None) -> list[Inwoner]:
    """One audit record for every member of the casus's household; returns the members."""
    leden = list(
        Inwoner.objects.for_systeem("casus vastleggen in het logboek")
        .filter(huishouden_id=casus.huishouden_id)
        .order_by("geboortedatum")
    )
    log_verwerking(
        actor=door,
        actie=actie,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden],
        request=request,
    )
    return leden


def bekijk_casussen(*, casussen: Sequence[Casus], door, omschrijving: str, request=None) -> None:
    """One audit record per member of the households of the casussen shown (a list): one query for them all."""
    ids = {casus.huishouden_id for casus in casussen}
    if not ids:
        return
    leden = Inwoner.objects.for_systeem("casussen vastleggen in het logboek").filter(huishouden_id__in=ids)
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden],
        request=request,
    )


def bekijk_casus(*, casus: Casus, door, request=None) -> list[Inwoner]:
    """Log that `door` views this casus with its household; returns the members shown."""
    return _log_casus(
        casus=casus, door=door, actie=Actie.INZIEN, omschrijving=f"Casus {casus.pk} ingezien", request=request
    )


DOORBRAAK_MINIMALE_REDEN = 10  # characters: "controle" is not a reason a privacy officer can judge


def doorbreek(*, door, huishouden: Huishouden, reden: str, request=None) -> Doorbraak:
    """Break-the-glass: `door` opens a household outside the own team and states why (doelbinding). The reason
    is kept (Doorbraak) and written to the audit log for every member; without a reason nothing opens and the
    refused attempt is logged."""
    reden = reden.strip()
    leden = list(Inwoner.objects.for_systeem("inzage buiten eigen team vastleggen").filter(huishouden=huishouden))
    betrokkenen = [betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden]
    if len(reden) < DOORBRAAK_MINIMALE_REDEN:
        log_verwerking(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving="Inzage buiten eigen team geweigerd: geen reden opgegeven",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen,
            request=request,
            resultaat=Resultaat.GEWEIGERD,
        )
        raise ValidationError(
            {"reden": f"Schrijf op waarom u deze gegevens nodig heeft (minstens {DOORBRAAK_MINIMALE_REDEN} tekens)."}
        )
    nu = timezone.now()
    with transaction.atomic():
        doorbraak = Doorbraak.objects.create(
            gebruiker=door, huishouden=huishouden, reden=reden, tijdstip=nu, verloopt_op=nu + Doorbraak.GELDIG
        )
        log_verwerking(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving=f"Inzage buiten eigen team. Reden: {reden}",
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen,
            request=request,
        )
    return doorbraak


def log_geweigerd(*, door, inwoners, omschrijving: str, request=None) -> None:
    """A refused attempt to reach personal data (403/404) is logged too, for the inwoners it was about."""
    betrokkenen = [betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in inwoners]
    if betrokkenen:
        log_verwerking(
            actor=door,
            actie=Actie.INZIEN,
            omschrijving=omschrijving,
            verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
            betrokkenen=betrokkenen,
            request=request,
            resultaat=Resultaat.GEWEIGERD,
        )


# --- Retention (ADR 0014) ------------------------------------------------------------------------------------

BEWAAR_REDEN = "bewaartermijn"  # why the retention run reads every household (for_systeem)


def verlopen_huishoudens(*, peildatum: date, huishouden_ids: Sequence[int] | None = None) -> list[int]:
    """The households that nothing needs any more on `peildatum`: not anonymised yet, at least one casus and
    every casus closed on or before the schuldhulpverlening bewaargrens, and no receiver of
    `bewaarplicht_gevraagd` (an aanvraag within its own period, say) that still needs them."""
    grens = selectors.bewaargrens(soort=DossierSoort.SCHULDHULPVERLENING, peildatum=peildatum)
    if grens is None:
        return []
    # A casus closed on the grens day or before is past its period; compared as an instant in local time.
    eerste_bewaarde_moment = timezone.make_aware(datetime.combine(grens + timedelta(days=1), time.min))
    afgesloten_op = (
        CasusStatus.objects.for_systeem(BEWAAR_REDEN)
        .filter(casus=OuterRef("pk"), status=CasusStatusWaarde.AFGESLOTEN)
        .order_by("-tijdstip")
        .values("tijdstip")[:1]
    )
    nog_nodig = (
        Casus.objects.for_systeem(BEWAAR_REDEN)
        .annotate(afgesloten_op=Subquery(afgesloten_op))
        .filter(
            ~Q(status=CasusStatusWaarde.AFGESLOTEN)
            | Q(afgesloten_op__isnull=True)
            | Q(afgesloten_op__gte=eerste_bewaarde_moment)
        )
    )
    kandidaten = (
        Huishouden.objects.for_systeem(BEWAAR_REDEN)
        .filter(geanonimiseerd_op__isnull=True)
        .filter(Exists(Casus.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=OuterRef("pk"))))
        .exclude(id__in=nog_nodig.values("huishouden_id"))
    )
    if huishouden_ids is not None:
        kandidaten = kandidaten.filter(id__in=list(huishouden_ids))
    ids = list(kandidaten.order_by("id").values_list("id", flat=True))
    if not ids:
        return []
    bewaren: set[int] = set()
    for _ontvanger, antwoord in bewaarplicht_gevraagd.send(sender=Huishouden, huishouden_ids=ids, peildatum=peildatum):
        bewaren |= set(antwoord or ())
    return [pk for pk in ids if pk not in bewaren]


def anonimiseer_verlopen(*, peildatum: date) -> int:
    """Anonymise every household whose retention period has passed on `peildatum`; returns how many.
    Each household in its own transaction, checked again under a row lock, so a casus opened meanwhile or a
    second run at the same time changes nothing. Running it twice: the second run finds nothing."""
    aantal = 0
    for pk in verlopen_huishoudens(peildatum=peildatum):
        with transaction.atomic():
            huishouden = (
                Huishouden.objects.for_systeem(BEWAAR_REDEN)
                .select_for_update()
                .filter(pk=pk, geanonimiseerd_op__isnull=True)
                .first()
            )
            if huishouden is None or not verlopen_huishoudens(peildatum=peildatum, huishouden_ids=[pk]):
                continue
            _anonimiseer(huishouden)
            aantal += 1
    return aantal


def _anonimiseer(huishouden: Huishouden) -> None:
    """Remove what identifies the household and its members; keep what the aggregates count (stadsdeel, the
    household row, its members' roles and birth years, the casussen with their status history)."""
    leden = list(Inwoner.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).order_by("pk"))
    # The audit pseudonym is made from the BSN, so it must be computed before the BSN is gone; one record per
    # person lets "wie heeft mijn gegevens verwerkt?" still show the deletion.
    betrokkenen = [betrokkene(bsn=lid.bsn, intern_id=lid.pk) for lid in leden]
    # Incomes and debts are deleted, not kept without a name: no figure needs the rows once the household's
    # engine outcomes are frozen, and amounts with dates stay recognisable even without a name.
    InkomensBron.objects.for_systeem(BEWAAR_REDEN).filter(inwoner__huishouden=huishouden).delete()
    _wis_dossiertekst(huishouden)
    Schuld.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).delete()
    # Kenmerken too: "chronisch ziek" with its period says a lot about a person (often health data).
    Kenmerk.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).delete()
    Inwoner.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).update(
        voornaam="", tussenvoegsel="", achternaam="", bsn=None, bsn_index=None, geboortedatum=TruncYear("geboortedatum")
    )
    # The status history is append-only and stays; only the free text of the casus itself is emptied.
    Casus.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).update(hulpvraag="", crisis_toelichting="")
    Afspraak.objects.for_systeem(BEWAAR_REDEN).filter(casus__huishouden=huishouden).update(omschrijving="")
    Huishouden.objects.for_systeem(BEWAAR_REDEN).filter(pk=huishouden.pk).update(
        straat="",
        huisnummer=0,  # the column cannot be empty; 0 is no real house number, geanonimiseerd_op says why
        huisnummer_toevoeging="",
        postcode="",
        woonplaats="",
        vermogen=None,
        laag_inkomen_sinds=None,
        geen_contact=True,  # nobody left to approach: keeps it off the niet-gebruik worklist
        geanonimiseerd_op=timezone.now(),
    )
    log_verwerking(
        actor=None,
        actie=Actie.VERWIJDEREN,
        omschrijving="Persoonsgegevens geanonimiseerd na afloop van de bewaartermijn",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=betrokkenen,
    )


# The append-only dossier rows whose free text is personal data (see _wis_dossiertekst).
DOSSIER_TRIGGERS = [f"cases.{model}:{TRIGGER_WIJZIGEN}" for model in ("Notitie", "ZrmScore", "SchuldWijziging")]


def _wis_dossiertekst(huishouden: Huishouden) -> None:
    """Notes, ZRM notes and the history of the debts are free text about the household: the notes are emptied
    and the debt history removed with the debts, under the one named exception to their append-only trigger.
    Dates, scores, mijlpalen and bewind periods stay for the figures; a bewindvoerder's own name goes."""
    with pgtrigger.ignore(*DOSSIER_TRIGGERS), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_notitie SET tekst = '' "
            "WHERE casus_id IN (SELECT id FROM cases_casus WHERE huishouden_id = %s)",
            [huishouden.pk],
        )
        cursor.execute(
            "UPDATE cases_zrmscore SET toelichting = '' WHERE screening_id IN (SELECT s.id FROM cases_zrmscreening s "
            "JOIN cases_casus c ON c.id = s.casus_id WHERE c.huishouden_id = %s)",
            [huishouden.pk],
        )
        cursor.execute(
            "DELETE FROM cases_schuldwijziging "
            "WHERE schuld_id IN (SELECT id FROM cases_schuld WHERE huishouden_id = %s)",
            [huishouden.pk],
        )
    Bewind.objects.for_systeem(BEWAAR_REDEN).filter(inwoner__huishouden=huishouden, organisatie__isnull=True).update(
        organisatie_naam="Geanonimiseerd"
    )


def log_zoekresultaten(*, inwoners: Sequence[Inwoner], door, request=None) -> None:
    """A search shows name, birth year and address: one record per inwoner shown (none when nothing was found)."""
    if not inwoners:
        return
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="Inwoner gezocht: naam, geboortejaar en adres in de zoekresultaten",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in inwoners],
        request=request,
    )


def bekijk_huishouden(*, huishouden: Huishouden, door, request=None) -> list[Inwoner]:
    """Log that `door` views the huishoudoverzicht (doel: schuldhulpverlening en inkomensondersteuning), one
    record per member. Returns the members, so the page shows exactly the people it logged."""
    leden = list(huishouden.leden.order_by("geboortedatum", "id"))
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="Huishoudoverzicht ingezien (leden, inkomen, rechten, schulden, casussen)",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden],
        request=request,
    )
    return leden


# --- Wgs deadlines at work: eerste gesprek, beschikking, schuldregeling; stale versions (issue 8) ------------

TOEKOMST = "Deze datum ligt in de toekomst."


class VerouderdeVersie(ValidationError):
    """A change based on a version of the casus that is no longer the current one. The Dutch message says what
    changed in between (from CasusWijziging); `huidige_versie` is the version to start again from."""

    def __init__(self, *, casus: Casus, verwacht: int):
        wijzigingen = list(
            CasusWijziging.objects.for_systeem("wijzigingen tonen bij een verouderde versie")
            .filter(casus=casus, versie__gt=verwacht)
            .order_by("versie")
        )
        if wijzigingen:
            wat = "; ".join(
                f"{w.omschrijving} (door {w.door or 'onbekend'}, {timezone.localtime(w.tijdstip):%d-%m-%Y %H:%M})"
                for w in wijzigingen
            )
            bericht = (
                f"Deze casus is intussen gewijzigd: {wat}. Uw wijziging is niet opgeslagen. "
                "Bekijk de nieuwe gegevens en sla daarna opnieuw op."
            )
        else:
            bericht = "Deze casus is intussen gewijzigd. Uw wijziging is niet opgeslagen. Bekijk de nieuwe gegevens."
        super().__init__({"versie": [bericht]})
        self.bericht = bericht
        self.huidige_versie = casus.versie
        self.wijzigingen = [w.omschrijving for w in wijzigingen]


def _wie(door) -> str:
    """A readable name for who changed something: a user, an API token (with its organisation) or the system."""
    if door is None:
        return "het systeem"
    if hasattr(door, "get_username"):
        return door.get_full_name() or door.get_username()
    organisatie = getattr(door, "organisatie", None)
    return f"API-koppeling {getattr(door, 'naam', '')} ({organisatie})".strip() if organisatie else str(door)


def _vergrendel(casus: Casus, versie: int | None) -> Casus:
    """The casus row, locked until the end of the transaction; refused when the caller saw another version."""
    actueel = Casus.objects.for_systeem("casus wijzigen").select_for_update().get(pk=casus.pk)
    if versie is not None and actueel.versie != versie:
        raise VerouderdeVersie(casus=actueel, verwacht=versie)
    return actueel


def volgende_termijn(casus: Casus, termijnen: Termijnen | None = None) -> date | None:
    """The date Mijn werk sorts by: the first running deadline, none once the casus is closed."""
    if casus.status == CasusStatusWaarde.AFGESLOTEN:
        return None
    try:
        termijnen = termijnen or selectors.casus_termijnen(casus)
    except OngeldigeTermijnInvoer:
        return None
    return termijnen.volgende.uiterlijk if termijnen.volgende else None


def _zet_volgende_termijn(casus: Casus) -> None:
    casus.volgende_termijn_op = volgende_termijn(casus)
    Casus.objects.for_systeem("volgende termijn bijwerken").filter(pk=casus.pk).update(
        volgende_termijn_op=casus.volgende_termijn_op
    )


def _termijnen_of_fout(casus: Casus, veld: str) -> Termijnen:
    """The deadlines with the casus's (new) dates; dates that cannot belong together are a field error."""
    try:
        return selectors.casus_termijnen(casus)
    except OngeldigeTermijnInvoer as fout:
        raise ValidationError({veld: [str(fout)]}) from None


def _leg_late_gebeurtenissen_vast(casus: Casus, t: Termijnen) -> None:
    """An event that happened after its deadline is an overschrijding too (also when the daily task did not see
    it running late). Recorded once per casus and soort."""
    late = []
    if casus.eerste_gesprek_op and casus.eerste_gesprek_op > t.eerste_gesprek_uiterlijk:
        late.append(("eerste_gesprek", t.eerste_gesprek_uiterlijk))
    if casus.beschikking_op and t.beschikking_uiterlijk and casus.beschikking_op > t.beschikking_uiterlijk:
        late.append(("beschikking", t.beschikking_uiterlijk))
    if casus.schuldregeling_op and t.schuldregeling_uiterlijk and casus.schuldregeling_op > t.schuldregeling_uiterlijk:
        late.append(("schuldregeling", t.schuldregeling_uiterlijk))
    vandaag = timezone.localdate()
    TermijnOverschrijding.objects.bulk_create(
        [TermijnOverschrijding(casus=casus, soort=s, uiterlijk=u, vastgesteld_op=vandaag) for s, u in late],
        ignore_conflicts=True,
    )


def _bewaar(casus: Casus, velden: list[str], *, door, omschrijving: str, request=None) -> Casus:
    """Save a change made under _vergrendel: next deadline, a new version with what changed, and the audit."""
    casus.volgende_termijn_op = volgende_termijn(casus)
    casus.versie += 1
    casus.save(update_fields=[*velden, "volgende_termijn_op", "versie", "gewijzigd_op"])
    CasusWijziging.objects.create(casus=casus, versie=casus.versie, omschrijving=omschrijving[:300], door=_wie(door))
    _log_casus(
        casus=casus, door=door, actie=Actie.WIJZIGEN, request=request, omschrijving=f"Casus {casus.pk}: {omschrijving}"
    )
    return casus


def _controleer_datum(datum: date, veld: str) -> None:
    if datum > timezone.localdate():
        raise ValidationError({veld: [TOEKOMST]})


def leg_afspraak_vast(
    *, casus: Casus, soort: str, datum: date, door, versie: int, omschrijving: str = "", request=None
) -> Afspraak:
    """Record an afspraak with the inwoner. The eerste gesprek sets the casus's eerste_gesprek_op (which ends the
    first deadline and starts the beschikking's); it cannot lie before the aanmelding or in the future. A later
    eerste-gesprek afspraak corrects the date, as long as it stays before a recorded beschikking."""
    if soort not in AfspraakSoort.values:
        raise ValidationError({"soort": ["Kies de soort afspraak."]})
    with transaction.atomic():
        casus = _vergrendel(casus, versie)
        if soort == AfspraakSoort.EERSTE_GESPREK:
            _controleer_datum(datum, "datum")
            aangemeld = timezone.localdate(casus.aangemeld_op)
            if datum < aangemeld:
                raise ValidationError(
                    {"datum": [f"Het eerste gesprek kan niet vóór de aanmelding ({aangemeld:%d-%m-%Y}) zijn."]}
                )
            casus.eerste_gesprek_op = datum
            t = _termijnen_of_fout(casus, "datum")
        afspraak = Afspraak.objects.create(
            casus=casus,
            soort=soort,
            datum=datum,
            omschrijving=omschrijving.strip(),
            door=door if _is_gebruiker(door) else None,
        )
        velden = ["eerste_gesprek_op"] if soort == AfspraakSoort.EERSTE_GESPREK else []
        _bewaar(
            casus,
            velden,
            door=door,
            request=request,
            omschrijving=f"{AfspraakSoort(soort).label} vastgelegd op {datum:%d-%m-%Y}",
        )
        if soort == AfspraakSoort.EERSTE_GESPREK:
            _leg_late_gebeurtenissen_vast(casus, t)
    return afspraak


def _is_gebruiker(door) -> bool:
    return door is not None and hasattr(door, "get_username")


def leg_eerste_gesprek_vast(*, casus: Casus, datum: date, door, versie: int, omschrijving: str = "", request=None):
    return leg_afspraak_vast(
        casus=casus,
        soort=AfspraakSoort.EERSTE_GESPREK,
        datum=datum,
        door=door,
        versie=versie,
        omschrijving=omschrijving,
        request=request,
    )


# --- Aanmelding for a new household, triage and handovers (issue 8) ----------------------------------------


def meld_aan_met_nieuw_huishouden(*, door, huishouden: dict, leden: Sequence[NieuwLid], aanmelding: dict, request=None):
    """Register a household and its aanmelding in one transaction: both, or neither. `huishouden` holds the
    arguments of registreer_huishouden, `aanmelding` those of meld_aan. The aanmelding is checked first, so a
    wrong date or a crisis without reason never writes a household. Returns (huishouden, casus)."""
    fouten = aanmeldfouten(**aanmelding)
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        nieuw = registreer_huishouden(door=door, leden=leden, request=request, **huishouden)
        casus = meld_aan(door=door, huishouden=nieuw, request=request, **aanmelding)
    return nieuw, casus


def log_mogelijke_dubbelen(*, inwoners: Sequence[Inwoner], door, request=None) -> None:
    """Showing possible duplicates (name, birth year, address) before a registration reads those inwoners:
    one record for each inwoner shown."""
    if not inwoners:
        return
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving="Mogelijk hetzelfde huishouden getoond bij een aanmelding",
        verwerkingsactiviteit=Verwerkingsactiviteit.REGISTRATIE,
        betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in inwoners],
        request=request,
    )


def leg_beschikking_vast(*, casus: Casus, datum: date, toegelaten: bool, door, versie: int, request=None) -> Casus:
    """The beschikking on toegang (toelating or afwijzing): ends the 8-week deadline; a toelating starts the
    120-day schuldregeling norm (by default). Not before the eerste gesprek, not in the future."""
    _controleer_datum(datum, "datum")
    with transaction.atomic():
        casus = _vergrendel(casus, versie)
        if casus.eerste_gesprek_op is None:
            raise ValidationError({"datum": ["Leg eerst het eerste gesprek vast; de beschikking komt daarna."]})
        casus.beschikking_op, casus.toegelaten = datum, bool(toegelaten)
        t = _termijnen_of_fout(casus, "datum")
        uitkomst = "toelating" if toegelaten else "afwijzing"
        _bewaar(
            casus,
            ["beschikking_op", "toegelaten"],
            door=door,
            request=request,
            omschrijving=f"Beschikking ({uitkomst}) vastgelegd op {datum:%d-%m-%Y}",
        )
        _leg_late_gebeurtenissen_vast(casus, t)
    return casus


def leg_schuldregeling_vast(*, casus: Casus, datum: date, door, versie: int, request=None) -> Casus:
    """A schuldregeling or oplossing was reached on `datum`: ends the 120-day norm. Only after a toelating."""
    _controleer_datum(datum, "datum")
    with transaction.atomic():
        casus = _vergrendel(casus, versie)
        if not casus.toegelaten:
            raise ValidationError({"datum": ["Een schuldregeling kan pas na een toelatingsbeschikking."]})
        casus.schuldregeling_op = datum
        t = _termijnen_of_fout(casus, "datum")
        _bewaar(
            casus,
            ["schuldregeling_op"],
            door=door,
            request=request,
            omschrijving=f"Schuldregeling of oplossing bereikt op {datum:%d-%m-%Y}",
        )
        _leg_late_gebeurtenissen_vast(casus, t)
    return casus


def wijs_hoofdbehandelaar_toe(*, casus: Casus, klantadviseur, door, versie: int, request=None) -> Casus:
    """The API's way to set the hoofdbehandelaar (PATCH klantadviseur): the same wijs_toe as triage, keeping the
    casus's team when the new klantadviseur is in it. The API has no reason field, so a handover says it came in
    through the API."""
    if klantadviseur is not None and klantadviseur.pk == casus.klantadviseur_id:
        return casus
    blijft = casus.team_id and klantadviseur and casus.team.leden.filter(pk=klantadviseur.pk).exists()
    team = casus.team if blijft else None
    try:
        return wijs_toe(
            casus=casus,
            naar=klantadviseur,
            door=door,
            team=team,
            stadsdeel=casus.stadsdeel if team else None,
            reden=f"Gewijzigd via de API ({_wie(door)})" if casus.klantadviseur_id else "",
            versie=versie,
            request=request,
        )
    except VerouderdeVersie:
        raise
    except ValidationError as fout:
        # The API's field is `klantadviseur`, the form's `naar`.
        raise ValidationError(
            {("klantadviseur" if veld == "naar" else veld): berichten for veld, berichten in fout.message_dict.items()}
        ) from None


def mag_toewijzen(*, casus: Casus, door) -> bool:
    """The midoffice assigns any casus (triage); a klantadviseur hands over only a casus she runs herself."""
    if door.heeft_rol(Rol.MIDOFFICE):
        return True
    return door.heeft_rol(Rol.KLANTADVISEUR) and casus.klantadviseur_id == door.pk


def wijs_toe(
    *, casus: Casus, naar, door, team=None, stadsdeel=None, reden: str = "", versie: int | None = None, request=None
) -> Casus:
    """Make `naar` (a klantadviseur) the one hoofdbehandelaar of the casus, with its team and stadsdeel. The first
    assignment (triage) needs no reason; a handover from someone else does. Each is kept as an Overdracht
    (append-only) and logged for every member; the casus's version goes up by one. With `versie` a stale form
    (someone assigned it meanwhile) is refused instead of overwriting that assignment."""
    reden = reden.strip()
    with transaction.atomic():
        casus = (
            Casus.objects.for_systeem("hoofdbehandelaar toewijzen")
            .select_for_update(of=("self",))  # the casus row only: its klantadviseur may be empty (outer join)
            .select_related("klantadviseur")
            .get(pk=casus.pk)
        )
        # A user needs the role for it; an API token was checked on its scope (casussen:schrijven) by the view.
        if hasattr(door, "heeft_rol") and not mag_toewijzen(casus=casus, door=door):
            raise PermissionDenied("Alleen de midoffice of de eigen klantadviseur wijst een casus toe.")
        if versie is not None and versie != casus.versie:
            raise VerouderdeVersie(casus=casus, verwacht=versie)
        fouten = {}
        if naar is None or not naar.is_active or not naar.heeft_rol(Rol.KLANTADVISEUR):
            fouten["naar"] = "Kies een klantadviseur als hoofdbehandelaar."
        elif naar.pk == casus.klantadviseur_id:
            fouten["naar"] = "Deze klantadviseur is al de hoofdbehandelaar. Kies een andere klantadviseur."
        elif team is not None and not team.leden.filter(pk=naar.pk).exists():
            fouten["team"] = f"{_naam(naar)} hoort niet bij team {team}. Kies het team van de klantadviseur."
        if team is not None and stadsdeel is not None:
            gebieden = set(team.stadsdelen.values_list("pk", flat=True))
            if gebieden and stadsdeel.pk not in gebieden:
                fouten["stadsdeel"] = f"Team {team} werkt niet in stadsdeel {stadsdeel}."
        if casus.klantadviseur_id is not None and not reden:
            fouten["reden"] = "Schrijf op waarom de casus naar een andere klantadviseur gaat."
        if casus.status == CasusStatusWaarde.AFGESLOTEN:
            fouten["__all__"] = "Deze casus is afgesloten en kan niet meer worden overgedragen."
        if fouten:
            raise ValidationError(fouten)
        van = casus.klantadviseur
        Overdracht.objects.create(
            casus=casus,
            van=van,
            naar=naar,
            team=team,
            door=door if _is_gebruiker(door) else None,
            tijdstip=timezone.now(),
            reden=reden,
        )
        casus.klantadviseur = naar
        casus.team = team
        casus.stadsdeel = stadsdeel
        soort = "Overgedragen" if van else "Toegewezen"
        _bewaar(
            casus,
            ["klantadviseur", "team", "stadsdeel"],
            door=door,
            request=request,
            omschrijving=f"{soort} aan {_naam(naar)}" + (f". Reden: {reden}" if reden else ""),
        )
    return casus


def herbereken_volgende_termijnen(*, batch: int = 2000) -> int:
    """Fill volgende_termijn_op for every casus again (after a change of the gelijkgestelde dagen or the
    startmoment setting). Returns how many rows changed. In batches, one bulk update per batch."""
    dagen, start = selectors.gelijkgestelde_dagen(), selectors.schuldregeling_startmoment()
    rijen = Casus.objects.for_systeem("volgende termijnen herberekenen").order_by("pk")
    gewijzigd, laatste = 0, 0
    while stuk := list(rijen.filter(pk__gt=laatste)[:batch]):
        anders = []
        for casus in stuk:
            try:
                nieuw = volgende_termijn(casus, selectors.casus_termijnen(casus, dagen=dagen, startmoment=start))
            except OngeldigeTermijnInvoer:
                nieuw = None
            if nieuw != casus.volgende_termijn_op:
                casus.volgende_termijn_op = nieuw
                anders.append(casus)
        Casus.objects.for_systeem("volgende termijnen herberekenen").bulk_update(anders, ["volgende_termijn_op"])
        gewijzigd += len(anders)
        laatste = stuk[-1].pk
    return gewijzigd


def leg_verlopen_termijnen_vast(*, peildatum: date) -> int:
    """Record every running deadline that passed before `peildatum`, once per casus and soort. Set-based: the
    candidates come from the indexed volgende_termijn_op (the first running deadline: if any passed, it did),
    their deadlines are counted in memory and written with one insert that skips what exists. Returns how many
    new records were written."""
    dagen, start = selectors.gelijkgestelde_dagen(), selectors.schuldregeling_startmoment()
    kandidaten = (
        Casus.objects.for_systeem("verlopen termijnen vastleggen").open().filter(volgende_termijn_op__lt=peildatum)
    )
    nieuw = []
    for casus in kandidaten.only(
        "id",
        "status",
        "aangemeld_op",
        "crisis",
        "eerste_gesprek_op",
        "beschikking_op",
        "toegelaten",
        "schuldregeling_op",
    ).iterator(chunk_size=2000):
        try:
            t = selectors.casus_termijnen(casus, dagen=dagen, startmoment=start)
        except OngeldigeTermijnInvoer:
            continue
        nieuw += [
            TermijnOverschrijding(
                casus_id=casus.pk, soort=str(termijn.soort), uiterlijk=termijn.uiterlijk, vastgesteld_op=peildatum
            )
            for termijn in t.te_laat(peildatum)
        ]
    if not nieuw:
        return 0
    voor = TermijnOverschrijding.objects.for_systeem("verlopen termijnen tellen").count()
    TermijnOverschrijding.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=2000)
    return TermijnOverschrijding.objects.for_systeem("verlopen termijnen tellen").count() - voor


def _naam(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.get_username()


def voeg_kenmerksoort_toe(*, code: str, naam: str, geldt_voor: str, omschrijving: str = "") -> KenmerkSoort:
    """A kenmerk a regeling may ask about, added by a rule-set import (functioneel beheer otherwise uses the
    admin). An existing code is left as functioneel beheer keeps it."""
    soort, _ = KenmerkSoort.objects.get_or_create(
        code=code, defaults={"naam": naam, "geldt_voor": geldt_voor, "omschrijving": omschrijving}
    )
    return soort
