"""Swagger UI under the site's strict CSP (script-src 'self' + nonce, no 'unsafe-inline').

drf-spectacular's SpectacularSwaggerView puts the initialisation code in an inline <script>, which the
CSP blocks. SpectacularSwaggerSplitView serves that code as a separate same-origin file
(`/api/v1/docs/?script=`), so every script on the page comes from 'self'. Our own page template also
drops the package's small inline <style>: the page has no inline code at all and needs no nonce.
All assets come from drf-spectacular-sidecar (no CDN)."""

from functools import cache
from pathlib import Path

from django.template import engines
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.renderers import TemplateHTMLRenderer

SJABLOON = "venlo_armoede/api/swagger_ui.html"
_SJABLOON_PAD = Path(__file__).parent / "templates" / "swagger_ui.html"


@cache
def _swagger_sjabloon():
    # Through the project's template engine, so its context processors (csrf, …) apply.
    return engines["django"].from_string(_SJABLOON_PAD.read_text(encoding="utf-8"))


class _SjabloonRenderer(TemplateHTMLRenderer):
    def resolve_template(self, template_names):
        if list(template_names) == [SJABLOON]:
            return _swagger_sjabloon()
        return super().resolve_template(template_names)


class SwaggerView(SpectacularSwaggerSplitView):
    renderer_classes = [_SjabloonRenderer]
    template_name = SJABLOON
    title = "Venlo Geldzorgen API – documentatie"
