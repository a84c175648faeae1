"""The public regelingen API: which rules are in force on a date, and an anonymous rechtencheck.

Both are open to everyone (no token, no session) and store nothing: the rechtencheck runs the same
engine as the stored outcomes on a household that exists only in the request."""

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from venlo_armoede.api.problems import PROBLEM_MEDIA_TYPE
from venlo_armoede.api.schema import ValidatieFoutSerializer

from .. import engine, selectors
from ..models import RegelingVersie
from .serializers import (
    PeildatumSerializer,
    RechtencheckAntwoordSerializer,
    RechtencheckVraagSerializer,
    RegelingSerializer,
)


class RechtencheckThrottle(ScopedRateThrottle):
    """Per client address (callers are anonymous). The rate is read from the settings on every request
    (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["rechtencheck"], env THROTTLE_RECHTENCHECK), so a changed
    setting takes effect without a restart of the class. No default here: settings are the one place."""

    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()  # ImproperlyConfigured when the rate is missing


def _ongeldig(fout: engine.OngeldigHuishouden) -> exceptions.ValidationError:
    # "regels"/"normtabel" mean the question cannot be answered for this date: name the peildatum.
    veld = fout.veld if fout.veld and fout.veld not in ("regels", "normtabel") else "peildatum"
    return exceptions.ValidationError({veld: [exceptions.ErrorDetail(fout.bericht, code="ongeldig")]})


@extend_schema(
    tags=["regelingen"],
    summary="Regelingen die op een datum gelden",
    description=(
        "De regelingen van de gemeente Venlo met de regels die op de peildatum gelden: inkomensgrens, "
        "leeftijden, bedrag en aanvraagroute. Openbaar: geen token nodig."
    ),
    parameters=[
        OpenApiParameter(
            "peildatum",
            OpenApiTypes.DATE,
            description="De datum waarop de regels gelden (JJJJ-MM-DD). Standaard: vandaag.",
            examples=[OpenApiExample("Voorbeeld", value="2026-03-01")],
        )
    ],
    responses={
        200: RegelingSerializer(many=True),
        (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
            ValidatieFoutSerializer, description="De peildatum is geen geldige datum; zie invalid_params."
        ),
    },
)
class RegelingenView(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = RegelingSerializer

    def get_queryset(self):
        # A plain dict, not the QueryDict: DRF reads a QueryDict as an HTML form, where an empty
        # "?peildatum=" silently means "not given"; the schema says a date, so empty is a 400.
        vraag = PeildatumSerializer(data=self.request.query_params.dict())
        vraag.is_valid(raise_exception=True)
        peildatum = vraag.validated_data.get("peildatum") or timezone.localdate()
        return (
            RegelingVersie.objects.filter(geldig_van__lte=peildatum)
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .select_related("regeling", "regeling__aanbieder")
            .order_by("regeling__code", "geldig_van")
        )


_VOORBEELD_VRAAG = {
    "peildatum": "2026-03-01",
    "leden": [
        {"rol": "aanvrager", "geboortedatum": "1990-04-12", "netto_maandinkomen": "1600.00"},
        {"rol": "kind", "geboortedatum": "2019-09-01"},
        {"rol": "kind", "geboortedatum": "2016-05-20"},
    ],
    "vermogen": "1500.00",
}
_VOORBEELD_ANTWOORD = {
    "peildatum": "2026-03-01",
    "norm": "1401.50",
    "norm_uitleg": "Bijstandsnorm alleenstaande of alleenstaande ouder, 21 jaar tot de AOW-leeftijd, geldig vanaf "
    "1 januari 2026: € 1.401,50 per maand inclusief vakantietoeslag.",
    "inkomen": "1600.00",
    "inkomen_pct": "114.16",
    "samenstelling": "alleenstaande_ouder",
    "regelingen": [
        {
            "code": "leergeld",
            "naam": "Stichting Leergeld Venlo",
            "uitkomst": "recht",
            "redenen": [
                "2 kinderen van 4 tot en met 17 jaar in het huishouden.",
                "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80",
            ],
            "bedrag": None,
        },
        {
            "code": "jeugdfonds_sport",
            "naam": "Jeugdfonds Sport Venlo",
            "uitkomst": "recht",
            "redenen": [
                "2 kinderen van 4 tot en met 17 jaar in het huishouden.",
                "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80",
            ],
            "bedrag": "450.00",
        },
    ],
}


@extend_schema(
    tags=["regelingen"],
    summary="Rechtencheck: op welke regelingen heeft een huishouden recht?",
    description=(
        "Vul de leden van een huishouden in met hun geboortedatum en netto inkomen per maand. U krijgt per "
        "regeling de uitkomst (recht, geen_recht of beoordeling_nodig) met de redenen in gewone taal. "
        "Openbaar en anoniem: er wordt niets opgeslagen en niets gelogd over het huishouden. "
        "Bedragen zijn tekst met een punt en twee decimalen. Een onmogelijk huishouden (geen of twee "
        "aanvragers, twee partners, een geboortedatum na de peildatum, negatief inkomen, een peildatum "
        "waarvoor geen normen bekend zijn) geeft 400 met het foute veld in invalid_params. "
        "Er geldt een limiet per IP-adres (standaard 30 per minuut); daarboven volgt 429."
    ),
    request=RechtencheckVraagSerializer,
    responses={200: RechtencheckAntwoordSerializer},
    examples=[
        OpenApiExample("Alleenstaande ouder met twee kinderen", value=_VOORBEELD_VRAAG, request_only=True),
        OpenApiExample("Antwoord (ingekort)", value=_VOORBEELD_ANTWOORD, response_only=True, status_codes=["200"]),
    ],
)
class RechtencheckView(APIView):
    authentication_classes = []  # anonymous: no session, so no CSRF check; no token
    permission_classes = [AllowAny]
    throttle_classes = [RechtencheckThrottle]
    throttle_scope = "rechtencheck"

    def post(self, request, *args, **kwargs):
        vraag = RechtencheckVraagSerializer(data=request.data)
        vraag.is_valid(raise_exception=True)
        peildatum = vraag.validated_data.get("peildatum") or timezone.localdate()
        try:
            context = engine.maak_context(peildatum, selectors.normtabel(), selectors.regels(peildatum))
            berekening = engine.bepaal_rechten_met_context(vraag.huishouden(), context)
        except engine.OngeldigHuishouden as fout:
            raise _ongeldig(fout) from fout
        return Response(RechtencheckAntwoordSerializer(berekening).data)
