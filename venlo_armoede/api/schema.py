"""OpenAPI schema helpers: the token security scheme, the problem (Fout/ValidatieFout) components and
an AutoSchema that documents the standard error responses and required scopes on every operation."""

import copy

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from venlo_armoede.accounts.permissions import nodige_rollen, nodige_scope

from .problems import PROBLEM_MEDIA_TYPE


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "venlo_armoede.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "API-token van uw organisatie, als `Authorization: Token <sleutel>`. Tokens worden uitgegeven door "
                "functioneel beheer van de gemeente Venlo en hebben rechten (scopes) en een vervaldatum."
            ),
        }


class GeverifieerdeSessieScheme(SessionScheme):
    """The browser session (after the code step) is documented as the usual session cookie."""

    target_class = "venlo_armoede.accounts.authentication.GeverifieerdeSessieAuthentication"


class BedragInvoerExtension(OpenApiSerializerFieldExtension):
    """Amounts in requests: DRF's DecimalField takes a JSON number as well as a string ("1450.50" or 1450.5),
    and clients rely on that, so the request schema says so (oneOf string or number). Responses keep the
    string only: that is all the API ever sends."""

    target_class = "rest_framework.serializers.DecimalField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        tekst = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction != "request" or tekst.get("type") != "string":
            return tekst
        als_getal = copy.copy(self.target)
        als_getal.coerce_to_string = False
        getal = auto_schema._map_serializer_field(als_getal, direction, bypass_extensions=True)
        vorm = {"type", "format", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
        meta = {sleutel: waarde for sleutel, waarde in tekst.items() if sleutel not in vorm}
        return {
            "oneOf": [
                {sleutel: waarde for sleutel, waarde in tekst.items() if sleutel in vorm},
                {sleutel: waarde for sleutel, waarde in getal.items() if sleutel in vorm},
            ],
            **meta,
        }


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Het veld met de fout, zoals `postcode` of `leden[1].bsn`.")
    code = serializers.CharField(help_text="Een systeemcode voor de fout, zoals `required` of `invalid`.")
    reason = serializers.CharField(help_text="Uitleg in het Nederlands.")


class FoutSerializer(serializers.Serializer):
    """Een fout volgens RFC 7807 (application/problem+json)."""

    type = serializers.CharField(help_text="URN van het soort fout, zoals `urn:venlo:problem:niet-gevonden`.")
    code = serializers.CharField(help_text="Systeemcode van het soort fout.")
    title = serializers.CharField(help_text="Korte omschrijving van het soort fout.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Uitleg over deze fout.")
    instance = serializers.CharField(help_text="Het pad van het verzoek.", allow_null=True)


class ValidatieFoutSerializer(FoutSerializer):
    """Een validatiefout: per ongeldig veld een regel in invalid_params."""

    invalid_params = InvalidParamSerializer(
        many=True,
        required=False,
        help_text="Per ongeldig veld een regel. Ontbreekt als het verzoek als geheel niet te lezen is (geen JSON).",
    )


# A text without the control characters venlo_armoede.invoer refuses (tab, newline and carriage return may).
ZONDER_STUURTEKENS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
_FOUTEN = {
    "400": (ValidatieFoutSerializer, "De gegevens zijn ongeldig; zie invalid_params."),
    "401": (FoutSerializer, "Geen of geen geldig token (onbekend, ingetrokken of verlopen)."),
    "403": (FoutSerializer, "Het token heeft de benodigde scope niet, of uw rol geeft geen toegang."),
    "404": (FoutSerializer, "Niet gevonden, of u heeft er geen toegang toe (bij een lijst: deze pagina bestaat niet)."),
    "413": (FoutSerializer, "Het verzoek is te groot; zie detail voor de grootte die is toegestaan."),
    "429": (FoutSerializer, "Te veel verzoeken; probeer het na het aantal seconden in Retry-After opnieuw."),
    "500": (FoutSerializer, "Interne fout."),
}
_HEADERS = {
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Het te gebruiken authenticatieschema."}},
    "429": {
        "Retry-After": {"schema": {"type": "integer"}, "description": "Aantal seconden tot een nieuw verzoek mag."}
    },
}


class ProbleemAutoSchema(AutoSchema):
    """Adds the standard problem responses (400; 413 on writes; 401/403 on protected views, 404 on detail
    views and paginated lists, 429, 500) as application/problem+json, and the required scope/roles to the
    description."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        beschermd = any(not isinstance(p, AllowAny) for p in self.view.get_permissions())
        # 400 on every operation: query parameters with control characters are refused (ADR 0008).
        codes = ["400", "429", "500"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("413")
        if beschermd:
            codes += ["401", "403"]
        # Detail views: not found. Paginated lists: a page number past the last page.
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append("404")
        for code in sorted(codes):
            if code in responses:
                continue
            serializer, omschrijving = _FOUTEN[code]
            antwoord = self._get_response_for_code(
                OpenApiResponse(serializer, description=omschrijving), code, media_types=[PROBLEM_MEDIA_TYPE]
            )
            if code in _HEADERS:
                antwoord["headers"] = _HEADERS[code]
            responses[code] = antwoord
        return dict(sorted(responses.items()))

    def get_operation(self, *args, **kwargs):
        # Not in get_description: extend_schema(description=…) replaces that method.
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            vorm = parameter.get("schema", {})
            if parameter["in"] == "query" and vorm.get("type") == "string" and not vorm.keys() & {"format", "enum"}:
                # The middleware refuses control characters in every query parameter (ADR 0008): say so.
                vorm.setdefault("pattern", ZONDER_STUURTEKENS)
        toegang = self._toegang()
        if toegang:
            operation["description"] = f"{operation.get('description', '')}\n\n{toegang}".strip()
        return operation

    def _toegang(self) -> str:
        scope = nodige_scope(self.view, self.method)
        rollen = nodige_rollen(self.view, self.method)
        regels = []
        if scope:
            regels.append(f"een API-token met scope `{scope}`")
        if rollen:
            regels.append("een ingelogde medewerker met rol " + ", ".join(f"`{rol}`" for rol in rollen))
        return ("**Toegang:** " + " of ".join(regels) + ".") if regels else ""
