"""Idempotency-Key for creating POSTs (IETF draft-ietf-httpapi-idempotency-key-header).

A client that sends `Idempotency-Key: <unique value>` with a POST may safely retry it: the same key
from the same caller with the same body gets the stored answer again (same status and body, header
`Idempotent-Replayed: true`) and nothing is created twice. The same key with another body (or for
another endpoint) is refused with 422.

How it stays correct under concurrency: the key is claimed by inserting the IdempotentVerzoek row
*first*, in the same transaction that creates the object. Of two simultaneous requests with one key,
the database lets only one insert succeed (unique aanvrager+sleutel; on PostgreSQL the second waits
for the first to commit). The loser's transaction is rolled back whole (so it created nothing) and it
answers with the winner's stored response. Errors are not stored: a request that failed (e.g. 400)
leaves no trace, so the client can correct it and retry with the same key.

Stored answers are deleted after a day by `accounts.tasks.ruim_idempotentie_sleutels_op`."""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from venlo_armoede.accounts.models import ApiToken, IdempotentVerzoek

from .problems import IdempotencySleutelHergebruikt

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_LENGTE = 255

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optioneel, aanbevolen. Een unieke waarde per aanmaakverzoek (bijvoorbeeld een UUID, hoogstens 255 tekens). "
        "Stuurt u hetzelfde verzoek met dezelfde sleutel opnieuw (bijvoorbeeld na een time-out), dan krijgt u "
        "hetzelfde antwoord terug en wordt er niets dubbel aangemaakt. Dezelfde sleutel met een ander verzoek "
        "geeft 422. Sleutels worden 24 uur bewaard."
    ),
)
IDEMPOTENT_REPLAYED_PARAMETER = OpenApiParameter(
    name=REPLAYED_HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="'true' als dit antwoord een herhaling is van een eerder verzoek met dezelfde Idempotency-Key.",
)


def aanvrager_van(request) -> str:
    if isinstance(getattr(request, "auth", None), ApiToken):
        return f"token:{request.auth.pk}"
    return f"gebruiker:{request.user.pk}"


def verzoek_hash(request) -> str:
    """The request as the server understood it: method, path and the parsed body with sorted keys, so
    whitespace and key order do not make an identical retry look different."""
    inhoud = json.dumps(request.data, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{inhoud}".encode()).hexdigest()


def _als_json(data):
    """Exactly what the client received, as JSON-compatible data (Decimals and dates as rendered)."""
    return json.loads(JSONRenderer().render(data))


IDEMPOTENCY_KEY_VERPLICHT_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "Verplicht. Een unieke waarde per aanmaakverzoek (bijvoorbeeld een UUID, hoogstens 255 tekens). Zonder "
        "deze header volgt 400. Stuurt u hetzelfde verzoek met dezelfde sleutel opnieuw (bijvoorbeeld na een "
        "time-out), dan krijgt u hetzelfde antwoord terug en wordt er niets dubbel aangemaakt. Dezelfde sleutel "
        "met een ander verzoek geeft 422. Sleutels worden 24 uur bewaard."
    ),
)


class IdempotentCreateMixin:
    """For viewsets: makes `create` honour an Idempotency-Key header. Put it before CreateModelMixin
    (or any class defining `create`) in the bases. With `idempotency_key_verplicht = True` a create without
    the header is refused with 400 (the vroegsignalen contract); elsewhere the header stays optional."""

    idempotency_key_verplicht = False

    def create(self, request, *args, **kwargs):
        sleutel = request.headers.get(HEADER)
        if sleutel is None and self.idempotency_key_verplicht:
            request.data  # noqa: B018 - a body that cannot be read (too deep, control characters) is told first
            raise ValidationError(
                {
                    HEADER: [
                        ErrorDetail(
                            "Stuur een Idempotency-Key mee (bijvoorbeeld een UUID), zodat een herhaald verzoek "
                            "niets dubbel aanmaakt.",
                            code="required",
                        )
                    ]
                }
            )
        if sleutel is None:
            return super().create(request, *args, **kwargs)
        sleutel = sleutel.strip()
        if not sleutel or len(sleutel) > MAX_LENGTE or not sleutel.isprintable():
            raise ValidationError(
                {
                    HEADER: [
                        ErrorDetail(
                            f"De Idempotency-Key moet 1 tot {MAX_LENGTE} leesbare tekens lang zijn.", code="invalid"
                        )
                    ]
                }
            )
        aanvrager = aanvrager_van(request)
        hash_ = verzoek_hash(request)

        eerder = self._eerder_verzoek(aanvrager, sleutel)
        if eerder is not None:
            return self._herhaal(eerder, request, hash_)
        try:
            with transaction.atomic():
                claim = IdempotentVerzoek.objects.create(
                    aanvrager=aanvrager,
                    sleutel=sleutel,
                    pad=request.path[:255],
                    verzoek_hash=hash_,
                    status_code=0,
                    antwoord={},
                )
                response = super().create(request, *args, **kwargs)
                if not status.is_success(response.status_code):
                    transaction.set_rollback(True)  # nothing stored, nothing created
                    return response
                claim.status_code = response.status_code
                claim.antwoord = _als_json(response.data)
                claim.save(update_fields=["status_code", "antwoord"])
        except IntegrityError:
            # Someone else (a concurrent retry) claimed this key first; our work was rolled back.
            eerder = self._eerder_verzoek(aanvrager, sleutel)
            if eerder is None:
                raise
            return self._herhaal(eerder, request, hash_)
        return response

    def _eerder_verzoek(self, aanvrager: str, sleutel: str) -> IdempotentVerzoek | None:
        return IdempotentVerzoek.objects.filter(aanvrager=aanvrager, sleutel=sleutel).first()

    def _herhaal(self, eerder: IdempotentVerzoek, request, hash_: str) -> Response:
        if eerder.verzoek_hash != hash_ or eerder.pad != request.path[:255]:
            raise IdempotencySleutelHergebruikt()
        headers = {REPLAYED_HEADER: "true"}
        if isinstance(eerder.antwoord, dict) and isinstance(eerder.antwoord.get("url"), str):
            headers["Location"] = eerder.antwoord["url"]
        return Response(eerder.antwoord, status=eerder.status_code, headers=headers)
