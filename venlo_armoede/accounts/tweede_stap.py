"""The second login step: a TOTP code from an authenticator app, or a one-time recovery code.

Built on django-otp (ADR 0007): TOTPDevice checks codes (a code is refused again once used, so a replayed
code fails), StaticDevice holds the recovery codes (each works once). What django-otp leaves to us: the
lockout after TWEEDE_STAP_MAX_FOUTEN wrong codes, the time limit between password and code, and setting up.
"""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APPARAAT_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"
AANTAL_HERSTELCODES = 10

# Demo users only (demo/populatie.py). Published in the README so anyone can log in to the demo; a device with
# this name is the only kind `manage.py demo_code` will print a code for. Never give it to a real user.
DEMO_APPARAAT_NAAM = "Demo (vaste sleutel)"
DEMO_SLEUTEL_HEX = "47656c647a6f7267656e56656e6c6f2d44454d4f"  # b"GeldzorgenVenlo-DEMO"; base32 in the README


def sleutel_base32(apparaat: TOTPDevice) -> str:
    """The secret as authenticator apps want it typed in."""
    return b32encode(unhexlify(apparaat.key)).decode()


def totp_apparaat(gebruiker, *, bevestigd: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=gebruiker, confirmed=bevestigd).order_by("pk").first()


def heeft_apparaat(gebruiker) -> bool:
    return TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists()


def nieuw_apparaat(gebruiker) -> TOTPDevice:
    """The unconfirmed device being set up; the same one on every reload, so a scanned QR code stays valid."""
    apparaat = totp_apparaat(gebruiker, bevestigd=False)
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=gebruiker, name=APPARAAT_NAAM, confirmed=False)
    return apparaat


def qr_svg(apparaat: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG data URI for an <img>: no script, no inline style, nothing from a CDN."""
    return segno.make(apparaat.config_url, error="m").svg_data_uri(scale=5, border=2)


def bevestig_apparaat(apparaat: TOTPDevice, code: str) -> bool:
    if not apparaat.verify_token(code):
        return False
    apparaat.confirmed = True
    apparaat.save(update_fields=["confirmed"])
    return True


def maak_herstelcodes(gebruiker) -> list[str]:
    """New recovery codes, replacing any old ones. Shown once; stored as django-otp stores them."""
    apparaat, _ = StaticDevice.objects.get_or_create(user=gebruiker, name=HERSTEL_NAAM, defaults={"confirmed": True})
    apparaat.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=apparaat, token=code) for code in codes)
    return codes


def aantal_herstelcodes(gebruiker) -> int:
    return StaticToken.objects.filter(device__user=gebruiker, device__confirmed=True).count()


def geblokkeerd_tot(gebruiker, apparaat: TOTPDevice | None = None):
    """When the code step opens again for this user, or None if it is open. Per user, not per address:
    only someone who knows the password reaches this step, so nobody else can trigger it.

    The counter is the TOTP device's failure count (django-otp's ThrottlingMixin fields); wrong recovery
    codes are added to it as well."""
    apparaat = apparaat or totp_apparaat(gebruiker)
    if apparaat is None or apparaat.throttling_failure_count < settings.TWEEDE_STAP_MAX_FOUTEN:
        return None
    tot = apparaat.throttling_failure_timestamp + settings.TWEEDE_STAP_BLOKKADE
    if tot <= timezone.now():
        apparaat.throttle_reset()
        return None
    return tot


def controleer_code(gebruiker, code: str):
    """The device that accepted the code (TOTP or recovery codes), or None.

    Under a row lock on the TOTP device, so parallel guesses take turns and cannot get past the lockout,
    and one code cannot be used twice at once."""
    code = "".join(code.split()).replace("-", "").lower()
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=gebruiker, confirmed=True).order_by("pk").first()
        if totp is None or geblokkeerd_tot(gebruiker, totp) is not None:
            return None
        if len(code) == totp.digits and code.isdigit():
            # verify_token refuses a code at or before the last accepted time step (no replay) and counts failures.
            return totp if totp.verify_token(code) else None
        herstel = StaticDevice.objects.select_for_update().filter(user=gebruiker, confirmed=True).first()
        if herstel is not None and 0 < len(code) <= 16 and herstel.verify_token(code):
            totp.throttle_reset()
            return herstel
        totp.throttle_increment()
        return None
