"""The teamleider's page (/werk/team/): where the work of the teams they lead gets stuck. It combines the
cases and partners selectors; a teamleider reaches only the casussen of their own teams (Reikwijdte.LEIDING)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from cases import selectors as cases_selectors
from partners import selectors as partners_selectors
from venlo_armoede.accounts.mixins import RolVereistMixin
from venlo_armoede.accounts.roles import Rol

SOORT_TEKST = {"eerste_gesprek": "Eerste gesprek", "beschikking": "Beschikking", "schuldregeling": "Schuldregeling"}


class TeamView(RolVereistMixin, TemplateView):
    """Caseload per klantadviseur, deadlines close and past, the triage queue and late partner reactions.
    It shows casus numbers and staff names, no inwoner: opening a casus is audited on its own page."""

    rollen = (Rol.TEAMLEIDER,)
    template_name = "monitoring/team.html"

    paginate_by = 50  # deadlines per page; a team of thousands of casussen is never rendered whole
    reacties_getoond = 50  # late partner reactions shown, oldest deadline first

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vandaag = timezone.localdate()
        werk = cases_selectors.werk_van_team(leider=self.request.user, vandaag=vandaag)
        namen = {adviseur.pk: adviseur.get_full_name() or adviseur.username for adviseur, _ in werk["adviseurs"]}
        totaal = {
            sleutel: sum(telling[sleutel] for _, telling in werk["adviseurs"]) for sleutel in ("bijna", "te_laat")
        }
        pagina = Paginator(werk["termijnen_qs"], self.paginate_by).get_page(self.request.GET.get("page"))
        reacties = partners_selectors.verlopen_reacties(
            gebruiker=self.request.user, klantadviseurs=list(namen), vandaag=vandaag
        )
        context.update(
            werk=werk,
            totaal=totaal,
            page_obj=pagina,
            termijnen=[
                {"stand": stand, "soort": SOORT_TEKST[stand.soort], "adviseur": namen[stand.klantadviseur_id]}
                for stand in cases_selectors.termijn_standen(pagina, vandaag=vandaag)
            ],
            reacties=reacties[: self.reacties_getoond],
            reacties_aantal=len(reacties),
            vandaag=vandaag,
        )
        return context
