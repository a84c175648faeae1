"""Functioneel beheer: the history of a regeling's versions, the editor that changes a version from a date, the
full recompute with its progress, and the import and export of the complete rule set."""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from . import regelset, services, testgevallen, versies, voorvertoning
from .forms_beheer import RegelsetForm, VersieWijzigForm
from .models import HerberekeningsRun, Regeling, RegelingVersie, RunStatus


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


# --- The full recompute: its progress, and starting one (issue 12, item 8) ----------------------------------


class _BeheerOfBeleid(RolVereistMixin):
    """Functioneel beheer starts and follows a recompute; beleid may follow it (figures wait for it)."""

    rollen = (Rol.FUNCTIONEEL_BEHEER, Rol.BELEIDSADVISEUR)


class HerberekeningenView(_BeheerOfBeleid, TemplateView):
    """The running and the latest full recomputes, and (functioneel beheer) a button to start one."""

    template_name = "regelingen/herberekeningen.html"

    def get_context_data(self, **kwargs):
        runs = list(HerberekeningsRun.objects.order_by("-gestart_op", "-pk")[:10])
        return super().get_context_data(
            runs=runs,
            lopend=next((run for run in runs if run.actief), None),
            mag_starten=self.request.user.heeft_rol(Rol.FUNCTIONEEL_BEHEER),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.heeft_rol(Rol.FUNCTIONEEL_BEHEER):
            raise PermissionDenied
        run_id = services.plan_volledige_herberekening(reden=f"gestart in beheer door {request.user.get_username()}")
        if run_id is None:
            messages.info(
                request,
                _("Er loopt al een herberekening. Als die klaar is, start er vanzelf nog een met de regels van nu."),
            )
            lopend = HerberekeningsRun.objects.filter(actief=True).first()
            if lopend is not None:
                return redirect("regelbeheer:herberekening", pk=lopend.pk)
            return redirect("regelbeheer:herberekeningen")
        messages.success(request, _("De herberekening is gestart."))
        return redirect("regelbeheer:herberekening", pk=run_id)


def _herberekening_tekst(run: HerberekeningsRun) -> str:
    return _("%(status)s: %(klaar)s van %(totaal)s delen herberekend.") % {
        "status": run.get_status_display().capitalize(),
        "klaar": run.chunks_klaar,
        "totaal": run.aantal_chunks,
    }


class HerberekeningView(_BeheerOfBeleid, TemplateView):
    """One full recompute with its progress bar (finished chunks of all chunks); it can be left and reopened."""

    template_name = "regelingen/herberekening.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(HerberekeningsRun, pk=self.kwargs["pk"])
        return super().get_context_data(run=run, tekst=_herberekening_tekst(run), **kwargs)


class HerberekeningStatusView(_BeheerOfBeleid, View):
    """The run's own counters as JSON, polled by static/js/voortgang.js."""

    def get(self, request, pk: int):
        run = get_object_or_404(HerberekeningsRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_tekst": run.get_status_display(),
                "klaar": run.chunks_klaar,
                "totaal": run.aantal_chunks,
                "procent": run.procent,
                "loopt": run.status == RunStatus.BEZIG,
                "tekst": _herberekening_tekst(run),
            }
        )


# --- Import and export of the complete rule set (issue 10, item 5) ------------------------------------------

_SOORT_TEKST = {
    "normen": gettext_lazy("bijstandsnormen"),
    "aow_leeftijden": gettext_lazy("AOW-leeftijden"),
    "kostendelersnormen": gettext_lazy("kostendelersnormen"),
    "vermogensgrenzen": gettext_lazy("vermogensgrenzen"),
    "kenmerken": gettext_lazy("kenmerken"),
    "regelingen": gettext_lazy("regelingen"),
    "regelingversies": gettext_lazy("versies van regelingen"),
    "testgevallen": gettext_lazy("testgevallen"),
}


