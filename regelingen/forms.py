"""Forms of the regelingen pages."""

import re
from dataclasses import fields
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import selectors as cases_selectors

from . import engine, scenario, zinnen
from . import voorwaarden as vw
from .models import BedragPer, Samenstelling

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

    nieuw = forms.ChoiceField(
        label=_("Soort voorwaarde"),
        required=False,
        choices=[("", _("Kies een soort")), *((s, vw.SOORT_TEKST[s].capitalize()) for s in vw.SOORTEN)],
        widget=forms.Select(attrs=_KEUZE),
        error_messages={"invalid_choice": _("Kies een soort voorwaarde uit de lijst.")},
    )

    WIJZIGINGEN = scenario.WIJZIGBAAR

    def __init__(self, *args, regels=None, met_voorwaarden: bool = False, **kwargs):
        """met_voorwaarden: the voorwaarden are given as a list too (VoorwaardenInvoer); the simple fields are
        then checked on that list, by scenario.controleer, not on today's rule."""
        super().__init__(*args, **kwargs)
        self.met_voorwaarden = met_voorwaarden
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
        if self.errors or not cleaned.get("regeling") or self.met_voorwaarden:
            return cleaned
        try:
            self.nieuwe_regel = scenario.controleer(self.regels[cleaned["regeling"]], self.wijzigingen())
        except scenario.OngeldigScenario as fout:
            self.add_error(fout.veld if fout.veld in self.fields else None, fout.bericht)
        return cleaned


# ---------------------------------------------------------------------------------------------------------
# The voorwaarden of the what-if: one small form per voorwaarde, its fields from the vocabulary
# ---------------------------------------------------------------------------------------------------------

_JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
_NORMEN = [("incl_vt", _("De bijstandsnorm met vakantiegeld")), ("excl_vt", _("De bijstandsnorm zonder vakantiegeld"))]
_LEEFTIJD_WIE = [
    ("aanvrager", _("De aanvrager")),
    ("partner", _("De partner")),
    ("volwassene", _("Ten minste één volwassene")),
    ("kind", _("Ten minste één kind")),
]
_KENMERK_WIE = [
    ("huishouden", _("Het huishouden")),
    ("aanvrager", _("De aanvrager")),
    ("partner", _("De partner")),
    ("iemand", _("Iemand in het huishouden")),
    ("kind", _("Een kind in het huishouden")),
]

# Per kind of voorwaarde: (parameter, sort of field, label, help text). A new kind in regelingen/voorwaarden.py
# needs its entry here (a test checks that every parameter of every kind has a field).
PARAMETERS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "inkomen": (
        ("min_pct", "pct", _("Ondergrens (% van de norm)"), _("Bijvoorbeeld 110. Leeg: geen ondergrens.")),
        ("min_inclusief", "ja_nee", _("Telt een inkomen precies op de ondergrens mee?"), ""),
        ("max_pct", "pct", _("Bovengrens (% van de norm)"), _("Bijvoorbeeld 120. Leeg: geen bovengrens.")),
        ("max_inclusief", "ja_nee", _("Telt een inkomen precies op de bovengrens mee?"), ""),
        ("norm_basis", "norm", _("Welke norm?"), ""),
        ("kostendelersnorm", "ja_nee", _("Kostendelersnorm toepassen?"), ""),
    ),
    "langdurig_laag_inkomen": (
        ("maanden", "maanden", _("Hoe lang is het inkomen al laag (maanden)?"), _("Bijvoorbeeld 36 (3 jaar).")),
        ("grens_pct", "pct", _("Eigen inkomensgrens (% van de norm)"), _("Leeg: geen eigen grens.")),
        ("grens_inclusief", "ja_nee", _("Telt een inkomen precies op die grens mee?"), ""),
        ("norm_basis", "norm", _("Welke norm?"), ""),
        ("kostendelersnorm", "ja_nee", _("Kostendelersnorm toepassen?"), ""),
    ),
    "vermogen": (
        (
            "max_bedrag",
            "bedrag",
            _("Hoogste vermogen in euro"),
            _("Bijvoorbeeld 5000. Leeg: de vermogensgrens van de bijstand."),
        ),
    ),
    "leeftijd": (
        ("wie", "leeftijd_wie", _("Om wie gaat het?"), ""),
        ("min_jaren", "jaren", _("Minimaal (jaar)"), _("Leeg: geen minimum.")),
        ("max_jaren", "jaren", _("Maximaal (jaar)"), _("Leeg: geen maximum.")),
        ("jonger_dan_aow", "ja_nee", _("Moet jonger zijn dan de AOW-leeftijd?"), ""),
        ("vanaf_aow", "ja_nee", _("Moet de AOW-leeftijd hebben bereikt?"), ""),
    ),
    "kinderen": (
        ("min_aantal", "aantal", _("Minimaal aantal kinderen"), _("Leeg: 1.")),
        ("max_aantal", "aantal", _("Maximaal aantal kinderen"), _("Leeg: geen maximum.")),
        ("min_leeftijd", "jaren", _("Kind minimaal (jaar)"), _("Leeg: geen minimum.")),
        ("max_leeftijd", "jaren", _("Kind maximaal (jaar)"), _("Leeg: geen maximum.")),
    ),
    "samenstelling": (("samenstellingen", "samenstellingen", _("Alleen voor huishoudens"), ""),),
    "kenmerk": (
        ("kenmerk", "kenmerk", _("Welk kenmerk?"), ""),
        ("wie", "kenmerk_wie", _("Bij wie?"), ""),
        ("heeft", "ja_nee", _("Moet het kenmerk er zijn?"), _("Nee: de regeling is juist voor wie het niet heeft.")),
    ),
}


