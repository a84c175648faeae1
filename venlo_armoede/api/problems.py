"""Errors as application/problem+json (RFC 7807, NL API Strategie, ZGW `Fout`/`ValidatieFout`).

Every error the API returns has the same shape::

    {
      "type": "urn:venlo:problem:validatie",
      "code": "validatie",
      "title": "Een of meer gegevens zijn ongeldig.",
      "status": 400,
      "detail": "Controleer de velden in invalid_params en probeer het opnieuw.",
      "instance": "/api/v1/huishoudens/",
      "invalid_params": [{"name": "leden[1].bsn", "code": "invalid", "reason": "Dit is geen geldig BSN. …"}]
    }

`invalid_params` is only present on validation errors. `problem_exception_handler` is DRF's
EXCEPTION_HANDLER; `api_404` and `api_500` are for Django's handler404/handler500 on /api/ paths,
where no DRF view is involved (unknown URL, uncaught exception)."""

from __future__ import annotations

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from .negotiation import PROBLEM_MEDIA_TYPE, ProblemBewusteOnderhandeling, ProblemJSONRenderer  # noqa: F401
from .parsers import TeDiepGenest

logger = logging.getLogger(__name__)

TYPE_PREFIX = "urn:venlo:problem:"
API_PREFIX = "/api/"


class IdempotencySleutelHergebruikt(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
    default_code = "idempotentie_sleutel_hergebruikt"


class VoorwaardeVereist(exceptions.APIException):
    """428: a change that must say which version it changes (If-Match), and did not."""

    status_code = 428
    default_detail = "Stuur de header If-Match mee met de ETag van de laatste versie die u ophaalde."
    default_code = "voorwaarde_vereist"


class VoorwaardeMislukt(exceptions.APIException):
    """412: the If-Match no longer matches: someone changed the resource since."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "De gegevens zijn intussen gewijzigd. Haal ze opnieuw op en probeer het nog eens."
    default_code = "voorwaarde_mislukt"


# Problem code, title and the Dutch detail used when the exception carries DRF's (English or
# generically translated) default message. Looked up along the exception's class hierarchy.
_PROBLEMEN: dict[type, tuple[str, str, str]] = {
    TeDiepGenest: (
        "te-diep-genest",
        "Te diep geneste gegevens.",
        "De JSON in het verzoek is te diep genest en is daarom niet gelezen.",
    ),
    exceptions.ValidationError: (
        "validatie",
        "Een of meer gegevens zijn ongeldig.",
        "Controleer de velden in invalid_params en probeer het opnieuw.",
    ),
    exceptions.ParseError: (
        "ongeldig-verzoek",
        "Het verzoek kan niet worden gelezen.",
        "De inhoud van het verzoek is geen geldige JSON.",
    ),
    exceptions.NotAuthenticated: (
        "niet-geauthenticeerd",
        "Niet geauthenticeerd.",
        "Stuur een geldig API-token mee in de header 'Authorization: Token <sleutel>', of log in.",
    ),
    exceptions.AuthenticationFailed: (
        "niet-geauthenticeerd",
        "Niet geauthenticeerd.",
        "Het meegestuurde token is niet geldig.",
    ),
    exceptions.PermissionDenied: (
        "geen-toestemming",
        "Geen toestemming.",
        "U heeft geen toestemming voor deze handeling.",
    ),
    exceptions.NotFound: (
        "niet-gevonden",
        "Niet gevonden.",
        "De gevraagde gegevens bestaan niet of u heeft er geen toegang toe.",
    ),
    exceptions.MethodNotAllowed: (
        "methode-niet-toegestaan",
        "Methode niet toegestaan.",
        "Deze HTTP-methode is op dit adres niet toegestaan.",
    ),
    exceptions.NotAcceptable: (
        "niet-acceptabel",
        "Gevraagd formaat niet beschikbaar.",
        "Deze API antwoordt alleen met application/json (en fouten met application/problem+json).",
    ),
    exceptions.UnsupportedMediaType: (
        "mediatype-niet-ondersteund",
        "Formaat van het verzoek niet ondersteund.",
        "Stuur de gegevens als application/json.",
    ),
    IdempotencySleutelHergebruikt: (
        "idempotentie-sleutel-hergebruikt",
        "Idempotency-Key al gebruikt.",
        IdempotencySleutelHergebruikt.default_detail,
    ),
    VoorwaardeVereist: ("voorwaarde-vereist", "If-Match ontbreekt.", VoorwaardeVereist.default_detail),
    VoorwaardeMislukt: ("voorwaarde-mislukt", "Verouderde versie.", VoorwaardeMislukt.default_detail),
    exceptions.Throttled: (
        "te-veel-verzoeken",
        "Te veel verzoeken.",
        "U heeft te veel verzoeken gedaan. Probeer het later opnieuw.",
    ),
    exceptions.APIException: (
        "fout",
        "Het verzoek kon niet worden verwerkt.",
        "Er ging iets mis bij het verwerken van het verzoek.",
    ),
}


_ALTIJD_EIGEN_DETAIL = (
    exceptions.ParseError,
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
)


def is_api_request(request) -> bool:
    """True for requests to the API (everything under /api/), which get problem JSON instead of HTML."""
    return request.path_info.startswith(API_PREFIX)


def probleem(*, status: int, code: str, title: str, detail: str, instance: str | None, **extra) -> dict:
    body = {
        "type": f"{TYPE_PREFIX}{code}",
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    body.update(extra)
    return body


def _problem_info(exc) -> tuple[str, str, str]:
    for klasse in type(exc).__mro__:
        if klasse in _PROBLEMEN:
            return _PROBLEMEN[klasse]
    return _PROBLEMEN[exceptions.APIException]


def _invalid_params(detail, prefix: str = ""):
    """Flatten DRF's nested error structure into ZGW invalid_params with dotted/indexed names:
    {"leden": [{}, {"bsn": ["…"]}]} → name "leden[1].bsn"."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # ListField child errors are keyed by index
                naam = f"{prefix}[{key}]"
            elif key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS):
                naam = prefix or api_settings.NON_FIELD_ERRORS_KEY
            else:
                naam = f"{prefix}.{key}" if prefix else str(key)
            yield from _invalid_params(value, naam)
    elif isinstance(detail, list):
        for i, item in enumerate(detail):
            if isinstance(item, dict | list):
                yield from _invalid_params(item, f"{prefix}[{i}]")
            else:
                yield _param(prefix, item)
    else:
        yield _param(prefix, detail)


