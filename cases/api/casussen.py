"""The casussen API for integrations (issue 8, item 15): GET/POST /api/v1/casussen/ and GET/PATCH
/api/v1/casussen/{id}/, scopes casussen:lezen and casussen:schrijven (gemeente tokens only).

Every answer about a casus carries an ETag ("<id>-<versie>"); a PATCH must send it back as If-Match (428 without,
412 when someone changed the casus since). Changes go through cases.services, so the workflow, the Dutch errors,
the version check and the audit are those of the web pages. Reads are audited per household member."""

from __future__ import annotations

import hashlib
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
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
from venlo_armoede.api.problems import (
    PROBLEM_MEDIA_TYPE,
    ProblemBewusteOnderhandeling,
    VoorwaardeMislukt,
    VoorwaardeVereist,
)
from venlo_armoede.api.schema import FoutSerializer, ProbleemAutoSchema, ValidatieFoutSerializer
from venlo_armoede.api.throttling import STANDAARD_THROTTLES

from .. import selectors, services
from ..models import AanmeldBron, Casus, CrisisReden, Huishouden, Inwoner
from ..termijnen import OngeldigeTermijnInvoer
from ..workflow import CasusStatusWaarde, Uitstroomreden
from .serializers import DATUM_FOUTEN, TEKST_FOUTEN, _keuze_fouten

TAG = "Casussen"
API_TOELICHTING_ANDERS = "Niet opgegeven (aangemeld via de API)"


def etag(casus: Casus) -> str:
    return f'"{casus.pk}-{casus.versie}"'


# --- Output ---------------------------------------------------------------------------------------------


class TermijnenSerializer(serializers.Serializer):
    """De wettelijke termijnen (Wgs) van de casus: de laatste dag, of null zolang de termijn nog niet begon."""

    eerste_gesprek_uiterlijk = serializers.DateField(
        help_text="Eerste gesprek: 3 werkdagen na de aanmelding bij een crisis, anders 4 weken."
    )
    beschikking_uiterlijk = serializers.DateField(
        allow_null=True, help_text="Beschikking: 8 weken na het eerste gesprek; null tot het eerste gesprek."
    )
    schuldregeling_uiterlijk = serializers.DateField(
        allow_null=True,
        help_text="Schuldregeling: 120 dagen na het startmoment (standaard de toelating); null tot dat moment.",
    )


class CasusSerializer(serializers.ModelSerializer):
    """Een casus: de hulpvraag van een huishouden, met status, versie en termijnen."""

    url = serializers.HyperlinkedIdentityField(view_name="api:casus-detail")
    huishouden = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Id van het huishouden.")
    klantadviseur = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id van de hoofdbehandelaar (klantadviseur), of null."
    )
    aangemeld_op = serializers.SerializerMethodField(help_text="Datum van de aanmelding.")
    termijnen = serializers.SerializerMethodField()
    versie = serializers.IntegerField(read_only=True, help_text="Stijgt bij elke wijziging; de ETag bevat hem.")

    class Meta:
        model = Casus
        fields = [
            "url",
            "id",
            "huishouden",
            "status",
            "versie",
            "hulpvraag",
            "crisis",
            "crisis_reden",
            "crisis_toelichting",
            "bron",
            "aangemeld_op",
            "eerste_gesprek_op",
            "beschikking_op",
            "toegelaten",
            "schuldregeling_op",
            "klantadviseur",
            "uitstroomreden",
            "termijnen",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATE)
    def get_aangemeld_op(self, casus):
        return timezone.localdate(casus.aangemeld_op).isoformat()

    @extend_schema_field(TermijnenSerializer)
    def get_termijnen(self, casus) -> dict:
        try:
            t = selectors.casus_termijnen(
                casus, dagen=self.context.get("dagen"), startmoment=self.context.get("startmoment")
            )
        except OngeldigeTermijnInvoer:
            return {"eerste_gesprek_uiterlijk": None, "beschikking_uiterlijk": None, "schuldregeling_uiterlijk": None}
        return TermijnenSerializer(t).data


# --- Input ----------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class HuishoudenVeld(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "required": "Geef het huishouden (id) van de aanmelding.",
        "null": "Geef het huishouden (id) van de aanmelding.",
        "does_not_exist": "Onbekend huishouden {pk_value}, of u heeft er geen toegang toe.",
        "incorrect_type": "Geef het id van het huishouden als getal.",
    }

    def get_queryset(self):
        request = self.context["request"]
        return Huishouden.objects.for_caller(request).filter(geanonimiseerd_op__isnull=True)


