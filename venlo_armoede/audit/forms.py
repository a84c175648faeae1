"""Look-up forms of the privacy officer's pages. The typed BSN is only turned into a pseudonym."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

_TEKST = {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off", "spellcheck": "false"}


class InwonerZoekForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Het burgerservicenummer van de inwoner: 9 cijfers."),
        validators=[RegexValidator(r"^[0-9]{9}$", _("Een BSN heeft precies 9 cijfers. Vul alleen cijfers in."))],
        widget=forms.TextInput(attrs=_TEKST | {"inputmode": "numeric"}),
    )
    inwoner = forms.IntegerField(
        label=_("Inwonernummer"),
        required=False,
        min_value=1,
        help_text=_(
            "Het nummer van de inwoner in dit systeem. Gebruik dit als de inwoner geen BSN had, "
            "of vul het ook in als de inwoner pas later een BSN kreeg."
        ),
        error_messages={
            "invalid": _("Een inwonernummer is een heel getal."),
            "min_value": _("Een inwonernummer is 1 of hoger."),
        },
        widget=forms.TextInput(attrs=_TEKST | {"inputmode": "numeric"}),
    )

    # Followed from another FG page (a pseudonym in the log); never typed.
    pseudoniem = forms.CharField(
        required=False,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("Deze link klopt niet. Zoek op BSN of inwonernummer."))],
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("bsn") or data.get("pseudoniem")) and data.get("inwoner") is None:
            raise ValidationError(_("Vul een BSN of een inwonernummer in."))
        return data


class GebruikerZoekForm(forms.Form):
    gebruikersnaam = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        help_text=_("De naam waarmee de medewerker inlogt."),
        error_messages={"required": _("Vul een gebruikersnaam in.")},
        widget=forms.TextInput(attrs=_TEKST),
    )

    def clean_gebruikersnaam(self):
        return self.cleaned_data["gebruikersnaam"].strip()
