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
