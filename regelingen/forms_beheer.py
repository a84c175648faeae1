"""The version editor of functioneel beheer: the rules of one version and the date the change applies."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import versies
from .models import RegelingVersie, Samenstelling

_INVOER = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


class VersieWijzigForm(forms.ModelForm):
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

    class Meta:
        model = RegelingVersie
        fields = [v.name for v in versies.regelvelden()]

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
            if naam != "ingang" and waarde != getattr(self.instance, naam)
        }

    def _post_clean(self):
        # The model is validated by the service on the new version, not on this one (it stays as it is).
        pass
