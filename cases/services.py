"""The public write API of the cases app. Forms, the API and the demo seed all register households
through these functions, so validation and audit happen in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import Actie, Resultaat, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking
from venlo_armoede.versleuteling import blinde_index

from .bsn import is_geldig_bsn
from .models import Casus, CasusStatus, Doorbraak, Gezinsrol, Huishouden, InkomensBron, Inwoner, postcode_validator
from .signals import huishouden_gewijzigd
from .workflow import CasusStatusWaarde, mag_overgaan

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


def open_casus(*, huishouden: Huishouden, hulpvraag: str, door, crisis: bool = False, klantadviseur=None) -> Casus:
    with transaction.atomic():
        nu = timezone.now()
        casus = Casus.objects.create(
            huishouden=huishouden, hulpvraag=hulpvraag, crisis=crisis, klantadviseur=klantadviseur, aangemeld_op=nu
        )
        CasusStatus.objects.create(casus=casus, status=CasusStatusWaarde.AANMELDING, tijdstip=nu, door=door)
    return casus


def wijzig_status(*, casus: Casus, status: str, door, toelichting: str = "") -> Casus:
    """Move a casus to `status` if the workflow allows it; the row is locked so two people cannot
    both move it from the same state."""
    with transaction.atomic():
        casus = Casus.objects.for_systeem("status wijzigen").select_for_update().get(pk=casus.pk)
        if not mag_overgaan(casus.status, status):
            van, naar = casus.get_status_display(), CasusStatusWaarde(status).label
            raise ValidationError({"status": f"Een casus in '{van}' kan niet naar '{naar}'."})
        nu = timezone.now()
        CasusStatus.objects.create(casus=casus, status=status, tijdstip=nu, door=door, toelichting=toelichting)
        casus.status = status
        casus.save(update_fields=["status", "gewijzigd_op"])
    return casus


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
