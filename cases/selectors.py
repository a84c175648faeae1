"""The reads of the cases app that other apps may use. Personal data is reached only through
for_user/for_token/for_systeem (venlo_armoede.accounts.toegang); aggregates return counts, never a person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from venlo_armoede.accounts.roles import OrganisatieSoort
from venlo_armoede.kpi_telling import Dimensies, Mediaan, tel

from .models import (
    AanmeldBron,
    Bewaartermijn,
    Bewind,
    BewindSoort,
    Casus,
    CasusStatus,
    FlexibelBudget,
    GelijkgesteldeDag,
    Huishouden,
    InkomensBron,
    Inwoner,
    Kenmerk,
    KenmerkSoort,
    MaatwerkBesluit,
    MaatwerkSoort,
    MaatwerkStatus,
    MaatwerkVoorstel,
    NazorgContact,
    Schuld,
)
from .termijnen import (
    BESCHIKKING_WEKEN,
    EERSTE_GESPREK_CRISIS_WERKDAGEN,
    EERSTE_GESPREK_WEKEN,
    SCHULDREGELING_DAGEN,
    Startmoment,
)
from .termijnen import na_weken as _na_weken
from .workflow import CasusStatusWaarde, Uitstroomreden


@dataclass(frozen=True)
class Berekeningsrijen:
    """What the rechtenberekening needs of a set of households, as plain rows (set-wise: four queries)."""

    huishoudens: Iterable[tuple[int, object, date | None]]  # (id, vermogen, laag_inkomen_sinds)
    leden: Iterable[tuple[int, int, str, date]]  # (inwoner id, huishouden id, rol, geboortedatum)
    # (inwoner id, netto maandbedrag, soort) of the incomes valid on the peildatum
    inkomens: Iterable[tuple[int, object, str]]
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
        inkomens=inkomens.values_list("inwoner_id", "netto_maandbedrag", "soort"),
        kenmerken=Kenmerk.objects.for_systeem(reden)
        .filter(huishouden_id__in=ids)
        .geldig_op(peildatum)
        .values_list("huishouden_id", "inwoner_id", "soort__code"),
    )


def kenmerkcodes() -> frozenset[str]:
    """Every kenmerk code that exists, active or not (an import never makes one twice)."""
    return frozenset(KenmerkSoort.objects.values_list("code", flat=True))


def kenmerksoorten_voor_export() -> list[dict]:
    """The active kenmerken as the rule-set file writes them."""
    return [
        {"code": k.code, "naam": k.naam, "geldt_voor": k.geldt_voor, "omschrijving": k.omschrijving}
        for k in KenmerkSoort.objects.filter(actief=True).order_by("code")
    ]


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
from .tijdlijn import TijdlijnItem, gevraagde_casussen  # noqa: E402,F401 - re-exported for receivers of tijdlijn_gevraagd


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
    per klantadviseur the open casussen and how many have a deadline close or past; the queryset of those
    casussen (for a paginated list, see termijn_standen); and the size and age of the triage queue in the teams'
    stadsdelen (counts only, those aanmeldingen are nobody's yet). A fixed number of queries whatever the
    team's size: the counts come from the indexed volgende_termijn_op (the first running deadline, which is
    also the worst), compared in SQL with today and the first day that is no longer "bijna"."""
    from venlo_armoede.accounts.models import Team

    from .termijnen import BIJNA_WERKDAGEN, plus_werkdagen
    from .workflow import CasusStatusWaarde

    teams = list(Team.objects.filter(leiders=leider).prefetch_related("leden", "stadsdelen").order_by("naam"))
    leden = {lid.pk: lid for team in teams for lid in team.leden.all()}
    # "bijna" is at most 2 werkdagen after today up to and including the deadline (cases.termijnen.termijnstatus):
    # so every deadline from today up to the day before the 3rd werkdag after today.
    op_tijd_vanaf = plus_werkdagen(vandaag, BIJNA_WERKDAGEN + 1, gelijkgestelde_dagen=gelijkgestelde_dagen())
    te_laat = Q(volgende_termijn_op__lt=vandaag)
    bijna = Q(volgende_termijn_op__gte=vandaag, volgende_termijn_op__lt=op_tijd_vanaf)
    open_ = Casus.objects.for_user(leider).open().filter(klantadviseur_id__in=list(leden))
    per_adviseur = {pk: {"open": 0, "bijna": 0, "te_laat": 0} for pk in leden}
    tellingen = open_.values("klantadviseur_id").annotate(
        open=Count("id"), bijna=Count("id", filter=bijna), te_laat=Count("id", filter=te_laat)
    )
    for rij in tellingen.order_by():
        per_adviseur[rij.pop("klantadviseur_id")] = rij
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
        # Past deadlines first (they are the earliest dates), then the closest; the page shows a slice.
        "termijnen_qs": open_.filter(volgende_termijn_op__lt=op_tijd_vanaf)
        .order_by("volgende_termijn_op", "id")
        .only(*TERMIJN_VELDEN),
        "triage": {
            "aantal": triage["aantal"],
            "crisis": triage["crisis"],
            "oudste_dagen": (vandaag - timezone.localtime(oudste).date()).days if oudste else None,
        },
    }


