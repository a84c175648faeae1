from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from venlo_armoede.api.problems import api_400, api_403, api_404, api_500, is_api_request
from venlo_armoede.celery import app


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return "fout"


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "niet_ingesteld"  # eager mode: tasks run in-process, nothing to be down
    try:
        # The URL from Django's settings, explicitly: Celery itself prefers a CELERY_BROKER_URL env var.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001
        return "fout"


@never_cache
@require_GET
def healthz(request):
    """For the load balancer and monitoring: 200 when everything the app needs answers, else 503."""
    onderdelen = {"database": _database_status(), "broker": _broker_status()}
    gezond = all(status != "fout" for status in onderdelen.values())
    return JsonResponse({"status": "ok" if gezond else "fout", **onderdelen}, status=200 if gezond else 503)


# Under /api/ errors are problem+json; everywhere else a Dutch HTML page.
def fout_400(request, exception=None):
    """Django's SuspiciousOperation cases (too many fields, a body larger than allowed without a
    Content-Length that said so, a bad Host header), which InvoerGrenzenMiddleware did not catch."""
    te_groot = isinstance(exception, RequestDataTooBig)
    if is_api_request(request):
        return api_400(request, te_groot=te_groot)
    if te_groot:
        titel, melding = _("Te veel gegevens tegelijk"), _("Het verzoek is te groot. Stuur minder gegevens tegelijk.")
    else:
        titel, melding = _("Verzoek niet gelezen"), _("Dit verzoek kan niet worden verwerkt.")
    # No request context: as for 500, nothing that may fail (the Host header itself may be the problem).
    return HttpResponse(
        loader.get_template("ongeldige_invoer.html").render({"titel": titel, "melding": melding, "velden": []}),
        status=413 if te_groot else 400,
    )


def fout_403(request, exception=None):
    if is_api_request(request):
        return api_403(request, exception)
    return render(request, "403.html", status=403)


def fout_404(request, exception=None):
    if is_api_request(request):
        return api_404(request, exception)
    return render(request, "404.html", status=404)


def fout_500(request):
    if is_api_request(request):
        return api_500(request)
    # No request context: its processors may query the database, which may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
