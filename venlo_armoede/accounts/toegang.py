"""Access to personal data, decided in the queryset.

Every model with personal data (or data derived from it) uses `PersoonsgegevensQuerySet` and names the
path from itself to its household. Views, viewsets, exports and selectors start from one of:

    Model.objects.for_user(request.user)      # a signed-in person: their role decides (accounts.roles)
    Model.objects.for_token(request.auth)     # an integration: its organisation and scopes decide
    Model.objects.for_systeem("reden")        # a background process of the system itself, named

The argument is required: there is no default that means "everything". How far each role or token reaches
is decided in one place, accounts.roles."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import ApiToken
from .roles import Reikwijdte, Rol, reikwijdte_gebruiker, reikwijdte_token


class PersoonsgegevensQuerySet(models.QuerySet):
    # The lookup path from this model to its Huishouden ("" for Huishouden itself). A later Reikwijdte
    # such as TEAM filters on this path.
    huishouden_pad: str = ""

    def _met_reikwijdte(self, reikwijdte: Reikwijdte, user=None):
        if reikwijdte is Reikwijdte.ALLES:
            return self
        if reikwijdte is Reikwijdte.TEAM:
            voorwaarde = team_filter(self._huishoudmodel(), user, self.huishouden_pad or "pk")
            if user.heeft_rol(Rol.KWALITEITSFUNCTIONARIS):  # both roles: what either reaches
                voorwaarde |= self._maatwerk_filter()
            return self.filter(voorwaarde)
        if reikwijdte is Reikwijdte.LEIDING:
            return self.filter(leiding_filter(self._huishoudmodel(), user, self.huishouden_pad or "pk"))
        if reikwijdte is Reikwijdte.MAATWERK:
            return self.filter(self._maatwerk_filter())
        return self.none()

    def _maatwerk_filter(self) -> Q:
        return maatwerk_filter(self._huishoudmodel(), self.huishouden_pad or "pk", self._casus_pad())

    def _casus_pad(self) -> str | None:
        """The lookup path from this model to its casus ("pk" for the casus itself), or None for a model that
        belongs to the household rather than to one casus (members, incomes, debts)."""
        casus = self._huishoudmodel()._meta.get_field("casussen").related_model
        if self.model is casus:
            return "pk"
        model, delen = self.model, [d for d in self.huishouden_pad.split("__") if d]
        for i, deel in enumerate(delen):
            model = model._meta.get_field(deel).related_model
            if model is casus:
                return "__".join(delen[: i + 1])
        return None

    def _huishoudmodel(self):
        model = self.model
        for deel in filter(None, self.huishouden_pad.split("__")):
            model = model._meta.get_field(deel).related_model
        return model

    def for_user(self, user):
        return self._met_reikwijdte(reikwijdte_gebruiker(user), user)

    def for_token(self, token):
        return self._met_reikwijdte(reikwijdte_token(token))

    def for_caller(self, request):
        """for_token when the request came with an API token, else for_user."""
        auth = getattr(request, "auth", None)
        return self.for_token(auth) if isinstance(auth, ApiToken) else self.for_user(request.user)

    def for_systeem(self, reden: str):
        """All rows, for the system's own background work (recompute, retention). The reason is required so a
        reader sees why a query is unrestricted."""
        if not reden.strip():
            raise ValueError("for_systeem needs the reason why the system reads every row")
        return self


def _teamgenoten(user):
    """The members of the user's teams, as a subquery: one small uncorrelated set the database computes once,
    instead of joining every casus to the team tables (that join made each reach check scan all casussen)."""
    from .models import Team

    return Team.leden.through.objects.filter(team__leden=user).values("user_id")


def geleide_teamleden(user):
    """The members of the teams `user` leads, as a subquery."""
    from .models import Team

    return Team.leden.through.objects.filter(team__leiders=user).values("user_id")


def leiding_filter(huishoudmodel, user, pad: str) -> Q:
    """What a teamleider reaches (Reikwijdte.LEIDING): households with a casus of a member of a team they lead."""
    casus = huishoudmodel._meta.get_field("casussen").related_model
    return Q(Exists(casus.objects.filter(klantadviseur__in=geleide_teamleden(user), huishouden=OuterRef(pad))))


def maatwerk_filter(huishoudmodel, pad: str, casus_pad: str | None) -> Q:
    """What a kwaliteitsfunctionaris reaches (Reikwijdte.MAATWERK), as one correlated EXISTS on the indexed
    maatwerk.casus_id: a row of a casus when that casus has a proposal, a row of the household when one of its
    casussen has one. The relation names are the cases app's: Huishouden.casussen and Casus.maatwerk."""
    casus = huishoudmodel._meta.get_field("casussen").related_model
    voorstel = casus._meta.get_field("maatwerk").related_model
    if casus_pad is not None:
        return Q(Exists(voorstel.objects.filter(casus=OuterRef(casus_pad))))
    return Q(Exists(voorstel.objects.filter(casus__huishouden=OuterRef(pad))))


def team_filter(huishoudmodel, user, pad: str) -> Q:
    """What a klantadviseur reaches (Reikwijdte.TEAM), as correlated EXISTS conditions on the household at `pad`
    (the database can use the casus and break-the-glass indexes per row). The relation names are the cases
    app's: Huishouden.casussen (klantadviseur) and Huishouden.doorbraken (break-the-glass)."""
    casus = huishoudmodel._meta.get_field("casussen").related_model
    doorbraak = huishoudmodel._meta.get_field("doorbraken").related_model
    van_huishouden = {"huishouden": OuterRef(pad)}
    return (
        ~Exists(casus.objects.filter(**van_huishouden))
        | Exists(
            casus.objects.filter(Q(klantadviseur=user) | Q(klantadviseur__in=_teamgenoten(user)), **van_huishouden)
        )
        | Exists(doorbraak.objects.filter(gebruiker=user, verloopt_op__gt=timezone.now(), **van_huishouden))
    )
