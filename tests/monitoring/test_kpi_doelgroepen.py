"""The overlapping doelgroepen of the KPI snapshots (issue 12 item 2): household type, met kinderen, jongeren
18–27, werkenden, zzp'ers and minima per income band. A household in several groups counts in each; one that
is in none (not computed yet) counts only in the total; the filter works on /beleid/, its export and the API;
the suppression holds per group; and the snapshot costs one statement per KPI whatever the number of groups."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from cases import selectors as cases_selectors
from cases.models import InkomensBron, Inwoner
from monitoring import services
from monitoring.kpis import PER_CODE
from monitoring.onderdrukking import toon
from regelingen import rechten
from regelingen import selectors as regelingen_selectors
from regelingen.models import Inkomenspositie
from tests.factories import CasusFactory
from tests.helpers import maak_huishouden
from tests.monitoring.test_api_kpis import client_met
from venlo_armoede.doelgroepen import DOELGROEPEN, EXCLUSIEF, MINIMA_GRENZEN

pytestmark = [pytest.mark.django_db, pytest.mark.needs_postgres]  # the KPI queries are PostgreSQL
TZ = ZoneInfo("Europe/Amsterdam")
PEIL = date(2026, 3, 31)
VANAF = date(2024, 4, 1)


def _soort(huishouden, soort):
    """The aanvrager's income (maak_huishouden gives loon) becomes `soort`."""
    InkomensBron.objects.filter(inwoner__huishouden=huishouden, inwoner__rol="aanvrager").update(soort=soort)


def _lid(huishouden, rol, geboren, inkomen_soort=None):
    lid = Inwoner.objects.create(huishouden=huishouden, voornaam="L", achternaam="B", geboortedatum=geboren, rol=rol)
    if inkomen_soort:
        InkomensBron.objects.create(
            inwoner=lid, soort=inkomen_soort, netto_maandbedrag=Decimal("400"), geldig_van=date(2025, 1, 1)
        )


@pytest.fixture
def bevolking(regels):
    """Eight households computed on 1 March 2026 and one that is not computed, each with an aanmelding."""
    h = {
        "eenouder_werkt": maak_huishouden(inkomen=Decimal("1500"), kinderen=(8,)),
        "jongere_23": maak_huishouden(inkomen=Decimal("1400"), geboortejaar=2002),
        "gezin_zzp": maak_huishouden(inkomen=Decimal("2100"), partner=True, kinderen=(4, 9)),
        "oudere": maak_huishouden(inkomen=Decimal("1300"), geboortejaar=1950),
        "alleen_28": maak_huishouden(inkomen=Decimal("1400"), geboortejaar=1997),  # 28 on the peildatum
        "alleen_27": maak_huishouden(inkomen=Decimal("1400"), geboortejaar=1998),  # 27 (born 5 May 1998)
        "paar_partner_werkt": maak_huishouden(inkomen=Decimal("600"), partner=True),
        "eenouder_kind_werkt": maak_huishouden(inkomen=Decimal("1200"), kinderen=()),
    }
    _soort(h["gezin_zzp"], "zzp")
    _soort(h["oudere"], "aow")
    # The partner earns a wage: werkend. The aanvrager has WW.
    _soort(h["paar_partner_werkt"], "ww")
    Inwoner.objects.filter(huishouden=h["paar_partner_werkt"], rol="partner").delete()
    _lid(h["paar_partner_werkt"], "partner", date(1989, 1, 1), "loon")
    # A child's side job does not make the household werkend.
    _soort(h["eenouder_kind_werkt"], "bijstand")
    _lid(h["eenouder_kind_werkt"], "kind", date(2009, 1, 1), "loon")
    rechten.herbereken_selectie(Q(), peildatum=date(2026, 3, 1))
    h["niet_berekend"] = maak_huishouden(inkomen=Decimal("1000"))
    for huishouden in h.values():
        CasusFactory(huishouden=huishouden, aangemeld_op=datetime(2026, 3, 2, 10, tzinfo=TZ))
    return h