TERMIJN_VELDEN = (
    "id",
    "klantadviseur_id",
    "aangemeld_op",
    "crisis",
    "eerste_gesprek_op",
    "beschikking_op",
    "toegelaten",
    "schuldregeling_op",
    "volgende_termijn_op",
)


def termijn_standen(casussen: Iterable[Casus], *, vandaag: date) -> list[TermijnStand]:
    """The first running deadline of each casus (one page of werk_van_team's list) with its kind and stand,
    counted with cases.termijnen; two queries whatever the number of casussen."""
    from .termijnen import Termijnstatus

    vrije_dagen = gelijkgestelde_dagen()
    start = schuldregeling_startmoment()
    standen = []
    for casus in casussen:
        t = casus_termijnen(casus, dagen=vrije_dagen, startmoment=start)
        status = t.status(vandaag)
        if status is None or status is Termijnstatus.OP_TIJD:
            continue  # only when volgende_termijn_op is stale (herbereken_termijnen mends it)
        sleutel = "te_laat" if status is Termijnstatus.TE_LAAT else "bijna"
        standen.append(
            TermijnStand(casus.pk, casus.klantadviseur_id, t.volgende.soort.value, t.volgende.uiterlijk, sleutel)
        )
    return standen


# --- The Wgs deadlines of a casus (issue 8) ----------------------------------------------------------------
def casus_termijnen(casus, *, dagen: frozenset[date] | None = None, startmoment: Startmoment | None = None):
    """The Termijnen (cases.termijnen) of a casus from its own dates. Lists pass the gelijkgestelde `dagen` and the
    startmoment once, so a row costs no query."""
    from django.utils import timezone

    from .termijnen import termijnen

    return termijnen(
        aangemeld_op=timezone.localdate(casus.aangemeld_op),
        crisis=casus.crisis,
        gelijkgestelde_dagen=gelijkgestelde_dagen() if dagen is None else dagen,
        eerste_gesprek_op=casus.eerste_gesprek_op,
        beschikking_op=casus.beschikking_op,
        toegelaten=casus.toegelaten,
        schuldregeling_op=casus.schuldregeling_op,
        schuldregeling_start=startmoment or schuldregeling_startmoment(),
    )


# --- Aanmelding: is this household known already? (issue 8) ----------------------------------------------
@dataclass(frozen=True)
class MogelijkDubbel:
    """An existing inwoner who may be a person of the household being registered, and why: "bsn" (the same BSN,
    found on its blind index) or "naam" (the same name and birth date at the same address)."""

    inwoner: Inwoner
    reden: str