class CasusAanmeldingSerializer(serializers.Serializer):
    """Een nieuwe aanmelding (hulpvraag) voor een bestaand huishouden."""

    huishouden = HuishoudenVeld(help_text="Id van het huishouden (verplicht).")
    hulpvraag = serializers.CharField(
        max_length=5000,
        error_messages=TEKST_FOUTEN | {"required": "Beschrijf de hulpvraag.", "blank": "Beschrijf de hulpvraag."},
    )
    crisis = serializers.BooleanField(
        default=False,
        error_messages={"invalid": "Vul true of false in."},
        help_text="Crisis: het eerste gesprek moet dan binnen 3 werkdagen.",
    )
    crisis_reden = serializers.ChoiceField(
        choices=CrisisReden.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages=_keuze_fouten("reden van de crisis", CrisisReden.values),
        help_text="Verplicht bij een crisis, anders leeg.",
    )
    crisis_toelichting = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", error_messages=TEKST_FOUTEN
    )
    bron = serializers.ChoiceField(
        choices=AanmeldBron.choices,
        default=AanmeldBron.ZELF,
        error_messages=_keuze_fouten("bron", AanmeldBron.values),
        help_text="Waar de aanmelding vandaan komt.",
    )
    aangemeld_op = serializers.DateField(
        required=False,
        default=None,
        allow_null=True,
        error_messages=DATUM_FOUTEN,
        help_text="Datum van de aanmelding; standaard vandaag. Niet in de toekomst.",
    )

    def validate(self, data):
        fouten = {}
        if data["crisis"] and not data["crisis_reden"]:
            fouten["crisis_reden"] = "Kies de reden van de crisis."
        if not data["crisis"] and data["crisis_reden"]:
            fouten["crisis_reden"] = "Een reden van de crisis hoort alleen bij een crisis."
        if data["aangemeld_op"] and data["aangemeld_op"] > timezone.localdate():
            fouten["aangemeld_op"] = "De datum van aanmelding kan niet in de toekomst liggen."
        if fouten:
            raise serializers.ValidationError(fouten)
        return data

    def create(self, data):
        request = self.context["request"]
        dag = data["aangemeld_op"]
        if dag is None or dag == timezone.localdate():
            aangemeld_op = timezone.now()
        else:
            aangemeld_op = timezone.make_aware(datetime.combine(dag, time(9, 0)))
        toelichting = data["crisis_toelichting"]
        if data["crisis"] and data["crisis_reden"] == CrisisReden.ANDERS and not toelichting.strip():
            toelichting = API_TOELICHTING_ANDERS  # the contract has no toelichting: say honestly it is missing
        return services.meld_aan(
            door=actor_van(request),
            huishouden=data["huishouden"],
            hulpvraag=data["hulpvraag"],
            crisis=data["crisis"],
            crisis_reden=data["crisis_reden"],
            crisis_toelichting=toelichting,
            bron=data["bron"],
            aangemeld_op=aangemeld_op,
            request=request,
        )

    def to_representation(self, instance):
        return CasusSerializer(instance, context=self.context).data


class CasusWijzigingSerializer(serializers.Serializer):
    """Wat een PATCH kan wijzigen. Alleen de meegestuurde velden veranderen."""

    eerste_gesprek_op = serializers.DateField(
        required=False,
        error_messages=DATUM_FOUTEN,
        help_text="Datum van het eerste gesprek: niet vóór de aanmelding en niet in de toekomst.",
    )
    klantadviseur = serializers.IntegerField(
        required=False,
        error_messages={"invalid": "Geef het id van de klantadviseur als getal."},
        help_text="Id van de nieuwe hoofdbehandelaar: een medewerker met de rol klantadviseur.",
    )
    status = serializers.ChoiceField(
        choices=CasusStatusWaarde.choices,
        required=False,
        error_messages=_keuze_fouten("status", CasusStatusWaarde.values),
        help_text="De volgende stap; alleen de stappen die de werkwijze toestaat.",
    )
    uitstroomreden = serializers.ChoiceField(
        choices=Uitstroomreden.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages=_keuze_fouten("uitstroomreden", Uitstroomreden.values),
        help_text="Verplicht bij status afgesloten.",
    )
    toelichting = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, error_messages=TEKST_FOUTEN
    )


