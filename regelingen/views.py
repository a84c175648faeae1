"""Pages of the regelingen app: the niet-gebruik worklist (klantadviseur, midoffice) with its CSV export,
and the what-if scenario for beleid (aggregates only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import REGISTRATIE_ROLLEN, Rol

from . import engine, huishoudoverzicht, niet_gebruik, scenario, selectors
from .filters import NietGebruikFilter
from .forms import ScenarioForm
from .models import BedragPer


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


class ScenarioView(RolVereistMixin, TemplateView):
    """What-if for beleidsadviseurs: aggregates only, never a person or an address."""

    rollen = (Rol.BELEIDSADVISEUR,)
    template_name = "regelingen/scenario.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ScenarioForm(self.request.GET if "regeling" in self.request.GET else None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            try:
                uitkomst = scenario.simuleer(
                    regeling_code=form.cleaned_data["regeling"], wijzigingen=form.wijzigingen()
                )
            except scenario.OngeldigScenario as fout:  # e.g. no norms known for today
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
                return context
            context["uitkomst"] = uitkomst
            context["weergave"] = scenario.weergave(uitkomst)
            context["regelvergelijking"] = _regelvergelijking(uitkomst.huidige_regel, uitkomst.nieuwe_regel)
        return context

    def render_to_response(self, context, **response_kwargs):
        form = context["form"]
        if form.is_bound and not form.is_valid():
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


def _tekst(veld: str, waarde) -> str:
    if waarde is None or waarde == "":
        return "geen"
    if veld == "inkomensgrens_pct":
        return f"{engine.procent(waarde)}%"
    if veld == "bedrag":
        return engine.euro(waarde)
    if veld == "bedrag_per":
        return str(BedragPer(waarde).label)
    return f"{waarde} jaar"


_REGELVELDEN = (
    ("inkomensgrens_pct", "Inkomensgrens"),
    ("kind_min_leeftijd", "Kind minimaal"),
    ("kind_max_leeftijd", "Kind maximaal"),
    ("aanvrager_min_leeftijd", "Aanvrager minimaal"),
    ("aanvrager_max_leeftijd", "Aanvrager maximaal"),
    ("bedrag", "Bedrag"),
    ("bedrag_per", "Bedrag geldt"),
)


def _regelvergelijking(huidige, nieuwe) -> list[dict]:
    return [
        {
            "label": label,
            "nu": _tekst(veld, getattr(huidige, veld)),
            "scenario": _tekst(veld, getattr(nieuwe, veld)),
            "gewijzigd": getattr(huidige, veld) != getattr(nieuwe, veld),
        }
        for veld, label in _REGELVELDEN
    ]


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
