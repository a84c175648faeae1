"""Category codes (doel_bereikt, flexibel_budget, zelf_opgelost) show as their Dutch labels on /beleid/, in the
CSV/XLSX exports and the half-yearly report; the API keeps the codes."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from monitoring.forms import laatste_hele_halfjaar
from monitoring.models import KpiWaarde
from tests.monitoring.test_api_kpis import client_met

pytestmark = [pytest.mark.django_db]

CODES = {
    ("doorverwijzingen_uitkomst", "doel_bereikt"): "Doel bereikt",
    ("maatwerk_goedgekeurd", "flexibel_budget"): "Een bedrag uit het flexibel budget",
    ("uitstroom_per_reden", "zelf_opgelost"): "Zelf opgelost",
}


@pytest.fixture
def maand():
    """A month inside the last complete half year (so both the page and the report show it)."""
    jaar, helft = laatste_hele_halfjaar(timezone.localdate())
    return timezone.localdate().replace(year=jaar, month=2 if helft == 1 else 8, day=1)


@pytest.fixture
def waarden(maand):
    for kpi, categorie in CODES:
        KpiWaarde.objects.create(kpi=kpi, maand=maand, categorie=categorie, teller=Decimal(12))


@pytest.fixture
def beleid(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    return client


def test_pagina_en_exports_tonen_het_nederlandse_label(beleid, waarden, maand):
    periode = {"van": f"{maand - relativedelta(months=1):%Y-%m}", "tot": f"{maand:%Y-%m}"}
    html = beleid.get("/beleid/", periode).content.decode()
    for (kpi, code), label in CODES.items():
        assert label in html
        assert f">{code}<" not in html
        inhoud = beleid.get(f"/beleid/export/{kpi}.csv", periode).content.decode("utf-8-sig")
        rijen = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
        assert [label, "12"] in rijen
        assert code not in inhoud
        xlsx = beleid.get(f"/beleid/export/{kpi}.xlsx", periode)
        blad = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        assert (label, "12") in list(blad.iter_rows(values_only=True))


def test_rapport_toont_het_nederlandse_label(beleid, waarden):
    html = beleid.get("/beleid/rapport/").content.decode()
    for (_kpi, code), label in CODES.items():
        assert label in html
        assert f">{code}<" not in html


@pytest.mark.needs_postgres
def test_api_houdt_de_codes(waarden, maand):
    periode = {"van": f"{maand:%Y-%m}", "tot": f"{maand:%Y-%m}"}
    data = client_met(["kpi:lezen"]).get("/api/v1/kpis/", periode).json()
    categorieen = {(w["kpi"], w["categorie"]) for w in data.get("waarden", [])}
    assert set(CODES) <= categorieen, data