def mogelijke_dubbelen(
    *, leden, postcode: str, huisnummer: int | None, huisnummer_toevoeging: str = ""
) -> list[MogelijkDubbel]:
    """The existing inwoners matching the people of a household that is about to be registered (`leden`: objects
    with voornaam, achternaam, geboortedatum and bsn), BSN matches first. Two queries at most, whatever the
    number of people; anonymised households are nobody any more and are left out."""
    from venlo_armoede.versleuteling import blinde_index

    reden = "controle op een dubbel huishouden bij aanmelding"
    basis = (
        Inwoner.objects.for_systeem(reden)
        .filter(huishouden__geanonimiseerd_op__isnull=True)
        .select_related("huishouden")
        .order_by("huishouden_id", "id")
    )
    gevonden: dict[int, MogelijkDubbel] = {}
    indexen = [blinde_index(lid.bsn) for lid in leden if getattr(lid, "bsn", None)]
    if indexen:
        for inwoner in basis.filter(bsn_index__in=indexen):
            gevonden[inwoner.pk] = MogelijkDubbel(inwoner, "bsn")
    namen = Q()
    for lid in leden:
        if lid.voornaam and lid.achternaam and lid.geboortedatum:
            namen |= Q(
                voornaam__iexact=lid.voornaam.strip(),
                achternaam__iexact=lid.achternaam.strip(),
                geboortedatum=lid.geboortedatum,
            )
    if namen and postcode and huisnummer:
        schoon = postcode.replace(" ", "").upper()
        schoon = f"{schoon[:4]} {schoon[4:]}" if len(schoon) == 6 else postcode.strip().upper()
        adres = Q(
            huishouden__postcode=schoon,
            huishouden__huisnummer=huisnummer,
            huishouden__huisnummer_toevoeging__iexact=(huisnummer_toevoeging or "").strip(),
        )
        for inwoner in basis.filter(namen, adres):
            gevonden.setdefault(inwoner.pk, MogelijkDubbel(inwoner, "naam"))
    return sorted(gevonden.values(), key=lambda d: (d.reden != "bsn", d.inwoner.huishouden_id, d.inwoner.pk))


# --- KPI counts for the monitoring snapshots (set-based: venlo_armoede.kpi_telling) ---------------------


def _termijn_per_dag(veld: str, *, vanaf: date, tot: date, uiterlijk) -> Func:
    """The deadline of a start date, looked up in an array with one deadline per calendar day of the period
    (a few hundred, computed by cases.termijnen, so the Atw werkdagen rule stays the one rule): O(1) per row.
    A start date outside the period gives NULL. PostgreSQL (array literal and date arithmetic)."""
    dagen = gelijkgestelde_dagen()
    dag, termijnen = vanaf, []
    while dag <= tot:
        termijnen.append(uiterlijk(dag, dagen))
        dag += timedelta(days=1)
    rangnummer = Func(
        F(veld), Value(vanaf), arg_joiner=" - ", template="(%(expressions)s + 1)", output_field=IntegerField()
    )
    # "(<array>)[<index>]": the joiner closes the array and opens the subscript.
    return Func(
        RawSQL("%s::date[]", (termijnen,)),
        rangnummer,
        arg_joiner=")[",
        template="((%(expressions)s])",
        output_field=DateField(),
    )


def _dagen_tussen(eind: str, start: str) -> Func:
    return Func(F(eind), F(start), arg_joiner=" - ", template="(%(expressions)s)", output_field=IntegerField())


def _afgesloten_op() -> Subquery:
    return Subquery(
        CasusStatus.objects.for_systeem("KPI: moment van afsluiten")
        .filter(casus=OuterRef("pk"), status=CasusStatusWaarde.AFGESLOTEN)
        .order_by("-tijdstip")
        .values("tijdstip")[:1]
    )


RECIDIVE_MAANDEN = 24
RECIDIVE_VENSTER = f"(%(expressions)s + interval '{RECIDIVE_MAANDEN} months')"


