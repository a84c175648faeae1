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
EERSTE_JAAR = 2000  # no figures before this; also keeps date arithmetic far from year 1 (relativedelta underflow)
TOEKOMST = _("Deze maand ligt in de toekomst. Kies deze maand of een eerdere.")
HALFJAAR_TOEKOMST = _("Dit halfjaar is nog niet begonnen. Kies dit halfjaar of een eerder.")


def controleer_jaar(jaar: int, toekomst=TOEKOMST) -> None:
    """A year from EERSTE_JAAR up to next year, checked before a date is built from it (a huge year overflows
    date(), year 1 underflows "12 months earlier"). A later year gets the message of a future month."""
    if jaar < EERSTE_JAAR:
        raise forms.ValidationError(
            _("Zo ver terug zijn er geen cijfers. Kies een jaar vanaf %(jaar)s.") % {"jaar": EERSTE_JAAR},
            code="te_vroeg",
        )
    if jaar > timezone.localdate().year + 1:
        raise forms.ValidationError(toekomst, code="toekomst")


class MaandVeld(forms.CharField):
    """A month as JJJJ-MM (the browser's month input)."""

    widget = forms.TextInput(attrs={"type": "month", "inputmode": "numeric", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            jaar, maand = (int(deel) for deel in value.split("-"))
            if not 1 <= maand <= 12:
                raise ValueError(maand)
        except ValueError:
            raise forms.ValidationError(
                _("Vul een maand in als jaar en maand, bijvoorbeeld 2026-03."), code="ongeldig"
            ) from None
        controleer_jaar(jaar)
        return date(jaar, maand, 1)


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
            self.add_error("tot", TOEKOMST)
        if van > deze_maand:
            self.add_error("van", TOEKOMST)
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


def halfjaar_van(maand: date) -> tuple[int, int]:
    return maand.year, 1 if maand.month <= 6 else 2


def laatste_hele_halfjaar(vandaag: date) -> tuple[int, int]:
    jaar, helft = halfjaar_van(vandaag)
    return (jaar - 1, 2) if helft == 1 else (jaar, 1)


def halfjaar_naam(jaar: int, helft: int) -> str:
    return f"{'eerste' if helft == 1 else 'tweede'} halfjaar {jaar}"


class HalfjaarVeld(forms.CharField):
    """A half year as JJJJ-1 (januari t/m juni) or JJJJ-2 (juli t/m december)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        jaar, _streep, helft = value.partition("-")
        if not (jaar.isdigit() and len(jaar) == 4 and helft in ("1", "2")):
            raise forms.ValidationError(
                _("Kies een halfjaar als jaar en 1 of 2, bijvoorbeeld 2026-1 (januari tot en met juni)."),
                code="ongeldig",
            )
        controleer_jaar(int(jaar), HALFJAAR_TOEKOMST)
        return int(jaar), int(helft)


class RapportFilter(KpiFilter):
    """The half-yearly report: a half year instead of van/tot (which a link from /beleid/ may still carry and
    are then ignored), and the same stadsdeel and doelgroep as /beleid/. The charts and tables show the
    twelve months up to the end of the half year, so the trend compares it with the half year before."""

    halfjaar = HalfjaarVeld(
        label=_("Halfjaar"), required=False, help_text=_("Standaard: het laatste halfjaar dat voorbij is.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["van"], self.fields["tot"]
        vandaag = timezone.localdate()
        jaar, helft = halfjaar_van(vandaag)
        keuzes = []
        for _i in range(6):  # this half year (still running) and the five before it
            keuzes.append((f"{jaar}-{helft}", halfjaar_naam(jaar, helft).capitalize()))
            jaar, helft = (jaar - 1, 2) if helft == 1 else (jaar, 1)
        self.fields["halfjaar"].widget = forms.Select(choices=keuzes)
        self.fields["halfjaar"].initial = "{}-{}".format(*laatste_hele_halfjaar(vandaag))

    def clean(self):
        data = forms.Form.clean(self)
        if self.errors:
            return data
        vandaag = timezone.localdate()
        jaar, helft = data.get("halfjaar") or laatste_hele_halfjaar(vandaag)
        begin = date(jaar, 1 if helft == 1 else 7, 1)
        if begin > vandaag:
            self.add_error("halfjaar", HALFJAAR_TOEKOMST)
            return data
        eind = begin + relativedelta(months=5)
        data["halfjaar"] = (jaar, helft)
        data["loopt_nog"] = eind >= vandaag.replace(day=1)
        data["begin"], data["eind"] = begin, min(eind, vandaag.replace(day=1))
        data["van"], data["tot"] = begin - relativedelta(months=6), data["eind"]
        return data

    def halfjaar_tekst(self) -> str:
        return halfjaar_naam(*self.cleaned_data["halfjaar"])
