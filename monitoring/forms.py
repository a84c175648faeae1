"""The filters of /beleid/, its exports and the KPI API: period, stadsdeel and doelgroep. Bad input gets a
Dutch message, never a 500 and never a misleading zero."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regelingen import selectors as regelingen_selectors
from venlo_armoede.accounts.models import Stadsdeel

MAX_MAANDEN = 24


class MaandVeld(forms.CharField):
    """A month as JJJJ-MM (the browser's month input)."""

    widget = forms.TextInput(attrs={"type": "month", "inputmode": "numeric", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            jaar, maand = (int(deel) for deel in value.split("-"))
            return date(jaar, maand, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Vul een maand in als jaar en maand, bijvoorbeeld 2026-03."), code="ongeldig"
            ) from None


class KpiFilter(forms.Form):
    van = MaandVeld(label=_("Van maand"), required=False, help_text=_("Bijvoorbeeld 2025-12."))
    tot = MaandVeld(label=_("Tot en met maand"), required=False, help_text=_("Standaard: deze maand."))
    stadsdeel = forms.TypedChoiceField(label=_("Stadsdeel"), required=False, coerce=int, empty_value=None)
    doelgroep = forms.ChoiceField(label=_("Doelgroep"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stadsdelen = dict(Stadsdeel.objects.order_by("naam").values_list("pk", "naam"))
        self.fields["stadsdeel"].choices = [("", _("Heel Venlo")), *self.stadsdelen.items()]
        self.fields["stadsdeel"].error_messages["invalid_choice"] = _(
            "Dit stadsdeel kennen wij niet. Kies een stadsdeel uit de lijst."
        )
        self.doelgroepen = dict(regelingen_selectors.DOELGROEPEN)
        self.fields["doelgroep"].choices = [("", _("Alle doelgroepen")), *self.doelgroepen.items()]
        self.fields["doelgroep"].error_messages["invalid_choice"] = _(
            "Deze doelgroep kennen wij niet. Kies een doelgroep uit de lijst."
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        deze_maand = timezone.localdate().replace(day=1)
        tot = data.get("tot") or deze_maand
        van = data.get("van") or tot - relativedelta(months=11)
        if tot > deze_maand:
            self.add_error("tot", _("Deze maand ligt in de toekomst. Kies deze maand of een eerdere."))
        if van > deze_maand:
            self.add_error("van", _("Deze maand ligt in de toekomst. Kies deze maand of een eerdere."))
        elif van > tot:
            self.add_error("van", _("De beginmaand ligt na de eindmaand. Kies een beginmaand voor de eindmaand."))
        elif (tot.year - van.year) * 12 + tot.month - van.month >= MAX_MAANDEN:
            self.add_error("van", _("Kies een periode van hoogstens 24 maanden."))
        data["van"], data["tot"] = van, tot
        return data

    def omschrijving(self) -> str:
        """The choice in words, for captions and exports."""
        d = self.cleaned_data
        delen = [f"{d['van']:%m-%Y} t/m {d['tot']:%m-%Y}"]
        delen.append(self.stadsdelen.get(d.get("stadsdeel"), str(_("heel Venlo"))))
        delen.append(str(self.doelgroepen.get(d.get("doelgroep") or "", _("alle doelgroepen"))))
        return ", ".join(delen)
