"""InvoerGrenzenMiddleware: too-large bodies and control characters refused before any view or form
sees the request (ADR 0008; the checks are in venlo_armoede.invoer)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from venlo_armoede.api.problems import PROBLEM_MEDIA_TYPE, is_api_request, probleem
from venlo_armoede.invoer import TE_GROOT_MELDING, VERBODEN_TEKEN_MELDING, velden_met_verboden_tekens

FORM_METHODEN = ("POST", "PUT", "PATCH", "DELETE")


def max_verzoek_bytes() -> int:
    return settings.MAX_VERZOEK_BYTES


def _te_groot(request):
    kb = max_verzoek_bytes() // 1024
    if is_api_request(request):
        return _probleem_response(
            request,
            status=413,
            code="te-groot",
            title="Verzoek te groot.",
            detail=TE_GROOT_MELDING.format(kb=kb),
        )
    return render(
        request,
        "ongeldige_invoer.html",
        {"titel": "Te veel gegevens tegelijk", "melding": TE_GROOT_MELDING.format(kb=kb), "velden": []},
        status=413,
    )


def _verboden_tekens(request, velden: list[str]):
    if is_api_request(request):
        return _probleem_response(
            request,
            status=400,
            code="validatie",
            title="Een of meer gegevens zijn ongeldig.",
            detail="Controleer de velden in invalid_params en probeer het opnieuw.",
            invalid_params=[{"name": v, "code": "verboden_teken", "reason": VERBODEN_TEKEN_MELDING} for v in velden],
        )
    return render(
        request,
        "ongeldige_invoer.html",
        {"titel": "Niet toegestaan teken", "melding": VERBODEN_TEKEN_MELDING, "velden": velden},
        status=400,
    )


def _probleem_response(request, *, status: int, **velden):
    body = probleem(status=status, instance=request.path, **velden)
    return JsonResponse(body, status=status, content_type=PROBLEM_MEDIA_TYPE, json_dumps_params={"ensure_ascii": False})


def content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class InvoerGrenzenMiddleware:
    """Refuses too-large bodies and control characters before any view (or form) sees the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if content_length(request) > max_verzoek_bytes():
            return _te_groot(request)
        velden = velden_met_verboden_tekens(
            (naam, waarde) for naam, waarden in request.GET.lists() for waarde in waarden
        )
        if not velden and request.method in FORM_METHODEN and not is_api_request(request):
            # Forms: urlencoded or multipart fields (uploaded files are not text fields). JSON bodies
            # under /api/ are checked by the API's parser.
            if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                velden = velden_met_verboden_tekens(
                    (naam, waarde) for naam, waarden in request.POST.lists() for waarde in waarden
                )
        if velden:
            return _verboden_tekens(request, velden)
        return self.get_response(request)
