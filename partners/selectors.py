"""The reads of the partners app that other apps may use. The sociale kaart holds no personal data."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.accounts.roles import OrganisatieSoort
from venlo_armoede.kpi_telling import Dimensies, Mediaan, tel

from .models import (
    WACHT_OP_REACTIE,
    Contactpoging,
    Dienst,
    Doorverwijzing,
    DoorverwijzingStap,
    StapSoort,
    Uitkomst,
    Vroegsignaal,
    VroegsignaalResultaat,
    Wijksignaal,
)


def openbare_diensten() -> QuerySet[Dienst]:
    """The diensten the public sees (active, of an active organisation), with their organisation and
    werkgebied, so a list of any length costs the same few queries."""
    return (
        Dienst.objects.openbaar()
        .select_related("organisatie")
        .prefetch_related(Prefetch("werkgebied", queryset=Stadsdeel.objects.order_by("naam")))
        .order_by("organisatie__naam", "naam", "pk")
    )


def wijksignalen_van(*, organisatie) -> QuerySet[Wijksignaal]:
    """An organisation's own counted money questions (no personal data), newest first."""
    if organisatie is None:
        return Wijksignaal.objects.none()
    return Wijksignaal.objects.filter(organisatie=organisatie).select_related("stadsdeel").order_by("-geregistreerd_op")


def suggesties(*, stadsdeel, hulpvraag: str | None = None, peildatum=None) -> list[Dienst]:
    """Diensten for a referral: active, working in the stadsdeel, fitting the need, and not full. Those with
    free places come first; among equals, the organisation that received the fewest referrals in the last 90
    days per place comes first (fair spreading, so small volunteer organisations are not forgotten)."""
    peildatum = peildatum or timezone.now()
    diensten = Dienst.objects.openbaar().voor_stadsdeel(stadsdeel).exclude(capaciteit_beschikbaar=0)
    if hulpvraag:
        diensten = diensten.met_hulpvraag(hulpvraag)
    diensten = list(diensten.select_related("organisatie"))
    ontvangen = ontvangen_per_organisatie(peildatum=peildatum, organisaties=[d.organisatie_id for d in diensten])

    def volgorde(dienst):
        vrij = dienst.capaciteit_beschikbaar
        aantal = ontvangen.get(dienst.organisatie_id, 0)
        per_plek = aantal / dienst.capaciteit_maximum if dienst.capaciteit_maximum else aantal
        return (0 if vrij else 1, per_plek, -(vrij or 0), dienst.naam, dienst.pk)

    return sorted(diensten, key=volgorde)


SPREIDING_DAGEN = 90


def spreiding_vanaf(peildatum) -> datetime:
    """The start of the spreading period: midnight (Venlo time) of the day 90 days before the peildatum's day.
    By whole days, so a count does not change during the day: a referral sent 90 days ago (any hour of that
    day) counts, one sent 91 days ago does not. The period is thus those 90 days plus today."""
    dag = timezone.localdate(peildatum) - timedelta(days=SPREIDING_DAGEN)
    return datetime.combine(dag, time.min, tzinfo=timezone.get_current_timezone())


def ontvangen_per_organisatie(*, peildatum, organisaties=None) -> dict[int, int]:
    """Referrals received from spreiding_vanaf(peildatum) up to the peildatum, per organisation of the dienst
    referred to (counts, no personal data)."""
    rijen = Doorverwijzing.objects.for_systeem("spreiding van doorverwijzingen (telling)").filter(
        verstuurd_op__gte=spreiding_vanaf(peildatum), verstuurd_op__lte=peildatum
    )
    if organisaties is not None:
        rijen = rijen.filter(dienst__organisatie_id__in=organisaties)
    return dict(
        rijen.values_list("dienst__organisatie_id").annotate(n=Count("id")).values_list("dienst__organisatie_id", "n")
    )


