from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATUM
from .models import KenmerkBron, KenmerkSoort


class KenmerkForm(forms.Form):
    soort = forms.ModelChoiceField(
        label=_("Kenmerk"), queryset=KenmerkSoort.objects.none(), empty_label=_("– kies een kenmerk –")
    )
    geldig_van = forms.DateField(label=_("Geldt vanaf"), widget=DATUM)
    geldig_tot = forms.DateField(
        label=_("Geldt tot en met"),
        widget=DATUM,
        required=False,
        help_text=_("Laat leeg als niet bekend is wanneer het kenmerk stopt."),
    )
    bron = forms.ChoiceField(
        label=_("Waar komt het kenmerk vandaan?"), choices=KenmerkBron.choices, widget=forms.RadioSelect
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld welke verklaring u heeft gezien. Geen medische details."),
    )

    def __init__(self, *args, geldt_voor: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].queryset = KenmerkSoort.objects.filter(actief=True, geldt_voor=geldt_voor)

    def clean(self):
        data = super().clean()
        van, tot = data.get("geldig_van"), data.get("geldig_tot")
        if van and tot and tot < van:
            self.add_error("geldig_tot", _("De einddatum ligt voor de begindatum."))
        return data


class BeeindigForm(forms.Form):
    geldig_tot = forms.DateField(
        label=_("Laatste dag dat het kenmerk geldt"), widget=DATUM, help_text=_("Bijvoorbeeld de dag voor vandaag.")
    )
