"""Vroegsignalen (Wgs art. 3a) from signaalpartners: POST /api/v1/vroegsignalen/ (Idempotency-Key required),
GET /api/v1/vroegsignalen/ and /{id}/ with the status and the result the gemeente reported back.

A token sees only its own organisation's signals (404 for any other). The BSN is stored encrypted and never
returned. Receipt and every read are written to the audit log."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from cases.bsn import is_geldig_bsn
from venlo_armoede.accounts.authentication import actor_van
from venlo_armoede.accounts.models import ApiToken, Scope
from venlo_armoede.accounts.permissions import HeeftScope
from venlo_armoede.accounts.roles import SIGNAALPARTNER_SOORTEN
from venlo_armoede.api.idempotency import (
    IDEMPOTENCY_KEY_VERPLICHT_PARAMETER,
    IDEMPOTENT_REPLAYED_PARAMETER,
    IdempotentCreateMixin,
)
from venlo_armoede.api.parsers import VeiligeJSONParser
from venlo_armoede.api.problems import PROBLEM_MEDIA_TYPE, ProblemBewusteOnderhandeling
from venlo_armoede.api.schema import FoutSerializer, ProbleemAutoSchema, ValidatieFoutSerializer
from venlo_armoede.api.throttling import STANDAARD_THROTTLES

from .. import services
from ..models import Vroegsignaal, VroegsignaalResultaat, VroegsignaalSoort, VroegsignaalStatus

TAG = "Vroegsignalen"
POSTCODE = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
TEKST = {
    "blank": "Dit veld mag niet leeg zijn.",
    "required": "Dit veld is verplicht.",
    "null": "Dit veld is verplicht.",
}


def _tekst(max_length: int, help_text: str, **kwargs) -> serializers.CharField:
    fouten = {**TEKST, "max_length": f"Vul hoogstens {max_length} tekens in."}
    return serializers.CharField(max_length=max_length, help_text=help_text, error_messages=fouten, **kwargs)


class VroegsignaalInvoerSerializer(serializers.Serializer):
    """Een vroegsignaal: een betalingsachterstand van een inwoner."""

    soort = serializers.ChoiceField(
        choices=VroegsignaalSoort.choices,
        help_text="Waar de achterstand over gaat: huur, energie, water of zorgverzekering.",
        error_messages={
            **TEKST,
            "invalid_choice": "'{input}' is geen geldige soort. Kies uit: huur, energie, water, zorgverzekering.",
        },
    )
    achterstand_bedrag = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        help_text="De achterstand in euro's, groter dan 0, bijvoorbeeld 412.50.",
        error_messages={
            **TEKST,
            "invalid": "Vul een bedrag in euro's in, met een punt voor de centen, bijvoorbeeld 412.50.",
            "max_digits": "Dit bedrag is te groot.",
            "max_whole_digits": "Dit bedrag is te groot.",
            "max_decimal_places": "Vul hoogstens 2 cijfers achter de punt in.",
            "max_string_length": "Dit bedrag is te groot.",
        },
    )
    achterstand_sinds = serializers.DateField(
        help_text="Sinds wanneer de achterstand bestaat (JJJJ-MM-DD): een datum in het verleden, dus vóór vandaag.",
        error_messages={**TEKST, "invalid": "Vul een geldige datum in als JJJJ-MM-DD, bijvoorbeeld 2026-09-01."},
    )
    naam = _tekst(200, "Naam van de inwoner (contractant).")
    straat = _tekst(120, "Straat.")
    huisnummer = serializers.IntegerField(
        min_value=1,
        max_value=99999,
        help_text="Huisnummer (zonder toevoeging).",
        error_messages={
            **TEKST,
            "invalid": "Vul een huisnummer in (alleen cijfers).",
            "min_value": "Het huisnummer is minstens 1.",
            "max_value": "Dit huisnummer is te groot.",
        },
    )
    huisnummer_toevoeging = _tekst(
        10, "Toevoeging bij het huisnummer, zoals A of 2hg. Mag leeg.", required=False, allow_blank=True, default=""
    )
    postcode = serializers.RegexField(
        POSTCODE,
        help_text="Postcode, zoals 5911 AB.",
        error_messages={**TEKST, "invalid": "Vul een postcode in zoals 5911 AB."},
    )
    woonplaats = _tekst(80, "Woonplaats.")
    bsn = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=9,
        help_text="Burgerservicenummer (9 cijfers, elfproef), als bekend. Versleuteld bewaard, nooit teruggegeven.",
        error_messages={"max_length": "Een BSN heeft 9 cijfers."},
    )

    def validate_achterstand_bedrag(self, waarde):
        if waarde <= 0:
            raise serializers.ValidationError("Het bedrag van de achterstand moet groter zijn dan 0.")
        return waarde

    def validate_achterstand_sinds(self, waarde):
        # "A past date" (the contract): an arrear is signalled after it arose, so today is refused too.
        if waarde >= timezone.localdate():
            raise serializers.ValidationError(services.ACHTERSTAND_SINDS_IN_HET_VERLEDEN)
        return waarde

    def validate_bsn(self, waarde):
        if waarde in (None, ""):
            return None
        if not is_geldig_bsn(waarde):
            raise serializers.ValidationError(
                "Dit is geen geldig burgerservicenummer. Een BSN heeft 9 cijfers en moet de elfproef doorstaan."
            )
        return waarde


class VroegsignaalSerializer(serializers.ModelSerializer):
    """Een vroegsignaal zoals de signaalpartner het terugziet: zonder persoonsgegevens, met status en resultaat."""

    id = serializers.IntegerField(read_only=True, help_text="Id van het signaal.")
    status = serializers.ChoiceField(
        choices=VroegsignaalStatus.choices,
        read_only=True,
        help_text="ontvangen, in_behandeling (de gemeente probeert contact te krijgen) of afgehandeld.",
    )
    resultaat = serializers.ChoiceField(
        choices=[("", "nog geen resultaat"), *VroegsignaalResultaat.choices],
        read_only=True,
        help_text="Het resultaat dat de gemeente terugmeldt; lege tekst zolang er geen is.",
    )

    class Meta:
        model = Vroegsignaal
        fields = ["id", "status", "opeenvolgend", "ontvangen_op", "soort", "resultaat", "resultaat_op"]
        extra_kwargs = {
            "opeenvolgend": {"help_text": "Waar als er op hetzelfde adres in de 6 maanden ervoor al een signaal was."},
            "ontvangen_op": {"help_text": "Wanneer de gemeente het signaal ontving."},
            "resultaat_op": {"help_text": "Wanneer de gemeente het resultaat vastlegde; null zolang er geen is."},
        }


class _OntvangSignaal:
    """The create behind the idempotency mixin: validate, store through the service, answer 201 with the
    output shape (never the input, which holds the BSN)."""

    def create(self, request, *args, **kwargs):
        invoer = VroegsignaalInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        try:
            signaal = services.ontvang_vroegsignaal(token=request.auth, request=request, **invoer.validated_data)
        except DjangoValidationError as exc:
            raise DrfValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        return Response(VroegsignaalSerializer(signaal).data, status=status.HTTP_201_CREATED)


_FOUTEN = {
    (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
        ValidatieFoutSerializer, description="Ongeldige gegevens of geen Idempotency-Key; er is niets opgeslagen."
    ),
    (403, PROBLEM_MEDIA_TYPE): OpenApiResponse(FoutSerializer, description="Geen signaalpartner of geen recht."),
}


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Eigen vroegsignalen opvragen",
        description="De vroegsignalen van uw eigen organisatie, nieuwste eerst, met status en resultaat.",
        responses={200: VroegsignaalSerializer(many=True)},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Eén eigen vroegsignaal opvragen",
        description="Een signaal van een andere organisatie geeft 404.",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het signaal.")],
        responses={200: VroegsignaalSerializer},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Vroegsignaal aanleveren",
        description=(
            "Levert een betalingsachterstand aan (Wgs art. 3a), voor signaalpartners: woningcorporaties, "
            "energieleveranciers, drinkwaterbedrijven en zorgverzekeraars. De header `Idempotency-Key` is verplicht. "
            "Het BSN is optioneel, moet de elfproef doorstaan en wordt nooit teruggegeven."
        ),
        request=VroegsignaalInvoerSerializer,
        parameters=[IDEMPOTENCY_KEY_VERPLICHT_PARAMETER, IDEMPOTENT_REPLAYED_PARAMETER],
        responses={
            201: OpenApiResponse(VroegsignaalSerializer, description="Het signaal is ontvangen."),
            **_FOUTEN,
            (422, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                FoutSerializer, description="Deze Idempotency-Key is al gebruikt voor een ander verzoek."
            ),
        },
        examples=[
            OpenApiExample(
                "Huurachterstand",
                request_only=True,
                value={
                    "soort": "huur",
                    "achterstand_bedrag": "812.40",
                    "achterstand_sinds": "2026-09-01",
                    "naam": "J. Jansen",
                    "straat": "Parade",
                    "huisnummer": 12,
                    "huisnummer_toevoeging": "A",
                    "postcode": "5911 CB",
                    "woonplaats": "Venlo",
                },
            )
        ],
    ),
)
class VroegsignaalViewSet(
    IdempotentCreateMixin,
    _OntvangSignaal,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    parser_classes = [VeiligeJSONParser]
    content_negotiation_class = ProblemBewusteOnderhandeling
    permission_classes = [IsAuthenticated, HeeftScope]
    throttle_classes = STANDAARD_THROTTLES
    schema = ProbleemAutoSchema()
    # One scope for sending and reading back one's own signals (the contract names only this one).
    scopes = {"GET": Scope.VROEGSIGNALEN_SCHRIJVEN, "POST": Scope.VROEGSIGNALEN_SCHRIJVEN}
    rollen = {}  # for signaalpartner systems only; the midoffice works signals in /werk/vroegsignalen/
    idempotency_key_verplicht = True

    def get_queryset(self):
        return Vroegsignaal.objects.for_caller(self.request).order_by("-ontvangen_op", "-id")

    def get_serializer_class(self):
        return VroegsignaalInvoerSerializer if self.action == "create" else VroegsignaalSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = request.auth
        if isinstance(token, ApiToken) and token.organisatie.soort not in SIGNAALPARTNER_SOORTEN:
            raise PermissionDenied(
                "Alleen signaalpartners (woningcorporatie, energieleverancier, drinkwaterbedrijf, zorgverzekeraar) "
                "kunnen vroegsignalen aanleveren en opvragen."
            )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = VroegsignaalSerializer(page, many=True).data
        services.log_inzage(
            signalen=page, door=actor_van(request), omschrijving="Vroegsignalen opgevraagd via de API", request=request
        )
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        try:
            signaal = self.get_object()
        except Http404:
            services.log_geweigerde_inzage(pk=str(kwargs.get("pk", "")), door=actor_van(request), request=request)
            raise
        data = VroegsignaalSerializer(signaal).data
        services.log_inzage(
            signalen=[signaal],
            door=actor_van(request),
            omschrijving="Vroegsignaal opgevraagd via de API",
            request=request,
        )
        return Response(data)