def spreiding(*, peildatum=None) -> list[dict]:
    """Per organisation with diensten: referrals in the last 90 days (spreiding_vanaf) against its capacity
    (all organisations, volunteers included, also those that received none)."""
    from venlo_armoede.accounts.models import Organisatie

    peildatum = peildatum or timezone.now()
    ontvangen = ontvangen_per_organisatie(peildatum=peildatum)
    organisaties = (
        Organisatie.objects.filter(actief=True, diensten__actief=True)
        .annotate(vrij=Sum("diensten__capaciteit_beschikbaar"), maximum=Sum("diensten__capaciteit_maximum"))
        .order_by("naam")
    )
    return [
        {
            "organisatie": o,
            "soort": o.get_soort_display(),
            "ontvangen": ontvangen.get(o.pk, 0),
            "vrij": o.vrij,
            "maximum": o.maximum,
        }
        for o in organisaties
    ]


def organisatiesoorten() -> dict[str, str]:
    """Organisation name -> the Dutch name of its kind (professioneel, vrijwilligers, fonds, ...): how /beleid/
    groups the referral flows it reads from the snapshots (which name the organisation). No personal data."""
    from venlo_armoede.accounts.models import Organisatie

    return {
        naam: str(OrganisatieSoort(soort).label) for naam, soort in Organisatie.objects.values_list("naam", "soort")
    }


def verlopen_reacties(*, gebruiker, klantadviseurs, vandaag) -> list[dict]:
    """Referrals of the open casussen of these klantadviseurs still waiting for the partner's reaction after its
    deadline, within the user's reach, oldest deadline first (the team page). One query of a few columns: the
    page shows their number and the oldest of them."""
    return list(
        Doorverwijzing.objects.for_user(gebruiker)
        .filter(
            casus__klantadviseur_id__in=klantadviseurs,
            status__in=WACHT_OP_REACTIE,
            reageren_uiterlijk__lt=vandaag,
        )
        .exclude(casus__status="afgesloten")
        .order_by("reageren_uiterlijk", "id")
        .values(
            "id",
            "casus_id",
            "reageren_uiterlijk",
            organisatie_naam=F("organisatie__naam"),
            dienst_naam=F("dienst__naam"),
        )
    )


# --- KPI counts for the monitoring snapshots (set-based: venlo_armoede.kpi_telling) ---------------------

SIGNAAL = Dimensies(
    stadsdeel="huishouden__stadsdeel", inkomenspositie="huishouden__inkomenspositie", maand="ontvangen_op"
)
# The Dutch label of each category code a KPI of this app stores (the snapshots and the API keep the code).
KPI_CATEGORIELABELS: dict[str, dict[str, str]] = {"doorverwijzingen_uitkomst": dict(Uitkomst.choices)}
VERWIJZING = Dimensies(
    stadsdeel="casus__huishouden__stadsdeel",
    inkomenspositie="casus__huishouden__inkomenspositie",
    maand="verstuurd_op",
    categorie="organisatie__naam",
)


