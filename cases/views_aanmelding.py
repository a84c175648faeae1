"""Aanmelding in the browser, the midoffice's triage inbox and assigning a hoofdbehandelaar (issue 8)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import REGISTRATIE_ROLLEN, Rol

from . import selectors, services
from .filters_triage import TriageFilter
from .forms import HuishoudenForm, LidFormSet, toon_servicefouten
from .forms_aanmelding import NIEUW, AanmeldingForm, DubbelKeuzeForm, ToewijsForm
from .models import Casus, Huishouden
from .termijnen import termijnen, termijnstatus
from .workflow import CasusStatusWaarde


def foutoverzicht(*formulieren, voorvoegsels=()) -> list[tuple[str, str]]:
    """(field id, message) of every error on the page, for the error summary at the top (WCAG 3.3.1), each
    linked to its field. `voorvoegsels` names forms that repeat (a person's block: "Persoon 2")."""
    namen = dict(voorvoegsels)
    regels = []
    for form in formulieren:
        if form is None:
            continue
        voor = namen.get(id(form), "")
        for veld, fouten in form.errors.items():
            doel = form[veld].id_for_label if veld in form.fields else ""
            label = str(form.fields[veld].label) if veld in form.fields else ""
            label = ", ".join(deel for deel in (voor, label) if deel)
            for fout in fouten:
                regels.append((doel, f"{label}: {fout}" if label else fout))
    return regels


def _na_aanmelding(request, casus: Casus):
    """Where the user goes on: the midoffice to triage, a klantadviseur to the casus if she reaches it."""
    messages.success(request, _("De aanmelding is geregistreerd. Zij staat nu bij de nieuwe aanmeldingen."))
    if request.user.heeft_rol(Rol.MIDOFFICE):
        return redirect("cases:triage")
    if Casus.objects.for_user(request.user).filter(pk=casus.pk).exists():
        return redirect("cases:casus", pk=casus.pk)
    return redirect(request.user.startpagina() or "start")


class AanmeldenView(RolVereistMixin, TemplateView):
    """A new aanmelding with a new household. Before anything is created, households that may be the same (the
    same BSN, or the same name and birth date at the same address) are shown with a link; the user then
    chooses that household or a new one after all. Household and aanmelding are saved together or not at all."""

    rollen = REGISTRATIE_ROLLEN
    template_name = "cases/aanmelden.html"

    def get(self, request, *args, **kwargs):
        return self._toon(AanmeldingForm(), HuishoudenForm(), LidFormSet(prefix="leden"))

    def _toon(self, aanmelding, form, formset, *, dubbelen=(), keuze=None, status=200, fouten=None):
        response = self.render_to_response(
            {
                "aanmelding": aanmelding,
                "form": form,
                "formset": formset,
                "dubbelen": dubbelen,
                "keuze": keuze,
                "fouten": fouten
                if fouten is not None
                else foutoverzicht(
                    aanmelding,
                    form,
                    *formset.forms,
                    keuze,
                    voorvoegsels=[(id(f), _("Persoon %(nummer)s") % {"nummer": i}) for i, f in enumerate(formset, 1)],
                ),
                "formset_fouten": list(formset.non_form_errors()) if formset.is_bound else [],
            },
            status=status,
        )
        add_never_cache_headers(response)  # possible duplicates are personal data
        return response

    def post(self, request, *args, **kwargs):
        aanmelding = AanmeldingForm(request.POST)
        form = HuishoudenForm(request.POST)
        formset = LidFormSet(request.POST, prefix="leden")
        geldig = all([aanmelding.is_valid(), form.is_valid(), formset.is_valid()])
        if not geldig:
            return self._toon(aanmelding, form, formset, status=400)
        ingevuld = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
        leden = [f.als_nieuw_lid() for f in ingevuld]
        dubbelen = selectors.mogelijke_dubbelen(
            leden=leden,
            postcode=form.cleaned_data["postcode"],
            huisnummer=form.cleaned_data["huisnummer"],
            huisnummer_toevoeging=form.cleaned_data["huisnummer_toevoeging"],
        )
        keuze = None
        if dubbelen:
            # Only a household the user reaches is shown with name and address; of one outside her team only
            # that it exists (ADR 0024), so a typed BSN never shows who holds it.
            bereikbaar = set(
                Huishouden.objects.for_user(request.user)
                .filter(pk__in={d.inwoner.huishouden_id for d in dubbelen})
                .values_list("pk", flat=True)
            )
            dubbelen = [(d, d.inwoner.huishouden_id in bereikbaar) for d in dubbelen]
            keuze = DubbelKeuzeForm(
                request.POST if "keuze" in request.POST else None,
                dubbelen=[d for d, _zichtbaar in dubbelen],
                bereikbaar=bereikbaar,
            )
            if not keuze.is_bound or not keuze.is_valid():
                services.log_mogelijke_dubbelen(
                    inwoners=[d.inwoner for d, _zichtbaar in dubbelen], door=request.user, request=request
                )
                # First time: no error yet, just the question. A choice that no longer fits: the error.
                fouten = foutoverzicht(keuze) if keuze.is_bound else []
                return self._toon(
                    aanmelding,
                    form,
                    formset,
                    dubbelen=dubbelen,
                    keuze=keuze,
                    status=400 if keuze.is_bound else 200,
                    fouten=fouten,
                )
            if keuze.cleaned_data["keuze"] != NIEUW:
                bestaand = Huishouden.objects.for_systeem("aanmelding bij een bestaand huishouden").get(
                    pk=int(keuze.cleaned_data["keuze"])
                )
                casus = services.meld_aan(
                    door=request.user, huishouden=bestaand, request=request, **aanmelding.als_aanmelding()
                )
                return _na_aanmelding(request, casus)
        try:
            _huishouden, casus = services.meld_aan_met_nieuw_huishouden(
                door=request.user,
                huishouden=form.cleaned_data,
                leden=leden,
                aanmelding=aanmelding.als_aanmelding(),
                request=request,
            )
        except ValidationError as fout:
            if isinstance(fout, services.BsnAlGeregistreerd):
                services.log_bsn_controle(fout=fout, door=request.user, request=request)
            aanmeldvelden = {k: v for k, v in fout.message_dict.items() if k in aanmelding.fields}
            rest = {k: v for k, v in fout.message_dict.items() if k not in aanmelding.fields}
            for veld, berichten in aanmeldvelden.items():
                aanmelding.add_error(veld, berichten)
            if rest:
                toon_servicefouten(ValidationError(rest), form=form, formset=formset, ingevulde_formulieren=ingevuld)
            return self._toon(aanmelding, form, formset, keuze=keuze, dubbelen=dubbelen, status=400)
        return _na_aanmelding(request, casus)


class HuishoudenAanmeldenView(RolVereistMixin, TemplateView):
    """ "Nieuwe aanmelding" from a household's page: only the aanmelding itself."""

    rollen = REGISTRATIE_ROLLEN
    template_name = "cases/huishouden_aanmelden.html"

    def huishouden(self) -> Huishouden:
        return get_object_or_404(
            Huishouden.objects.for_user(self.request.user).filter(geanonimiseerd_op__isnull=True),
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"huishouden": self.huishouden(), "aanmelding": AanmeldingForm(), "fouten": []})

    def post(self, request, *args, **kwargs):
        huishouden = self.huishouden()
        aanmelding = AanmeldingForm(request.POST)
        if aanmelding.is_valid():
            try:
                casus = services.meld_aan(
                    door=request.user, huishouden=huishouden, request=request, **aanmelding.als_aanmelding()
                )
            except ValidationError as fout:
                for veld, berichten in fout.message_dict.items():
                    aanmelding.add_error(veld if veld in aanmelding.fields else None, berichten)
            else:
                return _na_aanmelding(request, casus)
        context = {"huishouden": huishouden, "aanmelding": aanmelding, "fouten": foutoverzicht(aanmelding)}
        return self.render_to_response(context, status=400)


