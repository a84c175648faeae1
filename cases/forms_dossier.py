"""Forms of the casus dossier: schulden, ZRM screening, notities, Routekaart mijlpalen and bewind."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Organisatie
from venlo_armoede.accounts.roles import OrganisatieSoort

from .forms import DATUM
from .models import BewindSoort, SchuldSoort, SchuldStatus, ZrmDomein, ZrmScoreWaarde

MAXIMAAL_SCHULDBEDRAG = Decimal("10000000")  # ten million: above this the amount is a typing error


class EuroField(forms.Field):
    """An amount in euro as people in the Netherlands type it: 1234,56 or 1.234,56 (also with € and spaces)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, minimum=Decimal("0"), maximum=MAXIMAAL_SCHULDBEDRAG, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        tekst = str(value or "").strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
        if not tekst:
            return None
        if len(tekst) > 20:
            raise ValidationError(_("Vul een bedrag in euro in, bijvoorbeeld 1250,00."), code="ongeldig")
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", tekst):
            tekst = tekst.replace(".", "")  # 1.234 is twelve hundred and thirty-four in Dutch
        try:
            bedrag = Decimal(tekst)
        except InvalidOperation:
            raise ValidationError(_("Vul een bedrag in euro in, bijvoorbeeld 1250,00."), code="ongeldig") from None
        if not bedrag.is_finite():
            raise ValidationError(_("Vul een bedrag in euro in, bijvoorbeeld 1250,00."), code="ongeldig")
        if bedrag < self.minimum:
            raise ValidationError(_("Een bedrag kan niet negatief zijn. Vul 0 in als er niets meer open staat."))
        if bedrag > self.maximum:
            raise ValidationError(_("Dit bedrag is te hoog. Controleer het bedrag."))
        if bedrag != bedrag.quantize(Decimal("0.01")):
            raise ValidationError(_("Vul het bedrag in met hoogstens 2 cijfers achter de komma."))
        return bedrag.quantize(Decimal("0.01"))


class SchuldForm(forms.Form):
    schuldeiser = forms.CharField(
        label=_("Schuldeiser"), max_length=120, help_text=_("Bijvoorbeeld: Enexis, CAK, Belastingdienst.")
    )
    soort = forms.ChoiceField(label=_("Soort schuld"), choices=SchuldSoort.choices, widget=forms.RadioSelect)
    bedrag = EuroField(label=_("Bedrag in euro"), help_text=_("Het bedrag dat nu open staat. Bijvoorbeeld 1250,00."))
    status = forms.ChoiceField(
        label=_("Status"), choices=SchuldStatus.choices, initial=SchuldStatus.OPEN, widget=forms.RadioSelect
    )
    regeling = forms.CharField(
        label=_("Afspraak of regeling"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: betalingsregeling van 50 euro per maand vanaf 1 maart."),
    )


class SchuldWijzigForm(SchuldForm):
    """Changing a debt: the schuldeiser and the kind stay as registered."""

    versie = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["schuldeiser"]
        del self.fields["soort"]


class ScreeningForm(forms.Form):
    """The 13 ZRM domains, each a score 1–5 and a note. Fields are named `<domein>_score` and `<domein>_toelichting`."""

    afgenomen_op = forms.DateField(label=_("Datum van de screening"), widget=DATUM)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for domein in ZrmDomein:
            self.fields[f"{domein.value}_score"] = forms.TypedChoiceField(
                label=domein.label,
                choices=ZrmScoreWaarde.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een score voor %(domein)s.") % {"domein": domein.label}},
            )
            self.fields[f"{domein.value}_toelichting"] = forms.CharField(
                label=_("Toelichting bij %(domein)s") % {"domein": domein.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def domeinen(self):
        """(label, score field, note field) per domain, for the template."""
        return [(d.label, self[f"{d.value}_score"], self[f"{d.value}_toelichting"]) for d in ZrmDomein]

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            d.value: (self.cleaned_data[f"{d.value}_score"], self.cleaned_data[f"{d.value}_toelichting"])
            for d in ZrmDomein
        }


class NotitieForm(forms.Form):
    tekst = forms.CharField(label=_("Notitie"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class MijlpaalForm(forms.Form):
    mijlpaal = forms.TypedChoiceField(label=_("Mijlpaal"), coerce=int)
    bereikt_op = forms.DateField(label=_("Bereikt op"), widget=DATUM)

    def __init__(self, *args, mijlpalen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mijlpaal"].choices = [(m.pk, str(m)) for m in mijlpalen]


class BewindForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), choices=BewindSoort.choices, widget=forms.RadioSelect)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("– een andere, vul hieronder in –"),
    )
    organisatie_naam = forms.CharField(
        label=_("Andere bewindvoerder of organisatie"),
        max_length=150,
        required=False,
        help_text=_("Alleen als de organisatie niet in de lijst staat."),
    )
    sinds = forms.DateField(label=_("Sinds"), widget=DATUM)
    maandkosten_bijzondere_bijstand = EuroField(
        label=_("Kosten per maand uit bijzondere bijstand"),
        required=False,
        maximum=Decimal("10000"),
        help_text=_("Leeg als de kosten niet uit bijzondere bijstand worden betaald."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            actief=True, soort=OrganisatieSoort.BEWINDVOERDER
        ).order_by("naam")


class BewindEindeForm(forms.Form):
    bewind = forms.TypedChoiceField(label=_("Welk bewind of budgetbeheer"), coerce=int)
    tot = forms.DateField(label=_("Laatste dag"), widget=DATUM)

    def __init__(self, *args, lopend=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bewind"].choices = [(b.pk, f"{b} ({b.uitvoerder})") for b in lopend]
