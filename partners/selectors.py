"""The reads of the partners app that other apps may use. The sociale kaart holds no personal data."""

from django.db.models import Prefetch, QuerySet

from venlo_armoede.accounts.models import Stadsdeel

from .models import Dienst, Wijksignaal


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
