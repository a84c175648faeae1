"""Pages of maatwerk (the menselijke maattafel) and nazorg."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from . import maatwerk, nazorg
from .filters_werk import MaatwerkFilter
from .forms_maatwerk import BesluitForm, MaatwerkForm, NazorgForm
from .models import Casus, Inwoner, MaatwerkStatus, MaatwerkVoorstel, NazorgContact


def _zet_fouten(form, fout: ValidationError) -> None:
    for veld, berichten in fout.message_dict.items():
        form.add_error(None if veld == "__all__" or veld not in form.fields else veld, berichten)


def _log_inzage(*, door, casussen, omschrijving: str, request) -> None:
    """One audit record per member of every household shown (in one query and one insert)."""
    huishoudens = {casus.huishouden_id for casus in casussen}
    if not huishoudens:
        return
    leden = Inwoner.objects.for_systeem("inzage vastleggen").filter(huishouden_id__in=huishoudens)
    log_verwerking(
        actor=door,
        actie=Actie.INZIEN,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for lid in leden],
        request=request,
    )


class MaatwerkLijstView(RolVereistMixin, TemplateView):
    """The kwaliteitsfunctionaris's start page: open proposals with the casus context to judge them (oldest first,
    filterable, 25 a page, paginated in SQL), and the latest decisions."""

    rollen = (Rol.KWALITEITSFUNCTIONARIS,)
    template_name = "cases/maatwerk.html"
    BESLOTEN = 25  # the latest decisions shown below the open proposals
    PER_PAGINA = 25

    def voorstellen(self):
        return MaatwerkVoorstel.objects.for_user(self.request.user).select_related(
            "casus", "casus__huishouden", "casus__huishouden__stadsdeel", "casus__klantadviseur", "voorgesteld_door"
        )

    def get_context_data(self, formulieren=None, toon=None, **kwargs):
        """`toon`: a proposal whose refused decision is shown again; its page is opened, whatever the URL says."""
        context = super().get_context_data(**kwargs)
        alle_open = self.voorstellen().filter(status=MaatwerkStatus.OPEN).order_by("voorgesteld_op", "id")
        filterset = MaatwerkFilter(self.request.GET or None, queryset=alle_open)
        geldig = filterset.is_bound and filterset.is_valid()
        open_qs = filterset.qs if geldig else alle_open
        pagina = self.request.GET.get("page")
        if toon is not None:
            eerder = Q(voorgesteld_op__lt=toon.voorgesteld_op) | Q(voorgesteld_op=toon.voorgesteld_op, id__lt=toon.id)
            pagina = alle_open.filter(eerder).count() // self.PER_PAGINA + 1
            open_qs = alle_open
        page_obj = Paginator(open_qs, self.PER_PAGINA).get_page(pagina)
        open_ = list(page_obj.object_list)
        context.update(
            page_obj=page_obj,
            filter=filterset,
            gefilterd=filterset.is_bound and any(self.request.GET.get(v) for v in filterset.filters),
        )
        besloten = list(
            self.voorstellen()
            .exclude(status=MaatwerkStatus.OPEN)
            .select_related("besluit", "besluit__door")
            .order_by("-besluit__tijdstip", "-id")[: self.BESLOTEN]
        )
        formulieren = formulieren or {}
        context["open_voorstellen"] = [
            (v, formulieren.get(v.pk) or BesluitForm(prefix=f"v{v.pk}"), v.voorgesteld_door_id == self.request.user.pk)
            for v in open_
        ]
        context["besloten"] = besloten
        context["budget"] = maatwerk.budget_voor(timezone.localdate().year)
        _log_inzage(
            door=self.request.user,
            casussen=[v.casus for v in open_ + besloten],
            omschrijving="Maatwerkvoorstellen bekeken",
            request=self.request,
        )
        return context


class MaatwerkBesluitView(RolVereistMixin, View):
    """Approve or reject one proposal (POST from the list). A GET goes back to the list."""

    rollen = (Rol.KWALITEITSFUNCTIONARIS,)

    def get(self, request, *args, **kwargs):
        # Also a page link of the list shown after a refused decision (its URL is this one): keep the query.
        lijst = reverse("cases:maatwerk")
        return redirect(f"{lijst}?{request.GET.urlencode()}" if request.GET else lijst)

    def post(self, request, pk):
        voorstel = get_object_or_404(MaatwerkVoorstel.objects.for_user(request.user).select_related("casus"), pk=pk)
        form = BesluitForm(request.POST, prefix=f"v{pk}")
        if form.is_valid():
            goedkeuren = form.cleaned_data["besluit"] == "goedkeuren"
            try:
                maatwerk.beslis(
                    voorstel=voorstel,
                    door=request.user,
                    goedkeuren=goedkeuren,
                    reden=form.cleaned_data["reden"],
                    request=request,
                )
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                tekst = _("Het voorstel is goedgekeurd.") if goedkeuren else _("Het voorstel is afgewezen.")
                messages.success(request, tekst)
                return redirect("cases:maatwerk")
        lijst = MaatwerkLijstView()
        lijst.setup(request)
        return lijst.render_to_response(lijst.get_context_data(formulieren={pk: form}, toon=voorstel), status=400)


class CasusMixin:
    """The casus of the URL, only when the klantadviseur reaches it (else 404)."""

    def casus(self) -> Casus:
        if not hasattr(self, "_casus"):
            qs = Casus.objects.for_user(self.request.user).select_related("huishouden", "huishouden__stadsdeel")
            self._casus = get_object_or_404(qs, pk=self.kwargs["pk"])
        return self._casus


class MaatwerkNieuwView(RolVereistMixin, CasusMixin, TemplateView):
    """A klantadviseur proposes maatwerk for a casus and sees what was proposed and decided before."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/maatwerk_nieuw.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        casus = self.casus()
        context["casus"] = casus
        context.setdefault("form", MaatwerkForm())
        context["voorstellen"] = (
            MaatwerkVoorstel.objects.for_user(self.request.user)
            .filter(casus=casus)
            .select_related("voorgesteld_door", "besluit", "besluit__door")
            .order_by("-voorgesteld_op")
        )
        context["budget"] = maatwerk.budget_voor(timezone.localdate().year)
        _log_inzage(
            door=self.request.user,
            casussen=[casus],
            omschrijving="Maatwerk van een casus bekeken",
            request=self.request,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = MaatwerkForm(request.POST)
        if form.is_valid():
            try:
                maatwerk.stel_voor(casus=self.casus(), door=request.user, request=request, **form.cleaned_data)
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("Uw voorstel is verstuurd. Een kwaliteitsfunctionaris beoordeelt het."))
                return redirect("cases:maatwerk-nieuw", pk=self.casus().pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NazorgView(RolVereistMixin, CasusMixin, TemplateView):
    """The nazorg contacts of a closed casus; the klantadviseur records each contact once."""

    rollen = (Rol.KLANTADVISEUR,)
    template_name = "cases/nazorg.html"

    def contacten(self):
        return list(NazorgContact.objects.for_user(self.request.user).filter(casus=self.casus()).select_related("door"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contacten = self.contacten()
        open_ = [c for c in contacten if c.uitgevoerd_op is None]
        context.update(casus=self.casus(), contacten=contacten)
        context.setdefault("form", NazorgForm(contacten=open_) if open_ else None)
        _log_inzage(
            door=self.request.user,
            casussen=[self.casus()],
            omschrijving="Nazorg van een casus bekeken",
            request=self.request,
        )
        return context

    def post(self, request, *args, **kwargs):
        open_ = [c for c in self.contacten() if c.uitgevoerd_op is None]
        form = NazorgForm(request.POST, contacten=open_)
        if form.is_valid():
            data = form.cleaned_data
            contact = next(c for c in open_ if c.pk == data["contact"])
            try:
                nazorg.leg_vast(
                    contact=contact,
                    door=request.user,
                    uitgevoerd_op=data["uitgevoerd_op"],
                    nieuwe_achterstanden=data["nieuwe_achterstanden"] == "ja",
                    rust_en_overzicht=data["rust_en_overzicht"] == "ja",
                    toelichting=data["toelichting"],
                    request=request,
                )
            except ValidationError as fout:
                _zet_fouten(form, fout)
            else:
                messages.success(request, _("Het nazorgcontact is vastgelegd."))
                return redirect("cases:nazorg", pk=self.casus().pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def nazorg_te_doen(user, *, limiet: int = 10) -> list[NazorgContact]:
    """The klantadviseur's nazorg contacts that are due (for Mijn werk)."""
    return list(
        NazorgContact.objects.for_user(user)
        .te_doen(tot=timezone.localdate())
        .filter(casus__klantadviseur=user)
        .select_related("casus", "casus__huishouden")[:limiet]
    )
