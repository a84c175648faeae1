import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel

from .models import Gezinsrol, InkomenSoort
from .services import NieuwInkomen, NieuwLid
from .workflow import CasusStatusWaarde, Uitstroomreden, mag_overgaan, overgang_geweigerd, volgende_stappen

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HuishoudenForm(forms.Form):
    straat = forms.CharField(label=_("Straat"), max_length=120)
    huisnummer = forms.IntegerField(label=_("Huisnummer"), min_value=1)
    huisnummer_toevoeging = forms.CharField(label=_("Toevoeging"), max_length=10, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("Bijvoorbeeld 5911 AB"))
    stadsdeel = forms.ModelChoiceField(label=_("Stadsdeel"), queryset=Stadsdeel.objects.all())
    vermogen = forms.DecimalField(
        label=_("Vermogen in euro"), max_digits=12, decimal_places=2, required=False, help_text=_("Leeg als onbekend")
    )
    laag_inkomen_sinds = forms.DateField(label=_("Laag inkomen sinds"), required=False, widget=DATUM)


class LidForm(forms.Form):
    # The empty choice comes first so an unused block is posted as "" and counts as untouched
    # (has_changed() is False); the formset then skips it. A used block still needs a role.
    rol = forms.ChoiceField(label=_("Rol"), choices=[("", _("– kies –"))] + Gezinsrol.choices)
    voornaam = forms.CharField(label=_("Voornaam"), max_length=80)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=120)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), widget=DATUM)
    bsn = forms.CharField(label=_("BSN"), max_length=9, min_length=9, required=False)
    inkomen_soort = forms.ChoiceField(
        label=_("Soort inkomen"), choices=[("", _("Geen inkomen"))] + InkomenSoort.choices, required=False
    )
    netto_maandinkomen = forms.DecimalField(
        label=_("Netto inkomen per maand"), max_digits=10, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("inkomen_soort") and data.get("netto_maandinkomen") is None:
            self.add_error("netto_maandinkomen", _("Vul het netto bedrag per maand in."))
        if data.get("netto_maandinkomen") is not None and not data.get("inkomen_soort"):
            self.add_error("inkomen_soort", _("Kies de soort inkomen."))
        return data

    def als_nieuw_lid(self) -> NieuwLid:
        d = self.cleaned_data
        inkomens = []
        if d.get("inkomen_soort"):
            inkomens.append(
                NieuwInkomen(
                    soort=d["inkomen_soort"], netto_maandbedrag=d["netto_maandinkomen"], geldig_van=timezone.localdate()
                )
            )
        return NieuwLid(
            rol=d["rol"],
            voornaam=d["voornaam"],
            tussenvoegsel=d.get("tussenvoegsel", ""),
            achternaam=d["achternaam"],
            geboortedatum=d["geboortedatum"],
            bsn=d.get("bsn") or None,
            inkomens=inkomens,
        )


class BaseLidFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index == 0:
            # Every household has one aanvrager; the first person usually is that one.
            kwargs["initial"] = {"rol": Gezinsrol.AANVRAGER}
        return kwargs


# Blocks after the first (min_num) are empty_permitted: a block with nothing filled in is skipped.
LidFormSet = forms.formset_factory(LidForm, formset=BaseLidFormSet, extra=4, max_num=12, min_num=1, validate_min=True)

# Service error keys ("leden[2].inkomens[0].netto_maandbedrag") mapped onto form fields.
_LID_VELD = re.compile(r"^leden\[(\d+)\]\.(\w+)(?:\[\d+\]\.(\w+))?$")
_VELD_IN_FORM = {"naam": "voornaam", "netto_maandbedrag": "netto_maandinkomen", "soort": "inkomen_soort"}


def toon_servicefouten(fout: ValidationError, *, form: HuishoudenForm, formset, ingevulde_formulieren: list) -> None:
    """Put the service's errors on the fields the user filled in, so the form shows what is wrong."""
    for sleutel, berichten in fout.message_dict.items():
        match = _LID_VELD.match(sleutel)
        if match:
            lidform = ingevulde_formulieren[int(match.group(1))]
            veld = match.group(3) or match.group(2)
            veld = _VELD_IN_FORM.get(veld, veld)
            for bericht in berichten:
                lidform.add_error(veld if veld in lidform.fields else None, bericht)
        elif sleutel == "leden":
            formset._non_form_errors = formset.error_class(list(formset.non_form_errors()) + berichten)
        else:
            for bericht in berichten:
                form.add_error(sleutel if sleutel in form.fields else None, bericht)


class DoorbraakForm(forms.Form):
    # Not required here: the service checks the reason and logs a refused attempt, also an empty one.
    reden = forms.CharField(
        label=_("Waarom heeft u deze gegevens nodig?"),
        help_text=_("Bijvoorbeeld: de inwoner belt mij, zijn eigen klantadviseur is ziek. Dit wordt vastgelegd."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class _StapVeld(forms.ChoiceField):
    """Offers only the allowed steps, but lets any known status through its own check: a step that is not allowed
    (an old page, a crafted post) then gets the workflow's message in StatusForm.clean, not "geen geldige keuze"."""

    default_error_messages = {"invalid_choice": _("Kies een van de stappen die op de pagina staan.")}

    def valid_value(self, value):
        return value in CasusStatusWaarde.values


class StatusForm(forms.Form):
    """The next step of a casus: only the steps the workflow allows from its current status are offered; another
    step is refused with the same message as the service gives (workflow.overgang_geweigerd)."""

    status = _StapVeld(label=_("Volgende stap"), widget=forms.RadioSelect)
    uitstroomreden = forms.ChoiceField(
        label=_("Reden van afsluiten"),
        required=False,
        choices=[("", _("Kies alleen bij afsluiten"))] + list(Uitstroomreden.choices),
        help_text=_("Alleen nodig als u de casus afsluit."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    # The version the page showed: a save on an older one is refused with what changed (services.VerouderdeVersie).
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, casus, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("versie", casus.versie)
        super().__init__(*args, **kwargs)
        self.casus_status = casus.status
        self.fields["status"].choices = [
            (waarde, CasusStatusWaarde(waarde).label) for waarde in volgende_stappen(casus.status)
        ]

    def clean(self):
        data = super().clean()
        _eis_versie(self, data)
        if data.get("status") and not mag_overgaan(self.casus_status, data["status"]):
            self.add_error("status", overgang_geweigerd(self.casus_status, data.pop("status")))
            return data
        if data.get("status") == CasusStatusWaarde.AFGESLOTEN and not data.get("uitstroomreden"):
            self.add_error("uitstroomreden", _("Kies waarom de casus wordt afgesloten."))
        elif data.get("status") and data.get("status") != CasusStatusWaarde.AFGESLOTEN and data.get("uitstroomreden"):
            self.add_error("uitstroomreden", _("Deze reden hoort alleen bij afsluiten. Maak dit veld leeg."))
        return data


# --- Deadline events on the casus page (issue 8). Each form has its own prefix and a hidden `actie`. -------------
NEE_JA = [("ja", _("Ja, toegelaten")), ("nee", _("Nee, afgewezen"))]


def _eis_versie(form, data) -> None:
    """A hidden field's error would not show: a missing version is told above the form instead."""
    if data.get("versie") is None:
        form.errors.pop("versie", None)
        form.add_error(None, _("De pagina is verouderd. Laad de casus opnieuw en probeer het nog eens."))


class _VersieForm(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self):
        data = super().clean()
        _eis_versie(self, data)
        return data

    def __init__(self, *args, casus, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("versie", casus.versie)
        kwargs.setdefault("prefix", self.actie)
        super().__init__(*args, **kwargs)

    def toon_nieuwe_versie(self, versie: int) -> None:
        """After a refused stale save: keep what the user typed, carry the current version for a deliberate retry."""
        self.data = self.data.copy()
        self.data[self.add_prefix("versie")] = str(versie)


class AfspraakForm(_VersieForm):
    actie = "afspraak"
    soort = forms.ChoiceField(
        label=_("Soort afspraak"),
        choices=[("eerste_gesprek", _("Eerste gesprek")), ("overig", _("Overige afspraak"))],
        widget=forms.RadioSelect,
        help_text=_("De datum van het eerste gesprek telt voor de wettelijke termijn."),
    )
    datum = forms.DateField(label=_("Datum"), widget=DATUM)
    omschrijving = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BeschikkingForm(_VersieForm):
    actie = "beschikking"
    datum = forms.DateField(label=_("Datum van de beschikking"), widget=DATUM)
    toegelaten = forms.ChoiceField(
        label=_("Is de inwoner toegelaten tot schuldhulp?"), choices=NEE_JA, widget=forms.RadioSelect
    )


class SchuldregelingForm(_VersieForm):
    actie = "schuldregeling"
    datum = forms.DateField(label=_("Datum waarop de schuldregeling of oplossing is bereikt"), widget=DATUM)