def test_de_herberekening_legt_de_groepen_vast(bevolking):
    groepen = {
        naam: Inkomenspositie.objects.for_systeem("test")
        .filter(huishouden=h)
        .values("doelgroep", "met_kinderen", "jongere", "werkend", "zzp")
        .first()
        for naam, h in bevolking.items()
    }
    assert groepen["niet_berekend"] is None
    assert groepen["eenouder_werkt"] == {
        "doelgroep": "eenoudergezin",
        "met_kinderen": True,
        "jongere": False,
        "werkend": True,
        "zzp": False,
    }
    assert groepen["gezin_zzp"] == {
        "doelgroep": "gezin_met_kinderen",
        "met_kinderen": True,
        "jongere": False,
        "werkend": False,
        "zzp": True,
    }
    assert groepen["oudere"]["doelgroep"] == "ouderen" and not groepen["oudere"]["werkend"]
    assert [groepen[n]["jongere"] for n in ("jongere_23", "alleen_27", "alleen_28")] == [True, True, False]
    assert groepen["paar_partner_werkt"]["werkend"] is True
    assert groepen["eenouder_kind_werkt"]["werkend"] is False
    assert groepen["eenouder_kind_werkt"]["met_kinderen"] is True


def test_een_huishouden_telt_in_elk_van_zijn_groepen(bevolking):
    rijen = cases_selectors.kpi_telling("aanmeldingen", vanaf=VANAF, peildatum=PEIL)
    maart = [r for r in rijen if r["maand"] == date(2026, 3, 1)]
    per_groep = {r["doelgroep"]: r["teller"] for r in maart if r["stadsdeel"] is None and r["doelgroep"]}
    pct = dict(Inkomenspositie.objects.for_systeem("test").filter(fout="").values_list("huishouden_id", "inkomen_pct"))
    minima = {
        f"minima_{grens}": sum(1 for p in pct.values() if p <= grens)
        for grens in MINIMA_GRENZEN
        if any(p <= grens for p in pct.values())
    }
    assert per_groep == {
        "alleenstaande": 3,  # jongere_23, alleen_27, alleen_28
        "eenoudergezin": 2,
        "paar": 1,
        "gezin_met_kinderen": 1,
        "ouderen": 1,
        "met_kinderen": 3,  # both eenoudergezinnen and the gezin
        "jongeren": 2,  # 23 and 27, not 28
        "werkenden": 5,  # eenouder_werkt, jongere_23, alleen_27, alleen_28 and the partner's wage
        "zzp": 1,
        **minima,
    }
    assert minima, "the population should have minima"
    [totaal] = [r for r in maart if r["stadsdeel"] is None and r["doelgroep"] is None]
    assert totaal["teller"] == 9  # the household that is not computed counts in the total only
    # The household types still add up to the computed households; the overlapping groups do not.
    assert sum(per_groep[d] for d in EXCLUSIEF) == 8
    per_stadsdeel = {r["doelgroep"]: r["teller"] for r in maart if r["stadsdeel"] is not None and r["doelgroep"]}
    assert per_stadsdeel == per_groep  # everyone lives in the one stadsdeel "Venlo"


def test_minimapopulatie_per_doelgroep(bevolking):
    rijen = regelingen_selectors.kpi_telling("minimapopulatie_150", vanaf=VANAF, peildatum=PEIL)
    werkenden = next(r for r in rijen if r["doelgroep"] == "werkenden" and r["stadsdeel"] is None)
    assert werkenden["noemer"] == 5


def test_een_telling_is_een_query_hoeveel_doelgroepen_er_ook_zijn(bevolking):
    for app, code in ((cases_selectors, "aanmeldingen"), (regelingen_selectors, "minimapopulatie_120")):
        with CaptureQueriesContext(connection) as queries:
            app.kpi_telling(code, vanaf=VANAF, peildatum=PEIL)
        assert len(queries) == 1, [q["sql"][:200] for q in queries]


@pytest.fixture
def werkenden(regels):
    """Six households with a wage and an aanmelding this month; five of them jongeren."""
    vandaag = timezone.localdate()
    for geboren in (2001, 2001, 2001, 2001, 2001, 1980):
        huishouden = maak_huishouden(inkomen=Decimal("1500"), geboortejaar=geboren)
        CasusFactory(huishouden=huishouden, aangemeld_op=datetime(vandaag.year, vandaag.month, 1, 9, tzinfo=TZ))
    rechten.herbereken_selectie(Q())
    services.bereken()


