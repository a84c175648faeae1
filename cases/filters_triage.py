"""The filters of the triage inbox (django-filter): bron, crisis and stadsdeel."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel

from .models import AanmeldBron, Casus

_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


class TriageFilter(django_filters.FilterSet):
    bron = django_filters.ChoiceFilter(
        label=_("Bron"), choices=AanmeldBron.choices, empty_label=_("Alle bronnen"), widget=forms.Select(attrs=_KEUZE)
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
        field_name="huishouden__stadsdeel",
        queryset=Stadsdeel.objects.all(),
        empty_label=_("Alle stadsdelen"),
        widget=forms.Select(attrs=_KEUZE),
    )

    class Meta:
        model = Casus
        fields = ["bron", "crisis", "stadsdeel"]

    def filter_crisis(self, queryset, name, value):
        return queryset.filter(crisis=value == "ja")
