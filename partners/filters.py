"""Filters of the sociale kaart (django-filter), shared by the public page and GET /api/v1/diensten/."""

import django_filters
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel

from .models import Aanmeldroute, Codelijst, Dienst, Doelgroep, Hulpvraag


class DienstFilter(django_filters.FilterSet):
    """The filters an inwoner uses: what they need help with, for whom, where they live, how to sign up."""

    hulpvraag = django_filters.ChoiceFilter(
        label=_("Waar zoekt u hulp bij?"),
        choices=Hulpvraag.choices,
        empty_label=_("Alle vragen"),
        method="filter_hulpvraag",
    )
    doelgroep = django_filters.ChoiceFilter(
        label=_("Voor wie is de hulp?"),
        choices=Doelgroep.choices,
        empty_label=_("Voor iedereen"),
        method="filter_doelgroep",
    )
    stadsdeel = django_filters.ModelChoiceFilter(
        label=_("In welk deel van Venlo woont u?"),
        queryset=Stadsdeel.objects.order_by("naam"),
        empty_label=_("Heel Venlo"),
        method="filter_stadsdeel",
    )
    aanmeldroute = django_filters.ChoiceFilter(
        label=_("Hoe wilt u zich aanmelden?"),
        choices=Aanmeldroute.choices,
        empty_label=_("Alle manieren"),
        method="filter_aanmeldroute",
    )

    class Meta:
        model = Dienst
        fields = ["hulpvraag", "doelgroep", "stadsdeel", "aanmeldroute"]

    def filter_hulpvraag(self, queryset, name, value):
        return queryset.met_hulpvraag(value)

    def filter_doelgroep(self, queryset, name, value):
        return queryset.voor_doelgroep(value)

    def filter_stadsdeel(self, queryset, name, value):
        return queryset.voor_stadsdeel(value)

    def filter_aanmeldroute(self, queryset, name, value):
        return queryset.filter(aanmeldroutes__contains=Codelijst.bevat(value))


class DienstPaginaFilter(DienstFilter):
    """The public page's form, in NL Design System markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.form.fields.values():
            veld.widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")


class DienstApiFilter(DienstFilter):
    """The API's filters: those of the page plus organisation and free places."""

    # Plain ids, not choices: an unknown id is a valid question with an empty answer (as REST clients expect),
    # not a 400 (schemathesis holds the API to its schema).
    stadsdeel = django_filters.NumberFilter(
        label=_("Id van een stadsdeel: diensten die daar werken, en die in heel Venlo werken."),
        field_name="werkgebied",
        method="filter_stadsdeel",
    )
    organisatie = django_filters.NumberFilter(
        label=_("Id van een organisatie: alleen haar diensten."), field_name="organisatie_id"
    )
    plek_vrij = django_filters.BooleanFilter(
        label=_("true: alleen diensten die nu plek hebben; false: alleen diensten die vol zijn."),
        method="filter_plek_vrij",
    )

    class Meta(DienstFilter.Meta):
        fields = [*DienstFilter.Meta.fields, "organisatie", "plek_vrij"]

    def filter_plek_vrij(self, queryset, name, value):
        return queryset.filter(capaciteit_beschikbaar__gt=0) if value else queryset.filter(capaciteit_beschikbaar=0)
