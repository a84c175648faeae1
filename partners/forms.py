from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Organisatie

from .models import AfwijsReden, Dienst, Gegevenscategorie, StapSoort, ToestemmingWijze, Uitkomst, Urgentie


class ToestemmingForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.filter(actief=True).exclude(soort="gemeente").order_by("naam"),
        help_text=_("Met welke organisatie mag de gemeente gegevens delen?"),
    )
    categorieen = forms.MultipleChoiceField(
        label=_("Welke gegevens"), choices=Gegevenscategorie.choices, widget=forms.CheckboxSelectMultiple
    )
    wijze = forms.ChoiceField(label=_("Hoe gaf de inwoner toestemming?"), choices=ToestemmingWijze.choices)
    gegeven_op = forms.DateField(
        label=_("Datum van de toestemming"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    geldig_tot = forms.DateField(
        label=_("Geldig tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hoogstens twee jaar na de datum van de toestemming."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = timezone.localdate()
        self.fields["gegeven_op"].initial = vandaag
        self.fields["geldig_tot"].initial = vandaag + timedelta(days=365)


class DoorverwijzingForm(forms.Form):
    dienst = forms.ModelChoiceField(
        label=_("Dienst"), queryset=Dienst.objects.openbaar().select_related("organisatie").order_by("naam")
    )
    hulpvraag = forms.CharField(label=_("Hulpvraag"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    urgentie = forms.ChoiceField(label=_("Urgentie"), choices=Urgentie.choices)
    categorieen = forms.MultipleChoiceField(
        label=_("Welke gegevens deelt u?"),
        choices=Gegevenscategorie.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Alleen gegevens waarvoor de inwoner toestemming gaf."),
    )

    def __init__(self, *args, casus=None, **kwargs):
        super().__init__(*args, **kwargs)
        if casus is not None:
            self.fields["hulpvraag"].initial = casus.hulpvraag


class StapForm(forms.Form):
    stap = forms.ChoiceField(label=_("Wat doet u?"), choices=())
    reden = forms.ChoiceField(
        label=_("Reden van afwijzen"), choices=[("", _("(alleen bij afwijzen)")), *AfwijsReden.choices], required=False
    )
    voorgestelde_dienst = forms.ModelChoiceField(
        label=_("Andere dienst die beter past"),
        queryset=Dienst.objects.openbaar().order_by("naam"),
        required=False,
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"), choices=[("", _("(alleen bij afronden)")), *Uitkomst.choices], required=False
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, mogelijk=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stap"].choices = [(s, StapSoort(s).label) for s in mogelijk]


class DoorgevenForm(forms.Form):
    lid = forms.ModelChoiceField(label=_("Lidorganisatie"), queryset=Organisatie.objects.none())

    def __init__(self, *args, koepel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lid"].queryset = Organisatie.objects.filter(koepel=koepel, actief=True).order_by("naam")


class CapaciteitForm(forms.Form):
    beschikbaar = forms.IntegerField(label=_("Plekken vrij"), min_value=0, required=False)
    maximum = forms.IntegerField(label=_("Plekken in totaal"), min_value=0, required=False)
    eenheid = forms.CharField(label=_("Eenheid"), max_length=50, required=False)
