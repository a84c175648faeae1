import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def is_geldig_bsn(waarde: str) -> bool:
    """The elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 (and 000000000 is not a BSN)."""
    if len(waarde) != 9 or not waarde.isascii() or not waarde.isdigit() or waarde == "000000000":
        return False
    cijfers = [int(c) for c in waarde]
    som = sum(gewicht * cijfer for gewicht, cijfer in zip(range(9, 1, -1), cijfers[:8], strict=True))
    return (som - cijfers[8]) % 11 == 0


def valideer_bsn(waarde: str) -> None:
    if not is_geldig_bsn(waarde):
        raise ValidationError(
            _("Dit is geen geldig burgerservicenummer. Een BSN heeft 9 cijfers en moet de elfproef doorstaan."),
            code="ongeldig_bsn",
        )


def maskeer_bsn(waarde: str | None) -> str:
    """For lists: only the last three digits, so a BSN is never shown in full outside the detail page."""
    if not waarde:
        return "–"
    return f"******{waarde[-3:]}"


# Nine digits, also written in groups (1234.56.782, 123 456 782, 123-456-782), not part of a longer number.
_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d(?:[ .-]?\d){8}(?!\d)")


def bsns_in_tekst(tekst: str) -> list[str]:
    """The numbers in a free text that look like a BSN: nine digits passing the elfproef. Free text that goes
    to a partner or from a partner must never carry one (DOMAIN.md section 7)."""
    return [
        match.group()
        for match in _NEGEN_CIJFERS.finditer(tekst or "")
        if is_geldig_bsn(re.sub(r"[ .-]", "", match.group()))
    ]


def zonder_bsn(tekst: str, vervanging: str = "[BSN weggehaald]") -> str:
    """The text with every BSN-like number replaced, so a refused form does not show the number back."""
    for gevonden in bsns_in_tekst(tekst):
        tekst = tekst.replace(gevonden, vervanging)
    return tekst