def _bewind_telling(code: str, *, vanaf: date, peildatum: date) -> list[dict]:
    """Beschermingsbewind (cases.bewind; budgetbeheer is no bewind and does not count). onder_bewind: the
    inwoners under bewind at the end of each month (the current month: on the peildatum), one row per bewind
    and month it covers, made by generate_series in the query; uitstroom_uit_bewind: the inwoners whose bewind
    ended (its last day) in the month without another one following on."""
    bewind = Bewind.objects.for_systeem(f"KPI {code} (telling)").filter(
        soort=BewindSoort.BESCHERMINGSBEWIND, sinds__lte=peildatum
    )
    dimensies = Dimensies(
        stadsdeel="inwoner__huishouden__stadsdeel", inkomenspositie="inwoner__huishouden__inkomenspositie"
    )
    if code == "uitstroom_uit_bewind":
        # A new bewind running the day after (another bewindvoerder) is no uitstroom.
        dag_erna = ExpressionWrapper(OuterRef("tot") + timedelta(days=1), DateField())
        vervolg = (
            Bewind.objects.for_systeem(f"KPI {code} (telling)")
            .filter(inwoner=OuterRef("inwoner"), soort=BewindSoort.BESCHERMINGSBEWIND, sinds__lte=dag_erna)
            .filter(Q(tot__isnull=True) | Q(tot__gte=dag_erna))
        )
        qs = bewind.filter(tot__gte=vanaf, tot__lte=peildatum).exclude(Exists(vervolg))
        return tel(qs, dimensies=replace(dimensies, maand="tot"), teller=Count("inwoner", distinct=True))
    peilmaand = peildatum.replace(day=1)
    # Under bewind at the end of month M when it began on or before that day and ended on it or later. For a
    # month before the current one that end is its last day: the last month counted is the one before the
    # month of (tot + 1 day). In the current month it is the peildatum.
    maanden = Func(
        Func(Value(vanaf), Func(Value("month"), F("sinds"), function="date_trunc"), function="GREATEST"),
        Case(
            When(Q(tot__isnull=True) | Q(tot__gte=peildatum), then=Value(peilmaand)),
            default=Func(
                Value(peilmaand),
                RawSQL("date_trunc('month', tot + 1) - interval '1 month'", ()),
                function="LEAST",
            ),
        ),
        template="generate_series(%(expressions)s, interval '1 month')::date",
        output_field=DateField(),
    )
    return tel(
        bewind.annotate(maand=maanden),
        dimensies=replace(dimensies, maand="maand"),
        teller=Count("inwoner", distinct=True),
    )


CASUS = Dimensies(stadsdeel="huishouden__stadsdeel", inkomenspositie="huishouden__inkomenspositie")

ZORGMELDING_ZONDER_ORGANISATIE = "Partner niet vastgelegd"

# The Dutch label of each category code a KPI of this app stores (the snapshots and the API keep the code).
KPI_CATEGORIELABELS: dict[str, dict[str, str]] = {
    "uitstroom_per_reden": dict(Uitstroomreden.choices),
    "maatwerk_goedgekeurd": dict(MaatwerkSoort.choices),
}


