"""Forms of the aanmelding, the duplicate check and the assignment of a hoofdbehandelaar (issue 8)."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Stadsdeel, Team
from venlo_armoede.accounts.roles import Rol

from . import services
from .forms import DATUM
from .models import AanmeldBron, CrisisReden


class AanmeldingForm(forms.Form):
    hulpvraag = forms.CharField(
        label=_("Hulpvraag"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarmee wil de inwoner geholpen worden? In de woorden van de inwoner."),
        error_messages={"required": _("Beschrijf de hulpvraag.")},
    )
    bron = forms.ChoiceField(
        label=_("Hoe kwam de aanmelding binnen?"),
        choices=[("", _("– kies –"))] + AanmeldBron.choices,
        error_messages={"required": _("Kies hoe de aanmelding binnenkwam.")},
    )
    crisis = forms.BooleanField(
        label=_("Er is een crisis"),
        required=False,
        help_text=_("Bij een crisis is het eerste gesprek binnen 3 werkdagen."),
    )
    crisis_reden = forms.ChoiceField(
        label=_("Reden van de crisis"),
        required=False,
        choices=[("", _("Geen crisis"))] + CrisisReden.choices,
        help_text=_("Alleen bij een crisis."),
    )
    crisis_toelichting = forms.CharField(
        label=_("Toelichting op de crisis"),
        required=False,
        max_length=500,
        help_text=_("Verplicht als u 'Anders' kiest."),
    )
    aangemeld_op = forms.DateField(
        label=_("Datum van aanmelding"),
        widget=DATUM,
        help_text=_("Vandaag, of de dag waarop de inwoner zich eerder meldde."),
        error_messages={"required": _("Vul de datum van aanmelding in."), "invalid": _("Vul een datum in.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"aangemeld_op": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        # The rules live in the service; the form only puts its Dutch messages on the right fields.
        if not self.errors:
            for veld, bericht in services.aanmeldfouten(**self.als_aanmelding()).items():
                self.add_error(veld if veld in self.fields else None, bericht)
        return data

    def als_aanmelding(self) -> dict:
        d = self.cleaned_data
        dag = d["aangemeld_op"]
        # Today: the moment itself (orders triage within the day). An earlier day: its start, local time.
        if dag == timezone.localdate():
            moment = timezone.now()
        else:
            moment = timezone.make_aware(datetime.combine(dag, time.min))
        return {
            "hulpvraag": d["hulpvraag"],
            "bron": d["bron"],
            "crisis": d["crisis"],
            "crisis_reden": d["crisis_reden"],
            "crisis_toelichting": d["crisis_toelichting"],
            "aangemeld_op": moment,
        }


NIEUW = "nieuw"


class DubbelKeuzeForm(forms.Form):
    """After possible duplicates were shown: the same household as one of them, or a new one after all.
    A new one is not offered when a BSN matched: a BSN belongs to one inwoner. A household outside the user's
    reach is offered without its address (`bereikbaar`: the household ids the user reaches, ADR 0024)."""

    keuze = forms.ChoiceField(
        label=_("Is dit hetzelfde huishouden?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of dit hetzelfde huishouden is of een nieuw huishouden.")},
    )

    def __init__(self, *args, dubbelen, bereikbaar=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        keuzes, gezien = [], set()
        for dubbel in dubbelen:
            h = dubbel.inwoner.huishouden
            if h.pk not in gezien:
                gezien.add(h.pk)
                if h.pk in bereikbaar:
                    keuzes.append((str(h.pk), _("Dit is hetzelfde huishouden: %(adres)s") % {"adres": h}))
                else:
                    keuzes.append((str(h.pk), _("Dit is hetzelfde huishouden (buiten uw team)")))
        if not any(d.reden == "bsn" for d in dubbelen):
            keuzes.append((NIEUW, _("Toch een nieuw huishouden")))
        self.fields["keuze"].choices = keuzes


class KlantadviseurKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ToewijsForm(forms.Form):
    naar = KlantadviseurKeuze(
        label=_("Hoofdbehandelaar"),
        queryset=get_user_model().objects.none(),
        empty_label=_("– kies een klantadviseur –"),
        error_messages={"required": _("Kies een klantadviseur als hoofdbehandelaar.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.all(),
        empty_label=_("– kies –"),
        error_messages={"required": _("Kies het team.")},
    )
    stadsdeel = forms.ModelChoiceField(
        label=_("Stadsdeel"),
        queryset=Stadsdeel.objects.all(),
        empty_label=_("– kies –"),
        error_messages={"required": _("Kies het stadsdeel.")},
    )
    reden = forms.CharField(
        label=_("Reden van de overdracht"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, casus, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "versie": casus.versie,
                "team": casus.team_id,
                "stadsdeel": casus.stadsdeel_id or casus.huishouden.stadsdeel_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["naar"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Rol.KLANTADVISEUR, is_active=True)
            .exclude(pk=casus.klantadviseur_id)
            .order_by("first_name", "last_name", "username")
        )
        if casus.klantadviseur_id:
            self.fields["reden"].required = True
            self.fields["reden"].error_messages["required"] = _(
                "Schrijf op waarom de casus naar een andere klantadviseur gaat."
            )
            self.fields["reden"].help_text = _("Bijvoorbeeld: de klantadviseur gaat met verlof. Dit wordt vastgelegd.")
        else:
            self.fields["reden"].label = _("Toelichting")