def _aanmeldingen_api(doelgroep):
    antwoord = client_met(["kpi:lezen"]).get("/api/v1/kpis/", {"doelgroep": doelgroep})
    assert antwoord.status_code == 200, antwoord.content
    deze_maand = f"{timezone.localdate():%Y-%m}"
    return [w["waarde"] for w in antwoord.json()["waarden"] if w["kpi"] == "aanmeldingen" and w["maand"] == deze_maand]


def test_filter_op_doelgroep_in_de_api(werkenden):
    assert _aanmeldingen_api("werkenden") == ["6"]
    assert _aanmeldingen_api("jongeren") == ["5"]
    assert _aanmeldingen_api("zzp") == []  # no figure rather than a misleading 0


def test_filter_op_doelgroep_op_de_pagina_en_in_de_export(client, gebruiker_met_rol, werkenden):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    antwoord = client.get("/beleid/", {"doelgroep": "werkenden"})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    for doelgroep in DOELGROEPEN:  # every group can be chosen, by its Dutch name
        assert f'<option value="{doelgroep.code}"' in html and escape(str(doelgroep.naam)) in html
    tabel = next(
        b["tabel"] for s in antwoord.context["secties"] for b in s["blokken"] if b["kpi"].code == "aanmeldingen"
    )
    assert tabel.rijen[-1][1] == "6"
    export = client.get("/beleid/export/aanmeldingen.csv", {"doelgroep": "werkenden"})
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[1 : 1 + len(tabel.rijen)] == tabel.rijen
    xlsx = client.get("/beleid/export/aanmeldingen.xlsx", {"doelgroep": "werkenden"})
    cellen = [
        str(c)
        for rij in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
        for c in rij
    ]
    assert any("Werkenden (inkomen uit loon)" in cel for cel in cellen)  # the choice in words


def test_de_pagina_met_doelgroep_kost_evenveel_queries(client, gebruiker_met_rol, werkenden):
    client.force_login(gebruiker_met_rol("beleidsadviseur"))
    client.get("/beleid/")  # warm up the session and caches
    aantallen = []
    for query in ({}, {"doelgroep": "werkenden"}, {"doelgroep": "minima_120"}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/beleid/", query).status_code == 200
        aantallen.append(len(queries))
    assert len(set(aantallen)) == 1, aantallen


def test_onderdrukking_per_groep():
    """Secondary suppression keeps to the household types: hiding an overlapping group instead of a household
    type would leave eenoudergezin = total − alleenstaande. Each overlapping group is protected in its own
    right: its stadsdelen add up to its heel Venlo."""
    maand = date(2026, 3, 1)

    def rij(stadsdeel, doelgroep, teller):
        return {"maand": maand, "stadsdeel": stadsdeel, "doelgroep": doelgroep, "categorie": "", "teller": teller}

    rijen = [
        rij(None, None, 20),
        rij(None, "eenoudergezin", 2),
        rij(None, "alleenstaande", 18),
        rij(None, "zzp", 6),  # smaller than alleenstaande: the old rule hid this one instead
        rij(1, "jongeren", 3),
        rij(2, "jongeren", 9),
        rij(None, "jongeren", 12),
    ]
    services._markeer({"aanmeldingen": rijen})
    tekst = {(r["stadsdeel"], r["doelgroep"]): toon(PER_CODE["aanmeldingen"], r) for r in rijen}
    assert tekst[(None, "eenoudergezin")] == "<5"
    assert tekst[(None, "alleenstaande")] == "×"
    assert tekst[(None, "zzp")] == "6" and tekst[(None, None)] == "20"
    assert tekst[(1, "jongeren")] == "<5" and tekst[(2, "jongeren")] == "×" and tekst[(None, "jongeren")] == "12"


@pytest.mark.parametrize(("query", "veld"), [({"stadsdeel": ""}, "stadsdeel"), ({"doelgroep": " "}, "doelgroep")])
def test_api_weigert_een_lege_keuze(query, veld):
    from tests.helpers import assert_probleem

    antwoord = client_met(["kpi:lezen"]).get("/api/v1/kpis/", {"doelgroep": "jongeren", **query})
    assert_probleem(antwoord, 400)
    assert [p["name"] for p in antwoord.json()["invalid_params"]] == [veld]
