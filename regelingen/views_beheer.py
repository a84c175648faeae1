"""Functioneel beheer: the history of a regeling's versions and the editor that changes a version from a date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from . import services, testgevallen, versies, voorvertoning
from .forms_beheer import VersieWijzigForm
from .models import Regeling, RegelingVersie


class _Beheer(RolVereistMixin):
    rollen = (Rol.FUNCTIONEEL_BEHEER,)


class RegelingHistorieView(_Beheer, TemplateView):
    template_name = "regelingen/historie.html"

    def get_context_data(self, **kwargs):
        regeling = get_object_or_404(Regeling, pk=self.kwargs["pk"])
        regels = [(regel, voorvertoning.beschrijf(regel.versie)) for regel in versies.historie(regeling=regeling)]
        return super().get_context_data(
            regeling=regeling,
            regels=list(reversed(regels)),
            testgevallen=testgevallen.van_regeling(regeling),
            **kwargs,
        )


class VersieWijzigView(_Beheer, TemplateView):
    template_name = "regelingen/versie_wijzigen.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.heeft_rol(*self.rollen):
            self.versie = get_object_or_404(RegelingVersie.objects.select_related("regeling"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _voorbij(self) -> bool:
        return self.versie.geldig_tot is not None and self.versie.geldig_tot < timezone.localdate()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", VersieWijzigForm(instance=self.versie))
        return super().get_context_data(
            versie=self.versie, voorbij=self._voorbij(), zinnen=voorvertoning.beschrijf(self.versie), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = VersieWijzigForm(request.POST, instance=self.versie)
        if request.POST.get("actie") == "bekijk":
            return self._bekijk(form)
        if not self._voorbij() and form.is_valid():
            try:
                nieuw = services.wijzig_versie(
                    versie=self.versie,
                    ingang=form.cleaned_data["ingang"],
                    wijzigingen=form.wijzigingen(),
                    door=request.user,
                    testgevallen_bijwerken=form.cleaned_data["testgevallen_bijwerken"],
                    bevestigd=form.bevestigd(),
                )
            except versies.TestgevallenAnders as fout:
                # Nothing saved: show the preview, so beheer sees which testgevallen change and can confirm.
                resultaat = self._voorvertoning(form)
                form.add_error(None, fout.messages)
                return self._toon(form, resultaat)
            except ValidationError as fout:
                _fouten_in_form(form, fout)
            else:
                bericht = _("Opgeslagen: de regels gelden vanaf %(datum)s.") % {"datum": f"{nieuw.geldig_van:%d-%m-%Y}"}
                if nieuw.bijgewerkte_testgevallen:
                    bericht += " " + ngettext(
                        "%(aantal)d testgeval heeft de nieuwe uitkomst gekregen.",
                        "%(aantal)d testgevallen hebben de nieuwe uitkomst gekregen.",
                        nieuw.bijgewerkte_testgevallen,
                    ) % {"aantal": nieuw.bijgewerkte_testgevallen}
                messages.success(request, bericht)
                return redirect(reverse("regelbeheer:historie", args=[self.versie.regeling_id]))
        return self.render_to_response(self.get_context_data(form=form), status=400 if form.errors else 200)

    def _bekijk(self, form):
        """The preview: nothing is saved; the form keeps what was typed, so "Opslaan" saves exactly that."""
        resultaat = None
        if not self._voorbij() and form.is_valid():
            resultaat = self._voorvertoning(form)
        return self._toon(form, resultaat)

    def _voorvertoning(self, form):
        try:
            return voorvertoning.bekijk_wijziging(
                versie=self.versie, ingang=form.cleaned_data["ingang"], wijzigingen=form.wijzigingen()
            )
        except ValidationError as fout:
            _fouten_in_form(form, fout)
            return None

    def _toon(self, form, resultaat):
        # A confirmation is for the testgevallen shown now: a new preview asks for it again.
        form.data = form.data.copy()
        form.data.pop(form.add_prefix("testgevallen_bijwerken"), None)
        return self.render_to_response(
            self.get_context_data(form=form, voorvertoning=resultaat), status=400 if form.errors else 200
        )


def _fouten_in_form(form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout.messages)
