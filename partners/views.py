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
        from .forms import CapaciteitForm
        from .models import Dienst, Doorverwijzing

        context = super().get_context_data(**kwargs)
        organisatie = self.request.user.organisatie
        context["organisatie"] = organisatie
        context["doorverwijzingen"] = (
            Doorverwijzing.objects.for_user(self.request.user)
            .select_related("dienst", "organisatie", "toestemming")
            .order_by("-verstuurd_op", "-pk")
        )
        context["diensten"] = (
            [
                (
                    dienst,
                    CapaciteitForm(
                        initial={
                            "beschikbaar": dienst.capaciteit_beschikbaar,
                            "maximum": dienst.capaciteit_maximum,
                            "eenheid": dienst.capaciteit_eenheid,
                        },
                        auto_id=f"id_d{dienst.pk}_%s",
                    ),
                )
                for dienst in Dienst.objects.filter(organisatie=organisatie).order_by("naam")
            ]
            if organisatie
            else []
        )
        return context


# --- Warme doorverwijzing -----------------------------------------------------------------------------------
from django.http import Http404  # noqa: E402
from django.views import View  # noqa: E402

from cases import selectors as cases_selectors  # noqa: E402

from .forms import CapaciteitForm, DoorgevenForm, DoorverwijzingForm, StapForm, ToestemmingForm  # noqa: E402
from .models import OVERGANGEN, Dienst, Doorverwijzing, DoorverwijzingStatus, Hulpvraag, Toestemming  # noqa: E402
from .selectors import spreiding, spreiding_vanaf, suggesties  # noqa: E402


def _fouten_op_formulier(form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, berichten in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, berichten)
    else:
        form.add_error(None, fout.messages)