def kpi_telling(code: str, *, vanaf: date, peildatum: date) -> list[dict]:
    """The rows of one KPI of this app (monitoring.kpis names which), per month from `vanaf` to `peildatum`."""
    casussen = Casus.objects.for_systeem(f"KPI {code} (telling)")
    tot = peildatum
    tijd_vanaf = datetime.combine(vanaf, time.min, tzinfo=timezone.get_current_timezone())
    tijd_tot = datetime.combine(peildatum, time.max, tzinfo=timezone.get_current_timezone())
    per_aanmelding = replace(CASUS, maand="aangemeld_op")
    if code == "aanmeldingen":
        return tel(casussen.filter(aangemeld_op__gte=tijd_vanaf), dimensies=per_aanmelding, teller=Count("pk"))
    if code in ("crisis_binnen_3_werkdagen", "eerste_gesprek_binnen_4_weken"):
        crisis = code == "crisis_binnen_3_werkdagen"

        def uiterlijk(dag, dagen):
            if crisis:
                return _plus_werkdagen(dag, EERSTE_GESPREK_CRISIS_WERKDAGEN, gelijkgestelde_dagen=dagen)
            return _na_weken(dag, EERSTE_GESPREK_WEKEN, gelijkgestelde_dagen=dagen)

        qs = (
            casussen.filter(crisis=crisis, aangemeld_op__gte=tijd_vanaf)
            .annotate(aanmelddag=TruncDate("aangemeld_op"))
            .annotate(uiterlijk=_termijn_per_dag("aanmelddag", vanaf=vanaf, tot=tot, uiterlijk=uiterlijk))
            # Only casussen whose deadline has come (or that had the gesprek) count: a running term is no miss.
            .filter(Q(eerste_gesprek_op__isnull=False) | Q(uiterlijk__lt=peildatum))
        )
        return tel(
            qs,
            dimensies=per_aanmelding,
            teller=Count("pk", filter=Q(eerste_gesprek_op__lte=F("uiterlijk"))),
            noemer=Count("pk"),
        )
    if code == "beschikking_binnen_8_weken":
        qs = (
            casussen.filter(eerste_gesprek_op__gte=vanaf)
            .annotate(
                uiterlijk=_termijn_per_dag(
                    "eerste_gesprek_op",
                    vanaf=vanaf,
                    tot=tot,
                    uiterlijk=lambda dag, dagen: _na_weken(dag, BESCHIKKING_WEKEN, gelijkgestelde_dagen=dagen),
                )
            )
            .filter(Q(beschikking_op__isnull=False) | Q(uiterlijk__lt=peildatum))
        )
        return tel(
            qs,
            dimensies=replace(CASUS, maand="eerste_gesprek_op"),
            teller=Count("pk", filter=Q(beschikking_op__lte=F("uiterlijk"))),
            noemer=Count("pk"),
        )
    if code == "doorlooptijd_beschikking":
        qs = casussen.filter(beschikking_op__gte=vanaf, eerste_gesprek_op__isnull=False).annotate(
            dagen=_dagen_tussen("beschikking_op", "eerste_gesprek_op")
        )
        return tel(
            qs,
            dimensies=replace(CASUS, maand="beschikking_op"),
            teller=Count("pk"),
            aantal=Count("pk"),
            waarde=Mediaan("dagen"),
        )
    if code == "schuldregeling_binnen_120_dagen":
        start = {
            Startmoment.AANMELDING: TruncDate("aangemeld_op"),
            Startmoment.EERSTE_GESPREK: F("eerste_gesprek_op"),
            Startmoment.TOELATINGSBESCHIKKING: F("beschikking_op"),
        }[schuldregeling_startmoment()]
        qs = (
            casussen.filter(toegelaten=True)
            .annotate(start=start)
            .filter(start__gte=vanaf)
            .annotate(uiterlijk=ExpressionWrapper(F("start") + timedelta(days=SCHULDREGELING_DAGEN), DateField()))
            .filter(Q(schuldregeling_op__isnull=False) | Q(uiterlijk__lt=peildatum))
        )
        return tel(
            qs,
            dimensies=replace(CASUS, maand="start"),
            teller=Count("pk", filter=Q(schuldregeling_op__lte=F("uiterlijk"))),
            noemer=Count("pk"),
        )
    if code == "stabilisatie_binnen_4_maanden":
        historie = CasusStatus.objects.for_systeem("KPI stabilisatie (telling)").filter(casus=OuterRef("pk"))
        begin = historie.filter(status=CasusStatusWaarde.STABILISATIE).order_by("tijdstip").values("tijdstip")[:1]
        na = (
            historie.filter(tijdstip__gt=OuterRef("stabilisatie_begin"))
            .exclude(status=CasusStatusWaarde.STABILISATIE)
            .order_by("tijdstip")
            .values("tijdstip")[:1]
        )
        qs = (
            casussen.annotate(stabilisatie_begin=Subquery(begin))
            .filter(stabilisatie_begin__gte=tijd_vanaf)
            .annotate(
                stabilisatie_eind=Subquery(na),
                uiterlijk=Func(
                    F("stabilisatie_begin"),
                    template="(%(expressions)s + interval '4 months')",
                    output_field=DateTimeField(),
                ),
            )
            .filter(Q(stabilisatie_eind__isnull=False) | Q(uiterlijk__lt=tijd_tot))
        )
        return tel(
            qs,
            dimensies=replace(CASUS, maand="stabilisatie_begin"),
            teller=Count("pk", filter=Q(stabilisatie_eind__lte=F("uiterlijk"))),
            noemer=Count("pk"),
        )
    if code in ("gemiddelde_schuld", "gemiddeld_aantal_schuldeisers"):
        # The stand bij intake of each casus (cases.schulden, ADR 0025): its debts registered during aanmelding or
        # intake, at the amount they were registered with; later changes and later found debts do not count.
        intake = (
            Schuld.objects.for_systeem(f"KPI {code} (telling)")
            .filter(casus=OuterRef("pk"), bij_intake=True)
            .order_by()
            .values("casus")
        )
        if code == "gemiddelde_schuld":
            per_casus = intake.annotate(s=Sum(Coalesce("bedrag_bij_intake", Decimal("0")))).values("s")
            veld = DecimalField(max_digits=14, decimal_places=2)
        else:  # one debt per schuldeiser in a casus (case-insensitive, a unique constraint)
            per_casus = intake.annotate(s=Count("pk")).values("s")
            veld = IntegerField()
        qs = (
            casussen.filter(aangemeld_op__gte=tijd_vanaf)
            .annotate(per_casus=Subquery(per_casus, output_field=veld))
            .filter(per_casus__isnull=False)
        )
        return tel(qs, dimensies=per_aanmelding, teller=Sum("per_casus"), noemer=Count("pk"), aantal=Count("pk"))
    if code == "zorgmeldingen":
        # A zorgmelding is an aanmelding with bron partner; its organisation is that of the partnermedewerker who
        # made it (the author of the first status). One registered by the gemeente as coming from a partner
        # names no partner: it counts under ZORGMELDING_ZONDER_ORGANISATIE, so the total stays whole.
        melder = (
            CasusStatus.objects.for_systeem(f"KPI {code} (telling)")
            .filter(casus=OuterRef("pk"), door__organisatie__isnull=False)
            .exclude(door__organisatie__soort=OrganisatieSoort.GEMEENTE)
            .order_by("tijdstip", "pk")
            .values("door__organisatie__naam")[:1]
        )
        qs = casussen.filter(bron=AanmeldBron.PARTNER, aangemeld_op__gte=tijd_vanaf).annotate(
            organisatie=Coalesce(Subquery(melder), Value(ZORGMELDING_ZONDER_ORGANISATIE))
        )
        return tel(qs, dimensies=replace(per_aanmelding, categorie="organisatie"), teller=Count("pk"))
    if code == "recidive_24_maanden":
        # Per month in which the 24 months after closing end, and only once they have ended: a casus closed
        # recently cannot have "not come back" yet.
        qs = (
            casussen.filter(status=CasusStatusWaarde.AFGESLOTEN, uitstroomreden=Uitstroomreden.AFGEROND)
            .annotate(afgesloten_op=_afgesloten_op())
            .filter(afgesloten_op__gte=tijd_vanaf - relativedelta(months=RECIDIVE_MAANDEN))
            .annotate(venster_eind=Func(F("afgesloten_op"), template=RECIDIVE_VENSTER, output_field=DateTimeField()))
            .filter(venster_eind__gte=tijd_vanaf, venster_eind__lte=tijd_tot)
        )
        opnieuw = Casus.objects.for_systeem("KPI recidive (telling)").filter(
            huishouden=OuterRef("huishouden"),
            aangemeld_op__gt=OuterRef("afgesloten_op"),
            aangemeld_op__lte=OuterRef("venster_eind"),
        )
        return tel(
            qs.annotate(opnieuw=Exists(opnieuw)),
            dimensies=replace(CASUS, maand="venster_eind"),
            teller=Count("pk", filter=Q(opnieuw=True)),
            noemer=Count("pk"),
        )
    if code == "uitstroom_per_reden":
        qs = casussen.filter(status=CasusStatusWaarde.AFGESLOTEN).annotate(afgesloten_op=_afgesloten_op())
        return tel(
            qs.filter(afgesloten_op__gte=tijd_vanaf).exclude(uitstroomreden=""),
            dimensies=replace(CASUS, maand="afgesloten_op", categorie="uitstroomreden"),
            teller=Count("pk"),
        )
    if code in ("onder_bewind", "uitstroom_uit_bewind"):
        return _bewind_telling(code, vanaf=vanaf, peildatum=peildatum)
    if code in ("nazorg_uitgevoerd", "nazorg_zonder_nieuwe_achterstanden"):
        contacten = NazorgContact.objects.for_systeem(f"KPI {code} (telling)")
        dimensies = Dimensies(
            stadsdeel="casus__huishouden__stadsdeel",
            inkomenspositie="casus__huishouden__inkomenspositie",
            maand="gepland_op",
        )
        if code == "nazorg_uitgevoerd":
            # Per planned month. A contact planned for the peildatum itself is not missed yet (the day runs).
            qs = contacten.filter(gepland_op__gte=vanaf).filter(
                Q(gepland_op__lt=peildatum) | Q(gepland_op=peildatum, uitgevoerd_op__isnull=False)
            )
            return tel(
                qs, dimensies=dimensies, teller=Count("pk", filter=Q(uitgevoerd_op__isnull=False)), noemer=Count("pk")
            )
        # Per month of the contact held (a contact may be held before its planned day, never after today).
        qs = contacten.filter(
            uitgevoerd_op__gte=vanaf, uitgevoerd_op__lte=peildatum, nieuwe_achterstanden__isnull=False
        )
        return tel(
            qs,
            dimensies=replace(dimensies, maand="uitgevoerd_op"),
            teller=Count("pk", filter=Q(nieuwe_achterstanden=False)),
            noemer=Count("pk"),
        )
    if code == "maatwerk_goedgekeurd":
        # Per month of the approval (the event counted), so a reported month does not change afterwards.
        qs = MaatwerkVoorstel.objects.for_systeem("KPI maatwerk (telling)").filter(
            status=MaatwerkStatus.GOEDGEKEURD, besluit__tijdstip__gte=tijd_vanaf
        )
        dimensies = Dimensies(
            stadsdeel="casus__huishouden__stadsdeel",
            inkomenspositie="casus__huishouden__inkomenspositie",
            maand="besluit__tijdstip",
            categorie="soort",
        )
        return tel(qs, dimensies=dimensies, teller=Count("pk"))
    if code == "flexibel_budget_besteed":
        # `aantal`: the approvals paid from this budget. An amount spent on fewer than 5 of them is withheld
        # (monitoring.onderdrukking), as it would come close to one inwoner's amount.
        toekenningen = (
            MaatwerkBesluit.objects.for_systeem("KPI flexibel budget (telling)")
            .filter(goedgekeurd=True, budgetjaar=OuterRef("jaar"))
            .values("budgetjaar")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = FlexibelBudget.objects.filter(jaar=peildatum.year).annotate(
            toekenningen=Coalesce(Subquery(toekenningen, output_field=IntegerField()), 0)
        )
        return tel(
            qs,
            dimensies=Dimensies(stadsdeel=None, inkomenspositie=None),
            teller=Sum("besteed"),
            noemer=Sum("bedrag"),
            aantal=Sum("toekenningen"),
            groeperingen=((),),
        )
    raise KeyError(code)
