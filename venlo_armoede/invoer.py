"""Limits on hostile input, in one place for every form and every API endpoint (ADR 0008).

- The body size is checked on the Content-Length header before anything reads the body: too large is
  413 (problem+json under /api/, a Dutch page elsewhere).
- Control characters (NUL and the rest of Unicode category Cc except tab, newline and carriage return)
  and lone surrogates are refused in every query parameter and every submitted form field, here, and in
  every JSON string (keys and values) by venlo_armoede.api.parsers.VeiligeJSONParser. PostgreSQL cannot
  store NUL (a 500 otherwise), and the others have no place in names, addresses or notes.
- JSON nesting depth is checked by the API parser on the raw text, before json.loads can recurse.

This module holds the checks; the middleware is venlo_armoede.middleware.InvoerGrenzenMiddleware."""

from __future__ import annotations

import re
from collections.abc import Iterable

VERBODEN_TEKENS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
VERBODEN_TEKEN_MELDING = (
    "Dit veld bevat een teken dat niet is toegestaan, zoals een NUL-teken of een ander onzichtbaar stuurteken. "
    "Typ de tekst opnieuw in, zonder plakken uit een ander programma."
)
TE_GROOT_MELDING = "Het verzoek is te groot: het mag hoogstens {kb} kB zijn. Stuur minder gegevens tegelijk."


def heeft_verboden_teken(tekst: str) -> bool:
    return VERBODEN_TEKENS.search(tekst) is not None


def velden_met_verboden_tekens(items: Iterable[tuple[str, str]]) -> list[str]:
    """Names of the fields whose name or value holds a refused character (names shown safely)."""
    fout = []
    for naam, waarde in items:
        if heeft_verboden_teken(naam) or heeft_verboden_teken(waarde):
            fout.append(VERBODEN_TEKENS.sub("?", naam))
    return sorted(set(fout))


# A JSON string literal, so brackets inside strings do not count. Linear: the alternatives are disjoint.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_GEEN_HAAKJE = re.compile(r"[^\[\]{}]+")


def json_diepte_overschreden(tekst: str, maximum: int) -> bool:
    """True when arrays/objects in the JSON text nest deeper than `maximum` (stops at the first excess).
    Works on the raw text, so it is safe before parsing; invalid JSON is left to the parser."""
    diepte = 0
    for teken in _GEEN_HAAKJE.sub("", _JSON_STRING.sub("", tekst)):
        if teken in "[{":
            diepte += 1
            if diepte > maximum:
                return True
        else:
            diepte -= 1
    return False