class CasusMixin(RolVereistMixin):
    """A casus-side page: the casus the klantadviseur reaches (their role decides), else 404."""

    rollen = (Rol.KLANTADVISEUR,)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.heeft_rol(*self.rollen):
            self.casus = cases_selectors.casus_voor(gebruiker=request.user, pk=kwargs["pk"])
            if self.casus is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ToestemmingView(CasusMixin, TemplateView):
    template_name = "partners/toestemming.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["casus"] = self.casus
        context.setdefault("form", ToestemmingForm())
        context["toestemmingen"] = (
            Toestemming.objects.for_user(self.request.user)
            .filter(casus=self.casus)
            .select_related("organisatie", "vastgelegd_door")
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ToestemmingForm(request.POST)
        if form.is_valid():
            try:
                services.leg_toestemming_vast(casus=self.casus, door=request.user, request=request, **form.cleaned_data)
            except ValidationError as fout:
                _fouten_op_formulier(form, fout)
            else:
                messages.success(request, _("De toestemming is vastgelegd."))
                return redirect("partners:doorverwijzen", pk=self.casus.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ToestemmingIntrekkenView(CasusMixin, View):
    def post(self, request, *args, **kwargs):
        toestemming = get_object_or_404(
            Toestemming.objects.for_user(request.user).filter(casus=self.casus), pk=kwargs["toestemming"]
        )
        try:
            services.trek_toestemming_in(toestemming=toestemming, door=request.user, request=request)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("De toestemming is ingetrokken. De partner ziet de gegevens niet meer."))
        return redirect("partners:toestemming-nieuw", pk=self.casus.pk)

    def get(self, request, *args, **kwargs):
        return redirect("partners:toestemming-nieuw", pk=self.casus.pk)


class DoorverwijzenView(CasusMixin, TemplateView):
    """Refer the casus to a dienst, with suggestions and the spread of referrals; and follow earlier ones."""

    template_name = "partners/doorverwijzen.html"

    def get_context_data(self, **kwargs):
        from cases.tijdlijn import tijdlijn  # noqa: PLC0415 - the timeline is H1's; here only for this page

        context = super().get_context_data(**kwargs)
        behoefte = self.request.GET.get("behoefte", "")
        behoefte = behoefte if behoefte in Hulpvraag.values else ""
        context["casus"] = self.casus
        context["behoefte"] = behoefte
        context["behoeften"] = Hulpvraag.choices
        context["suggesties"] = suggesties(stadsdeel=self.casus.huishouden.stadsdeel, hulpvraag=behoefte or None)[:8]
        context["spreiding"] = spreiding()
        context["spreiding_vanaf"] = timezone.localdate(spreiding_vanaf(timezone.now()))
        context.setdefault("form", DoorverwijzingForm(casus=self.casus))
        context["doorverwijzingen"] = (
            Doorverwijzing.objects.for_user(self.request.user)
            .filter(casus=self.casus)
            .select_related("dienst", "organisatie", "toestemming")
            .prefetch_related("stappen")
        )
        context["tijdlijn"] = tijdlijn(self.casus)
        return context

    def post(self, request, *args, **kwargs):
        form = DoorverwijzingForm(request.POST, casus=self.casus)
        if form.is_valid():
            try:
                services.verwijs_door(casus=self.casus, door=request.user, request=request, **form.cleaned_data)
            except ValidationError as fout:
                _fouten_op_formulier(form, fout)
            else:
                messages.success(request, _("De doorverwijzing is verstuurd."))
                return redirect("partners:doorverwijzen", pk=self.casus.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PartnerMixin(RolVereistMixin):
    rollen = (Rol.PARTNERMEDEWERKER,)


class PartnerDoorverwijzingView(PartnerMixin, TemplateView):
    """A partner's view of one referral: only the consented data as at sending, never the BSN. Opening it
    the first time records "ontvangen"."""

    template_name = "partners/doorverwijzing.html"

    def _doorverwijzing(self):
        return get_object_or_404(
            Doorverwijzing.objects.for_user(self.request.user).select_related(
                "dienst", "organisatie", "toestemming", "voorgestelde_dienst"
            ),
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        dv = self._doorverwijzing()
        if dv.status == DoorverwijzingStatus.VERSTUURD and dv.organisatie_id == request.user.organisatie_id:
            services.zet_stap(
                doorverwijzing=dv, stap="ontvangen", door=request.user, organisatie=request.user.organisatie
            )
            dv = self._doorverwijzing()
        services.log_inzage_doorverwijzingen(doorverwijzingen=[dv], door=request.user, request=request)
        return self.render_to_response(self.get_context_data(dv=dv))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dv = context["dv"]
        context["zichtbaar"] = dv.gegevens_zichtbaar()
        context["ingetrokken"] = dv.toestemming.ingetrokken_op is not None
        context["stappen"] = dv.stappen.all()
        mogelijk = sorted(OVERGANGEN[dv.status], key=DoorverwijzingStatus.values.index)
        context.setdefault("form", StapForm(mogelijk=mogelijk, initial={"versie": dv.versie}))
        context["versie"] = dv.versie
        eigen = self.request.user.organisatie
        if (
            eigen
            and dv.organisatie_id == eigen.pk
            and eigen.leden.exists()
            and dv.status
            in (
                DoorverwijzingStatus.VERSTUURD,
                DoorverwijzingStatus.ONTVANGEN,
            )
        ):
            context.setdefault("doorgeven", DoorgevenForm(koepel=eigen))
        return context

    def post(self, request, *args, **kwargs):
        dv = self._doorverwijzing()
        if "lid" in request.POST:
            form = DoorgevenForm(request.POST, koepel=request.user.organisatie)
            if form.is_valid():
                try:
                    services.geef_door(doorverwijzing=dv, lid=form.cleaned_data["lid"], door=request.user)
                except ValidationError as fout:
                    _fouten_op_formulier(form, fout)
                else:
                    messages.success(request, _("De doorverwijzing is doorgegeven."))
                    return redirect("partners:portaal")
            return self.render_to_response(self.get_context_data(dv=dv, doorgeven=form), status=400)
        mogelijk = sorted(OVERGANGEN[dv.status], key=DoorverwijzingStatus.values.index)
        form = StapForm(request.POST, mogelijk=mogelijk)
        try:
            versie = int(request.POST.get("versie", ""))
        except ValueError:
            versie = -1
        if form.is_valid():
            try:
                services.zet_stap(
                    doorverwijzing=dv,
                    door=request.user,
                    organisatie=request.user.organisatie,
                    versie=versie,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as fout:
                _fouten_op_formulier(form, fout)
            else:
                messages.success(request, _("Uw reactie is opgeslagen."))
                return redirect("partners:doorverwijzing", pk=dv.pk)
        return self.render_to_response(self.get_context_data(dv=dv, form=form), status=400)


class CapaciteitView(PartnerMixin, View):
    def post(self, request, *args, **kwargs):
        dienst = get_object_or_404(Dienst.objects.filter(organisatie=request.user.organisatie), pk=kwargs["pk"])
        form = CapaciteitForm(request.POST)
        if form.is_valid():
            try:
                services.werk_capaciteit_bij(dienst=dienst, door=request.user, **form.cleaned_data)
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            else:
                messages.success(request, _("De capaciteit van %(dienst)s is bijgewerkt.") % {"dienst": dienst.naam})
        else:
            messages.error(request, _("Vul hele getallen in (0 of meer)."))
        return redirect("partners:portaal")

    def get(self, request, *args, **kwargs):
        return redirect("partners:portaal")


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