def _param(naam: str, fout) -> dict:
    return {
        "name": naam or api_settings.NON_FIELD_ERRORS_KEY,
        "code": getattr(fout, "code", None) or "invalid",
        "reason": str(fout),
    }


def django_validation_error_naar_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """Services raise Django's ValidationError with a dict keyed by field ("leden[1].bsn")."""
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if veld == NON_FIELD_ERRORS else veld): [
                exceptions.ErrorDetail(bericht, code=fout.code or "invalid")
                for fout in fouten
                for bericht in fout.messages
            ]
            for veld, fouten in exc.error_dict.items()
        }
    else:
        detail = [
            exceptions.ErrorDetail(bericht, code=fout.code or "invalid")
            for fout in exc.error_list
            for bericht in fout.messages
        ]
    return exceptions.ValidationError(detail)


def problem_exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER: every handled error becomes a problem+json response.
    Unknown exceptions return None, so Django's 500 handling (and logging) takes over."""
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error_naar_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    request = context.get("request")
    code, title, standaard_detail = _problem_info(exc)
    headers = {}
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = standaard_detail
        extra["invalid_params"] = list(_invalid_params(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        detail = standaard_detail
        if exc.wait is not None:
            detail = f"U heeft te veel verzoeken gedaan. Probeer het over {exc.wait} seconden opnieuw."
            headers["Retry-After"] = str(exc.wait)
    elif isinstance(exc, _ALTIJD_EIGEN_DETAIL):
        # DRF fills in technical English details for these; ours says what to do, in Dutch.
        detail = standaard_detail
        if isinstance(exc, exceptions.MethodNotAllowed) and request is not None:
            detail = f"De methode {request.method} is op dit adres niet toegestaan."
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        detail = "De CSRF-controle is mislukt. Stuur bij een sessie het CSRF-token mee in de header X-CSRFToken."
    elif isinstance(exc.detail, str) and str(exc.detail) != str(exc.default_detail):
        detail = str(exc.detail)  # a message set on purpose (in Dutch) by our code
    else:
        detail = standaard_detail
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header

    body = probleem(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        instance=request.path if request is not None else None,
        **extra,
    )
    if request is not None:
        # Render with the problem renderer whatever was negotiated (the view's renderer may be
        # YAML or HTML, or negotiation itself may have failed).
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_MEDIA_TYPE
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_MEDIA_TYPE)


def _json_probleem(request, *, status: int, code: str, title: str, detail: str) -> JsonResponse:
    body = probleem(status=status, code=code, title=title, detail=detail, instance=request.path)
    return JsonResponse(body, status=status, content_type=PROBLEM_MEDIA_TYPE, json_dumps_params={"ensure_ascii": False})


def api_404(request, exception=None):
    """For handler404 on /api/ paths: an unknown URL."""
    _, title, detail = _PROBLEMEN[exceptions.NotFound]
    return _json_probleem(request, status=404, code="niet-gevonden", title=title, detail=detail)


def api_400(request, exception=None, *, te_groot: bool = False):
    """For handler400 on /api/ paths: Django refused the request before any view (SuspiciousOperation)."""
    if te_groot:
        return _json_probleem(
            request,
            status=413,
            code="te-groot",
            title="Verzoek te groot.",
            detail="Het verzoek is te groot. Stuur minder gegevens tegelijk.",
        )
    _, title, detail = _PROBLEMEN[exceptions.ParseError]
    return _json_probleem(
        request, status=400, code="ongeldig-verzoek", title=title, detail="Dit verzoek kan niet worden verwerkt."
    )


def api_403(request, exception=None):
    """For handler403 on /api/ paths (Django-level PermissionDenied outside a DRF view)."""
    _, title, detail = _PROBLEMEN[exceptions.PermissionDenied]
    return _json_probleem(request, status=403, code="geen-toestemming", title=title, detail=detail)


def api_500(request):
    """For handler500 on /api/ paths: an uncaught exception (already logged by Django)."""
    return _json_probleem(
        request,
        status=500,
        code="serverfout",
        title="Interne fout.",
        detail="Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het misgaan, neem dan contact op.",
    )
