from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import GEMEENTE_ROLLEN, REGISTRATIE_ROLLEN, Rol

from . import services
from .bsn import maskeer_bsn
from .forms import HuishoudenForm, LidFormSet, toon_servicefouten
from .models import Casus, Gezinsrol, Inwoner
from .workflow import CasusStatusWaarde


class WerkView(RolVereistMixin, ListView):
    """The klantadviseur's start page: their own open casussen."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/werk.html"
    context_object_name = "casussen"
    paginate_by = 25

    def get_queryset(self):
        return (
            Casus.objects.for_user(self.request.user)
            .open()
            .filter(klantadviseur=self.request.user)
            .select_related("huishouden", "huishouden__stadsdeel")
        )


class TriageView(RolVereistMixin, ListView):
    """The midoffice's start page: new aanmeldingen waiting for triage, crisis first."""

    rollen = (Rol.MIDOFFICE,)
    template_name = "cases/triage.html"
    context_object_name = "casussen"
    paginate_by = 25

    def get_queryset(self):
        return (
            Casus.objects.for_user(self.request.user)
            .filter(status=CasusStatusWaarde.AANMELDING)
            .select_related("huishouden", "huishouden__stadsdeel")
            .order_by("-crisis", "aangemeld_op")
        )


class MaatwerkView(RolVereistMixin, TemplateView):
    """The kwaliteitsfunctionaris's start page: maatwerk proposals to approve (vier-ogen)."""

    rollen = (Rol.KWALITEITSFUNCTIONARIS,)
    template_name = "cases/maatwerk.html"


class InwonerDetailView(RolVereistMixin, DetailView):
    rollen = GEMEENTE_ROLLEN
    template_name = "cases/inwoner_detail.html"
    context_object_name = "inwoner"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Inwoner.objects.for_user(self.request.user).select_related("huishouden", "huishouden__stadsdeel"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        leden = services.bekijk_inwoner(inwoner=self.object, door=self.request.user, request=self.request)
        context["leden"] = [(lid, maskeer_bsn(lid.bsn)) for lid in leden]
        context["gemaskeerd_bsn"] = maskeer_bsn(self.object.bsn) if self.object.bsn else ""
        context["inkomens"] = self.object.inkomens.order_by("-geldig_van")
        return context

    def post(self, request, *args, **kwargs):
        """ "Toon BSN": the same page, with the full BSN for this one view, and that showing logged.
        Not stored anywhere (no session, no URL): opening the page again shows the masked BSN."""
        self.object = self.get_object()
        volledig_bsn = services.toon_bsn(inwoner=self.object, door=request.user, request=request)
        response = self.render_to_response(self.get_context_data(object=self.object, volledig_bsn=volledig_bsn))
        add_never_cache_headers(response)  # no copy of the full BSN in a browser or proxy cache
        return response


class HuishoudenNieuwView(RolVereistMixin, TemplateView):
    """Register a household with its members. All or nothing: on any error, nothing is saved."""

    rollen = REGISTRATIE_ROLLEN
    template_name = "cases/huishouden_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": HuishoudenForm(), "formset": LidFormSet(prefix="leden")})

    def post(self, request, *args, **kwargs):
        form = HuishoudenForm(request.POST)
        formset = LidFormSet(request.POST, prefix="leden")
        if form.is_valid() and formset.is_valid():
            ingevuld = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
            try:
                huishouden = services.registreer_huishouden(
                    door=request.user,
                    request=request,
                    leden=[f.als_nieuw_lid() for f in ingevuld],
                    **form.cleaned_data,
                )
            except ValidationError as fout:
                toon_servicefouten(fout, form=form, formset=formset, ingevulde_formulieren=ingevuld)
            else:
                messages.success(request, _("Het huishouden is geregistreerd."))
                aanvrager = huishouden.leden.get(rol=Gezinsrol.AANVRAGER)
                return redirect("cases:inwoner", pk=aanvrager.pk)
        return self.render_to_response({"form": form, "formset": formset}, status=400)
