"""The reads of the partners app that other apps may use. The sociale kaart holds no personal data."""

from dataclasses import replace
from datetime import date, datetime, time

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
    from django.utils import timezone

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


def ontvangen_per_organisatie(*, peildatum, organisaties=None) -> dict[int, int]:
    """Referrals received in the 90 days up to `peildatum`, per organisation (counts, no personal data)."""
    from datetime import timedelta

    from django.db.models import Count

    from .models import Doorverwijzing

    rijen = Doorverwijzing.objects.for_systeem("spreiding van doorverwijzingen (telling)").filter(
        verstuurd_op__gt=peildatum - timedelta(days=90), verstuurd_op__lte=peildatum
    )
    if organisaties is not None:
        rijen = rijen.filter(dienst__organisatie_id__in=organisaties)
    return dict(
        rijen.values_list("dienst__organisatie_id").annotate(n=Count("id")).values_list("dienst__organisatie_id", "n")
    )


def spreiding(*, peildatum=None) -> list[dict]:
    """Per organisation with diensten: referrals in the last 90 days against its capacity (all organisations,
    volunteers included, also those that received none)."""
    from django.db.models import Sum
    from django.utils import timezone

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


def verlopen_reacties(*, gebruiker, casus_ids, vandaag) -> QuerySet[Doorverwijzing]:
    """Referrals of these casussen still waiting for the partner's reaction after its deadline, within the
    user's reach, oldest deadline first (the team page; it counts them and shows a slice)."""
    return (
        Doorverwijzing.objects.for_user(gebruiker)
        .filter(casus_id__in=casus_ids, status__in=WACHT_OP_REACTIE, reageren_uiterlijk__lt=vandaag)
        .select_related("organisatie", "dienst")
        .order_by("reageren_uiterlijk", "id")
    )


# --- KPI counts for the monitoring snapshots (set-based: venlo_armoede.kpi_telling) ---------------------

SIGNAAL = Dimensies(
    stadsdeel="huishouden__stadsdeel", inkomenspositie="huishouden__inkomenspositie", maand="ontvangen_op"
)
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
            qs = qs.filter(contact=True)
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
    if code == "doorverwijzingen_uitkomst":
        qs = verwijzingen.exclude(uitkomst="")
        return tel(qs, dimensies=replace(VERWIJZING, categorie="uitkomst"), teller=Count("pk"))
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