def kpi_telling(code: str, *, vanaf: date, peildatum: date) -> list[dict]:
    """The rows of one KPI of this app, per month of receiving (signals) or sending (referrals)."""
    tijd_vanaf = datetime.combine(vanaf, time.min, tzinfo=timezone.get_current_timezone())
    if code.startswith("vroegsignalen_"):
        bereikt = Contactpoging.objects.for_systeem(f"KPI {code} (telling)").filter(
            vroegsignaal=OuterRef("pk"), bereikt=True
        )
        qs = (
            Vroegsignaal.objects.for_systeem(f"KPI {code} (telling)")
            .filter(ontvangen_op__gte=tijd_vanaf)
            .annotate(contact=Exists(bereikt))
        )
        if code == "vroegsignalen_ontvangen":
            return tel(qs, dimensies=SIGNAAL, teller=Count("pk"))
        if code == "vroegsignalen_contact":
            return tel(qs, dimensies=SIGNAAL, teller=Count("pk", filter=Q(contact=True)), noemer=Count("pk"))
        if code == "vroegsignalen_hulp_geaccepteerd":
            # A signal whose result is still open is no refusal: only signals with contact and a result count.
            qs = qs.filter(contact=True).exclude(resultaat="")
            teller = Count("pk", filter=Q(resultaat=VroegsignaalResultaat.HULP_GEACCEPTEERD))
            return tel(qs, dimensies=SIGNAAL, teller=teller, noemer=Count("pk"))
        if code == "vroegsignalen_opeenvolgend":
            return tel(qs, dimensies=SIGNAAL, teller=Count("pk", filter=Q(opeenvolgend=True)), noemer=Count("pk"))
        raise KeyError(code)
    verwijzingen = Doorverwijzing.objects.for_systeem(f"KPI {code} (telling)").filter(verstuurd_op__gte=tijd_vanaf)
    stappen = DoorverwijzingStap.objects.for_systeem(f"KPI {code} (telling)").filter(doorverwijzing=OuterRef("pk"))
    if code == "doorverwijzingen":
        return tel(verwijzingen, dimensies=VERWIJZING, teller=Count("pk"))
    if code == "doorverwijzingen_geaccepteerd":
        qs = verwijzingen.annotate(
            geaccepteerd=Exists(stappen.filter(stap=StapSoort.GEACCEPTEERD)),
            afgewezen=Exists(stappen.filter(stap=StapSoort.AFGEWEZEN)),
        ).filter(Q(geaccepteerd=True) | Q(afgewezen=True))
        return tel(qs, dimensies=VERWIJZING, teller=Count("pk", filter=Q(geaccepteerd=True)), noemer=Count("pk"))
    if code in ("doorverwijzingen_uitkomst", "doorverwijzingen_afgerond"):
        # Per month of the afronding (the event counted), so a month's figure does not change afterwards.
        afgerond = stappen.filter(stap=StapSoort.AFGEROND).order_by("tijdstip").values("tijdstip")[:1]
        qs = (
            Doorverwijzing.objects.for_systeem(f"KPI {code} (telling)")
            .annotate(afgerond_op=Subquery(afgerond))
            .filter(afgerond_op__gte=tijd_vanaf)
        )
        if code == "doorverwijzingen_afgerond":  # per partner: the flow gemeente → partner on /beleid/
            return tel(qs, dimensies=replace(VERWIJZING, maand="afgerond_op"), teller=Count("pk"))
        dimensies = replace(VERWIJZING, maand="afgerond_op", categorie="uitkomst")
        return tel(qs.exclude(uitkomst=""), dimensies=dimensies, teller=Count("pk"))
    if code == "doorverwijzingen_reactietijd":
        reactie = (
            stappen.filter(stap__in=(StapSoort.GEACCEPTEERD, StapSoort.AFGEWEZEN))
            .order_by("tijdstip")
            .values("tijdstip")
        )
        qs = verwijzingen.annotate(reactie_op=Subquery(reactie[:1])).filter(reactie_op__isnull=False)
        dagen = Func(
            F("reactie_op"),
            F("verstuurd_op"),
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            output_field=FloatField(),
        )
        return tel(qs, dimensies=VERWIJZING, teller=Count("pk"), aantal=Count("pk"), waarde=Mediaan(dagen))
    if code == "doorverwijzingen_vrijwilligers":
        teller = Count("pk", filter=Q(organisatie__soort=OrganisatieSoort.VRIJWILLIGERS))
        return tel(verwijzingen, dimensies=replace(VERWIJZING, categorie=None), teller=teller, noemer=Count("pk"))
    if code == "capaciteitsgebruik":
        qs = Dienst.objects.filter(actief=True, capaciteit_maximum__gt=0, capaciteit_beschikbaar__isnull=False)
        return tel(
            qs.annotate(bezet=F("capaciteit_maximum") - F("capaciteit_beschikbaar")),
            dimensies=Dimensies(stadsdeel=None, inkomenspositie=None, categorie="organisatie__naam"),
            teller=Sum("bezet"),
            noemer=Sum("capaciteit_maximum"),
            groeperingen=((),),
        )
    raise KeyError(code)
