"""Two-factor login (TOTP, django-otp): every role passes the code step before any page; wrong, replayed
and too many codes are refused; recovery codes work once; time limits; django-axes keyed per user+address.

These tests log in through the real pages (password form, then the code form); they do not use
force_login, which the shared conftest makes skip the code step."""

import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from venlo_armoede.accounts import tweede_stap
from venlo_armoede.accounts.roles import STARTPAGINA

pytestmark = pytest.mark.django_db

WACHTWOORD = "Test-wachtwoord-1"
ROOT = Path(__file__).resolve().parents[1]


def code_van(apparaat: TOTPDevice, *, stap: int = 0) -> str:
    """The code an authenticator app shows now (stap=-1: the previous 30 seconds)."""
    apparaat.refresh_from_db()
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = timezone.now().timestamp() + stap * apparaat.step
    return f"{totp.token():0{apparaat.digits}d}"


def wachtwoord(client, gebruikersnaam: str, **extra):
    return client.post(reverse("login"), {"username": gebruikersnaam, "password": WACHTWOORD}, **extra)


def code(client, waarde: str, volgende: str = "/"):
    return client.post(reverse("tweede_stap"), {"code": waarde, "next": volgende})


def is_ingelogd(client, pad: str = "/") -> bool:
    """True when the page opens (or sends on to the role's own page), not to the login or code step."""
    antwoord = client.get(pad)
    locatie = antwoord.get("Location", "")
    return antwoord.status_code in (200, 302) and not locatie.startswith(("/inloggen/", "/beheer/login/"))


@pytest.mark.parametrize("rol", list(STARTPAGINA))
def test_elke_rol_moet_eerst_een_code_invullen(client, gebruiker_met_rol, rol):
    gebruiker = gebruiker_met_rol(rol)
    startpagina = reverse(STARTPAGINA[rol])

    antwoord = wachtwoord(client, gebruiker.username)
    assert antwoord.status_code == 302

    # The password alone opens nothing: the start page sends on to the code step, and back after it.
    antwoord = client.get(startpagina)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == f"/inloggen/code/?next={startpagina.replace('/', '%2F')}"
    pagina = client.get(antwoord["Location"])
    assert pagina.status_code == 200
    assert "Code invullen" in pagina.content.decode()

    antwoord = code(client, code_van(gebruiker.totpdevice_set.get()), volgende=startpagina)
    assert antwoord.status_code == 302 and antwoord["Location"] == startpagina
    assert client.get(startpagina).status_code == 200


