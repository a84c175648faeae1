from django.views.generic import TemplateView

from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol


class PortaalView(RolVereistMixin, TemplateView):
    """The partner's start page: referrals to their own organisation (none are visible to anyone else)."""

    rollen = (Rol.PARTNERMEDEWERKER,)
    template_name = "partners/portaal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisatie"] = self.request.user.organisatie
        return context
