from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

from . import selectors


class BeleidView(RolVereistMixin, TemplateView):
    """The beleidsadviseur's start page: aggregates only, never a person."""

    rollen = (Rol.BELEIDSADVISEUR,)
    template_name = "monitoring/beleid.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["per_stadsdeel"] = selectors.huishoudens_per_stadsdeel()
        context["koppen_minima"] = [
            _("Stadsdeel"),
            *(_("#tot en met %(grens)s%%") % {"grens": grens} for grens in selectors.INKOMENSGRENZEN),
            _("#Alle huishoudens"),
        ]
        context["minimapopulatie"] = selectors.minimapopulatie()
        context["bereik"] = selectors.bereik_per_regeling()
        return context