# --- The viewset ----------------------------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="De ETag van de versie die u wijzigt. Zonder deze header volgt 428, bij een oudere versie 412.",
)
ETAG_HEADER = OpenApiParameter(
    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=True, description="Versie van de casus."
)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de casus.")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Casussen opvragen",
        description="Een pagina casussen, nieuwste aanmelding eerst. Elke opvraging wordt per lid van de "
        "huishoudens vastgelegd in het logboek dataverwerkingen.",
        parameters=[ETAG_HEADER],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Eén casus opvragen",
        description="De casus met status, versie en termijnen. De ETag stuurt u mee als If-Match bij een PATCH.",
        parameters=[ID, ETAG_HEADER],
        responses={200: OpenApiResponse(CasusSerializer, description="De casus.")},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Aanmelding registreren",
        description="Registreert een hulpvraag voor een huishouden (status aanmelding). Bij een crisis is "
        "`crisis_reden` verplicht; `aangemeld_op` ligt niet in de toekomst. Bij een fout wordt niets opgeslagen. "
        "Stuur een `Idempotency-Key` mee om veilig opnieuw te kunnen proberen.",
        request=CasusAanmeldingSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER, IDEMPOTENT_REPLAYED_PARAMETER, ETAG_HEADER],
        responses={
            201: OpenApiResponse(CasusSerializer, description="De aanmelding is geregistreerd."),
            (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                ValidatieFoutSerializer, description="De gegevens zijn ongeldig; er is niets opgeslagen."
            ),
            (422, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                FoutSerializer, description="Deze Idempotency-Key is al gebruikt voor een ander verzoek."
            ),
        },
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary="Casus bijwerken",
        description="Legt het eerste gesprek vast, wijst de hoofdbehandelaar toe of zet de volgende stap "
        "(dezelfde werkwijze en foutmeldingen als in de applicatie; afsluiten vraagt een uitstroomreden). "
        "Alles of niets. De header If-Match is verplicht: 428 zonder, 412 als de casus intussen is gewijzigd.",
        request=CasusWijzigingSerializer,
        parameters=[ID, IF_MATCH, ETAG_HEADER],
        responses={
            200: OpenApiResponse(CasusSerializer, description="De bijgewerkte casus."),
            (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                ValidatieFoutSerializer, description="De wijziging is ongeldig; er is niets opgeslagen."
            ),
            (412, PROBLEM_MEDIA_TYPE): OpenApiResponse(FoutSerializer, description="De casus is intussen gewijzigd."),
            (428, PROBLEM_MEDIA_TYPE): OpenApiResponse(FoutSerializer, description="De header If-Match ontbreekt."),
        },
    ),
)
class CasusViewSet(
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
    scopes = {"GET": Scope.CASUSSEN_LEZEN, "POST": Scope.CASUSSEN_SCHRIJVEN, "PATCH": Scope.CASUSSEN_SCHRIJVEN}
    rollen = {"GET": GEMEENTE_ROLLEN, "POST": REGISTRATIE_ROLLEN, "PATCH": REGISTRATIE_ROLLEN}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # HeeftScope has checked the role or scope for this method; the queryset decides which rows.
        return Casus.objects.for_caller(self.request).order_by("-aangemeld_op", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return CasusAanmeldingSerializer
        if self.action == "partial_update":
            return CasusWijzigingSerializer
        return CasusSerializer

    def get_serializer_context(self):
        # Once per request, not per casus: the deadlines of a page cost no extra queries.
        context = super().get_serializer_context()
        if self.request is not None and self.request.method in ("GET", "POST", "PATCH"):
            context.update(dagen=selectors.gelijkgestelde_dagen(), startmoment=selectors.schuldregeling_startmoment())
        return context

    def get_success_headers(self, data):
        headers = super().get_success_headers(data)
        if isinstance(data, dict) and "id" in data:
            headers["ETag"] = f'"{data["id"]}-{data["versie"]}"'
            headers["Location"] = str(data["url"])  # a Hyperlink (str subclass); WSGI servers want a plain str
        return headers

    def _herhaal(self, eerder, request, hash_):
        response = super()._herhaal(eerder, request, hash_)
        if isinstance(eerder.antwoord, dict) and "id" in eerder.antwoord:
            response["ETag"] = f'"{eerder.antwoord["id"]}-{eerder.antwoord["versie"]}"'
        return response

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        casussen = list(queryset) if page is None else page
        data = self.get_serializer(casussen, many=True).data
        services.bekijk_casussen(
            casussen=casussen, door=actor_van(request), omschrijving="Casussen opgevraagd via de API", request=request
        )
        response = Response(data) if page is None else self.get_paginated_response(data)
        sleutel = ",".join(f"{c.pk}-{c.versie}" for c in casussen)
        response["ETag"] = f'W/"{hashlib.sha256(sleutel.encode()).hexdigest()[:32]}"'
        return response

    def _casus_of_404(self) -> Casus:
        try:
            return self.get_object()
        except Http404:
            pk = str(self.kwargs.get("pk", ""))
            if pk.isdigit() and len(pk) < 19:
                bestaand = Casus.objects.for_systeem("geweigerde opvraging vastleggen").filter(pk=pk).first()
                if bestaand is not None:
                    services.log_geweigerd(
                        door=actor_van(self.request),
                        inwoners=Inwoner.objects.for_systeem("geweigerde opvraging vastleggen").filter(
                            huishouden_id=bestaand.huishouden_id
                        ),
                        omschrijving="Casus opvragen via de API geweigerd",
                        request=self.request,
                    )
            raise

    def retrieve(self, request, *args, **kwargs):
        casus = self._casus_of_404()
        data = self.get_serializer(casus).data
        services.bekijk_casus(casus=casus, door=actor_van(request), request=request)
        return Response(data, headers={"ETag": etag(casus)})

    def partial_update(self, request, *args, **kwargs):
        gegevens = request.data  # parse first: an unreadable body is a 400 for anyone
        casus = self._casus_of_404()
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise VoorwaardeVereist()
        versie = self._versie_uit(if_match, casus)
        invoer = CasusWijzigingSerializer(data=gegevens)
        invoer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                casus = self._wijzig(casus, versie, invoer.validated_data)
        except services.VerouderdeVersie as fout:
            raise VoorwaardeMislukt(detail=fout.bericht) from None
        except ValidationError as fout:
            raise ValidationError(
                {
                    ("eerste_gesprek_op" if veld == "datum" else veld): berichten
                    for veld, berichten in fout.message_dict.items()
                }
            ) from None
        casus = Casus.objects.for_caller(request).get(pk=casus.pk)
        return Response(
            CasusSerializer(casus, context=self.get_serializer_context()).data, headers={"ETag": etag(casus)}
        )

    @staticmethod
    def _versie_uit(if_match: str, casus: Casus) -> int:
        waarde = if_match.strip().removeprefix("W/").strip()
        if waarde not in (etag(casus), etag(casus).strip('"')):
            try:
                gezien = int(waarde.strip('"').rsplit("-", 1)[-1])
            except ValueError:
                gezien = 0
            raise VoorwaardeMislukt(detail=services.VerouderdeVersie(casus=casus, verwacht=gezien).bericht)
        return casus.versie

    def _wijzig(self, casus: Casus, versie: int, data: dict) -> Casus:
        door, request = actor_van(self.request), self.request
        if "klantadviseur" in data:
            gebruiker = get_user_model().objects.filter(pk=data["klantadviseur"]).first()
            casus = services.wijs_hoofdbehandelaar_toe(
                casus=casus, klantadviseur=gebruiker, door=door, versie=versie, request=request
            )
            versie = casus.versie
        if "eerste_gesprek_op" in data and data["eerste_gesprek_op"] != casus.eerste_gesprek_op:
            services.leg_eerste_gesprek_vast(
                casus=casus,
                datum=data["eerste_gesprek_op"],
                omschrijving="Vastgelegd via de API",
                door=door,
                versie=versie,
                request=request,
            )
            versie += 1
        if "status" in data:
            casus = services.wijzig_status(
                casus=casus,
                status=data["status"],
                uitstroomreden=data["uitstroomreden"],
                toelichting=data["toelichting"],
                door=door,
                versie=versie,
                request=request,
            )
        elif data.get("uitstroomreden"):
            raise ValidationError({"uitstroomreden": ["Een uitstroomreden hoort alleen bij afsluiten (status)."]})
        return casus
