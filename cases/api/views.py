"""The huishoudens API: register a household with its members and incomes; list and read them.

Reading is personal data: every GET writes one audit record per inwoner it returns (Logboek
Dataverwerkingen), with the token or the signed-in user as actor."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from venlo_armoede.accounts.authentication import actor_van
from venlo_armoede.accounts.models import Scope
from venlo_armoede.accounts.permissions import HeeftScope
from venlo_armoede.accounts.roles import GEMEENTE_ROLLEN, REGISTRATIE_ROLLEN
from venlo_armoede.api.idempotency import (
    IDEMPOTENCY_KEY_PARAMETER,
    IDEMPOTENT_REPLAYED_PARAMETER,
    IdempotentCreateMixin,
)
from venlo_armoede.api.parsers import VeiligeJSONParser
from venlo_armoede.api.problems import PROBLEM_MEDIA_TYPE, ProblemBewusteOnderhandeling
from venlo_armoede.api.schema import FoutSerializer, ProbleemAutoSchema, ValidatieFoutSerializer
from venlo_armoede.api.throttling import STANDAARD_THROTTLES
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from .. import services
from ..models import Huishouden, InkomensBron, Inwoner
from .filters import HuishoudenFilter
from .serializers import HuishoudenInvoerSerializer, HuishoudenLijstSerializer, HuishoudenSerializer

TAG = "Huishoudens"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Huishoudens opvragen",
        description=(
            "Een pagina huishoudens met hun leden en inkomens, nieuwste eerst. In deze lijst is het BSN gemaskeerd "
            "(alleen de laatste drie cijfers); het volledige BSN staat alleen op het detail. Elke opvraging wordt "
            "per getoonde inwoner vastgelegd in het logboek dataverwerkingen."
        ),
        responses={200: OpenApiResponse(HuishoudenLijstSerializer(many=True), description="Een pagina huishoudens.")},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Eén huishouden opvragen",
        description=(
            "Het huishouden met zijn leden (met volledig BSN) en hun inkomens. Elke opvraging wordt per inwoner "
            "vastgelegd in het logboek dataverwerkingen."
        ),
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het huishouden.")
        ],
        responses={200: OpenApiResponse(HuishoudenSerializer, description="Het huishouden.")},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Huishouden registreren",
        description=(
            "Registreert een huishouden met al zijn leden en hun inkomens in één keer: alles of niets. "
            "Het huishouden heeft precies één aanvrager en hoogstens één partner; een BSN moet de elfproef "
            "doorstaan en mag nog niet geregistreerd zijn; geboortedata en 'laag inkomen sinds' liggen niet in de "
            "toekomst; bedragen zijn niet negatief. Bij een fout wordt niets opgeslagen en staan alle fouten in "
            "`invalid_params` (bijvoorbeeld `leden[1].bsn`). Stuur een `Idempotency-Key` mee om veilig opnieuw "
            "te kunnen proberen."
        ),
        request=HuishoudenInvoerSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER, IDEMPOTENT_REPLAYED_PARAMETER],
        responses={
            201: OpenApiResponse(HuishoudenSerializer, description="Het huishouden is geregistreerd."),
            (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                ValidatieFoutSerializer, description="De gegevens zijn ongeldig; er is niets opgeslagen."
            ),
            (422, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                FoutSerializer, description="Deze Idempotency-Key is al gebruikt voor een ander verzoek."
            ),
        },
    ),
)
class HuishoudenViewSet(
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    parser_classes = [VeiligeJSONParser]
    content_negotiation_class = ProblemBewusteOnderhandeling
    permission_classes = [IsAuthenticated, HeeftScope]
    throttle_classes = STANDAARD_THROTTLES
    schema = ProbleemAutoSchema()
    filterset_class = HuishoudenFilter
    scopes = {"GET": Scope.HUISHOUDENS_LEZEN, "POST": Scope.HUISHOUDENS_SCHRIJVEN}
    rollen = {"GET": GEMEENTE_ROLLEN, "POST": REGISTRATIE_ROLLEN}

    def get_queryset(self):
        # HeeftScope has checked the role or scope for this method; the queryset decides which rows.
        return (
            Huishouden.objects.for_caller(self.request)
            .select_related("stadsdeel")
            .prefetch_related(
                Prefetch("leden", queryset=Inwoner.objects.for_caller(self.request).order_by("id")),
                Prefetch(
                    "leden__inkomens",
                    queryset=InkomensBron.objects.for_caller(self.request).order_by("geldig_van", "id"),
                ),
            )
            .order_by("-id")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return HuishoudenInvoerSerializer
        if self.action == "list":
            return HuishoudenLijstSerializer
        return HuishoudenSerializer

    def perform_create(self, serializer):
        huishouden = serializer.save()
        serializer.instance = self.get_queryset().get(pk=huishouden.pk)  # with members and incomes prefetched

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        huishoudens = list(queryset) if page is None else page
        data = self.get_serializer(huishoudens, many=True).data
        self._log_inzage(huishoudens, "Huishoudens opgevraagd via de API")
        return Response(data) if page is None else self.get_paginated_response(data)

    def handle_exception(self, exc):
        # Here the request's transaction (idempotency) has rolled back, so the look-up's record stays.
        if isinstance(exc, services.BsnAlGeregistreerd):
            services.log_bsn_controle(fout=exc, door=actor_van(self.request), request=self.request)
        return super().handle_exception(exc)

    def retrieve(self, request, *args, **kwargs):
        try:
            huishouden = self.get_object()
        except Http404:
            # A refused attempt on personal data is logged too, for the people it was about (an id that is no
            # number names nobody).
            pk = str(kwargs.get("pk", ""))
            if (
                pk.isdigit()
                and len(pk) < 19  # within a bigint
                and (
                    bestaand := Huishouden.objects.for_systeem("geweigerde opvraging vastleggen").filter(pk=pk).first()
                )
                is not None
            ):
                services.log_geweigerd(
                    door=actor_van(request),
                    inwoners=bestaand.leden.all(),
                    omschrijving="Huishouden opvragen via de API geweigerd",
                    request=request,
                )
            raise
        data = self.get_serializer(huishouden).data
        self._log_inzage([huishouden], "Huishouden opgevraagd via de API")
        return Response(data)

    def _log_inzage(self, huishoudens, omschrijving: str) -> None:
        """One record per inwoner shown. Written before the data leaves: if logging fails, nothing is shown."""
        betrokkenen = [
            betrokkene(bsn_index=lid.bsn_index, intern_id=lid.pk) for h in huishoudens for lid in h.leden.all()
        ]
        if betrokkenen:
            log_verwerking(
                actor=actor_van(self.request),
                actie=Actie.INZIEN,
                omschrijving=omschrijving,
                verwerkingsactiviteit=Verwerkingsactiviteit.REGISTRATIE,
                betrokkenen=betrokkenen,
                request=self.request,
            )