class TriageView(RolVereistMixin, ListView):
    """The midoffice's start page: new aanmeldingen without a hoofdbehandelaar, crisis first, then by the
    deadline of the eerste gesprek, with that deadline and the age of each.

    The order is done by the database: within crisis and within non-crisis the deadline is a non-decreasing
    function of the day of aanmelding (3 werkdagen later, or 4 weeks moved to the next werkdag), so ordering by
    (crisis first, aangemeld_op) is ordering by deadline, and pagination stays in SQL. The deadlines of the rows
    on the page are computed after, from one query for the gelijkgestelde dagen."""

    rollen = (Rol.MIDOFFICE,)
    template_name = "cases/triage.html"
    context_object_name = "casussen"
    paginate_by = 25

    def get_queryset(self):
        basis = (
            Casus.objects.for_user(self.request.user)
            .filter(status=CasusStatusWaarde.AANMELDING, klantadviseur__isnull=True)
            .select_related("huishouden", "huishouden__stadsdeel")
            .order_by("-crisis", "aangemeld_op", "id")
        )
        self.filterset = TriageFilter(self.request.GET or None, queryset=basis)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else basis

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dagen = selectors.gelijkgestelde_dagen()
        vandaag = timezone.localdate()
        rijen = []
        for casus in context["casussen"]:
            dag = timezone.localdate(casus.aangemeld_op)
            uiterlijk = termijnen(
                aangemeld_op=dag, crisis=casus.crisis, gelijkgestelde_dagen=dagen
            ).eerste_gesprek_uiterlijk
            rijen.append(
                {
                    "casus": casus,
                    "uiterlijk": uiterlijk,
                    "termijnstatus": str(termijnstatus(uiterlijk, vandaag=vandaag, gelijkgestelde_dagen=dagen)),
                    "dagen_oud": (vandaag - dag).days,
                }
            )
        gefilterd = self.filterset.is_bound and any(self.request.GET.get(v) for v in self.filterset.filters)
        context.update(rijen=rijen, filter=self.filterset, gefilterd=gefilterd)
        # The inbox shows each household's address: one audit record per member of the households on this page.
        services.bekijk_casussen(
            casussen=[rij["casus"] for rij in rijen],
            door=self.request.user,
            omschrijving="Triage ingezien (adressen van nieuwe aanmeldingen)",
            request=self.request,
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response


class ToewijzenView(RolVereistMixin, TemplateView):
    """Assign the hoofdbehandelaar, team and stadsdeel (triage), or hand the casus over to another klantadviseur
    (a reason is then required). The midoffice may do it for any casus, a klantadviseur only for her own."""

    rollen = REGISTRATIE_ROLLEN
    template_name = "cases/toewijzen.html"

    def casus(self) -> Casus:
        casus = get_object_or_404(
            Casus.objects.for_user(self.request.user).select_related(
                "huishouden", "huishouden__stadsdeel", "klantadviseur", "team"
            ),
            pk=self.kwargs["pk"],
        )
        if not services.mag_toewijzen(casus=casus, door=self.request.user):
            raise PermissionDenied
        if casus.status == CasusStatusWaarde.AFGESLOTEN:
            raise Http404
        return casus

    def _toon(self, casus, form, status=200):
        return self.render_to_response({"casus": casus, "form": form, "fouten": foutoverzicht(form)}, status=status)

    def get(self, request, *args, **kwargs):
        casus = self.casus()
        return self._toon(casus, ToewijsForm(casus=casus))

    def post(self, request, *args, **kwargs):
        casus = self.casus()
        form = ToewijsForm(request.POST, casus=casus)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.wijs_toe(
                    casus=casus,
                    naar=d["naar"],
                    team=d["team"],
                    stadsdeel=d["stadsdeel"],
                    reden=d["reden"],
                    versie=d["versie"],
                    door=request.user,
                    request=request,
                )
            except ValidationError as fout:
                for veld, berichten in fout.message_dict.items():
                    # A stale version is about the whole form, not its hidden field.
                    form.add_error(veld if veld in form.fields and veld != "versie" else None, berichten)
            else:
                naam = d["naar"].get_full_name() or d["naar"].get_username()
                bericht = _("Casus %(nummer)s is nu van %(naam)s.") % {"nummer": casus.pk, "naam": naam}
                messages.success(request, bericht)
                if request.user.heeft_rol(Rol.MIDOFFICE):
                    return redirect("cases:triage")
                return redirect("cases:werk")
        return self._toon(casus, form, status=400)
