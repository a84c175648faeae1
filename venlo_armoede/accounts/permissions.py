from rest_framework.permissions import BasePermission

from .models import ApiToken
from .roles import ALLEEN_GEMEENTE_SCOPES, SCOPE_ALIASSEN, OrganisatieSoort

_ZELFDE_ALS_GET = ("HEAD", "OPTIONS")


def _per_methode(waarde, methode: str):
    """`waarde` is either one value for every method, or a dict keyed by HTTP method (with "*" as
    fallback; HEAD and OPTIONS fall back to GET)."""
    if not isinstance(waarde, dict):
        return waarde
    if methode in waarde:
        return waarde[methode]
    if methode in _ZELFDE_ALS_GET and "GET" in waarde:
        return waarde["GET"]
    return waarde.get("*")


def nodige_scope(view, methode: str) -> str | None:
    return _per_methode(getattr(view, "scopes", None), methode)


def nodige_rollen(view, methode: str) -> tuple[str, ...]:
    return tuple(_per_methode(getattr(view, "rollen", ()), methode) or ())


class HeeftScope(BasePermission):
    """Token callers need the view's scope for the method; session users need one of the view's roles.

    On the view::

        scopes = {"GET": Scope.HUISHOUDENS_LEZEN, "POST": Scope.HUISHOUDENS_SCHRIJVEN}
        rollen = {"GET": GEMEENTE_ROLLEN, "POST": (Rol.KLANTADVISEUR, Rol.MIDOFFICE)}  # or one tuple

    A method without a scope is closed to tokens, a method without roles is closed to session users:
    forgetting to declare something denies, it never allows."""

    message = "U heeft geen toestemming voor deze handeling."

    def has_permission(self, request, view):
        if request.method not in getattr(view, "allowed_methods", (request.method,)):
            return True  # the view answers 405 itself; no scope for a method that does not exist
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            return self._token_mag(token, nodige_scope(view, request.method))
        user = request.user
        if not (user and user.is_authenticated):
            return False
        rollen = nodige_rollen(view, request.method)
        if rollen and user.heeft_rol(*rollen):
            return True
        self.message = "Uw rol geeft geen toegang tot deze gegevens of handeling."
        return False

    def _token_mag(self, token: ApiToken, scope: str | None) -> bool:
        if not scope:
            self.message = "Deze handeling is niet beschikbaar met een API-token."
            return False
        if scope not in token.scopes and not SCOPE_ALIASSEN.get(scope, frozenset()) & set(token.scopes):
            self.message = f"Dit token heeft niet het recht '{scope}'."
            return False
        if scope in ALLEEN_GEMEENTE_SCOPES and token.organisatie.soort != OrganisatieSoort.GEMEENTE:
            self.message = f"Het recht '{scope}' is alleen voor tokens van de gemeente zelf."
            return False
        return True
