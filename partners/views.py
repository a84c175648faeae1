from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from .filters import DienstPaginaFilter
from .models import Aanmeldroute
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
