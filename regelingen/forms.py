"""Forms of the regelingen pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import scenario
from .models import BedragPer

_INVOER = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


def _leeftijd(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("In jaren. Leeg laten: niet wijzigen."),
        error_messages={
            "invalid": _("Vul een heel aantal jaren in."),
            "min_value": _("Een leeftijd kan niet negatief zijn."),
            "max_value": _("Kies een leeftijd van hoogstens 120 jaar."),
        },
        widget=forms.NumberInput(attrs={**_INVOER, "inputmode": "numeric"}),
    )


class ScenarioForm(forms.Form):
    """What-if: pick a regeling in force today and change one or more of its rules. An empty field keeps
    today's value. Submitted with GET: it only reads, and the result can be bookmarked."""

    regeling = forms.ChoiceField(
        label=_("Regeling"),
        widget=forms.Select(attrs=_KEUZE),
        error_messages={
            "required": _("Kies een regeling."),
            "invalid_choice": _("Kies een regeling uit de lijst."),
        },
    )
    inkomensgrens_pct = forms.DecimalField(
        label=_("Inkomensgrens (% van de bijstandsnorm)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Bijvoorbeeld 150. Leeg laten: niet wijzigen."),
        error_messages={
            "invalid": _("Vul een getal in, bijvoorbeeld 150."),
            "min_value": _("Een percentage kan niet negatief zijn."),
            "max_value": _("Kies een percentage van hoogstens 1000."),
            "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
            "max_digits": _("Dit getal is te lang."),
        },
        localize=True,
        widget=forms.TextInput(attrs={**_INVOER, "inputmode": "decimal"}),
    )
    kind_min_leeftijd = _leeftijd(_("Kind minimaal (jaar)"))
    kind_max_leeftijd = _leeftijd(_("Kind maximaal (jaar)"))
    aanvrager_min_leeftijd = _leeftijd(_("Aanvrager minimaal (jaar)"))
    aanvrager_max_leeftijd = _leeftijd(_("Aanvrager maximaal (jaar)"))
    bedrag = forms.DecimalField(
        label=_("Bedrag in euro"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Bijvoorbeeld 250,00. Leeg laten: niet wijzigen."),
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 250,00."),
            "min_value": _("Een bedrag kan niet negatief zijn."),
            "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
            "max_digits": _("Dit bedrag is te hoog."),
        },
        localize=True,
        widget=forms.TextInput(attrs={**_INVOER, "inputmode": "decimal"}),
    )
    bedrag_per = forms.ChoiceField(
        label=_("Bedrag geldt"),
        required=False,
        choices=[("", _("Niet wijzigen")), *BedragPer.choices],
        widget=forms.Select(attrs=_KEUZE),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )

    WIJZIGINGEN = scenario.WIJZIGBAAR

    def __init__(self, *args, regels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.regels = regels if regels is not None else scenario.huidige_regels()
        self.fields["regeling"].choices = [
            ("", _("Kies een regeling")),
            *sorted(((code, regel.naam) for code, regel in self.regels.items()), key=lambda keuze: keuze[1]),
        ]

    def wijzigingen(self) -> dict:
        """The changed fields only (empty fields keep today's value)."""
        return {
            naam: self.cleaned_data[naam] for naam in self.WIJZIGINGEN if self.cleaned_data.get(naam) not in (None, "")
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("regeling"):
            return cleaned
        try:
            self.nieuwe_regel = scenario.controleer(self.regels[cleaned["regeling"]], self.wijzigingen())
        except scenario.OngeldigScenario as fout:
            self.add_error(fout.veld if fout.veld in self.fields else None, fout.bericht)
        return cleaned
