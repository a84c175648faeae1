"""The public write API of the cases app. Forms, the API and the demo seed all register households
through these functions, so validation and audit happen in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncYear
from django.utils import timezone

from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking
from venlo_armoede.versleuteling import blinde_index

from . import selectors, signals
from .bsn import is_geldig_bsn
from .models import (
    AanmeldBron,
    Casus,
    CasusStatus,
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
    Schuld,
    postcode_validator,
)
from .signals import bewaarplicht_gevraagd, huishouden_gewijzigd
from .workflow import CasusStatusWaarde, Uitstroomreden, mag_overgaan

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
        )
        CasusStatus.objects.create(casus=casus, status=CasusStatusWaarde.AANMELDING, tijdstip=nu, door=door)
    return casus


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
    A crisis needs its reason ("anders" also a toelichting); the aanmelding cannot lie in the future."""
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
        )
        CasusStatus.objects.create(casus=casus, status=CasusStatusWaarde.AANMELDING, tijdstip=nu, door=door)
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
    *, casus: Casus, status: str, door, toelichting: str = "", uitstroomreden: str = "", request=None
) -> Casus:
    """Move a casus to `status` if the workflow allows it; the row is locked so two people cannot
    both move it from the same state. Closing needs an uitstroomreden (DDAS) and tells the other parts
    (nazorg planning) through `casus_afgesloten`, inside the same transaction. The change is logged for every
    member of the household."""
    with transaction.atomic():
        casus = Casus.objects.for_systeem("status wijzigen").select_for_update().get(pk=casus.pk)
        if not mag_overgaan(casus.status, status):
            van, naar = casus.get_status_display(), CasusStatusWaarde(status).label
            raise ValidationError({"status": f"Een casus in '{van}' kan niet naar '{naar}'."})
        afsluiten = status == CasusStatusWaarde.AFGESLOTEN
        if afsluiten and uitstroomreden not in Uitstroomreden.values:
            raise ValidationError({"uitstroomreden": "Kies waarom de casus wordt afgesloten."})
        if not afsluiten and uitstroomreden:
            raise ValidationError({"uitstroomreden": "Een uitstroomreden hoort alleen bij afsluiten."})
        CasusStatus.objects.create(
            casus=casus, status=status, tijdstip=timezone.now(), door=door, toelichting=toelichting
        )
        casus.status = status
        casus.uitstroomreden = uitstroomreden if afsluiten else ""
        casus.versie += 1
        casus.save(update_fields=["status", "uitstroomreden", "versie", "gewijzigd_op"])
        _log_casus(
            casus=casus,
            door=door,
            actie=Actie.WIJZIGEN,
            request=request,
            omschrijving=f"Casus {casus.pk} naar {CasusStatusWaarde(status).label}",
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
    Schuld.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).delete()
    # Kenmerken too: "chronisch ziek" with its period says a lot about a person (often health data).
    Kenmerk.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).delete()
    Inwoner.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).update(
        voornaam="", tussenvoegsel="", achternaam="", bsn=None, bsn_index=None, geboortedatum=TruncYear("geboortedatum")
    )
    # The status history is append-only and stays; only the free text of the casus itself is emptied.
    Casus.objects.for_systeem(BEWAAR_REDEN).filter(huishouden=huishouden).update(hulpvraag="")
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
