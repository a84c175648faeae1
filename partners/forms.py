"""Forms of the partner portal and the midoffice's vroegsignalen inbox."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.bsn import is_geldig_bsn
from venlo_armoede.accounts.models import Stadsdeel

from .models import (
    ContactpogingSoort,
    VroegsignaalResultaat,
    Wijksignaal,
)

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


class ContactpogingForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort contact"), choices=[("", _("– kies –")), *ContactpogingSoort.choices])
    datum = forms.DateField(label=_("Datum"), widget=DATUM)
    bereikt = forms.ChoiceField(label=_("Inwoner bereikt?"), choices=JA_NEE, widget=forms.RadioSelect)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum kan niet in de toekomst liggen."))
        return datum


class ResultaatForm(forms.Form):
    resultaat = forms.ChoiceField(label=_("Resultaat"), choices=[("", _("– kies –")), *VroegsignaalResultaat.choices])
    hulpvraag = forms.CharField(
        label=_("Hulpvraag voor de aanmelding"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen bij 'Hulp geaccepteerd': dan komt er een aanmelding in de triage."),
    )


class Grondslag:
    TOESTEMMING = "toestemming"
    WETTELIJK = "wettelijk"
    KEUZES = [
        (TOESTEMMING, _("De inwoner geeft toestemming voor deze melding")),
        (WETTELIJK, _("Zonder toestemming, op een wettelijke grond (leg uit welke)")),
    ]


class SignaalForm(forms.Form):
    """A partner's zorgmelding about an inwoner: with the inwoner's consent or a stated legal ground."""

    voornaam = forms.CharField(label=_("Voornaam"), max_length=80)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=120)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), widget=DATUM)
    straat = forms.CharField(label=_("Straat"), max_length=120)
    huisnummer = forms.IntegerField(label=_("Huisnummer"), min_value=1, max_value=99999)
    huisnummer_toevoeging = forms.CharField(label=_("Toevoeging"), max_length=10, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[1-9][0-9]{3} ?[A-Za-z]{2}$",
        max_length=7,
        help_text=_("Bijvoorbeeld 5911 AB"),
        error_messages={"invalid": _("Vul een postcode in zoals 5911 AB.")},
    )
    stadsdeel = forms.ModelChoiceField(label=_("Stadsdeel"), queryset=Stadsdeel.objects.all())
    hulpvraag = forms.CharField(
        label=_("Wat is er aan de hand?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf wat de inwoner nodig heeft. Zet er geen BSN of medische gegevens in."),
    )
    crisis = forms.BooleanField(
        label=_("Er is een crisis"),
        help_text=_("Dreigende huisuitzetting, afsluiting van energie of water, of opzegging van de zorgverzekering."),
        required=False,
    )
    grondslag = forms.ChoiceField(label=_("Mag u dit melden?"), choices=Grondslag.KEUZES, widget=forms.RadioSelect)
    grondslag_toelichting = forms.CharField(
        label=_("Welke wettelijke grond?"),
        required=False,
        max_length=500,
        help_text=_("Alleen als de inwoner geen toestemming gaf. Bijvoorbeeld: acuut gevaar voor het gezin."),
    )

    def clean_hulpvraag(self):
        # A partner never passes the BSN (DOMAIN.md section 7): refuse text that holds one.
        tekst = self.cleaned_data["hulpvraag"]
        if any(is_geldig_bsn(getal) for getal in re.findall(r"(?<!\d)\d{9}(?!\d)", tekst.replace(".", ""))):
            raise forms.ValidationError(
                _("Zet geen BSN in de melding. De gemeente zoekt de inwoner op met naam en adres.")
            )
        return tekst

    def clean_geboortedatum(self):
        datum = self.cleaned_data["geboortedatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."))
        return datum

    def clean(self):
        data = super().clean()
        if data.get("grondslag") == Grondslag.WETTELIJK and not data.get("grondslag_toelichting", "").strip():
            self.add_error("grondslag_toelichting", _("Schrijf op welke wettelijke grond u meldt zonder toestemming."))
        return data


class WijksignaalForm(forms.ModelForm):
    """Counts only: there is no field for a name, an address or free text."""

    class Meta:
        model = Wijksignaal
        fields = ["stadsdeel", "aantal", "aard", "afhandeling", "periode_tot"]
        widgets = {"periode_tot": DATUM}
        help_texts = {"aantal": _("Hoeveel vragen over geld kreeg u in deze periode?")}

    def clean_aantal(self):
        aantal = self.cleaned_data["aantal"]
        if aantal < 1:
            raise forms.ValidationError(_("Vul een aantal in van 1 of meer."))
        return aantal

    def clean_periode_tot(self):
        datum = self.cleaned_data["periode_tot"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De periode kan niet in de toekomst eindigen."))
        return datum
