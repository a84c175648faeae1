"""Content negotiation for problem responses. Its own module, without rest_framework.views, because DRF
imports the negotiation class while it defines APIView (importing views from here would be circular)."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemJSONRenderer(JSONRenderer):
    """JSON with media type application/problem+json. Problem responses are always rendered with this
    renderer, whatever the client's Accept header negotiated, so an error never turns into a 406."""

    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


class ProblemBewusteOnderhandeling(DefaultContentNegotiation):
    """A client that accepts only application/problem+json (or lists it without application/json) still
    gets an answer instead of 406: JSON, which for errors is problem+json anyway."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            if PROBLEM_MEDIA_TYPE in request.META.get("HTTP_ACCEPT", ""):
                for renderer in renderers:
                    if isinstance(renderer, JSONRenderer):
                        return renderer, renderer.media_type
            raise
