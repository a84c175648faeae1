from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_sleutel


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`. The request's user is None-like (AnonymousUser is not used):
    request.auth is the ApiToken, request.user a TokenGebruiker carrying its organisation and scopes."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header: gebruik 'Token <sleutel>'."))
        try:
            sleutel = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige tekens in het token.")) from exc
        token = ApiToken.objects.select_related("organisatie").filter(sleutel_hash=hash_sleutel(sleutel)).first()
        if token is None or not token.is_geldig():
            raise exceptions.AuthenticationFailed(_("Het token is onbekend, ingetrokken of verlopen."))
        ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=timezone.now())
        return TokenGebruiker(token), token

    def authenticate_header(self, request):
        return self.keyword


class TokenGebruiker:
    """The caller behind an API token: an organisation's system, not a person."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    rollen = frozenset()

    def __init__(self, token: ApiToken):
        self.token = token
        self.organisatie = token.organisatie
        self.pk = None

    def heeft_rol(self, *rollen) -> bool:
        return False

    def get_username(self) -> str:
        return f"token {self.token.prefix}"

    def __str__(self):
        return self.get_username()
