from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATUM
from .models import MaatwerkSoort

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


class MaatwerkForm(forms.Form):
    soort = forms.ChoiceField(label=_("Wat stelt u voor?"), choices=MaatwerkSoort.choices, widget=forms.RadioSelect)
    regeling = forms.CharField(
        label=_("Regeling"),
        max_length=200,
        required=False,
        help_text=_("Alleen bij een regeling boven de grens. Bijvoorbeeld: Individuele inkomenstoeslag."),
    )
    bedrag = forms.DecimalField(
        label=_("Bedrag in euro"),
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("Verplicht bij het flexibel budget. Bijvoorbeeld 350,00."),
        localize=True,
    )
    motivering = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarom past de gewone regel hier niet, en wat lost dit maatwerk op?"),
    )


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Uw besluit"),
        choices=[("goedkeuren", _("Goedkeuren")), ("afwijzen", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(
        label=_("Reden van uw besluit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De klantadviseur ziet deze reden op de tijdlijn van de casus."),
    )


class NazorgForm(forms.Form):
    contact = forms.TypedChoiceField(label=_("Welk contact"), coerce=int)
    uitgevoerd_op = forms.DateField(label=_("Datum van het contact"), widget=DATUM)
    nieuwe_achterstanden = forms.ChoiceField(
        label=_("Heeft de inwoner nieuwe betalingsachterstanden?"), choices=JA_NEE, widget=forms.RadioSelect
    )
    rust_en_overzicht = forms.ChoiceField(
        label=_("Heeft de inwoner rust en overzicht over de geldzaken?"), choices=JA_NEE, widget=forms.RadioSelect
    )
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, contacten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [
            (
                c.pk,
                _("Na %(maanden)s maanden (gepland op %(datum)s)")
                % {"maanden": c.maanden, "datum": c.gepland_op.strftime("%d-%m-%Y")},
            )
            for c in contacten
        ]
