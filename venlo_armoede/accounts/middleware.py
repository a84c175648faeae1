from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import tweede_stap

# Session key: when the password step succeeded (ISO time). The code must follow within TWEEDE_STAP_TIJD.
WACHTWOORD_OK_SINDS = "tweede_stap_wachtwoord_ok"


class TweedeStapVerplicht:
    """A signed-in user who has not passed the code step reaches only the code step itself (or setting up
    their app, or logging out). Everything else, /beheer/ included, sends them there first.

    The API is left to its authentication classes: a session that has not passed the code step is not
    accepted there (accounts.authentication.GeverifieerdeSessieAuthentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gebruiker = request.user
        if gebruiker.is_authenticated and not gebruiker.is_verified() and not self._vrij(request.path_info):
            return self._naar_tweede_stap(request)
        return self.get_response(request)

    @staticmethod
    def _vrij(pad: str) -> bool:
        vrije_paden = (
            reverse("login"),
            reverse("tweede_stap"),
            reverse("tweede_stap_instellen"),
            reverse("logout"),
            "/api/",
            settings.STATIC_URL,
            "/healthz",
        )
        return pad.startswith(vrije_paden)

    @staticmethod
    def _naar_tweede_stap(request):
        if verlopen(request):
            logout(request)
            messages.warning(request, _("Het inloggen duurde te lang. Log opnieuw in."))
            return redirect("login")
        doel = "tweede_stap" if tweede_stap.heeft_apparaat(request.user) else "tweede_stap_instellen"
        volgende = request.get_full_path() if request.method == "GET" else reverse("start")
        return redirect(f"{reverse(doel)}?{urlencode({'next': volgende})}")


def verlopen(request) -> bool:
    """True when the password step is older than TWEEDE_STAP_TIJD (or its time is missing, e.g. a session
    from before two-factor login). A half-finished login does not stay valid for a whole working day."""
    sinds = request.session.get(WACHTWOORD_OK_SINDS)
    if not sinds:
        return True
    try:
        begin = timezone.datetime.fromisoformat(sinds)
    except ValueError:
        return True
    return timezone.now() - begin > settings.TWEEDE_STAP_TIJD


class NietBewaren:
    """`Cache-Control: no-store` (with Django's never-cache set) on every response except the public API
    schema and its documentation: pages and API answers carry personal data, and the login pages carry CSRF
    tokens. Static files never get here (WhiteNoise answers them earlier)."""

    OPENBAAR = ("/api/v1/schema/", "/api/v1/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(self.OPENBAAR) and not request.path_info.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response
