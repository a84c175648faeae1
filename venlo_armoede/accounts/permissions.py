from rest_framework.permissions import BasePermission


class HeeftScope(BasePermission):
    """Token callers need the view's scope for the method (`scopes = {"GET": "x:lezen", "POST": "x:schrijven"}`).
    Session users pass when they hold one of the view's `rollen`."""

    message = "U heeft geen toestemming voor deze handeling."

    def has_permission(self, request, view):
        token = getattr(request, "auth", None)
        from .models import ApiToken

        if isinstance(token, ApiToken):
            nodig = getattr(view, "scopes", {}).get(request.method) or getattr(view, "scopes", {}).get("*")
            return bool(nodig) and nodig in token.scopes
        user = request.user
        return bool(user and user.is_authenticated and user.heeft_rol(*getattr(view, "rollen", ())))