class _GetalVeld(forms.DecimalField):
    """A number as a person types it: "120", "120,5", "120.5", "€ 5.000" or "5.000,50" (a point between groups
    of three digits separates thousands, the Dutch way; a comma is the decimal sign)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("%", "").replace("€", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d*)?", value):
                value = value.replace(".", "")
            value = value.replace(",", ".")
        return super().to_python(value)


def _veld(soort: str, label, help_text, kenmerken: list[tuple[str, str]]) -> forms.Field:
    if soort == "pct":
        return _GetalVeld(
            label=label,
            help_text=help_text,
            required=False,
            min_value=0,
            max_value=1000,
            decimal_places=2,
            error_messages={
                "invalid": _("Vul een percentage in, bijvoorbeeld 120 of 120,5."),
                "min_value": _("Een percentage kan niet negatief zijn."),
                "max_value": _("Kies een percentage van hoogstens 1000."),
                "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
            },
            widget=forms.TextInput(attrs={**_INVOER, "inputmode": "decimal"}),
        )
    if soort == "bedrag":
        return _GetalVeld(
            label=label,
            help_text=help_text,
            required=False,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            error_messages={
                "invalid": _("Vul een bedrag in, bijvoorbeeld 5000 of 5000,50."),
                "min_value": _("Een bedrag kan niet negatief zijn."),
                "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
                "max_digits": _("Dit bedrag is te hoog."),
            },
            widget=forms.TextInput(attrs={**_INVOER, "inputmode": "decimal"}),
        )
    if soort in ("jaren", "aantal", "maanden"):
        hoogstens = {"jaren": 120, "aantal": 30, "maanden": 600}[soort]
        return forms.IntegerField(
            label=label,
            help_text=help_text,
            required=False,
            min_value=0,
            max_value=hoogstens,
            error_messages={
                "invalid": _("Vul een heel getal in."),
                "min_value": _("Dit getal kan niet negatief zijn."),
                "max_value": _("Kies een getal van hoogstens %(limit_value)s."),
            },
            widget=forms.NumberInput(attrs={**_INVOER, "inputmode": "numeric"}),
        )
    if soort == "samenstellingen":
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=Samenstelling.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Kies uit de lijst.")},
        )
    keuzes = {
        "ja_nee": _JA_NEE,
        "norm": _NORMEN,
        "leeftijd_wie": _LEEFTIJD_WIE,
        "kenmerk_wie": _KENMERK_WIE,
        "kenmerk": [("", _("Kies een kenmerk")), *kenmerken],
    }[soort]
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        choices=keuzes,
        widget=forms.Select(attrs=_KEUZE),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )


class VoorwaardeForm(forms.Form):
    """One voorwaarde of the what-if: its kind (fixed), its parameters, and "weg" to remove it. Checked by the
    same reader as the rule editor and the import (voorwaarden.lees_voorwaarde), with its Dutch messages."""

    soort = forms.CharField(widget=forms.HiddenInput)
    weg = forms.BooleanField(label=_("Haal deze voorwaarde weg"), required=False)

    def __init__(self, *args, soort: str, kenmerken: list[tuple[str, str]], kenmerkcodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.soort_code = soort
        self.kenmerkcodes = kenmerkcodes
        self.fields["soort"].initial = soort
        for naam, sort, label, help_text in PARAMETERS[soort]:
            self.fields[naam] = _veld(sort, label, help_text, kenmerken)

    @property
    def soort_tekst(self) -> str:
        return vw.SOORT_TEKST[self.soort_code]

    def parameters(self):
        return [self[naam] for naam, *_ in PARAMETERS[self.soort_code]]

    def verwijderd(self) -> bool:
        return self.is_bound and self.is_valid() and self.cleaned_data.get("weg", False)

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("weg"):
            return cleaned  # a voorwaarde that is removed need not be right
        try:
            self.voorwaarde = vw.lees_voorwaarde(self.als_data(), kenmerken=self.kenmerkcodes)
        except vw.OngeldigeVoorwaarde as fout:
            self.add_error(fout.veld if fout.veld in self.fields and fout.veld != "soort" else None, fout.bericht)
        return cleaned

    def als_data(self) -> dict:
        """The voorwaarde's JSON/YAML form (an empty field: the parameter's default)."""
        data: dict = {"soort": self.soort_code}
        for naam, sort, *_tekst in PARAMETERS[self.soort_code]:
            waarde = self.cleaned_data.get(naam)
            if waarde in (None, "") or (sort == "samenstellingen" and not waarde):
                if sort == "samenstellingen":
                    data[naam] = []
                continue
            if sort == "ja_nee":
                waarde = waarde == "ja"
            elif isinstance(waarde, Decimal):
                waarde = str(waarde)
            data[naam] = waarde
        return data

    @staticmethod
    def beginwaarden(voorwaarde: vw.Voorwaarde) -> dict:
        """The fields' initial values for an existing voorwaarde."""
        waarden: dict = {"soort": voorwaarde.soort}
        for naam, sort, *_tekst in PARAMETERS[voorwaarde.soort]:
            waarde = getattr(voorwaarde, naam)
            if isinstance(waarde, bool):
                waarde = "ja" if waarde else "nee"
            elif isinstance(waarde, Decimal):
                waarde = engine.procent(waarde) if sort == "pct" else format(waarde, "f").replace(".", ",")
            elif isinstance(waarde, tuple):
                waarde = list(waarde)
            waarden[naam] = "" if waarde is None else waarde
        return waarden


