from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_sleutel

# Writing laatst_gebruikt_op on every request would turn every read into a write; once in a while is enough.
LAATST_GEBRUIKT_RESOLUTIE = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`. request.auth is the ApiToken; request.user a TokenGebruiker
    carrying its organisation and scopes (never a person, never a role).

    A header with another scheme (Basic, Bearer) is not ours: the next authenticator (session) may try.
    A Token header that does not match a valid token fails hard with 401: we never fall back to the
    session when a client explicitly presented a token."""

    keyword = "Token"
    realm = "Venlo Geldzorgen API"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header: gebruik 'Token <sleutel>'."))
        try:
            sleutel = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige tekens in het token.")) from exc
        token = ApiToken.objects.select_related("organisatie").filter(sleutel_hash=hash_sleutel(sleutel)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Dit token is onbekend."))
        # Only the holder of the key gets here, so telling why it no longer works leaks nothing.
        if token.ingetrokken:
            raise exceptions.AuthenticationFailed(_("Dit token is ingetrokken."))
        nu = timezone.now()
        if token.verloopt_op <= nu:
            raise exceptions.AuthenticationFailed(_("Dit token is verlopen."))
        if not token.organisatie.actief:
            raise exceptions.AuthenticationFailed(_("De organisatie van dit token is niet meer actief."))
        if token.laatst_gebruikt_op is None or token.laatst_gebruikt_op < nu - LAATST_GEBRUIKT_RESOLUTIE:
            ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=nu)
            token.laatst_gebruikt_op = nu
        return TokenGebruiker(token), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="{self.realm}"'


class GeverifieerdeSessieAuthentication(authentication.SessionAuthentication):
    """The browser session, but only after the code step: a password alone does not open the API."""

    def authenticate(self, request):
        resultaat = super().authenticate(request)
        if resultaat is None:
            return None
        gebruiker = resultaat[0]
        if not getattr(gebruiker, "is_verified", lambda: False)():
            return None
        return resultaat


class TokenGebruiker:
    """The caller behind an API token: an organisation's system, not a person. It has no roles, so
    every `.for_user(user)` queryset is empty for it; API views check the token's scopes instead."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    rollen = frozenset()
    pk = None
    id = None

    def __init__(self, token: ApiToken):
        self.token = token
        self.organisatie = token.organisatie
        self.scopes = frozenset(token.scopes)

    def heeft_rol(self, *rollen) -> bool:
        return False

    def heeft_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perm_list, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False

    def get_username(self) -> str:
        return f"token {self.token.prefix}"

    def __str__(self):
        return self.get_username()


def actor_van(request):
    """Who acts, for the audit log: the ApiToken for token callers, else the signed-in user."""
    token = getattr(request, "auth", None)
    return token if isinstance(token, ApiToken) else request.user
