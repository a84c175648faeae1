"""Property-based check of the whole API against its own OpenAPI schema (schemathesis).

Every operation in docs/openapi.yaml is called over HTTP on pytest-django's live_server with generated
requests, valid and invalid, once anonymously and once with a gemeente token for each scope, and every
response goes through all of schemathesis' checks (no server error, status codes, content types, headers and bodies as
documented, valid data accepted, invalid data refused, authentication not ignored, unsupported methods
answered with 405). One failure fails the test, with the request as a curl command to reproduce it.

Not tested here: /api/v1/schema/ and /api/v1/docs/, which serve the schema itself and are not operations
in it (tests/api/test_api_schema.py covers them).

The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, default 15) so the run stays
within a few minutes on a small machine; raise it locally to search deeper."""

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from venlo_armoede.accounts.roles import Scope

# transaction=True: the API runs in live_server's own thread, which must see the committed test data.
pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
ANONIEM = "anoniem"


# Schema-valid requests must be accepted (positive_data_acceptance), except that the POST operations
# may answer 400 to them: their business rules cannot be written in JSON Schema (a BSN passes the elfproef,
# exactly one aanvrager and at most one partner, a date of birth not after the peildatum, a known stadsdeel,
# a Dutch postcode), so schema-valid bodies can still be invalid. The same holds for the PATCH of a casus (an
# eerste gesprek not before the aanmelding, a transition the workflow allows, a user who is a klantadviseur).
# Every other check stays as it is there.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422", "429"]
                    }
                },
            },
            # PATCH /api/v1/casussen/{id}/ likewise: the workflow (which status may follow which), dates not in
            # the future nor before the aanmelding, a hoofdbehandelaar who is a klantadviseur, and the input
            # limits of ADR 0008 (no control characters, also not in an unknown key) are not JSON Schema; a
            # stale or missing If-Match is 412/428.
            {
                "include-method": "PATCH",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412", "422", "428", "429"]
                    }
                },
            },
            # The KPI filters: a stadsdeel id must exist and a month may not lie in the future or after the other,
            # which JSON Schema cannot say either; such a request gets a Dutch 400 (problem+json).
            {
                "include-path": "/api/v1/kpis/",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "429"]}},
            },
        ]
    }
)
# The committed contract (tests/api/test_api_schema.py proves it equals what the code serves). Loaded
# eagerly: schemathesis' lazy loader (schemathesis.pytest.from_fixture) does not run under pytest 9.
schema = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml", config=CONFIG)


@pytest.fixture
def api(live_server, stadsdeel, regels, maak_huishouden, settings) -> str:
    """The running API with data to read; returns its base URL."""
    # stadsdeel before regels: the reference data adds the other stadsdelen around the fixture's one.
    # Rate limits are tested in test_throttling.py; here they would turn most calls into 429s.
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {scope: "100000/minute" for scope in rest["DEFAULT_THROTTLE_RATES"]}
    settings.REST_FRAMEWORK = rest
    # A few households, so list and detail answer with real bodies, not only empty pages and 404s.
    for _ in range(3):
        maak_huishouden()
    return live_server.url


@pytest.fixture
def aanroepers(transactional_db, maak_token) -> dict[str, dict[str, str]]:
    """Authorization headers per caller: none (anonymous), or a gemeente token with that one scope."""
    headers = {ANONIEM: {}}
    for scope in Scope.values:
        _, sleutel = maak_token(scope)
        headers[scope] = {"Authorization": f"Token {sleutel}"}
    return headers


@schema.parametrize()
# derandomize: the same examples on every run, so CI is reproducible; raise SCHEMATHESIS_MAX_EXAMPLES to explore.
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_volgt_het_schema(case, api, aanroepers):
    # Each generated request goes out once per caller: one test item per operation keeps the setup
    # (a fresh database with reference data) to five instead of thirty-five.
    for aanroeper, headers in aanroepers.items():
        try:
            case.call_and_validate(base_url=api, headers=headers)
        except Exception as fout:
            fout.add_note(f"Aanroeper: {aanroeper}")
            raise
