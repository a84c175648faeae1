"""Playwright (sync API) on Debian's Chromium against pytest-django's live_server.

Playwright's own browser download does not work here, so it launches /usr/bin/chromium (CHROMIUM_PATH).
The live_server serves /static/ through Django's StaticFilesHandler (pytest-django does this when
django.contrib.staticfiles is installed), so the NL Design System CSS from node_modules is really loaded.
"""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCHERMAFDRUKKEN = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots"))
WACHTWOORD = "Test-wachtwoord-1"  # the password tests/conftest.py's gebruiker_met_rol gives every user


def code_voor(gebruikersnaam: str) -> str:
    """The code the user's authenticator app shows, computed from their device's key as the app does.
    A code is accepted once; a second login within the same 30 seconds takes the next time step (the
    device accepts one step ahead), and a third waits for the clock."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat = TOTPDevice.objects.get(user__username=gebruikersnaam, confirmed=True)
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    while True:
        totp.time = time.time()
        nu = totp.t()
        stap = max(nu, apparaat.last_t + 1)
        if stap <= nu + apparaat.tolerance:
            break
        time.sleep(1)
    totp.time = apparaat.t0 + (stap - apparaat.drift) * apparaat.step
    return f"{totp.token():0{apparaat.digits}d}"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Sessie:
    """One browser tab plus everything it saw: console messages and the status of every response."""

    page: object
    basis_url: str
    console: list[str] = field(default_factory=list)
    antwoorden: dict[str, int] = field(default_factory=dict)

    def ga_naar(self, pad: str):
        return self.page.goto(self.basis_url + pad)

    def log_in(self, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
        """Both steps, as a person does: password, then (if the password was right) the code from the app."""
        self.ga_naar("/inloggen/")
        self.page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
        self.page.get_by_label("Wachtwoord", exact=True).fill(wachtwoord)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Inloggen").click()
        if urlparse(self.page.url).path == "/inloggen/code/":
            self.vul_code_in(code_voor(gebruikersnaam))

    def vul_code_in(self, code: str) -> None:
        self.page.get_by_label("Code", exact=True).fill(code)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Inloggen", exact=True).click()

    def csp_schendingen(self) -> list[str]:
        """Everything the browser blocked because of the Content-Security-Policy ("Refused to load …",
        "Applying inline style violates … The action has been blocked.")."""
        return [
            tekst
            for tekst in self.console
            if "Content Security Policy" in tekst and ("Refused" in tekst or "blocked" in tekst)
        ]

    def csp_meldingen(self) -> list[str]:
        """Every console message about the policy, including a policy the browser cannot parse."""
        return [tekst for tekst in self.console if "Content Security Policy" in tekst]

    def schermafdruk(self, naam: str) -> Path:
        SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
        pad = SCHERMAFDRUKKEN / f"{naam}.png"
        self.page.screenshot(path=str(pad), full_page=True)
        return pad


def _open_sessie(chromium, live_server, **context_opties) -> tuple[object, Sessie]:
    context = chromium.new_context(locale="nl-NL", **context_opties)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sessie = Sessie(page=page, basis_url=live_server.url)
    page.on("console", lambda bericht: sessie.console.append(bericht.text))
    page.on("pageerror", lambda fout: sessie.console.append(f"pageerror: {fout}"))
    page.on("response", lambda antwoord: sessie.antwoorden.__setitem__(urlparse(antwoord.url).path, antwoord.status))
    return context, sessie


@pytest.fixture
def sessie(chromium, live_server):
    """A desktop-sized tab (1280×900)."""
    context, sessie = _open_sessie(chromium, live_server, viewport={"width": 1280, "height": 900})
    yield sessie
    context.close()


@pytest.fixture
def mobiele_sessie(chromium, live_server):
    """A phone-sized tab (360×740, touch)."""
    context, sessie = _open_sessie(
        chromium,
        live_server,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield sessie
    context.close()


@pytest.fixture
def axe_sessie(chromium, live_server):
    """A desktop tab for the axe-core check only: bypass_csp lets Playwright inject axe.min.js into pages
    whose Content-Security-Policy (rightly) refuses scripts from anywhere else. The CSP itself is tested
    with the normal `sessie`."""
    context, sessie = _open_sessie(chromium, live_server, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield sessie
    context.close()
