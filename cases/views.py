from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import (
    CASUS_LEZERS,
    GEMEENTE_ROLLEN,
    REGISTRATIE_ROLLEN,
    Reikwijdte,
    Rol,
    reikwijdte_gebruiker,
)

from . import selectors, services, zoeken
from .bsn import maskeer_bsn
from .filters_werk import WerkFilter
from .forms import (
    AfspraakForm,
    BeschikkingForm,
    DoorbraakForm,
    HuishoudenForm,
    LidFormSet,
    SchuldregelingForm,
    StatusForm,
    toon_servicefouten,
)
from .models import Casus, Gezinsrol, Huishouden, InkomensBron, Inwoner, Kenmerk
from .signals import huishouden_onderdelen_gevraagd
from .termijnen import OngeldigeTermijnInvoer, Termijnstatus, termijnstatus
from .tijdlijn import tijdlijn, tijdlijn_van
from .workflow import CasusStatusWaarde


class WerkView(RolVereistMixin, ListView):
    """The klantadviseur's start page: their own open casussen, the one whose next Wgs deadline ends first on top
    (sorted in SQL on the denormalised volgende_termijn_op), each with its stand in words; filterable by fase, crisis
    and the stand of the next deadline (all in SQL, so pagination stays in the database). The households shown are
    audited, one record per member, with one query for them all."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/werk.html"
    context_object_name = "casussen"
    paginate_by = 25

    def get_queryset(self):
        basis = (
            Casus.objects.for_user(self.request.user)
            .open()
            .filter(klantadviseur=self.request.user)
            .select_related("huishouden", "huishouden__stadsdeel")
            .order_by(F("volgende_termijn_op").asc(nulls_last=True), "aangemeld_op", "pk")
        )
        # One query for the gelijkgestelde dagen for the whole page (filter and stand); the rest in memory.
        self.dagen, self.vandaag = selectors.gelijkgestelde_dagen(), timezone.localdate()
        self.filterset = WerkFilter(
            self.request.GET or None, queryset=basis, vandaag=self.vandaag, gelijkgestelde_dagen=self.dagen
        )
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else basis

    def get_context_data(self, **kwargs):
        from .views_maatwerk import nazorg_te_doen

        context = super().get_context_data(nazorg_te_doen=nazorg_te_doen(self.request.user), **kwargs)
        dagen, start, vandaag = self.dagen, selectors.schuldregeling_startmoment(), self.vandaag
        gefilterd = self.filterset.is_bound and any(self.request.GET.get(v) for v in self.filterset.filters)
        context.update(filter=self.filterset, gefilterd=gefilterd)
        for casus in context["casussen"]:
            regels = termijnregels(casus, dagen=dagen, startmoment=start, vandaag=vandaag)
            # No running deadline ("Geen lopende termijn"): not the row of a deadline that never starts.
            casus.volgende = (
                next(
                    (r for r in regels if r["uiterlijk"] == casus.volgende_termijn_op and r["gehaald_op"] is None), None
                )
                if casus.volgende_termijn_op
                else None
            )
        # The page shows each household's address: one audit record per member of the households on this page.
        services.bekijk_casussen(
            casussen=context["casussen"],
            door=self.request.user,
            omschrijving="Mijn werk ingezien (adressen van de eigen casussen)",
            request=self.request,
        )
        return context


def _kenmerken(queryset) -> list[tuple[Kenmerk, bool]]:
    """Kenmerken, the newest first, each with whether it holds today."""
    vandaag = timezone.localdate()
    rijen = queryset.select_related("soort", "inwoner").order_by("-geldig_van", "-id")
    return [(k, k.geldt_op(vandaag)) for k in rijen]


def _bestaande_inwoner(pk: int) -> Inwoner | None:
    """The inwoner behind a URL whatever the caller reaches, only to log a refusal or offer the reason step;
    nothing of it is shown."""
    return Inwoner.objects.for_systeem("toegang tot een inwoner beoordelen").filter(pk=pk).first()


class InwonerDetailView(RolVereistMixin, DetailView):
    """An inwoner with the household. A klantadviseur outside the own team first states a reason (doelbinding);
    any refusal is logged for the inwoner it was about."""

    rollen = GEMEENTE_ROLLEN
    template_name = "cases/inwoner_detail.html"
    context_object_name = "inwoner"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.heeft_rol(*self.rollen):
            if inwoner := _bestaande_inwoner(kwargs["pk"]):
                services.log_geweigerd(
                    door=request.user, inwoners=[inwoner], omschrijving="Inwoner opvragen geweigerd", request=request
                )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            inwoner = _bestaande_inwoner(kwargs["pk"])
            if inwoner is None:
                raise
            if reikwijdte_gebruiker(request.user) is Reikwijdte.TEAM:
                return redirect("cases:doorbraak", pk=inwoner.pk)
            services.log_geweigerd(
                door=request.user, inwoners=[inwoner], omschrijving="Inwoner opvragen geweigerd", request=request
            )
            raise

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
        context["kenmerken"] = _kenmerken(Kenmerk.objects.for_user(self.request.user).filter(inwoner=self.object))
        context["mag_kenmerken_vastleggen"] = self.request.user.heeft_rol(*REGISTRATIE_ROLLEN)
        return context

    def post(self, request, *args, **kwargs):
        """ "Toon BSN": the same page, with the full BSN for this one view, and that showing logged.
        Not stored anywhere (no session, no URL): opening the page again shows the masked BSN."""
        try:
            self.object = self.get_object()
        except Http404:
            if inwoner := _bestaande_inwoner(kwargs["pk"]):
                services.log_geweigerd(
                    door=request.user, inwoners=[inwoner], omschrijving="BSN tonen geweigerd", request=request
                )
            raise
        volledig_bsn = services.toon_bsn(inwoner=self.object, door=request.user, request=request)
        response = self.render_to_response(self.get_context_data(object=self.object, volledig_bsn=volledig_bsn))
        add_never_cache_headers(response)  # no copy of the full BSN in a browser or proxy cache
        return response


class DoorbraakView(RolVereistMixin, FormView):
    """Break-the-glass: the household is outside the klantadviseur's team. Nothing of the inwoner is shown
    here; after a stated reason the inwoner's page opens and the reason is logged."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/doorbraak.html"
    form_class = DoorbraakForm

    def dispatch(self, request, *args, **kwargs):
        self.inwoner = _bestaande_inwoner(kwargs["pk"])
        if self.inwoner is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if Inwoner.objects.for_user(request.user).filter(pk=self.inwoner.pk).exists():
            return redirect("cases:inwoner", pk=self.inwoner.pk)  # within reach already: no reason needed
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.doorbreek(
                door=self.request.user,
                huishouden=self.inwoner.huishouden,
                reden=form.cleaned_data["reden"],
                request=self.request,
            )
        except ValidationError as fout:
            form.add_error("reden", fout.message_dict["reden"])
            return self.form_invalid(form)
        return redirect("cases:inwoner", pk=self.inwoner.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


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
                if isinstance(fout, services.BsnAlGeregistreerd):
                    services.log_bsn_controle(fout=fout, door=request.user, request=request)
                toon_servicefouten(fout, form=form, formset=formset, ingevulde_formulieren=ingevuld)
            else:
                messages.success(request, _("Het huishouden is geregistreerd."))
                aanvrager = huishouden.leden.get(rol=Gezinsrol.AANVRAGER)
                return redirect("cases:inwoner", pk=aanvrager.pk)
        return self.render_to_response({"form": form, "formset": formset}, status=400)


class CasusView(RolVereistMixin, TemplateView):
    """One casus: its household, status, the next steps the workflow allows, and the timeline of everything
    that happened (status, maatwerk, nazorg, consent, referrals, signals), newest first. Every view is logged
    for each member of the household; a casus out of reach is a 404, and the refusal is logged."""

    rollen = CASUS_LEZERS
    template_name = "cases/casus.html"

    def casus(self) -> Casus:
        if not hasattr(self, "_casus"):
            qs = Casus.objects.for_user(self.request.user).select_related(
                "huishouden", "huishouden__stadsdeel", "klantadviseur"
            )
            try:
                self._casus = get_object_or_404(qs, pk=self.kwargs["pk"])
            except Http404:
                buiten_bereik = Casus.objects.for_systeem("toegang tot een casus beoordelen").filter(
                    pk=self.kwargs["pk"]
                )
                if casus := buiten_bereik.first():
                    leden = Inwoner.objects.for_systeem("geweigerde inzage vastleggen").filter(
                        huishouden_id=casus.huishouden_id
                    )
                    services.log_geweigerd(
                        door=self.request.user,
                        inwoners=list(leden),
                        omschrijving="Casus opvragen geweigerd",
                        request=self.request,
                    )
                raise
        return self._casus

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        casus = self.casus()
        context["casus"] = casus
        context["leden"] = services.bekijk_casus(casus=casus, door=self.request.user, request=self.request)
        context["tijdlijn"] = tijdlijn(casus)
        context["termijnen"] = termijnregels(casus)
        kan_wijzigen = self.request.user.heeft_rol(*REGISTRATIE_ROLLEN)
        if kan_wijzigen and casus.status != CasusStatusWaarde.AFGESLOTEN:
            context.setdefault("form", StatusForm(casus=casus))
            context.setdefault("afspraak_form", AfspraakForm(casus=casus))
            if casus.eerste_gesprek_op and casus.beschikking_op is None:
                context.setdefault("beschikking_form", BeschikkingForm(casus=casus))
            if casus.toegelaten and casus.schuldregeling_op is None:
                context.setdefault("schuldregeling_form", SchuldregelingForm(casus=casus))
        context["is_klantadviseur"] = self.request.user.heeft_rol(Rol.KLANTADVISEUR)
        from .views_dossier import dossier_casus

        context.update(dossier_casus(casus, self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.heeft_rol(*REGISTRATIE_ROLLEN):
            raise PermissionDenied
        casus = self.casus()
        if casus.status == CasusStatusWaarde.AFGESLOTEN:
            raise PermissionDenied
        actie = request.POST.get("actie", "status")
        form_klasse, context_naam = {
            "afspraak": (AfspraakForm, "afspraak_form"),
            "beschikking": (BeschikkingForm, "beschikking_form"),
            "schuldregeling": (SchuldregelingForm, "schuldregeling_form"),
        }.get(actie, (StatusForm, "form"))
        form = form_klasse(request.POST, casus=casus)
        status = 400
        if form.is_valid():
            try:
                bericht = self._voer_uit(actie, casus, form.cleaned_data)
            except services.VerouderdeVersie as fout:
                form.add_error(None, fout.bericht)
                status = 409
                del self._casus  # show the casus as it is now, with the steps allowed from there
                nieuw = self.casus()
                if isinstance(form, StatusForm):
                    form = _status_form_opnieuw(request.POST, nieuw, fout.bericht)
                else:
                    form.toon_nieuwe_versie(nieuw.versie)
            except ValidationError as fout:
                for veld, fouten in fout.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                messages.success(request, bericht)
                return redirect("cases:casus", pk=casus.pk)
        return self.render_to_response(self.get_context_data(**{context_naam: form}), status=status)

    def _voer_uit(self, actie: str, casus: Casus, data: dict) -> str:
        gemeen = {"casus": casus, "door": self.request.user, "versie": data["versie"], "request": self.request}
        if actie == "afspraak":
            services.leg_afspraak_vast(
                soort=data["soort"], datum=data["datum"], omschrijving=data["omschrijving"], **gemeen
            )
            return _("De afspraak is vastgelegd.")
        if actie == "beschikking":
            services.leg_beschikking_vast(datum=data["datum"], toegelaten=data["toegelaten"] == "ja", **gemeen)
            return _("De beschikking is vastgelegd.")
        if actie == "schuldregeling":
            services.leg_schuldregeling_vast(datum=data["datum"], **gemeen)
            return _("De schuldregeling is vastgelegd.")
        services.wijzig_status(
            status=data["status"], uitstroomreden=data["uitstroomreden"], toelichting=data["toelichting"], **gemeen
        )
        return _("De casus staat nu op: %(status)s.") % {"status": CasusStatusWaarde(data["status"]).label}


def _status_form_opnieuw(data, casus: Casus, bericht: str) -> StatusForm:
    """The status form after a stale save: the steps allowed from the current status, the user's note kept,
    the current version carried, and the message on top. A chosen step that is no longer offered is dropped."""
    data = data.copy()
    data["versie"] = str(casus.versie)
    form = StatusForm(data, casus=casus)
    form.is_valid()
    form.errors.pop("status", None)
    form.add_error(None, bericht)
    return form


TERMIJN_NAMEN = {
    "eerste_gesprek": _lazy("Eerste gesprek"),
    "beschikking": _lazy("Beschikking (toegang)"),
    "schuldregeling": _lazy("Schuldregeling of oplossing"),
}
STAND = {
    Termijnstatus.OP_TIJD: _lazy("Op tijd"),
    Termijnstatus.BIJNA: _lazy("Bijna verlopen"),
    Termijnstatus.TE_LAAT: _lazy("Verlopen"),
}


def termijnregels(casus: Casus, *, dagen=None, startmoment=None, vandaag=None) -> list[dict]:
    """The three Wgs deadlines of a casus as rows to show: the date (None until its start event exists), the
    date the event happened, and the stand in words ("Op tijd", "Bijna verlopen", "Verlopen", or how it was
    met). `stand` is one of Termijnstatus or "gehaald"/"te laat gehaald"/"" for the template's marks."""
    try:
        t = selectors.casus_termijnen(casus, dagen=dagen, startmoment=startmoment)
    except OngeldigeTermijnInvoer:
        return []
    vandaag = vandaag or timezone.localdate()
    gebeurd = {
        "eerste_gesprek": casus.eerste_gesprek_op,
        "beschikking": casus.beschikking_op,
        "schuldregeling": casus.schuldregeling_op,
    }
    uiterlijk = {
        "eerste_gesprek": t.eerste_gesprek_uiterlijk,
        "beschikking": t.beschikking_uiterlijk,
        "schuldregeling": t.schuldregeling_uiterlijk,
    }
    lopend = {str(termijn.soort) for termijn in t.lopend}
    regels = []
    for soort, naam in TERMIJN_NAMEN.items():
        datum, op = uiterlijk[soort], gebeurd[soort]
        if datum is None:
            stand, tekst = (
                "",
                _("Begint nog niet")
                if soort != "schuldregeling" or casus.toegelaten is not False
                else _("Niet van toepassing (afgewezen)"),
            )
        elif op is not None:
            stand = "gehaald" if op <= datum else "te laat gehaald"
            tekst = (_("Gehaald op %(datum)s") if op <= datum else _("Te laat gehaald, op %(datum)s")) % {
                "datum": date_format(op, "j F Y")
            }
        elif soort in lopend and casus.status != CasusStatusWaarde.AFGESLOTEN:
            stand = termijnstatus(datum, vandaag=vandaag, gelijkgestelde_dagen=t.gelijkgestelde_dagen)
            tekst = str(STAND[stand])
        else:
            stand, tekst = "", _("Casus afgesloten")
        regels.append(
            {"soort": soort, "naam": naam, "uiterlijk": datum, "gehaald_op": op, "stand": stand, "tekst": tekst}
        )
    return regels


class ZoekView(RolVereistMixin, TemplateView):
    """Find an inwoner (the search box on every staff page). Minimal results (name, birth year, address), each
    linked to the household and each logged. Only households within reach are shown (ADR 0020)."""

    rollen = GEMEENTE_ROLLEN
    template_name = "cases/zoeken.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "")[:100]
        vraag = zoeken.lees_zoekvraag(q)
        inwoners = zoeken.zoek_inwoners(gebruiker=self.request.user, vraag=vraag)
        services.log_zoekresultaten(inwoners=inwoners, door=self.request.user, request=self.request)
        context.update(q=q, vraag=vraag, inwoners=inwoners, max_resultaten=zoeken.MAX_RESULTATEN)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)  # results hold personal data: no copy in a cache
        return response


def _aanvrager_of_lid(huishouden_pk: int) -> Inwoner | None:
    """A member of the household behind a URL (the aanvrager first), only to offer the reason step."""
    return (
        Inwoner.objects.for_systeem("toegang tot een huishouden beoordelen")
        .filter(huishouden_id=huishouden_pk)
        .order_by(Case(When(rol=Gezinsrol.AANVRAGER, then=0), default=1), "id")
        .first()
    )


class HuishoudenDetailView(RolVereistMixin, DetailView):
    """The huishoudoverzicht: members, incomes over time, rights, aanvragen, schulden, casussen and the timeline of
    those casussen (newest first, with a number of queries that does not grow with them). Written to the
    audit log once per member per view. Other apps add panels through `huishouden_onderdelen_gevraagd`."""

    rollen = GEMEENTE_ROLLEN
    template_name = "cases/huishouden_detail.html"
    context_object_name = "huishouden"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            lid = _aanvrager_of_lid(kwargs["pk"])
            if lid is None:
                raise
            if reikwijdte_gebruiker(request.user) is Reikwijdte.TEAM:
                return redirect("cases:doorbraak", pk=lid.pk)
            services.log_geweigerd(
                door=request.user, inwoners=[lid], omschrijving="Huishouden opvragen geweigerd", request=request
            )
            raise

    def get_object(self, queryset=None):
        return get_object_or_404(
            Huishouden.objects.for_user(self.request.user)
            .filter(geanonimiseerd_op__isnull=True)
            .select_related("stadsdeel"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        h, gebruiker = self.object, self.request.user
        leden = services.bekijk_huishouden(huishouden=h, door=gebruiker, request=self.request)
        context["leden"] = [(lid, maskeer_bsn(lid.bsn)) for lid in leden]
        context["inkomens"] = (
            InkomensBron.objects.for_user(gebruiker)
            .filter(inwoner__huishouden=h)
            .select_related("inwoner")
            .order_by("-geldig_van", "inwoner_id")
        )
        casussen = list(Casus.objects.for_user(gebruiker).filter(huishouden=h).select_related("klantadviseur"))
        context["casussen"] = casussen
        # Every casus of the household the user sees, in one timeline: each part read once for all of them.
        context["tijdlijn"] = tijdlijn_van(casussen)
        context["kenmerken"] = _kenmerken(Kenmerk.objects.for_user(gebruiker).filter(huishouden=h))
        context["mag_kenmerken_vastleggen"] = gebruiker.heeft_rol(*REGISTRATIE_ROLLEN)
        context["schulden"] = h.schulden.order_by("schuldeiser", "id")
        onderdelen = []
        for _ontvanger, antwoord in huishouden_onderdelen_gevraagd.send(
            sender=Huishouden, huishouden=h, gebruiker=gebruiker
        ):
            onderdelen.extend(antwoord or [])
        context["onderdelen"] = sorted(onderdelen, key=lambda o: o["volgorde"])
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response
