"""The referrals API for partner systems: GET /api/v1/doorverwijzingen/ and /{id}/ (doorverwijzingen:lezen),
POST /api/v1/doorverwijzingen/{id}/stappen/ (doorverwijzingen:schrijven, If-Match required). A token sees only
the referrals of its own organisation (and, for a koepel, its members): any other id is a 404."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from venlo_armoede.accounts.models import ApiToken, Scope
from venlo_armoede.accounts.permissions import HeeftScope
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.api.parsers import VeiligeJSONParser
from venlo_armoede.api.problems import (
    PROBLEM_MEDIA_TYPE,
    ProblemBewusteOnderhandeling,
    VoorwaardeMislukt,
    VoorwaardeVereist,
)
from venlo_armoede.api.schema import FoutSerializer, ProbleemAutoSchema
from venlo_armoede.api.throttling import STANDAARD_THROTTLES

from .. import services
from ..models import Doorverwijzing, DoorverwijzingStap
from .serializers import DoorverwijzingSerializer, StapInvoerSerializer

_PARTNER = (Rol.PARTNERMEDEWERKER,)


class _Basis:
    parser_classes = [VeiligeJSONParser]
    content_negotiation_class = ProblemBewusteOnderhandeling
    permission_classes = [IsAuthenticated, HeeftScope]
    throttle_classes = STANDAARD_THROTTLES
    schema = ProbleemAutoSchema()
    serializer_class = DoorverwijzingSerializer
    rollen = {"GET": _PARTNER, "POST": _PARTNER}

    def get_queryset(self):
        stappen = DoorverwijzingStap.objects.for_systeem("stappen van een zichtbare doorverwijzing").order_by(
            "tijdstip", "id"
        )
        return (
            Doorverwijzing.objects.for_caller(self.request)
            .select_related("dienst", "organisatie", "toestemming")
            .prefetch_related(Prefetch("stappen", queryset=stappen))
            .order_by("-verstuurd_op", "-pk")
        )


@extend_schema(tags=["doorverwijzingen"], summary="Doorverwijzingen naar uw organisatie")
class DoorverwijzingenView(_Basis, generics.ListAPIView):
    scopes = {"GET": Scope.DOORVERWIJZINGEN_LEZEN}

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        ids = [
            rij["id"]
            for rij in (response.data.get("results", []) if isinstance(response.data, dict) else response.data)
        ]
        services.log_inzage_doorverwijzingen(
            doorverwijzingen=self.get_queryset().filter(pk__in=ids).select_related("casus"),
            door=request.auth or request.user,
            request=request,
        )
        return response


@extend_schema(
    tags=["doorverwijzingen"],
    summary="Eén doorverwijzing",
    description="Met de header ETag: stuur die als If-Match mee bij een stap.",
    responses={200: DoorverwijzingSerializer},  # 404 and the other problems: the schema's standard responses
)
class DoorverwijzingView(_Basis, generics.RetrieveAPIView):
    scopes = {"GET": Scope.DOORVERWIJZINGEN_LEZEN}

    def retrieve(self, request, *args, **kwargs):
        dv = self.get_object()
        services.log_inzage_doorverwijzingen(doorverwijzingen=[dv], door=request.auth or request.user, request=request)
        return Response(self.get_serializer(dv).data, headers={"ETag": dv.etag})


def _versie_uit(if_match: str, dv: Doorverwijzing) -> int:
    waarde = if_match.strip().removeprefix("W/")
    if waarde != dv.etag:
        raise VoorwaardeMislukt()
    return dv.versie


@extend_schema(
    tags=["doorverwijzingen"],
    summary="Een stap zetten in de doorverwijzing",
    description=(
        "Ontvangen, geaccepteerd, afgewezen (met `reden`: geen_capaciteit, niet_passend, buiten_werkgebied, of "
        "anders met `toelichting`), in_behandeling, afgerond (met `uitkomst` en `toelichting`) of teruggestuurd. "
        "Een stap die een status overslaat wordt geweigerd. De header If-Match (de ETag) is verplicht: 428 "
        "zonder, 412 als de doorverwijzing intussen is gewijzigd."
    ),
    parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)],
    request=StapInvoerSerializer,
    responses={
        200: DoorverwijzingSerializer,
        (412, PROBLEM_MEDIA_TYPE): OpenApiResponse(
            FoutSerializer, description="De doorverwijzing is intussen gewijzigd."
        ),
        (428, PROBLEM_MEDIA_TYPE): OpenApiResponse(FoutSerializer, description="De header If-Match ontbreekt."),
    },
)
class StappenView(_Basis, generics.GenericAPIView):
    scopes = {"POST": Scope.DOORVERWIJZINGEN_SCHRIJVEN}
    serializer_class = StapInvoerSerializer

    def post(self, request, *args, **kwargs):
        gegevens = request.data  # parse first: a body too deep or with control characters is a 400 for anyone
        dv = self.get_object()
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise VoorwaardeVereist()
        versie = _versie_uit(if_match, dv)
        invoer = StapInvoerSerializer(data=gegevens)
        invoer.is_valid(raise_exception=True)
        auth = request.auth if isinstance(request.auth, ApiToken) else None
        organisatie = auth.organisatie if auth else request.user.organisatie
        try:
            services.zet_stap(
                doorverwijzing=dv,
                door=auth or request.user,
                organisatie=organisatie,
                versie=versie,
                request=request,
                **invoer.validated_data,
            )
        except services.VersieVerouderd as fout:
            raise VoorwaardeMislukt() from fout
        except ValidationError:
            raise
        dv = self.get_queryset().get(pk=dv.pk)
        return Response(DoorverwijzingSerializer(dv).data, headers={"ETag": dv.etag})
