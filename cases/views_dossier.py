"""Pages of the casus dossier: schulden, ZRM screening, notities, Routekaart mijlpalen, and bewind.
Only a klantadviseur who reaches the casus or inwoner (for_user) opens them; anything else is 403 or 404.
Every view and every change is written to the audit log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from . import bewind, notities, routekaart, schulden, screening
from .forms_dossier import (
    BewindEindeForm,
    BewindForm,
    MijlpaalForm,
    NotitieForm,
    SchuldForm,
    SchuldWijzigForm,
    ScreeningForm,
)
from .models import Bewind, Inwoner, Mijlpaal, MijlpaalBereikt, Notitie, Schuld
from .views_maatwerk import CasusMixin, _log_inzage, _zet_fouten


class DossierView(RolVereistMixin, CasusMixin, TemplateView):
    """A page of one casus for its klantadviseur: logs the view, never cached."""

    rollen = (Rol.KLANTADVISEUR,)
    omschrijving = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(casus=self.casus(), **kwargs)
        _log_inzage(
            door=self.request.user, casussen=[self.casus()], omschrijving=self.omschrijving, request=self.request
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response

    def opnieuw(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def schulden_van(casus, gebruiker):
    return list(Schuld.objects.for_user(gebruiker).filter(casus=casus).order_by("soort", "schuldeiser", "id"))


class SchuldenView(DossierView):
    template_name = "cases/schulden.html"
    omschrijving = "Schulden van een casus bekeken"

    def get_context_data(self, **kwargs):
        lijst = schulden_van(self.casus(), self.request.user)
        kwargs.setdefault("form", SchuldForm())
        return super().get_context_data(schulden=lijst, overzicht=schulden.overzicht(lijst), **kwargs)

    def post(self, request, *args, **kwargs):
        self.casus()  # access first: out of reach is a 404 whatever was posted
        form = SchuldForm(request.POST)
        if form.is_valid():
            try:
                schulden.registreer_schuld(casus=self.casus(), door=request.user, request=request, **form.cleaned_data)
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("De schuld is geregistreerd."))
                return redirect("cases:schulden", pk=self.casus().pk)
        return self.opnieuw(form)


class SchuldWijzigView(DossierView):
    template_name = "cases/schuld_wijzigen.html"
    omschrijving = "Schuld van een casus bekeken om te wijzigen"

    def schuld(self) -> Schuld:
        return get_object_or_404(
            Schuld.objects.for_user(self.request.user).filter(casus=self.casus()), pk=self.kwargs["schuld"]
        )

    def get_context_data(self, **kwargs):
        kwargs.pop("schuld", None)  # the URL's id; the context gets the object
        schuld = self.schuld()
        kwargs.setdefault(
            "form",
            SchuldWijzigForm(
                initial={
                    "bedrag": f"{schuld.bedrag}".replace(".", ","),
                    "status": schuld.status,
                    "regeling": schuld.regeling,
                    "versie": schulden.versie_van(schuld),
                }
            ),
        )
        return super().get_context_data(schuld=schuld, **kwargs)

    def post(self, request, *args, **kwargs):
        self.schuld()
        form = SchuldWijzigForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data | {"versie": form.cleaned_data["versie"] or None}
                schulden.wijzig_schuld(schuld=self.schuld(), door=request.user, request=request, **data)
            except schulden.SchuldVerouderd as fout:
                # Keep what was typed, but with the current version: a second save is a conscious overwrite.
                form.data = form.data.copy()
                form.data["versie"] = schulden.versie_van(self.schuld())
                _zet_fouten(form, fout)
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("De schuld is gewijzigd."))
                return redirect("cases:schulden", pk=self.casus().pk)
        return self.opnieuw(form)


class ScreeningView(DossierView):
    template_name = "cases/screening.html"
    omschrijving = "ZRM-screenings van een casus bekeken"

    def get_context_data(self, **kwargs):
        lijst = screening.screenings(self.casus(), self.request.user)
        kwargs.setdefault("form", ScreeningForm())
        tabel = screening.tabel(lijst)
        koppen = [
            _("Domein"),
            *(f"#{s.afgenomen_op:%d-%m-%Y}" for s in tabel["screenings"]),
            _("Toelichting (nieuwste)"),
        ]
        return super().get_context_data(
            screenings=lijst, grafiek=screening.grafiek(lijst), tabel=tabel, tabel_koppen=koppen, **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.casus()
        form = ScreeningForm(request.POST)
        if form.is_valid():
            try:
                screening.leg_vast(
                    casus=self.casus(),
                    door=request.user,
                    afgenomen_op=form.cleaned_data["afgenomen_op"],
                    scores=form.scores(),
                    request=request,
                )
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("De screening is vastgelegd."))
                return redirect("cases:screening", pk=self.casus().pk)
        return self.opnieuw(form)


class NotitiesView(DossierView):
    template_name = "cases/notities.html"
    omschrijving = "Notities van een casus bekeken"

    def get_context_data(self, **kwargs):
        lijst = Notitie.objects.for_user(self.request.user).filter(casus=self.casus()).select_related("door")
        kwargs.setdefault("form", NotitieForm())
        return super().get_context_data(notities=list(lijst), **kwargs)

    def post(self, request, *args, **kwargs):
        self.casus()
        form = NotitieForm(request.POST)
        if form.is_valid():
            try:
                notities.voeg_toe(
                    casus=self.casus(), door=request.user, tekst=form.cleaned_data["tekst"], request=request
                )
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("De notitie is opgeslagen."))
                return redirect("cases:notities", pk=self.casus().pk)
        return self.opnieuw(form)


class RoutekaartView(DossierView):
    template_name = "cases/routekaart.html"
    omschrijving = "Routekaart van een casus bekeken"

    def open_mijlpalen(self):
        bereikt = MijlpaalBereikt.objects.for_user(self.request.user).filter(casus=self.casus())
        return list(Mijlpaal.objects.filter(actief=True).exclude(pk__in=bereikt.values("mijlpaal_id")))

    def get_context_data(self, **kwargs):
        open_ = self.open_mijlpalen()
        kwargs.setdefault("form", MijlpaalForm(mijlpalen=open_) if open_ else None)
        return super().get_context_data(stand=routekaart.stand(self.casus(), self.request.user), **kwargs)

    def post(self, request, *args, **kwargs):
        open_ = self.open_mijlpalen()
        form = MijlpaalForm(request.POST, mijlpalen=open_)
        if form.is_valid():
            mijlpaal = next(m for m in open_ if m.pk == form.cleaned_data["mijlpaal"])
            try:
                routekaart.leg_vast(
                    casus=self.casus(),
                    door=request.user,
                    mijlpaal=mijlpaal,
                    bereikt_op=form.cleaned_data["bereikt_op"],
                    request=request,
                )
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("De mijlpaal is vastgelegd."))
                return redirect("cases:routekaart", pk=self.casus().pk)
        return self.opnieuw(form)


def dossier_casus(casus, gebruiker) -> dict:
    """What the casus page shows of the dossier (the casus page itself logs the view)."""
    lijst = schulden_van(casus, gebruiker)
    return {
        "schulden_overzicht": schulden.overzicht(lijst),
        "aantal_schulden": len(lijst),
        "routekaart": routekaart.stand(casus, gebruiker),
    }


class BewindView(RolVereistMixin, TemplateView):
    """Bewind and budgetbeheer of one inwoner within reach: the history, a new one, and ending one."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/bewind.html"

    def inwoner(self) -> Inwoner:
        if not hasattr(self, "_inwoner"):
            self._inwoner = get_object_or_404(
                Inwoner.objects.for_user(self.request.user)
                .filter(huishouden__geanonimiseerd_op__isnull=True)
                .select_related("huishouden"),
                pk=self.kwargs["pk"],
            )
        return self._inwoner

    def lijst(self):
        return list(
            Bewind.objects.for_user(self.request.user).filter(inwoner=self.inwoner()).select_related("organisatie")
        )

    def get_context_data(self, **kwargs):
        lijst = self.lijst()
        lopend = [b for b in lijst if b.tot is None]
        kwargs.setdefault("form", BewindForm())
        kwargs.setdefault("einde_form", BewindEindeForm(lopend=lopend, prefix="einde") if lopend else None)
        bewind._log(
            door=self.request.user,
            inwoners=[self.inwoner()],
            actie=Actie.INZIEN,
            omschrijving="Bewind van een inwoner bekeken",
            request=self.request,
        )
        return super().get_context_data(inwoner=self.inwoner(), bewind=lijst, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response

    def post(self, request, *args, **kwargs):
        self.inwoner()  # access first: out of reach is a 404 whatever was posted
        if request.POST.get("actie") == "beeindigen":
            return self.beeindig(request)
        form = BewindForm(request.POST)
        if form.is_valid():
            try:
                bewind.leg_vast(inwoner=self.inwoner(), door=request.user, request=request, **form.cleaned_data)
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("Het bewind is vastgelegd."))
                return redirect("cases:bewind-inwoner", pk=self.inwoner().pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def beeindig(self, request):
        lopend = [b for b in self.lijst() if b.tot is None]
        form = BewindEindeForm(request.POST, lopend=lopend, prefix="einde")
        if form.is_valid():
            rij = next(b for b in lopend if b.pk == form.cleaned_data["bewind"])
            try:
                bewind.beeindig(bewind=rij, door=request.user, tot=form.cleaned_data["tot"], request=request)
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("Het bewind is beëindigd."))
                return redirect("cases:bewind-inwoner", pk=self.inwoner().pk)
        return self.render_to_response(self.get_context_data(einde_form=form), status=400)


class BewindLijstView(RolVereistMixin, TemplateView):
    """The team list: inwoners under bewind or budgetbeheer within the klantadviseur's reach, lowest ZRM score
    on Financiën first (no screening last), to find who could move towards self-reliance."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/bewind_lijst.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        pagina = Paginator(bewind.team_lijst(self.request.user), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        bewind.log_lijst(door=self.request.user, bewind=list(pagina), request=self.request)
        return super().get_context_data(page_obj=pagina, bewind=list(pagina), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response