class VoorwaardenInvoer:
    """The what-if's list of voorwaarden: rows named vw1-..., vwN-... plus vw-regeling (the regeling they were
    made for) and vw-aantal. Without rows for the chosen regeling the list starts as the rule is today (all its
    voorwaarden, the short-hand columns included); then it is not "gegeven": the scenario changes only the
    simple fields."""

    PREFIX = "vw"

    def __init__(self, data, regel: engine.Regel):
        self.regel = regel
        self.kenmerken = [(k["code"], k["naam"]) for k in cases_selectors.kenmerksoorten_voor_export()]
        self.kenmerkcodes = frozenset(code for code, _naam in self.kenmerken)
        self.gegeven = bool(data) and data.get(f"{self.PREFIX}-regeling") == regel.code
        self.rijen: list[VoorwaardeForm] = []
        if self.gegeven:
            try:
                aantal = min(max(int(data.get(f"{self.PREFIX}-aantal", "0")), 0), 50)
            except ValueError:
                aantal = 0
            for nummer in range(1, aantal + 1):
                soort = data.get(f"{self.PREFIX}{nummer}-soort")
                if soort in vw.SOORTEN:  # a row with an unknown kind cannot be shown; it is left out
                    self.rijen.append(self._rij(soort, data=data))
        else:
            self.toon(regel)

    def _rij(self, soort: str, *, data=None, initial=None) -> VoorwaardeForm:
        return VoorwaardeForm(
            data,
            soort=soort,
            kenmerken=self.kenmerken,
            kenmerkcodes=self.kenmerkcodes,
            initial=initial,
            prefix=f"{self.PREFIX}{len(self.rijen) + 1}",
        )

    def toon(self, regel: engine.Regel) -> None:
        """Show the voorwaarden of `regel` (today's, or the scenario's after a computation)."""
        self.rijen = []
        for voorwaarde in engine.voorwaarden_van(regel):
            rij = self._rij(voorwaarde.soort, initial=VoorwaardeForm.beginwaarden(voorwaarde))
            rij.zin = zinnen.zin(voorwaarde)
            self.rijen.append(rij)

    def voeg_toe(self, soort: str) -> None:
        """A new, empty voorwaarde of this kind at the end (its parameters still to be filled in)."""
        self.rijen.append(self._rij(soort))

    def is_valid(self) -> bool:
        return all(rij.is_valid() for rij in self.rijen if rij.is_bound)

    def als_data(self) -> list[dict]:
        """The voorwaarden that stay (not removed), in their data form. Call after is_valid()."""
        return [rij.als_data() for rij in self.rijen if not rij.cleaned_data.get("weg")]

    @property
    def aantal(self) -> int:
        return len(self.rijen)

    @property
    def fouten(self) -> list[tuple[int, str, str]]:
        """(row number, label, message) of every error, for the summary above the form."""
        lijst = []
        for nummer, rij in enumerate(self.rijen, start=1):
            if not rij.is_bound:
                continue
            for fout in rij.non_field_errors():
                lijst.append((nummer, "", fout))
            for veld in rij.parameters():
                for fout in veld.errors:
                    lijst.append((nummer, veld.label, fout))
        return lijst


def velden_gedekt() -> dict[str, set[str]]:
    """Per kind: the parameters of the vocabulary that have no field here (empty sets when all are covered)."""
    return {
        soort: {f.name for f in fields(klasse)} - {naam for naam, *_ in PARAMETERS[soort]}
        for soort, klasse in vw.SOORTEN.items()
    }