def test_wachtwoord_alleen_opent_de_api_niet(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    wachtwoord(client, gebruiker.username)
    assert client.get("/api/v1/huishoudens/").status_code in (401, 403)
    code(client, code_van(gebruiker.totpdevice_set.get()))
    assert client.get("/api/v1/huishoudens/").status_code == 200


def test_verkeerde_code_wordt_geweigerd(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("midoffice")
    wachtwoord(client, gebruiker.username)
    goed = code_van(gebruiker.totpdevice_set.get())
    fout = f"{(int(goed) + 1) % 1_000_000:06d}"

    antwoord = code(client, fout)
    assert antwoord.status_code == 200
    assert "Deze code klopt niet" in antwoord.content.decode()
    assert not is_ingelogd(client)


def test_een_gebruikte_code_werkt_niet_nog_een_keer(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    apparaat = gebruiker.totpdevice_set.get()
    wachtwoord(client, gebruiker.username)
    gebruikt = code_van(apparaat)
    assert code(client, gebruikt).status_code == 302
    assert is_ingelogd(client)

    client.post(reverse("logout"))
    wachtwoord(client, gebruiker.username)
    antwoord = code(client, gebruikt)  # same code, same 30 seconds: a replay
    assert antwoord.status_code == 200
    assert "Een code werkt maar één keer" in antwoord.content.decode()
    assert not is_ingelogd(client)
    # An older code than the one used is refused as well.
    assert code(client, code_van(apparaat, stap=-1)).status_code == 200
    assert not is_ingelogd(client)


def test_na_vijf_verkeerde_codes_geblokkeerd_ook_met_de_goede_code(client, gebruiker_met_rol, settings):
    gebruiker = gebruiker_met_rol("kwaliteitsfunctionaris")
    apparaat = gebruiker.totpdevice_set.get()
    with time_machine.travel(timezone.now(), tick=False) as reis:
        wachtwoord(client, gebruiker.username)
        for poging in range(1, settings.TWEEDE_STAP_MAX_FOUTEN + 1):
            antwoord = code(client, "000000" if code_van(apparaat) != "000000" else "111111")
            if poging < settings.TWEEDE_STAP_MAX_FOUTEN:
                assert antwoord.status_code == 200, poging
        assert antwoord.status_code == 403
        assert "5 keer een verkeerde code" in antwoord.content.decode()
        assert not client.session.get("_auth_user_id")  # logged out

        # Password again, then the right code: still locked.
        wachtwoord(client, gebruiker.username)
        assert code(client, code_van(apparaat)).status_code == 403
        assert not is_ingelogd(client)

        # After 30 minutes the step opens again.
        reis.shift(settings.TWEEDE_STAP_BLOKKADE + timedelta(seconds=1))
        wachtwoord(client, gebruiker.username)
        assert code(client, code_van(apparaat)).status_code == 302
        assert is_ingelogd(client)
        apparaat.refresh_from_db()
        assert apparaat.throttling_failure_count == 0


def test_blokkade_geldt_voor_de_gebruiker_niet_voor_een_ander(client, gebruiker_met_rol, settings):
    slachtoffer = gebruiker_met_rol("klantadviseur", username="anna")
    ander = gebruiker_met_rol("klantadviseur", username="bram")
    wachtwoord(client, slachtoffer.username)
    for _ in range(settings.TWEEDE_STAP_MAX_FOUTEN):
        code(client, "12345x")  # also a wrong recovery-code attempt counts
    assert tweede_stap.geblokkeerd_tot(slachtoffer) is not None
    assert tweede_stap.geblokkeerd_tot(ander) is None
    wachtwoord(client, ander.username)
    assert code(client, code_van(ander.totpdevice_set.get())).status_code == 302


def test_herstelcode_werkt_een_keer(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("beleidsadviseur")
    codes = tweede_stap.maak_herstelcodes(gebruiker)
    assert len(codes) == len(set(codes)) == 10

    wachtwoord(client, gebruiker.username)
    antwoord = code(client, codes[0].upper())  # typed in capitals: still the same code
    assert antwoord.status_code == 302
    assert is_ingelogd(client)
    assert StaticToken.objects.filter(device__user=gebruiker).count() == 9

    client.post(reverse("logout"))
    wachtwoord(client, gebruiker.username)
    assert code(client, codes[0]).status_code == 200
    assert not is_ingelogd(client)
    assert code(client, codes[1]).status_code == 302


def test_wachtwoord_en_code_moeten_binnen_vijf_minuten(client, gebruiker_met_rol, settings):
    gebruiker = gebruiker_met_rol("partnermedewerker")
    apparaat = gebruiker.totpdevice_set.get()
    with time_machine.travel(timezone.now(), tick=False) as reis:
        wachtwoord(client, gebruiker.username)
        reis.shift(settings.TWEEDE_STAP_TIJD + timedelta(seconds=1))
        antwoord = code(client, code_van(apparaat))
        assert antwoord.status_code == 302 and antwoord["Location"] == reverse("login")
        assert not client.session.get("_auth_user_id")
        assert not is_ingelogd(client)


def test_sessie_eindigt_na_een_werkdag(client, gebruiker_met_rol, settings):
    gebruiker = gebruiker_met_rol("klantadviseur")
    with time_machine.travel(timezone.now(), tick=False) as reis:
        wachtwoord(client, gebruiker.username)
        code(client, code_van(gebruiker.totpdevice_set.get()))
        reis.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/werk/").status_code == 200
        reis.shift(timedelta(seconds=61))
        antwoord = client.get("/werk/")
        assert antwoord.status_code == 302 and antwoord["Location"].startswith("/inloggen/?")


def test_sessie_krijgt_na_de_code_een_nieuwe_sleutel(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    wachtwoord(client, gebruiker.username)
    voor = client.session.session_key
    code(client, code_van(gebruiker.totpdevice_set.get()))
    assert client.session.session_key != voor


def test_zonder_app_eerst_koppelen_met_qr_code_en_dan_herstelcodes(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    gebruiker.totpdevice_set.all().delete()

    wachtwoord(client, gebruiker.username)
    antwoord = client.get("/werk/")
    assert antwoord["Location"].startswith(reverse("tweede_stap_instellen"))
    pagina = client.get(antwoord["Location"])
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert 'src="data:image/svg+xml' in html and "<script" not in html and "style=" not in html
    nieuw = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    assert tweede_stap.sleutel_base32(nieuw) in html
    assert not is_ingelogd(client, "/werk/")  # an unconfirmed app opens nothing

    assert client.post(reverse("tweede_stap_instellen"), {"code": "000000", "next": "/werk/"}).status_code == 200
    antwoord = client.post(reverse("tweede_stap_instellen"), {"code": code_van(nieuw), "next": "/werk/"})
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("tweede_stap_herstelcodes"))
    codes_pagina = client.get(antwoord["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=gebruiker).values_list("token", flat=True))
    assert len(codes) == 10 and all(c in codes_pagina for c in codes)
    assert client.get(reverse("tweede_stap_herstelcodes")).status_code == 302  # shown once
    assert client.get("/werk/").status_code == 200


def test_beheer_login_gaat_via_dezelfde_twee_stappen(client, gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("functioneel_beheer")
    antwoord = client.get("/beheer/login/?next=/beheer/")
    assert antwoord.status_code == 302 and antwoord["Location"] == "/inloggen/?next=/beheer/"
    wachtwoord(client, gebruiker.username)
    assert client.get("/beheer/")["Location"].startswith("/inloggen/code/")
    code(client, code_van(gebruiker.totpdevice_set.get()))
    assert client.get("/beheer/").status_code == 200


# --- demo users ------------------------------------------------------------------------------------


def test_demo_code_logt_elke_demogebruiker_in(client):
    from demo import populatie as demo

    call_command("seed_demo", "--households", "0", "--ook-zonder-debug", stdout=StringIO())
    for gebruikersnaam, *_ in demo.DEMO_GEBRUIKERS:
        uit = StringIO()
        call_command("demo_code", gebruikersnaam, stdout=uit)
        client.post(reverse("login"), {"username": gebruikersnaam, "password": demo.DEMO_WACHTWOORD})
        assert code(client, uit.getvalue().strip()).status_code == 302, gebruikersnaam
        assert is_ingelogd(client), gebruikersnaam
        client.post(reverse("logout"))
    # The README gives the same key for authenticator apps.
    apparaat = TOTPDevice.objects.get(user__username="klantadviseur")
    assert f"`{tweede_stap.sleutel_base32(apparaat)}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_demo_code_weigert_een_echte_gebruiker(gebruiker_met_rol):
    gebruiker = gebruiker_met_rol("klantadviseur")
    with pytest.raises(CommandError, match="geen demogebruiker"):
        call_command("demo_code", gebruiker.username, stdout=StringIO())


# --- django-axes: per username and address ---------------------------------------------------------


def _fout_wachtwoord(client, gebruikersnaam: str, **meta):
    return client.post(reverse("login"), {"username": gebruikersnaam, "password": "fout"}, **meta)


def test_blokkade_van_wachtwoorden_per_gebruiker_en_adres(client, gebruiker_met_rol, settings):
    gebruiker_met_rol("klantadviseur", username="anna")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fout_wachtwoord(client, "anna", REMOTE_ADDR="198.51.100.66")
    # The guesser's address is locked for anna, even with the right password ...
    assert wachtwoord(client, "anna", REMOTE_ADDR="198.51.100.66").status_code == 429
    # ... but anna herself, from her own address, still gets in: a guesser cannot lock her out.
    assert wachtwoord(client, "anna", REMOTE_ADDR="192.0.2.10").status_code == 302
    # A forged X-Real-IP / X-Forwarded-For does not change the address when not behind the proxy.
    client.post(reverse("logout"))
    for nep in ("192.0.2.10", "192.0.2.11"):
        antwoord = wachtwoord(client, "anna", REMOTE_ADDR="198.51.100.66", HTTP_X_REAL_IP=nep, HTTP_X_FORWARDED_FOR=nep)
        assert antwoord.status_code == 429


def test_achter_de_tls_proxy_telt_het_adres_dat_de_proxy_doorgeeft(client, gebruiker_met_rol, settings):
    uitkomst = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(list(s.AXES_IPWARE_META_PRECEDENCE_ORDER), s.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "venlo_armoede.settings",
            "SECRET_KEY": "x",
            # Required without DEBUG (ADR 0013); any distinct values will do here.
            "AUDIT_PSEUDONYM_KEY": "y",
            "BSN_BLIND_INDEX_KEY": "z",
            "BSN_ENCRYPTION_KEY": "cw_0x689RpI-jtRR7oE8h_eHHV9ttEK7h2Pg3SAJXHQ=",
            "BEHIND_TLS_PROXY": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert uitkomst.stdout.strip() == "['HTTP_X_REAL_IP', 'REMOTE_ADDR'] ('HTTP_X_FORWARDED_PROTO', 'https')"

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
    gebruiker_met_rol("klantadviseur", username="anna")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fout_wachtwoord(client, "anna", HTTP_X_REAL_IP="198.51.100.66", **proxy)
    assert wachtwoord(client, "anna", HTTP_X_REAL_IP="198.51.100.66", **proxy).status_code == 429
    assert wachtwoord(client, "anna", HTTP_X_REAL_IP="192.0.2.10", **proxy).status_code == 302
