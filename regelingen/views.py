"""Pages of the regelingen app: the niet-gebruik worklist (klantadviseur, midoffice) with its CSV export,
and the what-if scenario for beleid (aggregates only), with its background runs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import REGISTRATIE_ROLLEN, Rol

from . import engine, huishoudoverzicht, niet_gebruik, scenario, scenario_run, selectors, services
from . import voorwaarden as vw
from .filters import NietGebruikFilter
from .forms import ScenarioForm, VoorwaardenInvoer
from .models import ScenarioRun


class _NietGebruikBasis(RolVereistMixin):
    rollen = niet_gebruik.ROLLEN

    def filterset(self) -> NietGebruikFilter:
        # Always bound (an empty query is valid: no filter), so an invalid value can be told apart.
        return NietGebruikFilter(self.request.GET, queryset=niet_gebruik.kandidaten(self.request.user))

    def export(self, filterset: NietGebruikFilter) -> HttpResponse:
        # An invalid filter value exports nothing rather than everything.
        uitkomsten = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        datum = timezone.localdate().isoformat()
        if self.request.GET.get("formaat") == "xlsx":
            response = HttpResponse(
                niet_gebruik.xlsx_bestand(uitkomsten, actor=self.request.user, request=self.request),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            bestand = f"niet-gebruik-{datum}.xlsx"
        else:
            response = StreamingHttpResponse(
                niet_gebruik.csv_regels(uitkomsten, actor=self.request.user, request=self.request),
                content_type="text/csv; charset=utf-8",
            )
            bestand = f"niet-gebruik-{datum}.csv"
        response["Content-Disposition"] = f'attachment; filename="{bestand}"'
        response["Cache-Control"] = "no-store"
        return response


class NietGebruikView(_NietGebruikBasis, ListView):
    """Households with a right to a regeling that they have not applied for, for outreach.
    Every page view logs one INZIEN record per aanvrager on the page."""

    template_name = "regelingen/niet_gebruik.html"
    context_object_name = "rijen"
    paginate_by = niet_gebruik.PAGINA_GROOTTE

    def get(self, request, *args, **kwargs):
        self.filter = self.filterset()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        uitkomsten = self.filter.qs if self.filter.is_valid() else self.filter.queryset.none()
        return niet_gebruik.rijen(uitkomsten)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rijen = list(context["rijen"])
        # Reasons are not stored: the engine derives them for the households on this page, set-wise.
        afgeleid = selectors.redenen_voor_huishoudens(
            huishouden_ids={rij["huishouden_nr"] for rij in rijen}, gebruiker=self.request.user
        )
        redenen = {(u.huishouden_id, u.regeling_code): u for lijst in afgeleid.values() for u in lijst}
        for rij in rijen:
            rij["naam"] = niet_gebruik.naam(rij)
            rij["uitleg"] = redenen.get((rij["huishouden_nr"], rij["regeling_code"]))
            rij["bedrag_tekst"] = engine.euro(rij["verwacht_bedrag"]) if rij["verwacht_bedrag"] is not None else ""
        context["rijen"] = rijen
        context["filter"] = self.filter
        zonder_pagina = self.request.GET.copy()
        zonder_pagina.pop("page", None)
        context["filter_query"] = zonder_pagina.urlencode()
        niet_gebruik.log_inzien(rijen, actor=self.request.user, request=self.request)
        return context


class NietGebruikExportView(_NietGebruikBasis, TemplateView):
    """The same list as CSV (or Excel with ?formaat=xlsx) for an outreach letter (/werk/niet-gebruik/export/)."""

    def get(self, request, *args, **kwargs):
        return self.export(self.filterset())


class _Beleid(RolVereistMixin):
    rollen = (Rol.BELEIDSADVISEUR,)


class ScenarioView(_Beleid, TemplateView):
    """What-if for beleidsadviseurs: aggregates only, never a person or an address.

    The simple fields and the list of voorwaarden are one form. A small population is computed on the page
    (GET: it only reads, and the result can be bookmarked); from scenario_run.drempel() households on, the form
    is sent with POST and the what-if runs as a background task with its own page and progress bar."""

    template_name = "regelingen/scenario.html"

    def get(self, request, *args, **kwargs):
        return self._toon(request.GET if "regeling" in request.GET else None, starten=False)

    def post(self, request, *args, **kwargs):
        return self._toon(request.POST, starten=True)

    def _toon(self, data, *, starten: bool):
        regels = scenario.huidige_regels()
        regel = regels.get(data.get("regeling")) if data else None
        invoer = VoorwaardenInvoer(data, regel) if regel is not None else None
        form = ScenarioForm(data, regels=regels, met_voorwaarden=bool(invoer and invoer.gegeven))
        achtergrond = scenario_run.op_achtergrond()
        context = self.get_context_data(
            form=form,
            voorwaarden=invoer,
            achtergrond=achtergrond,
            runs=scenario_run.recente_runs(self.request.user),
        )
        if not form.is_bound:
            return self.render_to_response(context)
        if data.get("actie") == "toevoegen":
            # Add an empty voorwaarde of the chosen kind; nothing is computed until "Bereken".
            soort = data.get("nieuw")
            if invoer is not None and soort in vw.SOORTEN:
                invoer.is_valid()  # the rows keep what was typed, with their messages
                invoer.voeg_toe(soort)
                context["toegevoegd"] = True
            else:
                form.is_valid()
                form.add_error("nieuw", "Kies eerst een regeling en een soort voorwaarde.")
            return self.render_to_response(context, status=200 if context.get("toegevoegd") else 400)
        geldig = form.is_valid()
        if invoer is not None and not invoer.is_valid():
            geldig = False
        if not geldig:
            return self.render_to_response(context, status=400)
        voorwaarden = invoer.als_data() if invoer.gegeven else None
        wijzigingen = form.wijzigingen()
        try:
            nieuwe = scenario.controleer(regel, wijzigingen, voorwaarden)
        except scenario.OngeldigScenario as fout:
            form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            return self.render_to_response(context, status=400)
        if starten:
            run = services.start_scenario(
                door=self.request.user,
                regeling_code=regel.code,
                regeling_naam=regel.naam,
                wijzigingen=wijzigingen,
                voorwaarden=voorwaarden,
            )
            return redirect("scenario:run", pk=run.pk)
        if achtergrond:
            # A bookmarked what-if over a large population: shown filled in, computed only on "Bereken" (POST).
            invoer.toon(nieuwe)
            context["nog_berekenen"] = True
            return self.render_to_response(context)
        try:
            uitkomst = scenario.simuleer(regeling_code=regel.code, wijzigingen=wijzigingen, voorwaarden=voorwaarden)
        except scenario.OngeldigScenario as fout:  # e.g. no norms known for today
            form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            return self.render_to_response(context, status=400)
        invoer.toon(uitkomst.nieuwe_regel)  # the list as the scenario has it now: change it further from there
        context["uitkomst"] = uitkomst
        context["weergave"] = scenario.weergave(uitkomst)
        context["regelvergelijking"] = scenario.regelvergelijking(uitkomst.huidige_regel, uitkomst.nieuwe_regel)
        return self.render_to_response(context)


class ScenarioRunView(_Beleid, TemplateView):
    """One background what-if: its progress bar while it runs, its result (aggregates only) when done. Any
    beleidsadviseur may open it by its address: it holds no person."""

    template_name = "regelingen/scenario_run.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(ScenarioRun, pk=self.kwargs["pk"])
        context = super().get_context_data(run=run, **kwargs)
        if run.status == ScenarioRun.Status.KLAAR and run.resultaat:
            uitkomst, rijen = scenario.uitkomst_uit_data(run.resultaat)
            context.update(uitkomst=uitkomst, weergave=scenario.weergave(uitkomst), regelvergelijking=rijen)
        return context


class ScenarioRunStatusView(_Beleid, View):
    """The run's counters as JSON, polled by static/js/voortgang.js (no counts of the result: only progress)."""

    def get(self, request, pk: int):
        run = get_object_or_404(ScenarioRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_tekst": run.status_tekst,
                "klaar": run.huishoudens_klaar,
                "totaal": run.huishoudens_totaal,
                "procent": run.procent,
                "loopt": run.loopt,
                "tekst": f"{run.status_tekst}: {run.huishoudens_klaar} van {run.huishoudens_totaal} "
                "huishoudens doorgerekend.",
            }
        )


class AanvraagRegistrerenView(RolVereistMixin, View):
    """One step from a right on the huishoudoverzicht to a registered aanvraag (POST only)."""

    rollen = REGISTRATIE_ROLLEN
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            aanvraag = huishoudoverzicht.vraag_aan(
                huishouden_id=pk, regeling_code=request.POST.get("regeling", ""), door=request.user, request=request
            )
        except ValidationError as fout:
            for bericht in fout.messages:
                messages.error(request, bericht)
        else:
            messages.success(request, f"De aanvraag {aanvraag.regeling.naam} is geregistreerd.")
        return redirect(reverse("cases:huishouden", kwargs={"pk": pk}) + "#rechten")