def _samenvatting(verslag: regelset.Verslag) -> dict:
    """What an import does, in words: per kind of data how many are new or changed."""

    def regels(tellingen: dict[str, int]) -> list[tuple[str, int]]:
        return [(str(_SOORT_TEKST.get(soort, soort.replace("_", " "))), n) for soort, n in sorted(tellingen.items())]

    return {
        "nieuw": regels(verslag.nieuw),
        "gewijzigd": regels(verslag.gewijzigd),
        "nieuwe_versies": verslag.nieuwe_versies,
        "opmerkingen": verslag.opmerkingen,
        "niets": verslag.niets_gewijzigd,
    }


class RegelsetView(_Beheer, TemplateView):
    """Download the complete rule set as YAML, or upload one: first a check (every error in Dutch with its
    line, or a summary of what would change; nothing is saved), then a confirmation that imports all of it or
    nothing. The checked text waits in the session, so what is confirmed is exactly what was checked."""

    template_name = "regelingen/regelset.html"
    SESSIE = "regelset_import"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RegelsetForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("actie") == "importeer":
            return self._importeer(request)
        if request.POST.get("actie") == "annuleer":
            request.session.pop(self.SESSIE, None)
            messages.info(request, _("Er is niets geïmporteerd."))
            return redirect("regelbeheer:regelset")
        form = RegelsetForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        tekst = form.cleaned_data["bestand"]
        try:
            verslag = regelset.controleer(tekst)
        except regelset.Importfout as fout:
            request.session.pop(self.SESSIE, None)
            return self.render_to_response(
                self.get_context_data(form=form, fouten=fout.fouten, bestandsnaam=request.FILES["bestand"].name),
                status=400,
            )
        controle = hashlib.sha256(tekst.encode("utf-8")).hexdigest()
        request.session[self.SESSIE] = {"tekst": tekst, "controle": controle, "naam": request.FILES["bestand"].name}
        return self.render_to_response(
            self.get_context_data(
                samenvatting=_samenvatting(verslag), controle=controle, bestandsnaam=request.FILES["bestand"].name
            )
        )

    def _importeer(self, request):
        bewaard = request.session.get(self.SESSIE)
        if not bewaard or request.POST.get("controle") != bewaard["controle"]:
            messages.error(request, _("Het gecontroleerde bestand is niet meer bekend. Kies het bestand opnieuw."))
            return redirect("regelbeheer:regelset")
        try:
            verslag = regelset.importeer(bewaard["tekst"], door=request.user)
        except regelset.Importfout as fout:
            # Something changed since the check (another import, say): nothing was saved.
            request.session.pop(self.SESSIE, None)
            return self.render_to_response(
                self.get_context_data(fouten=fout.fouten, bestandsnaam=bewaard["naam"]), status=400
            )
        request.session.pop(self.SESSIE, None)
        samenvatting = _samenvatting(verslag)
        if samenvatting["niets"]:
            messages.info(request, _("Niets gewijzigd: de regelset in het systeem was al gelijk aan het bestand."))
        else:
            delen = [f"{aantal} {soort} nieuw" for soort, aantal in samenvatting["nieuw"]]
            delen += [f"{aantal} {soort} gewijzigd" for soort, aantal in samenvatting["gewijzigd"]]
            delen += [_("nieuwe versie: %(versie)s") % {"versie": v} for v in samenvatting["nieuwe_versies"]]
            messages.success(
                request,
                _("De regelset is geïmporteerd: %(wat)s. Alle rechten worden opnieuw berekend.")
                % {"wat": "; ".join(delen)},
            )
        return redirect("regelbeheer:regelset")


class RegelsetExportView(_Beheer, View):
    """The complete rule set as one YAML file: the same text as `python manage.py regelingen exporteer`."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(regelset.exporteer(), content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="regelset-{timezone.localdate().isoformat()}.yaml"'
        response["Cache-Control"] = "no-store"
        return response
