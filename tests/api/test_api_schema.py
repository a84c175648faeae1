"""OpenAPI schema, its committed copy (drift check) and the Swagger UI under the strict CSP."""

import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

GECOMMITTEERD = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REGENEREER = "DEBUG=1 .venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate"


def test_schema_endpoint_geeft_openapi_3(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/huishoudens/" in schema["paths"]
    lijst = schema["paths"]["/api/v1/huishoudens/"]["get"]
    pagina = lijst["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][pagina]["properties"]) == {"count", "next", "previous", "results"}
    assert "application/problem+json" in lijst["responses"]["403"]["content"]
    post = schema["paths"]["/api/v1/huishoudens/"]["post"]
    assert {"400", "401", "403", "422", "429"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_yaml_is_de_standaard(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_gecommitteerd_schema_is_actueel(tmp_path):
    """docs/openapi.yaml must match the code. If this fails, regenerate and commit: {REGENEREER}"""
    nieuw = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(nieuw), "--validate", "--fail-on-warn")
    assert GECOMMITTEERD.exists(), f"docs/openapi.yaml ontbreekt; maak het met: {REGENEREER}"
    assert yaml.safe_load(nieuw.read_text()) == yaml.safe_load(GECOMMITTEERD.read_text()), (
        f"docs/openapi.yaml wijkt af van de code; genereer opnieuw met: {REGENEREER}"
    )


def _csp(response) -> dict[str, str]:
    return {
        deel.strip().split(" ", 1)[0]: deel.strip().partition(" ")[2]
        for deel in response["Content-Security-Policy"].split(";")
        if deel.strip()
    }


def test_docs_laden_zonder_inline_script_onder_de_csp(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = _csp(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-inline'" not in csp["style-src"]

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, html
    for attributen, inhoud in scripts:
        assert "src=" in attributen and not inhoud.strip(), "inline script would be blocked by the CSP"
    assert "<style" not in html and " style=" not in html
    assert "cdn" not in html.lower() and "https://" not in html

    bronnen = [re.search(r'src="([^"]+)"', a).group(1) for a, _ in scripts]
    bronnen.append(re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1))
    init = [b for b in bronnen if "script" in b.split("?", 1)[-1] and b.startswith("/api/v1/docs/")]
    assert len(init) == 1
    script = client.get(init[0].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content
    assert b'"/api/v1/schema/"' in script.content
    for bron in bronnen:
        if bron.startswith("/static/"):
            assert finders.find(bron.removeprefix("/static/")), f"static file missing: {bron}"


@pytest.mark.browser
@pytest.mark.django_db
def test_swagger_ui_rendert_in_chromium_zonder_csp_schendingen(live_server):
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM

    schendingen = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            pagina = browser.new_page()
            pagina.on("console", lambda b: schendingen.append(b.text) if "violates" in b.text else None)

            pagina.goto(f"{live_server.url}/api/v1/docs/")
            pagina.wait_for_selector("text=Huishouden registreren", timeout=15_000)
            assert "Venlo Geldzorgen API" in pagina.inner_text(".information-container")
        finally:
            browser.close()
    assert schendingen == [], "\n".join(schendingen)
