from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from . import export, rapport, selectors, services
from .forms import KpiFilter, RapportFilter, laatste_hele_halfjaar
from .kpis import per_doelstelling
from .models import KpiRun


class _Beleid(RolVereistMixin):
    rollen = (Rol.BELEIDSADVISEUR,)

    def filter(self) -> KpiFilter:
        return KpiFilter(self.request.GET)  # always bound: no filter is valid (this month, heel Venlo)

    @staticmethod
    def filters(form: KpiFilter) -> dict:
        d = form.cleaned_data
        return {
            "van": d["van"],
            "tot": d["tot"],
            "stadsdeel": d.get("stadsdeel"),
            "doelgroep": d.get("doelgroep") or None,
        }


class BeleidView(_Beleid, TemplateView):
    """KPIs per doelstelling from the snapshots: aggregates only, never a person."""

    template_name = "monitoring/beleid.html"

    def get(self, request, *args, **kwargs):
        form = self.filter()
        context = self.get_context_data(form=form, run=selectors.laatste_run())
        if not form.is_valid():
            context["secties"] = [{"doelstelling": doel, "blokken": []} for doel, _ in per_doelstelling()]
            return self.render_to_response(context, status=400)
        context.update(selectors.dashboard(**self.filters(form)))
        context["overzicht_tabel"] = selectors.overzicht(context["secties"])
        context["omschrijving"] = form.omschrijving()
        context["querystring"] = request.GET.urlencode()
        d = form.cleaned_data  # the report keeps the stadsdeel and doelgroep; its period is a half year
        context["rapport_query"] = "&".join(f"{k}={d[k]}" for k in ("stadsdeel", "doelgroep") if d.get(k))
        return self.render_to_response(context)


class ExportView(_Beleid, View):
    def get(self, request, tabel: str, formaat: str):
        form = self.filter()
        if formaat not in ("csv", "xlsx"):
            raise Http404("Dit bestandsformaat bestaat niet.")
        if not form.is_valid():
            return redirect(f"{reverse('monitoring:beleid')}?{request.GET.urlencode()}")
        tabellen = selectors.tabellen(**self.filters(form))
        if tabel not in tabellen:
            raise Http404("Deze tabel bestaat niet.")
        omschrijving = form.omschrijving()
        if formaat == "xlsx":
            response = HttpResponse(
                export.xlsx_bestand(tabellen[tabel], omschrijving),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(
                export.csv_bestand(tabellen[tabel], omschrijving), content_type="text/csv; charset=utf-8"
            )
        datum = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="beleid-{tabel}-{datum}.{formaat}"'
        return response


class RapportView(_Beleid, TemplateView):
    """The half-yearly report as a print-ready page: every KPI per doelstelling with its B1 explanation, its
    trend, chart and table, for one half year (and the half year before it, for the trend)."""

    template_name = "monitoring/rapport.html"

    def filter(self) -> RapportFilter:
        data = self.request.GET.copy()
        if not data.get("halfjaar"):  # the default shows as chosen in the form
            data["halfjaar"] = "{}-{}".format(*laatste_hele_halfjaar(timezone.localdate()))
        return RapportFilter(data)

    def rapport_context(self, form: RapportFilter) -> dict:
        context = {"form": form}
        if form.is_valid():
            context.update(selectors.dashboard(**self.filters(form)))
            context["overzicht_tabel"] = selectors.overzicht(context["secties"])
            context["omschrijving"] = form.omschrijving()
            context["halfjaar"] = form.halfjaar_tekst()
            context.update({k: form.cleaned_data[k] for k in ("begin", "eind", "loopt_nog")})
            querystring = self.request.GET.copy()
            querystring.pop("van", None), querystring.pop("tot", None)
            context["querystring"] = querystring.urlencode()
            d = form.cleaned_data
            context["beleid_query"] = f"van={d['van']:%Y-%m}&tot={d['tot']:%Y-%m}" + "".join(
                f"&{k}={d[k]}" for k in ("stadsdeel", "doelgroep") if d.get(k)
            )
        return context

    def get(self, request, *args, **kwargs):
        form = self.filter()
        context = self.get_context_data(**self.rapport_context(form))
        return self.render_to_response(context, status=200 if form.is_valid() else 400)


class RapportPdfView(RapportView):
    """The same report as a PDF; a wrong choice gets the print page with its Dutch message (400)."""

    def get(self, request, *args, **kwargs):
        form = self.filter()
        if not form.is_valid():
            return super().get(request, *args, **kwargs)
        html = render_to_string("monitoring/rapport_pdf.html", self.rapport_context(form), request=request)
        response = HttpResponse(rapport.pdf(html), content_type="application/pdf")
        jaar, helft = form.cleaned_data["halfjaar"]
        response["Content-Disposition"] = f'attachment; filename="halfjaarrapportage-{jaar}-{helft}.pdf"'
        return response


class BerekenView(_Beleid, View):
    """Start a computation of all snapshots and follow it on its own page (works without JS)."""

    http_method_names = ["post"]

    def post(self, request):
        run = services.start_berekening(door=request.user.get_username())
        return redirect("monitoring:run", pk=run.pk)


class RunView(_Beleid, TemplateView):
    template_name = "monitoring/run.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=get_object_or_404(KpiRun, pk=self.kwargs["pk"]), **kwargs)


class RunStatusView(_Beleid, View):
    """The run's counters as JSON, polled by static/js/voortgang.js."""

    def get(self, request, pk: int):
        run = get_object_or_404(KpiRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_tekst": run.get_status_display(),
                "klaar": run.klaar,
                "totaal": run.totaal,
                "procent": run.procent,
                "loopt": run.loopt,
                "terug": reverse("monitoring:beleid"),
            }
        )
