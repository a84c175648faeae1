"""Filters over the audit log for the privacy officer's pages (django-filter)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Actie, AuditRecord, Resultaat, Verwerkingsactiviteit

_DATUM = forms.DateInput(
    attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}, format="%Y-%m-%d"
)
_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}
_TEKST = {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off", "spellcheck": "false"}


class PeriodeForm(forms.Form):
    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            raise ValidationError(_("De datum 'vanaf' ligt na de datum 'tot en met'. Draai ze om."))
        return data


class PeriodeFilter(django_filters.FilterSet):
    """A period by day, both ends included (local dates)."""

    van = django_filters.DateFilter(label=_("Vanaf"), field_name="start_tijd", lookup_expr="date__gte", widget=_DATUM)
    tot = django_filters.DateFilter(
        label=_("Tot en met"), field_name="start_tijd", lookup_expr="date__lte", widget=_DATUM
    )

    class Meta:
        model = AuditRecord
        fields = ["van", "tot"]
        form = PeriodeForm

    @property
    def gefilterd(self) -> bool:
        return self.is_bound and self.is_valid() and any(v not in (None, "") for v in self.form.cleaned_data.values())


class LogboekFilter(PeriodeFilter):
    """Period, processing activity, action and result: for an inwoner's or a user's records."""

    verwerkingsactiviteit = django_filters.ChoiceFilter(
        label=_("Verwerkingsactiviteit"),
        choices=Verwerkingsactiviteit.choices,
        empty_label=_("Alle verwerkingsactiviteiten"),
        widget=forms.Select(attrs=_KEUZE),
    )
    actie = django_filters.ChoiceFilter(
        label=_("Actie"), choices=Actie.choices, empty_label=_("Alle acties"), widget=forms.Select(attrs=_KEUZE)
    )
    resultaat = django_filters.ChoiceFilter(
        label=_("Resultaat"),
        choices=Resultaat.choices,
        empty_label=_("Alle resultaten"),
        widget=forms.Select(attrs=_KEUZE),
    )

    class Meta(PeriodeFilter.Meta):
        fields = ["van", "tot", "verwerkingsactiviteit", "actie", "resultaat"]


class BetrokkenenFilter(LogboekFilter):
    """The set of records behind a breach notification: any combination, by user too."""

    gebruiker = django_filters.CharFilter(
        label=_("Gebruikersnaam"),
        field_name="actor_naam",
        help_text=_("Alleen wat deze gebruiker deed. Precies zoals de gebruikersnaam is geschreven."),
        widget=forms.TextInput(attrs=_TEKST),
    )

    class Meta(PeriodeFilter.Meta):
        fields = ["van", "tot", "gebruiker", "verwerkingsactiviteit", "actie", "resultaat"]
