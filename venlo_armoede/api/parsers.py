"""The API's only parser: DRF's JSONParser behind two checks (ADR 0008).

The nesting depth is measured on the raw text before json.loads runs, because a deeply nested body
otherwise ends in a RecursionError (a 500) inside the parser. After parsing, every string (keys and
values) is checked for control characters, so no serializer field can let a NUL byte through."""

from __future__ import annotations

import io

from django.conf import settings
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

from venlo_armoede.invoer import VERBODEN_TEKEN_MELDING, heeft_verboden_teken, json_diepte_overschreden


class TeDiepGenest(exceptions.ValidationError):
    """JSON nested deeper than settings.MAX_JSON_DIEPTE. A 400 with its own problem code (problems.py)."""

    default_code = "te_diep_genest"

    def __init__(self, maximum: int):
        super().__init__(
            {
                api_settings.NON_FIELD_ERRORS_KEY: [
                    ErrorDetail(
                        f"De gegevens zijn dieper genest dan {maximum} niveaus. Zo diep is nooit nodig.",
                        code="te_diep_genest",
                    )
                ]
            }
        )


def _verboden(data, pad: str = ""):
    """Yield the path (like leden[1].voornaam) of every string holding a refused character."""
    if isinstance(data, str):
        if heeft_verboden_teken(data):
            yield pad or api_settings.NON_FIELD_ERRORS_KEY
    elif isinstance(data, dict):
        for sleutel, waarde in data.items():
            naam = f"{pad}.{sleutel}" if pad else str(sleutel)
            if heeft_verboden_teken(sleutel):
                yield pad or api_settings.NON_FIELD_ERRORS_KEY
            else:
                yield from _verboden(waarde, naam)
    elif isinstance(data, list):
        for i, waarde in enumerate(data):
            yield from _verboden(waarde, f"{pad}[{i}]")


class VeiligeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        ruw = stream.read() if stream is not None else b""
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            tekst = ruw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError() from exc
        if json_diepte_overschreden(tekst, settings.MAX_JSON_DIEPTE):
            raise TeDiepGenest(settings.MAX_JSON_DIEPTE)
        data = super().parse(io.BytesIO(ruw), media_type, parser_context)
        velden = sorted(set(_verboden(data)))
        if velden:
            raise exceptions.ValidationError(
                {veld: [ErrorDetail(VERBODEN_TEKEN_MELDING, code="verboden_teken")] for veld in velden}
            )
        return data
