"""Security headers on pages and API answers with personal data, and the production settings that
`manage.py check --deploy` judges (HSTS, SSL redirect, proxy header from environment variables)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories as f
from venlo_armoede.accounts.models import ApiToken, Organisatie

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def _csp(response) -> dict[str, list[str]]:
    return {
        deel.split()[0]: deel.split()[1:] for deel in response["Content-Security-Policy"].split(";") if deel.strip()
    }


def _niet_bewaren(response) -> None:
    onderdelen = {deel.strip() for deel in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= onderdelen, response["Cache-Control"]


def test_pagina_met_persoonsgegevens_heeft_alle_beveiligingsheaders(client, gebruiker_met_rol):
    inwoner = f.InwonerFactory(voornaam="Fenna", achternaam="Geurts")
    client.force_login(gebruiker_met_rol("klantadviseur"))

    antwoord = client.get(f"/werk/inwoners/{inwoner.pk}/")

    assert antwoord.status_code == 200
    assert "Fenna" in antwoord.content.decode()  # personal data on this page
    _niet_bewaren(antwoord)
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert antwoord["X-Frame-Options"] == "DENY"
    csp = _csp(antwoord)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    for bron in ("script-src", "style-src"):
        assert csp[bron][0] == "'self'"
    assert "'unsafe-inline'" not in antwoord["Content-Security-Policy"]
    # The page has no inline code at all, so it needs no nonce (django-csp adds one only when used).
    html = antwoord.content.decode()
    assert "<style" not in html and " style=" not in html
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))


def test_inline_code_kan_alleen_met_een_nonce(rf):
    """A page that does need inline code gets a fresh nonce in the policy, never 'unsafe-inline'."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def pagina(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = CSPMiddleware(pagina)
    eerste, tweede = middleware(rf.get("/")), middleware(rf.get("/"))
    nonces = []
    for antwoord in (eerste, tweede):
        csp = _csp(antwoord)
        nonce = next(w for w in csp["script-src"] if w.startswith("'nonce-"))
        assert f'nonce="{nonce[7:-1]}"' in antwoord.content.decode()
        assert nonce in csp["style-src"] and "'unsafe-inline'" not in csp["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_api_antwoord_met_persoonsgegevens_wordt_niet_bewaard(client):
    f.InwonerFactory()
    gemeente = Organisatie.objects.create(naam="Gemeente Venlo (intake)", soort="gemeente")
    _, sleutel = ApiToken.maak(organisatie=gemeente, naam="test", scopes=["huishoudens:lezen"])

    antwoord = client.get("/api/v1/huishoudens/", HTTP_AUTHORIZATION=f"Token {sleutel}")

    assert antwoord.status_code == 200 and antwoord.json()["count"] == 1
    _niet_bewaren(antwoord)
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    # Refusals are not cached either.
    _niet_bewaren(client.get("/api/v1/huishoudens/"))


def test_openbaar_schema_mag_bewaard_worden(client):
    antwoord = client.get("/api/v1/schema/")
    assert antwoord.status_code == 200
    assert "no-store" not in antwoord.get("Cache-Control", "")


# Test-only variables of this process that production never has.
_NIET_IN_PRODUCTIE = {"DEBUG", "SECRET_KEY", "SESSION_COOKIE_SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _productie_omgeving(**extra) -> dict[str, str]:
    schoon = {k: v for k, v in os.environ.items() if k not in _NIET_IN_PRODUCTIE}
    return {
        **schoon,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "geldzorgen.venlo.nl",
        "CSRF_TRUSTED_ORIGINS": "https://geldzorgen.venlo.nl",
        "BEHIND_TLS_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        **extra,
    }


def _check_deploy(omgeving) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_schoon_met_productie_instellingen():
    uitkomst = _check_deploy(_productie_omgeving())
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "no issues" in uitkomst.stdout


def test_check_deploy_meldt_hsts_en_https_als_ze_uit_staan():
    uitkomst = _check_deploy(_productie_omgeving(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"))
    assert uitkomst.returncode != 0
    assert "security.W004" in uitkomst.stderr + uitkomst.stdout
    assert "security.W008" in uitkomst.stderr + uitkomst.stdout


def test_hsts_en_https_omleiding_uit_de_omgeving(client, settings):
    uitkomst = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
            " s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env={**_productie_omgeving(), "DJANGO_SETTINGS_MODULE": "venlo_armoede.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert uitkomst.stdout.split(maxsplit=4) == [
        "31536000",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')\n",
    ]

    # And what those settings do: plain http is sent to https, https answers carry HSTS, the proxy's
    # X-Forwarded-Proto counts as https.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    omleiding = client.get("/inloggen/")
    assert omleiding.status_code == 301 and omleiding["Location"] == "https://testserver/inloggen/"
    veilig = client.get("/inloggen/", HTTP_X_FORWARDED_PROTO="https")
    assert veilig.status_code == 200
    assert veilig["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code != 301  # probes inside the cluster speak plain http
