"""Filters for the niet-gebruik worklist and its export (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel

from .models import Doelgroep, RechtUitkomst, Regeling


class NietGebruikFilter(django_filters.FilterSet):
    regeling = django_filters.ModelChoiceFilter(
        label=_("Regeling"),
        queryset=Regeling.objects.order_by("naam"),
        empty_label=_("Alle regelingen"),
    )
    stadsdeel = django_filters.ModelChoiceFilter(
        label=_("Stadsdeel"),
        field_name="huishouden__stadsdeel",
        queryset=Stadsdeel.objects.order_by("naam"),
        empty_label=_("Alle stadsdelen"),
    )
    doelgroep = django_filters.ChoiceFilter(
        label=_("Doelgroep"),
        field_name="huishouden__inkomenspositie__doelgroep",
        choices=Doelgroep.choices,
        empty_label=_("Alle doelgroepen"),
    )

    class Meta:
        model = RechtUitkomst
        fields = ["regeling", "stadsdeel", "doelgroep"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.form.fields.values():
            veld.widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
