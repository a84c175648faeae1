"""The public sociale kaart in the API: GET /api/v1/diensten/ (no token, throttled per address like the other
open operations). No personal data: diensten of organisations only."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from venlo_armoede.accounts.models import Stadsdeel

from ..filters import DienstApiFilter
from ..selectors import openbare_diensten
from .serializers import DienstSerializer

_VOORBEELD = {
    "id": "7",
    "name": "Een maatje bij schulden",
    "description": "Een getrainde vrijwilliger wordt uw maatje. Uw maatje helpt u uit de schulden.",
    "organization": {"id": "12", "name": "SchuldHulpMaatje Venlo (Vincentius)"},
    "url": "",
    "email": "",
    "status": "active",
    "eligibility_description": "",
    "application_process": "",
    "service_areas": [{"id": "1", "name": "Arcen en Velden"}, {"id": "2", "name": "Belfeld"}],
    "phones": [],
    "addresses": [],
    "service_capacity": [
        {"available": 3, "maximum": 12, "unit": {"name": "trajecten"}, "updated": "2026-11-30T09:15:00+01:00"}
    ],
    "hulpvragen": ["schulden", "administratie"],
    "doelgroepen": [],
    "doelstellingen": ["ondersteuning", "terugval_voorkomen"],
    "aanmeldroutes": ["zelf", "via_intermediair"],
}


@extend_schema(
    tags=["sociale kaart"],
    summary="Diensten op de sociale kaart",
    description=(
        "De diensten van de gemeente Venlo en haar partners voor inwoners met geldzorgen: wat ze doen, voor wie, "
        "in welke stadsdelen, hoe u zich aanmeldt, contactgegevens en de capaciteit (vrije plekken). De vorm volgt "
        "het `service`-object van Open Referral HSDS, met `service_capacity`. Alleen actieve diensten van actieve "
        "organisaties. Openbaar: geen token nodig. Er geldt een limiet per IP-adres; daarboven volgt 429."
    ),
    responses={200: DienstSerializer(many=True)},
    examples=[OpenApiExample("Een dienst (ingekort)", value=_VOORBEELD, response_only=True, status_codes=["200"])],
)
class DienstenView(generics.ListAPIView):
    authentication_classes = []  # anonymous: no session (so no CSRF) and no token
    permission_classes = [AllowAny]
    serializer_class = DienstSerializer
    filterset_class = DienstApiFilter

    def get_queryset(self):
        return openbare_diensten()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # A dienst without a werkgebied works in every stadsdeel: one query for the whole page.
        context["alle_stadsdelen"] = list(Stadsdeel.objects.order_by("naam"))
        return context
