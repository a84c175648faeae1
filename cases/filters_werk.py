"""The filters of Mijn werk (django-filter): fase, crisis and the stand of the next Wgs deadline; and of the open
maatwerk proposals. Every filter is a condition in SQL, so the lists stay paginated in the database with a fixed
number of queries."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel

from .models import Casus, MaatwerkSoort, MaatwerkVoorstel
from .termijnen import BIJNA_WERKDAGEN, plus_werkdagen
from .workflow import CasusStatusWaarde

_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}

OPEN_FASEN = [(waarde, label) for waarde, label in CasusStatusWaarde.choices if waarde != CasusStatusWaarde.AFGESLOTEN]
TERMIJNSTANDEN = [
    ("te_laat", _("Verlopen")),
    ("bijna", _("Bijna verlopen (2 werkdagen of minder)")),
    ("op_tijd", _("Op tijd")),
    ("geen", _("Geen lopende termijn")),
]


def termijnstand_voorwaarden(vandaag: date, gelijkgestelde_dagen) -> dict[str, Q]:
    """The stand of the first running deadline (volgende_termijn_op, denormalised and indexed) as SQL conditions,
    by the rule of cases.termijnen.termijnstatus: past today is "te laat"; at most 2 werkdagen after today up to
    and including the deadline is "bijna", so every deadline before the 3rd werkdag after today."""
    op_tijd_vanaf = plus_werkdagen(vandaag, BIJNA_WERKDAGEN + 1, gelijkgestelde_dagen=gelijkgestelde_dagen)
    return {
        "te_laat": Q(volgende_termijn_op__lt=vandaag),
        "bijna": Q(volgende_termijn_op__gte=vandaag, volgende_termijn_op__lt=op_tijd_vanaf),
        "op_tijd": Q(volgende_termijn_op__gte=op_tijd_vanaf),
        "geen": Q(volgende_termijn_op__isnull=True),
    }


class WerkFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Fase"), choices=OPEN_FASEN, empty_label=_("Alle fasen"), widget=forms.Select(attrs=_KEUZE)
    )
    crisis = django_filters.ChoiceFilter(
        label=_("Crisis"),
        choices=[("ja", _("Alleen crisis")), ("nee", _("Geen crisis"))],
        empty_label=_("Met en zonder crisis"),
        method="filter_crisis",
        widget=forms.Select(attrs=_KEUZE),
    )
    termijn = django_filters.ChoiceFilter(
        label=_("Volgende termijn"),
        choices=TERMIJNSTANDEN,
        empty_label=_("Alle termijnen"),
        method="filter_termijn",
        widget=forms.Select(attrs=_KEUZE),
    )

    class Meta:
        model = Casus
        fields = ["status", "crisis", "termijn"]

    def __init__(self, *args, vandaag: date, gelijkgestelde_dagen, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag, self.gelijkgestelde_dagen = vandaag, gelijkgestelde_dagen

    def filter_crisis(self, queryset, name, value):
        return queryset.filter(crisis=value == "ja")

    def filter_termijn(self, queryset, name, value):
        return queryset.filter(termijnstand_voorwaarden(self.vandaag, self.gelijkgestelde_dagen)[value])


class MaatwerkFilter(django_filters.FilterSet):
    """The open proposals on the kwaliteitsfunctionaris's page: by soort, crisis and stadsdeel."""

    soort = django_filters.ChoiceFilter(
        label=_("Soort maatwerk"),
        choices=MaatwerkSoort.choices,
        empty_label=_("Alle soorten"),
        widget=forms.Select(attrs=_KEUZE),
    )
    crisis = django_filters.ChoiceFilter(
        label=_("Crisis"),
        choices=[("ja", _("Alleen crisis")), ("nee", _("Geen crisis"))],
        empty_label=_("Met en zonder crisis"),
        method="filter_crisis",
        widget=forms.Select(attrs=_KEUZE),
    )
    stadsdeel = django_filters.ModelChoiceFilter(
        label=_("Stadsdeel"),
        field_name="casus__huishouden__stadsdeel",
        queryset=Stadsdeel.objects.all(),
        empty_label=_("Alle stadsdelen"),
        widget=forms.Select(attrs=_KEUZE),
    )

    class Meta:
        model = MaatwerkVoorstel
        fields = ["soort", "crisis", "stadsdeel"]

    def filter_crisis(self, queryset, name, value):
        return queryset.filter(casus__crisis=value == "ja")
