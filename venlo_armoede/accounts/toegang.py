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
from django.db.models import Q
from django.utils import timezone

from .models import ApiToken
from .roles import Reikwijdte, reikwijdte_gebruiker, reikwijdte_token


class PersoonsgegevensQuerySet(models.QuerySet):
    # The lookup path from this model to its Huishouden ("" for Huishouden itself). A later Reikwijdte
    # such as TEAM filters on this path.
    huishouden_pad: str = ""

    def _met_reikwijdte(self, reikwijdte: Reikwijdte, user=None):
        if reikwijdte is Reikwijdte.ALLES:
            return self
        if reikwijdte is Reikwijdte.TEAM:
            veld = f"{self.huishouden_pad}__in" if self.huishouden_pad else "pk__in"
            return self.filter(**{veld: team_huishoudens(self._huishoudmodel(), user)})
        return self.none()

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


def team_huishoudens(huishoudmodel, user):
    """Ids of the households a klantadviseur reaches (Reikwijdte.TEAM), as a subquery. The relation names are
    the cases app's: Huishouden.casussen (klantadviseur) and Huishouden.doorbraken (break-the-glass)."""
    return (
        huishoudmodel.objects.filter(
            Q(casussen__isnull=True)
            | Q(casussen__klantadviseur=user)
            | Q(casussen__klantadviseur__teams__leden=user)
            | Q(doorbraken__gebruiker=user, doorbraken__verloopt_op__gt=timezone.now())
        )
        .values("pk")
        .distinct()
    )
