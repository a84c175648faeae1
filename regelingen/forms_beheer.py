"""The version editor of functioneel beheer: the rules of one version and the date the change applies."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import versies
from .models import RegelingVersie, Samenstelling

_INVOER = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


class _PercentageVeld(forms.DecimalField):
    """A percentage as a person types it: "120", "120,5" or "120.5" (a comma is the Dutch decimal sign)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("%", "").replace(",", ".")
        return super().to_python(value)


class VersieWijzigForm(forms.ModelForm):
    # A grens above 300% of the bijstandsnorm is not a minimaregeling; such a figure is a typing error.
    inkomensgrens_pct = _PercentageVeld(
        label=_("Inkomensgrens (% van de bijstandsnorm)"),
        help_text=_("Een getal van 0 tot en met 300, bijvoorbeeld 120 of 120,5. Leeg: geen inkomenstoets."),
        required=False,
        min_value=0,
        max_value=300,  # also keeps it within the column's 5 digits, so no separate (second) digits message
        decimal_places=2,
        error_messages={
            "invalid": _("Vul een percentage in met alleen cijfers, bijvoorbeeld 120 of 120,5."),
            "min_value": _("Een percentage kan niet negatief zijn."),
            "max_value": _("Kies een percentage van hoogstens 300."),
            "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    ingang = forms.DateField(
        label=_("Vanaf welke datum geldt de wijziging?"),
        help_text=_(
            "Vandaag of later. De versie die nu geldt, loopt tot de dag ervoor. Zo blijven uitkomsten voor "
            "eerdere datums zoals ze waren."
        ),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 2027-01-01."), "required": _("Vul een datum in.")},
        widget=forms.DateInput(attrs={**_INVOER, "type": "date"}, format="%Y-%m-%d"),
    )
    samenstellingen = forms.MultipleChoiceField(
        label=_("Alleen voor huishoudens"),
        choices=Samenstelling.choices,
        required=False,
        help_text=_("Niets aangevinkt: alle huishoudens."),
        widget=forms.CheckboxSelectMultiple,
    )

    # Shown only when the preview lists testgevallen that come out differently: saving then needs this tick,
    # and covers exactly the testgevallen listed (their keys in the hidden field; versies.wijzig_versie).
    testgevallen_bijwerken = forms.BooleanField(
        label=_("Ik weet het: werk deze testgevallen bij naar de nieuwe uitkomst"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    bevestigde_testgevallen = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)

    class Meta:
        model = RegelingVersie
        fields = [v.name for v in versies.regelvelden()]

    GEEN_REGEL = ("ingang", "testgevallen_bijwerken", "bevestigde_testgevallen")

    def regelvelden(self) -> list:
        """The bound fields of the rules (the template's fieldset "De regels")."""
        return [self[naam] for naam in self.fields if naam not in self.GEEN_REGEL]

    def bevestigd(self) -> frozenset[str]:
        return frozenset(self.cleaned_data.get("bevestigde_testgevallen", "").split())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = timezone.localdate()
        versie = self.instance
        if not self.is_bound:
            start = max(versie.geldig_van + timedelta(days=1), vandaag)
            self.initial["ingang"] = versie.geldig_van if versie.geldig_van > vandaag else start
        for naam, veld in self.fields.items():
            widget = veld.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.update(_KEUZE)
            elif naam != "ingang":
                widget.attrs.update(_INVOER)

    def wijzigingen(self) -> dict:
        """Only the rule fields whose value differs from the version's."""
        return {
            naam: waarde
            for naam, waarde in self.cleaned_data.items()
            if naam not in self.GEEN_REGEL and waarde != getattr(self.instance, naam)
        }

    def _post_clean(self):
        # The model is validated by the service on the new version, not on this one (it stays as it is).
        pass


class RegelsetForm(forms.Form):
    """The upload of a complete rule set (the YAML file `python manage.py regelingen exporteer` writes)."""

    MAX_BYTES = 2 * 1024 * 1024  # Venlo's set is about 10 kB; a file this large is not a rule set

    bestand = forms.FileField(
        label=_("Bestand met de regelset (YAML)"),
        help_text=_("Bijvoorbeeld een bestand dat u eerder hier hebt gedownload en daarna hebt aangepast."),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox", "accept": ".yaml,.yml,text/yaml"}),
    )

    def clean_bestand(self) -> str:
        """The file's text (UTF-8); the check of its content is regelset.controleer's."""
        bestand = self.cleaned_data["bestand"]
        if bestand.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot (meer dan 2 MB). Een regelset is veel kleiner."))
        try:
            tekst = bestand.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Dit bestand is geen tekst in UTF-8. Sla het op als YAML-bestand met UTF-8 en probeer het opnieuw.")
            ) from None
        if not tekst.strip():
            raise forms.ValidationError(_("Het bestand is leeg."))
        return tekst
