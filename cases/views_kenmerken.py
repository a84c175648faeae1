"""Kenmerken of an inwoner or of a household: recorded by a klantadviseur or the midoffice for a period, read by
the rechtenberekening like incomes (cases.selectors.berekeningsrijen)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import REGISTRATIE_ROLLEN
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from . import services
from .forms_kenmerken import BeeindigForm, KenmerkForm
from .models import Huishouden, Inwoner, Kenmerk, KenmerkGeldtVoor


def zet_fouten(form, fout: ValidationError) -> None:
    for veld, berichten in fout.message_dict.items():
        form.add_error(veld if veld in form.fields else None, berichten)


class KenmerkenView(RolVereistMixin, TemplateView):
    """The kenmerken of one inwoner (or, in the subclass, of a household): current and past, a form to record
    one and one to end each running one. Only within the user's reach (for_user); else 404."""

    rollen = REGISTRATIE_ROLLEN
    template_name = "cases/kenmerken.html"
    geldt_voor = KenmerkGeldtVoor.PERSOON

    def onderwerp(self):
        if not hasattr(self, "_onderwerp"):
            self._onderwerp = get_object_or_404(
                Inwoner.objects.for_user(self.request.user)
                .filter(huishouden__geanonimiseerd_op__isnull=True)
                .select_related("huishouden"),
                pk=self.kwargs["pk"],
            )
        return self._onderwerp

    def kenmerken(self):
        return Kenmerk.objects.for_user(self.request.user).filter(inwoner=self.onderwerp())

    def leden_in_logboek(self):
        return [self.onderwerp()]

    def terug(self):
        return redirect("cases:inwoner-kenmerken", pk=self.onderwerp().pk)

    def leg_vast(self, data):
        return services.leg_kenmerk_vast(inwoner=self.onderwerp(), door=self.request.user, request=self.request, **data)

    def get_context_data(self, form=None, einde=None, **kwargs):
        context = super().get_context_data(**kwargs)
        kenmerken = list(self.kenmerken().select_related("soort", "vastgelegd_door").order_by("-geldig_van", "-id"))
        einde = einde or {}
        vandaag = timezone.localdate()
        context.update(
            onderwerp=self.onderwerp(),
            is_huishouden=self.geldt_voor == KenmerkGeldtVoor.HUISHOUDEN,
            rijen=[
                (k, k.geldt_op(vandaag), None if k.geldig_tot else einde.get(k.pk) or BeeindigForm(prefix=f"k{k.pk}"))
                for k in kenmerken
            ],
            form=form or KenmerkForm(geldt_voor=self.geldt_voor),
            fout_formulieren=[f for f in [form, *einde.values()] if f is not None and f.errors],
        )
        log_verwerking(
            actor=self.request.user,
            actie=Actie.INZIEN,
            omschrijving="Kenmerken ingezien",
            verwerkingsactiviteit=Verwerkingsactiviteit.INKOMENSONDERSTEUNING,
            betrokkenen=[betrokkene(bsn_index=i.bsn_index, intern_id=i.pk) for i in self.leden_in_logboek()],
            request=self.request,
        )
        return context

    def post(self, request, *args, **kwargs):
        if "kenmerk" in request.POST:
            return self._beeindig(request)
        form = KenmerkForm(request.POST, geldt_voor=self.geldt_voor)
        if form.is_valid():
            try:
                self.leg_vast(form.cleaned_data)
            except ValidationError as fout:
                zet_fouten(form, fout)
            else:
                messages.success(request, _("Het kenmerk is vastgelegd. De rechten worden opnieuw berekend."))
                return self.terug()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _beeindig(self, request):
        try:
            pk = int(request.POST["kenmerk"])
        except ValueError:
            pk = 0
        kenmerk = get_object_or_404(self.kenmerken().select_related("soort", "inwoner"), pk=pk, geldig_tot__isnull=True)
        form = BeeindigForm(request.POST, prefix=f"k{kenmerk.pk}")
        if form.is_valid():
            try:
                services.beeindig_kenmerk(
                    kenmerk=kenmerk, geldig_tot=form.cleaned_data["geldig_tot"], door=request.user, request=request
                )
            except ValidationError as fout:
                zet_fouten(form, fout)
            else:
                messages.success(request, _("Het kenmerk is beëindigd. De rechten worden opnieuw berekend."))
                return self.terug()
        return self.render_to_response(self.get_context_data(einde={kenmerk.pk: form}), status=400)


class HuishoudenKenmerkenView(KenmerkenView):
    """The kenmerken of a whole household (for example a kenmerk that holds for everyone living there)."""

    geldt_voor = KenmerkGeldtVoor.HUISHOUDEN

    def onderwerp(self):
        if not hasattr(self, "_onderwerp"):
            self._onderwerp = get_object_or_404(
                Huishouden.objects.for_user(self.request.user).filter(geanonimiseerd_op__isnull=True),
                pk=self.kwargs["pk"],
            )
        return self._onderwerp

    def kenmerken(self):
        return Kenmerk.objects.for_user(self.request.user).filter(huishouden=self.onderwerp(), inwoner__isnull=True)

    def leden_in_logboek(self):
        return list(Inwoner.objects.for_user(self.request.user).filter(huishouden=self.onderwerp()))

    def terug(self):
        return redirect("cases:huishouden-kenmerken", pk=self.onderwerp().pk)

    def leg_vast(self, data):
        return services.leg_kenmerk_vast(
            huishouden=self.onderwerp(), door=self.request.user, request=self.request, **data
        )
