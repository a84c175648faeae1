"""The questions of the public "check je recht" page. Ages instead of birth dates: an inwoner knows them by
heart, and the page needs nothing more exact for a first indication."""

from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import engine

_INVOER = {"class": "utrecht-textbox utrecht-textbox--html-input"}


def _leeftijd(label, *, required=True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=18,
        max_value=120,
        error_messages={
            "required": _("Vul een leeftijd in."),
            "invalid": _("Vul een leeftijd in met alleen cijfers, bijvoorbeeld 35."),
            "min_value": _("Een volwassene is 18 jaar of ouder."),
            "max_value": _("Vul een leeftijd in van hoogstens 120 jaar."),
        },
        widget=forms.NumberInput(attrs={**_INVOER, "inputmode": "numeric", "autocomplete": "off"}),
    )


def _bedrag(label, help_text, *, required=True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal("0"),
        max_value=Decimal("1000000"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={
            "required": _("Vul een bedrag in. Geen inkomen? Vul 0 in."),
            "invalid": _("Vul een bedrag in euro in, bijvoorbeeld 1600 of 1600,50."),
            "min_value": _("Een bedrag kan niet negatief zijn."),
            "max_value": _("Dit bedrag is te hoog voor deze check."),
            "max_decimal_places": _("Gebruik hoogstens 2 cijfers achter de komma."),
        },
        widget=forms.TextInput(attrs={**_INVOER, "inputmode": "decimal", "autocomplete": "off"}),
    )


def geboortedatum(leeftijd: int, peildatum: date) -> date:
    """A birth date that gives exactly `leeftijd` on the peildatum (the birthday was today)."""
    try:
        return peildatum.replace(year=peildatum.year - leeftijd)
    except ValueError:  # 29 February
        return peildatum.replace(year=peildatum.year - leeftijd, day=28) + timedelta(days=1)


class CheckJeRechtForm(forms.Form):
    volwassenen = forms.ChoiceField(
        label=_("Wie wonen er in uw huishouden?"),
        choices=[("1", _("Ik woon zonder partner")), ("2", _("Ik woon met mijn partner"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u met of zonder partner woont.")},
    )
    leeftijd = _leeftijd(_("Hoe oud bent u?"))
    partner_leeftijd = _leeftijd(_("Hoe oud is uw partner?"), required=False)
    kinderen = forms.CharField(
        label=_("Hoe oud zijn uw kinderen?"),
        help_text=_("Zet een komma tussen de leeftijden, bijvoorbeeld: 7, 10. Geen kinderen? Laat dit leeg."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={**_INVOER, "autocomplete": "off"}),
    )
    inkomen = _bedrag(
        _("Wat is het netto inkomen van uw huishouden per maand?"),
        _("In euro. Tel het inkomen van u en uw partner op: loon, uitkering, pensioen."),
    )
    spaargeld = _bedrag(
        _("Hoeveel spaargeld heeft uw huishouden?"),
        _("In euro. Weet u het niet? Laat dit leeg."),
        required=False,
    )

    def clean_kinderen(self) -> list[int]:
        tekst = self.cleaned_data["kinderen"].strip()
        if not tekst:
            return []
        leeftijden = []
        for deel in tekst.replace(";", ",").split(","):
            deel = deel.strip()
            if not deel:
                continue
            if not deel.isdigit():
                raise forms.ValidationError(_("Vul alleen leeftijden in met komma's ertussen, bijvoorbeeld: 7, 10."))
            leeftijd = int(deel)
            if leeftijd > 17:
                raise forms.ValidationError(
                    _("Een kind is hier 0 tot en met 17 jaar. Een ouder kind telt als volwassene.")
                )
            leeftijden.append(leeftijd)
        if len(leeftijden) > 15:
            raise forms.ValidationError(_("Vul hoogstens 15 kinderen in."))
        return leeftijden

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("volwassenen") == "2" and cleaned.get("partner_leeftijd") is None:
            if "partner_leeftijd" not in self.errors:
                self.add_error("partner_leeftijd", _("Vul de leeftijd van uw partner in."))
        return cleaned

    def huishouden(self, peildatum: date) -> engine.Huishouden:
        data = self.cleaned_data
        leden = [
            engine.Lid(
                rol="aanvrager",
                geboortedatum=geboortedatum(data["leeftijd"], peildatum),
                netto_maandinkomen=data["inkomen"],
            )
        ]
        if data["volwassenen"] == "2":
            leden.append(engine.Lid(rol="partner", geboortedatum=geboortedatum(data["partner_leeftijd"], peildatum)))
        leden += [engine.Lid(rol="kind", geboortedatum=geboortedatum(j, peildatum)) for j in data["kinderen"]]
        return engine.Huishouden(leden=tuple(leden), vermogen=data.get("spaargeld"))
