from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from . import selectors, services
from .filters import DienstPaginaFilter
from .forms import ContactpogingForm, ResultaatForm, SignaalForm, WijksignaalForm
from .models import Aanmeldroute, Contactpoging, Vroegsignaal, VroegsignaalStatus
from .selectors import openbare_diensten

# What each access route means for an inwoner, in B1 words (Venlo's aanbeveling 13: one overview of the routes).
ROUTE_UITLEG = {
    Aanmeldroute.ZELF: _("U kunt zelf contact opnemen. U heeft geen verwijzing nodig."),
    Aanmeldroute.VIA_GEMEENTE: _("De gemeente meldt u aan. Bel de gemeente op 14 077. Wij helpen u verder."),
    Aanmeldroute.VIA_INTERMEDIAIR: _(
        "Iemand die u kent meldt u aan. Bijvoorbeeld uw hulpverlener, het wijkteam of de school van uw kind."
    ),
}

# The caption of each route's table (it names the scroll box for screen readers, so it differs from the heading).
ROUTE_BIJSCHRIFT = {
    Aanmeldroute.ZELF: _("Hier meldt u zich zelf aan"),
    Aanmeldroute.VIA_GEMEENTE: _("Hier meldt de gemeente u aan"),
    Aanmeldroute.VIA_INTERMEDIAIR: _("Hier meldt een hulpverlener of school u aan"),
}


class GeldzorgenView(TemplateView):
    """The public sociale kaart: "waar kan ik terecht met geldzorgen?", by access route. No login."""

    template_name = "partners/geldzorgen.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_ = DienstPaginaFilter(self.request.GET or None, queryset=openbare_diensten())
        diensten = list(filter_.qs) if not filter_.is_bound or filter_.is_valid() else []
        context["filter"] = filter_
        context["aantal"] = len(diensten)
        context["gefilterd"] = any(self.request.GET.get(naam) for naam in filter_.filters)
        context["routes"] = [
            {
                "code": route.value,
                "titel": route.label,
                "uitleg": ROUTE_UITLEG[route],
                "bijschrift": ROUTE_BIJSCHRIFT[route],
                "diensten": [d for d in diensten if route.value in d.aanmeldroutes],
            }
            for route in Aanmeldroute
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        filter_ = context["filter"]
        if filter_.is_bound and not filter_.is_valid():
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


class PortaalView(RolVereistMixin, TemplateView):
    """The partner's start page: referrals to their own organisation (none are visible to anyone else)."""

    rollen = (Rol.PARTNERMEDEWERKER,)
    template_name = "partners/portaal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisatie"] = self.request.user.organisatie
        return context


class SignaalNieuwView(RolVereistMixin, FormView):
    """A partnermedewerker sends a zorgmelding to the gemeente; it lands in the midoffice's triage."""

    rollen = (Rol.PARTNERMEDEWERKER,)
    template_name = "partners/signaal_form.html"
    form_class = SignaalForm

    def form_valid(self, form):
        try:
            services.meld_zorgmelding(door=self.request.user, request=self.request, **form.cleaned_data)
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw melding is verstuurd naar de gemeente. Een medewerker neemt contact op."))
        return redirect("partners:portaal")


class WijksignaalNieuwView(RolVereistMixin, FormView):
    """Money questions in the neighbourhood, counted without personal data (Venlo's aanbeveling 12)."""

    rollen = (Rol.PARTNERMEDEWERKER,)
    template_name = "partners/wijksignaal_form.html"
    form_class = WijksignaalForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["eerdere"] = selectors.wijksignalen_van(organisatie=self.request.user.organisatie)[:20]
        return context

    def form_valid(self, form):
        try:
            services.registreer_wijksignaal(door=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("De vragen zijn geteld. Dank u wel."))
        return redirect("partners:wijksignaal-nieuw")


class VroegsignalenView(RolVereistMixin, ListView):
    """The midoffice's inbox of vroegsignalen: open ones first (opeenvolgend on top), then the newest."""

    rollen = (Rol.MIDOFFICE,)
    template_name = "partners/vroegsignalen.html"
    context_object_name = "signalen"
    paginate_by = 25

    def get_queryset(self):
        return (
            Vroegsignaal.objects.for_user(self.request.user)
            .select_related("organisatie")
            .annotate(
                afgehandeld=Case(When(status=VroegsignaalStatus.AFGEHANDELD, then=1), default=0),
                aantal_pogingen=Count("contactpogingen"),
            )
            .order_by("afgehandeld", "-opeenvolgend", "-ontvangen_op", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        services.log_inzage(
            signalen=context["signalen"],
            door=self.request.user,
            omschrijving="Vroegsignalen bekeken",
            request=self.request,
        )
        return context


class VroegsignaalView(RolVereistMixin, TemplateView):
    """One vroegsignaal: contact attempts and the result (reported back to the signaalpartner)."""

    rollen = (Rol.MIDOFFICE,)
    template_name = "partners/vroegsignaal.html"

    def dispatch(self, request, *args, **kwargs):
        self.signaal = None
        return super().dispatch(request, *args, **kwargs)

    def _signaal(self):
        return get_object_or_404(
            Vroegsignaal.objects.for_user(self.request.user).select_related("organisatie", "huishouden", "casus"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signaal = self.signaal or self._signaal()
        context["signaal"] = signaal
        context["pogingen"] = list(
            Contactpoging.objects.for_user(self.request.user).filter(vroegsignaal=signaal).select_related("door")
        )
        context.setdefault("contact_form", ContactpogingForm(initial={"datum": timezone.localdate()}))
        context.setdefault("resultaat_form", ResultaatForm())
        services.log_inzage(
            signalen=[signaal], door=self.request.user, omschrijving="Vroegsignaal bekeken", request=self.request
        )
        return context

    def post(self, request, *args, **kwargs):
        self.signaal = self._signaal()
        if request.POST.get("actie") == "contact":
            form = ContactpogingForm(request.POST)
            if form.is_valid():
                try:
                    services.registreer_contactpoging(
                        signaal=self.signaal,
                        soort=form.cleaned_data["soort"],
                        datum=form.cleaned_data["datum"],
                        bereikt=form.cleaned_data["bereikt"] == "ja",
                        door=request.user,
                        request=request,
                    )
                except ValidationError as exc:
                    form.add_error("datum", exc.message_dict.get("datum", exc.messages))
                else:
                    messages.success(request, _("De contactpoging is vastgelegd."))
                    return redirect("partners:vroegsignaal", pk=self.signaal.pk)
            return self.render_to_response(self.get_context_data(contact_form=form), status=400)
        form = ResultaatForm(request.POST)
        if form.is_valid():
            try:
                services.registreer_resultaat(
                    signaal=self.signaal,
                    resultaat=form.cleaned_data["resultaat"],
                    hulpvraag=form.cleaned_data["hulpvraag"],
                    door=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_error("resultaat", exc.message_dict.get("resultaat", exc.messages))
            else:
                messages.success(request, _("Het resultaat is vastgelegd en teruggemeld aan de signaalpartner."))
                return redirect("partners:vroegsignaal", pk=self.signaal.pk)
        return self.render_to_response(self.get_context_data(resultaat_form=form), status=400)
