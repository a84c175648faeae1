"""No log line of a registration, a duplicate registration, an API read and the "Toon BSN" page action
carries the BSN: not the application log, not a request log, and not the SQL log (every statement with its
parameters, which Django writes at DEBUG level when query logging is on)."""

import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Inwoner


def test_bsn_staat_in_geen_enkele_logregel(schrijver, payload, sessie_client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # the project's LOGGING keeps "django" at INFO
    data = payload()
    bsn = data["leden"][0]["bsn"]
    with CaptureQueriesContext(connection) as queries:
        aangemaakt = schrijver.post("/api/v1/huishoudens/", data, format="json")
        assert aangemaakt.status_code == 201, aangemaakt.content
        dubbel = schrijver.post("/api/v1/huishoudens/", data, format="json")
        assert dubbel.status_code == 400
        detail = schrijver.get(f"/api/v1/huishoudens/{aangemaakt.json()['id']}/")
        assert bsn in detail.content.decode()  # the gemeente's own data (audited), so the check below means something

        inwoner = Inwoner.objects.for_systeem("test").get(bsn=bsn)
        klantadviseur = sessie_client("klantadviseur")
        assert bsn not in klantadviseur.get(f"/werk/inwoners/{inwoner.pk}/").content.decode()
        getoond = klantadviseur.post(f"/werk/inwoners/{inwoner.pk}/")
        assert bsn in getoond.content.decode()

    regels = [r.getMessage() for r in caplog.records]
    # The SQL log was on (it is what would have named the BSN before), and the 400 was logged.
    assert any("INSERT INTO" in regel and "cases_inwoner" in regel for regel in regels)
    assert any("Bad Request" in regel for regel in regels)
    assert [regel for regel in regels if bsn in regel] == []
    assert bsn not in caplog.text
    assert [q["sql"] for q in queries.captured_queries if bsn in q["sql"]] == []
