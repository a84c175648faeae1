"""The reads of the cases app that other apps may use. Personal data is reached only through
for_user/for_token/for_systeem (venlo_armoede.accounts.toegang); aggregates return counts, never a person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from .models import (
    Bewaartermijn,
    Casus,
    GelijkgesteldeDag,
    Huishouden,
    InkomensBron,
    Inwoner,
    Kenmerk,
    KenmerkSoort,
    Schuld,
)
from .termijnen import Startmoment


@dataclass(frozen=True)
class Berekeningsrijen:
    """What the rechtenberekening needs of a set of households, as plain rows (set-wise: four queries)."""

    huishoudens: Iterable[tuple[int, object, date | None]]  # (id, vermogen, laag_inkomen_sinds)
    leden: Iterable[tuple[int, int, str, date]]  # (inwoner id, huishouden id, rol, geboortedatum)
    inkomens: Iterable[tuple[int, object]]  # (inwoner id, netto maandbedrag) of the incomes valid on the peildatum
    # (huishouden id, inwoner id or None for the household's own, kenmerk code) valid on the peildatum
    kenmerken: Iterable[tuple[int, int | None, str]] = ()


def huishoudens(*, selectie: Q, reden: str) -> QuerySet[Huishouden]:
    """The households matching `selectie`, for the system's own work (named by `reden`). Anonymised households
    are left out: nothing is left to compute with, and their stored outcomes stay as they were for the
    aggregates (ADR 0014)."""
    return Huishouden.objects.for_systeem(reden).filter(selectie, geanonimiseerd_op__isnull=True)


def berekeningsrijen(*, selectie: Q, peildatum: date, reden: str) -> Berekeningsrijen:
    ids = huishoudens(selectie=selectie, reden=reden).values("id")
    inkomens = (
        InkomensBron.objects.for_systeem(reden)
        .filter(inwoner__huishouden_id__in=ids, geldig_van__lte=peildatum)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
    )
    return Berekeningsrijen(
        huishoudens=huishoudens(selectie=selectie, reden=reden).values_list("id", "vermogen", "laag_inkomen_sinds"),
        leden=Inwoner.objects.for_systeem(reden)
        .filter(huishouden_id__in=ids)
        .values_list("id", "huishouden_id", "rol", "geboortedatum"),
        inkomens=inkomens.values_list("inwoner_id", "netto_maandbedrag"),
        kenmerken=Kenmerk.objects.for_systeem(reden)
        .filter(huishouden_id__in=ids)
        .geldig_op(peildatum)
        .values_list("huishouden_id", "inwoner_id", "soort__code"),
    )


def actieve_kenmerkcodes() -> frozenset[str]:
    """The codes of the kenmerken functioneel beheer keeps active: what a voorwaarde of a regeling may name."""
    return frozenset(KenmerkSoort.objects.filter(actief=True).values_list("code", flat=True))


def vergrendel_huishoudens(*, selectie: Q, reden: str) -> list[int]:
    """Lock the selected households' rows until the end of the current transaction; returns their ids in order.
    Two recomputes of one household then take turns instead of overwriting each other."""
    return list(
        huishoudens(selectie=selectie, reden=reden).select_for_update().order_by("id").values_list("id", flat=True)
    )


def huishouden_ids(*, reden: str) -> list[int]:
    """The ids of the households the system still works on (not anonymised)."""
    alle = Huishouden.objects.for_systeem(reden).filter(geanonimiseerd_op__isnull=True)
    return list(alle.order_by("id").values_list("id", flat=True))


def stadsdeel_per_huishouden(*, reden: str) -> dict[int, str]:
    return dict(Huishouden.objects.for_systeem(reden).values_list("id", "stadsdeel__naam"))


def aantal_huishoudens_per_stadsdeel() -> list[tuple[str, int]]:
    """Aggregate only: (stadsdeel, number of households), by stadsdeel name."""
    rijen = Huishouden.objects.for_systeem("telling per stadsdeel").values("stadsdeel__naam")
    return [(r["stadsdeel__naam"], r["aantal"]) for r in rijen.annotate(aantal=Count("id")).order_by("stadsdeel__naam")]


def gelijkgestelde_dagen() -> frozenset[date]:
    """The days declared equal to a feestdag (reference data, a few per year), for cases.termijnen."""
    return frozenset(GelijkgesteldeDag.objects.values_list("datum", flat=True))


def schuldregeling_startmoment() -> Startmoment:
    """The configured start event of the 120-day schuldregeling norm (setting WGS_SCHULDREGELING_START)."""
    waarde = settings.WGS_SCHULDREGELING_START
    try:
        return Startmoment(waarde)
    except ValueError:
        keuzes = ", ".join(s.value for s in Startmoment)
        raise ImproperlyConfigured(f"WGS_SCHULDREGELING_START is {waarde!r}; kies een van: {keuzes}.") from None


def jaren_terug(dag: date, jaren: int) -> date:
    """The same calendar day `jaren` years earlier (29 February becomes 28 February)."""
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:
        return dag.replace(year=dag.year - jaren, day=28)


def bewaargrens(*, soort: str, peildatum: date) -> date | None:
    """The last day a file of this kind (cases.models.DossierSoort) may have ended to be past its retention
    period on `peildatum`. None when functioneel beheer set no period: then nothing of that kind expires."""
    jaren = Bewaartermijn.objects.filter(soort=soort).values_list("jaren", flat=True).first()
    return None if jaren is None else jaren_terug(peildatum, jaren)


def huishouden_op_adres(*, postcode: str, huisnummer: int, huisnummer_toevoeging: str = "", reden: str):
    """The household living at this address (newest first), for matching a signal; None when unknown."""
    postcode = postcode.replace(" ", "").upper()
    postcode = f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode
    return (
        huishoudens(selectie=Q(), reden=reden)
        .filter(postcode=postcode, huisnummer=huisnummer, huisnummer_toevoeging__iexact=huisnummer_toevoeging.strip())
        .order_by("-id")
        .first()
    )


def huishouden_met_bsn(*, bsn: str, reden: str):
    """The household of the inwoner with this BSN (looked up through the blind index); None when unknown."""
    inwoner = (
        Inwoner.objects.for_systeem(reden)
        .filter(bsn=bsn, huishouden__geanonimiseerd_op__isnull=True)
        .select_related("huishouden")
        .first()
    )
    return inwoner.huishouden if inwoner else None


# --- For the partners app's doorverwijzing (warme overdracht) ---------------------------------------------
from .termijnen import plus_werkdagen as _plus_werkdagen  # noqa: E402
from .tijdlijn import TijdlijnItem  # noqa: E402,F401 - re-exported for receivers of tijdlijn_gevraagd


def casus_voor(*, gebruiker, pk: int):
    """The casus `pk` if the user reaches it (their role decides), else None."""
    from .models import Casus

    return Casus.objects.for_user(gebruiker).select_related("huishouden", "klantadviseur").filter(pk=pk).first()


def werkdagen_later(dag: date, aantal: int) -> date:
    """`aantal` werkdagen after `dag` (weekends, feestdagen and gelijkgestelde dagen skipped), cases.termijnen."""
    return _plus_werkdagen(dag, aantal, gelijkgestelde_dagen=gelijkgestelde_dagen())


def deelbare_gegevens(*, casus, categorieen: Iterable[str], peildatum: date) -> dict:
    """The data of the casus's household per category, as plain values for a snapshot shared with a partner.
    Never the BSN. `casus` was reached through for_user by the caller."""
    huishouden = casus.huishouden
    leden = list(Inwoner.objects.for_systeem("gegevens voor een doorverwijzing").filter(huishouden=huishouden))
    gegevens: dict = {}
    categorieen = set(categorieen)
    if "contactgegevens" in categorieen:
        aanvrager = next((lid for lid in leden if lid.rol == "aanvrager"), leden[0] if leden else None)
        toevoeging = f" {huishouden.huisnummer_toevoeging}" if huishouden.huisnummer_toevoeging else ""
        gegevens["contactgegevens"] = {
            "naam": aanvrager.naam if aanvrager else "",
            "adres": f"{huishouden.straat} {huishouden.huisnummer}{toevoeging}",
            "postcode": huishouden.postcode,
            "woonplaats": huishouden.woonplaats,
        }
    if "huishouden" in categorieen:
        gegevens["huishouden"] = [
            {"rol": lid.get_rol_display(), "geboortejaar": lid.geboortedatum.year}
            for lid in sorted(leden, key=lambda lid: lid.geboortedatum)
        ]
    if "inkomen" in categorieen:
        inkomens = (
            InkomensBron.objects.for_systeem("gegevens voor een doorverwijzing")
            .filter(inwoner__huishouden=huishouden, geldig_van__lte=peildatum)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .order_by("soort", "pk")
        )
        gegevens["inkomen"] = [
            {"soort": rij.get_soort_display(), "netto_per_maand": str(rij.netto_maandbedrag)} for rij in inkomens
        ]
    if "schulden" in categorieen:
        schulden = Schuld.objects.for_systeem("gegevens voor een doorverwijzing").filter(huishouden=huishouden)
        gegevens["schulden"] = [
            {"schuldeiser": s.schuldeiser, "soort": s.get_soort_display(), "bedrag": str(s.bedrag)}
            for s in schulden.order_by("pk")
        ]
    return gegevens


def leden_voor_logboek(*, huishouden_id: int, reden: str) -> list[tuple[str, int]]:
    """(bsn_index, id) of each member, for another app's audit records about this household."""
    return list(Inwoner.objects.for_systeem(reden).filter(huishouden_id=huishouden_id).values_list("bsn_index", "id"))


