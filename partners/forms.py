"""Forms of the partner portal, the casus-side consent and referral pages, and the midoffice's vroegsignalen inbox."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import services as cases_services
from cases.bsn import bsns_in_tekst, zonder_bsn
from venlo_armoede.accounts.models import Organisatie, Stadsdeel

from .models import (
    AfwijsReden,
    ContactpogingSoort,
    Dienst,
    Gegevenscategorie,
    StapSoort,
    ToestemmingWijze,
    Uitkomst,
    Urgentie,
    VroegsignaalResultaat,
    Wijksignaal,
)
from .services import HULPVRAAG_ZONDER_BSN


def weiger_bsn(form, veld: str, melding) -> str:
    """Refuse a free text holding a BSN. The refused page shows the text back without the number, so the BSN
    does not end up in the browser's page either."""
    tekst = form.cleaned_data[veld]
    if bsns_in_tekst(tekst):
        data = form.data.copy()
        data[form.add_prefix(veld)] = zonder_bsn(tekst)
        form.data = data
        raise forms.ValidationError(melding)
    return tekst


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
    crisis_reden = forms.ChoiceField(
        label=_("Welke crisis?"),
        choices=[("", _("Kies de crisis"))] + cases_services.CrisisReden.choices,
        required=False,
        help_text=_("Alleen invullen als er een crisis is."),
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
        return weiger_bsn(
            self, "hulpvraag", _("Zet geen BSN in de melding. De gemeente zoekt de inwoner op met naam en adres.")
        )

    def clean_geboortedatum(self):
        datum = self.cleaned_data["geboortedatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."))
        return datum

    def clean(self):
        data = super().clean()
        if data.get("crisis") and not data.get("crisis_reden"):
            self.add_error("crisis_reden", _("Kies welke crisis er is."))
        if not data.get("crisis"):
            data["crisis_reden"] = ""
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
            # Pre-filled from the casus, but never with a BSN someone once typed there.
            self.fields["hulpvraag"].initial = zonder_bsn(casus.hulpvraag)

    def clean_hulpvraag(self):
        # The partner never gets the BSN (DOMAIN.md section 7), not even typed into the hulpvraag.
        return weiger_bsn(self, "hulpvraag", HULPVRAAG_ZONDER_BSN)


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
