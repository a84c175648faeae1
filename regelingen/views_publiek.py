"""The public "check je recht" page: a few questions, then the regelingen an inwoner probably has a right to.

No login and nothing stored: the household exists only in this request (the same engine entry as the
rechtencheck API), no audit row, no session. The language comes from ?taal= (not a cookie or the session)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from venlo_armoede import sociale_kaart

from . import engine, selectors
from .api.views import RechtencheckThrottle
from .forms_publiek import CheckJeRechtForm
from .models import Aanvraagroute, Regeling, Uitkomst


def _taal(request) -> str:
    talen = dict(settings.CHECK_JE_RECHT_TALEN)
    taal = request.GET.get("taal", "")
    return taal if taal in talen else settings.LANGUAGE_CODE


def _resultaten(berekening: engine.Berekening) -> list[dict]:
    """The regelingen with a (probable) right, with how to apply and the aanbieder's contact."""
    kansrijk = [u for u in berekening.uitkomsten if u.uitkomst in (Uitkomst.RECHT, Uitkomst.BEOORDELING_NODIG)]
    regelingen = Regeling.objects.select_related("aanbieder").in_bulk([u.code for u in kansrijk], field_name="code")
    contact = sociale_kaart.contact_van(
        organisatie_ids={r.aanbieder_id for r in regelingen.values() if r.aanbieder_id}, sender=Regeling
    )
    rijen = []
    for uitkomst in kansrijk:
        regeling = regelingen.get(uitkomst.code)
        if regeling is None:
            continue
        rijen.append(
            {
                "uitkomst": uitkomst,
                "regeling": regeling,
                "zeker": uitkomst.uitkomst == Uitkomst.RECHT,
                "bedrag": engine.euro(uitkomst.bedrag) if uitkomst.bedrag is not None else "",
                "route": Aanvraagroute(regeling.aanvraagroute).label,
                "contact": contact.get(regeling.aanbieder_id),
            }
        )
    return rijen


class CheckJeRechtView(View):
    template_name = "regelingen/check_je_recht.html"
    throttle_scope = "rechtencheck"  # the same scope and rate as POST /api/v1/rechtencheck/

    def _toon(self, request, taal, form, *, status=200, **context):
        with translation.override(taal):
            talen = [(code, naam) for code, naam in settings.CHECK_JE_RECHT_TALEN if code != taal]
            return render(
                request,
                self.template_name,
                {"form": form, "taal": taal, "andere_talen": talen, **context},
                status=status,
            )

    def get(self, request):
        taal = _taal(request)
        with translation.override(taal):
            return self._toon(request, taal, CheckJeRechtForm())

    def post(self, request):
        taal = _taal(request)
        throttle = RechtencheckThrottle()
        if not throttle.allow_request(request, self):
            with translation.override(taal):
                return self._toon(request, taal, CheckJeRechtForm(), status=429, te_vaak=True)
        with translation.override(taal):
            form = CheckJeRechtForm(request.POST)
            if not form.is_valid():
                return self._toon(request, taal, form, status=400)
            peildatum = timezone.localdate()
            try:
                berekening = selectors.bereken_anoniem(huishouden=form.huishouden(peildatum), peildatum=peildatum)
            except engine.OngeldigHuishouden as fout:
                form.add_error(None, _("Dit kunnen we nu niet uitrekenen: %(reden)s") % {"reden": fout.bericht})
                return self._toon(request, taal, form, status=400)
            return self._toon(request, taal, form, berekening=berekening, resultaten=_resultaten(berekening))