@dataclass(frozen=True)
class TermijnStand:
    """A casus whose first running Wgs deadline is close (bijna) or past (te laat), for the team page."""

    casus_id: int
    klantadviseur_id: int
    soort: str
    uiterlijk: date
    status: str


def werk_van_team(*, leider, vandaag: date) -> dict:
    """What a teamleider's page shows of the teams they lead, read within their reach (Reikwijdte.LEIDING):
    per klantadviseur the open casussen, and the casussen whose deadline is close or past; and the size and
    age of the triage queue in the teams' stadsdelen (counts only, those aanmeldingen are nobody's yet).
    A fixed number of queries whatever the team's size; deadlines counted with cases.termijnen."""
    from venlo_armoede.accounts.models import Team

    from .termijnen import termijnen
    from .workflow import CasusStatusWaarde

    teams = list(Team.objects.filter(leiders=leider).prefetch_related("leden", "stadsdelen").order_by("naam"))
    leden = {lid.pk: lid for team in teams for lid in team.leden.all()}
    vrije_dagen = gelijkgestelde_dagen()
    start = schuldregeling_startmoment()
    open_ = list(
        Casus.objects.for_user(leider)
        .open()
        .filter(klantadviseur_id__in=list(leden))
        .values_list(
            "id",
            "klantadviseur_id",
            "aangemeld_op",
            "crisis",
            "eerste_gesprek_op",
            "beschikking_op",
            "toegelaten",
            "schuldregeling_op",
        )
    )
    per_adviseur = {pk: {"open": 0, "bijna": 0, "te_laat": 0} for pk in leden}
    standen: list[TermijnStand] = []
    for pk, adviseur_id, aangemeld, crisis, gesprek, beschikking, toegelaten, regeling in open_:
        per_adviseur[adviseur_id]["open"] += 1
        t = termijnen(
            aangemeld_op=timezone.localtime(aangemeld).date(),
            crisis=crisis,
            gelijkgestelde_dagen=vrije_dagen,
            eerste_gesprek_op=gesprek,
            beschikking_op=beschikking,
            toegelaten=toegelaten,
            schuldregeling_op=regeling,
            schuldregeling_start=start,
        )
        status = t.status(vandaag)
        if status is None or status.value == "op tijd":
            continue
        sleutel = "te_laat" if status.value == "te laat" else "bijna"
        per_adviseur[adviseur_id][sleutel] += 1
        standen.append(TermijnStand(pk, adviseur_id, t.volgende.soort.value, t.volgende.uiterlijk, sleutel))
    stadsdelen = {s.pk for team in teams for s in team.stadsdelen.all()}
    triage = (
        Casus.objects.for_systeem("teamoverzicht: omvang van de triage (alleen aantallen)")
        .filter(
            status=CasusStatusWaarde.AANMELDING, klantadviseur__isnull=True, huishouden__stadsdeel_id__in=stadsdelen
        )
        .aggregate(aantal=Count("id"), crisis=Count("id", filter=Q(crisis=True)), oudste=Min("aangemeld_op"))
    )
    oudste = triage["oudste"]
    return {
        "teams": teams,
        "adviseurs": sorted(
            ((leden[pk], telling) for pk, telling in per_adviseur.items()),
            key=lambda paar: (paar[0].get_full_name() or paar[0].username).lower(),
        ),
        "termijnen": sorted(standen, key=lambda s: (s.status != "te_laat", s.uiterlijk, s.casus_id)),
        "triage": {
            "aantal": triage["aantal"],
            "crisis": triage["crisis"],
            "oudste_dagen": (vandaag - timezone.localtime(oudste).date()).days if oudste else None,
        },
        "casus_ids": [rij[0] for rij in open_],
    }
