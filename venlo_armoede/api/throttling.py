"""Rate limits for the API: per token, per signed-in user, per address for anonymous callers.

DRF's UserRateThrottle keys on request.user.pk, which is None for a token caller, so every token
behind one address (a partner's gateway) would share one bucket. These classes key on what the
caller really is. The rates are set in one place: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] in settings
("token", "user", "anon", from the THROTTLE_* environment variables). A missing rate is a configuration
error (DRF raises ImproperlyConfigured), not a silent default from here."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from venlo_armoede.accounts.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """One bucket per API token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(getattr(request, "auth", None), ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class GebruikerRateThrottle(SimpleRateThrottle):
    """One bucket per signed-in (session) user; token callers are left to TokenRateThrottle."""

    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(getattr(request, "auth", None), ApiToken):
            return None
        user = request.user
        if not (user and user.is_authenticated and user.pk):
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnoniemRateThrottle(AnonRateThrottle):
    """One bucket per client address for callers without credentials (only the schema and docs are
    open to them)."""

    scope = "anon"


STANDAARD_THROTTLES = [AnoniemRateThrottle, GebruikerRateThrottle, TokenRateThrottle]
