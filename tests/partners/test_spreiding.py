"""Help choosing and fair spreading (issue 9, item 6): the table of referrals per organisation in the last 90
days against its capacity, with its day boundary, and suggestions that respect the werkgebied (stadsdeel) of
the casus."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from partners.selectors import spreiding, suggesties
from tests.factories import DienstFactory, OrganisatieFactory, StadsdeelFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Amsterdam")
PLEKKEN = {"capaciteit_eenheid": "plekken"}
PEILDATUM = datetime(2026, 12, 10, 10, 0, tzinfo=TZ)  # 90 days before is 11 September 2026


def _verwijs_op(moment, verwijzing, **extra):
    with time_machine.travel(moment, tick=False):
        return verwijzing(**extra)


def _rijen(peildatum=PEILDATUM):
    return {rij["organisatie"].naam: rij for rij in spreiding(peildatum=peildatum)}


def test_de_tabel_telt_per_organisatie_de_laatste_90_dagen_tegen_de_capaciteit(wereld, verwijzing):
    leergeld = wereld["dienst_leergeld"]
    leergeld.capaciteit_beschikbaar, leergeld.capaciteit_maximum, leergeld.capaciteit_eenheid = 2, 5, "plekken"
    leergeld.save()
    DienstFactory(organisatie=wereld["leergeld"], capaciteit_beschikbaar=1, capaciteit_maximum=3, **PLEKKEN)
    DienstFactory(
        organisatie=wereld["leergeld"], capaciteit_beschikbaar=9, capaciteit_maximum=9, **PLEKKEN, actief=False
    )
    DienstFactory(organisatie=OrganisatieFactory(naam="Gestopt", actief=False))

    _verwijs_op(datetime(2026, 9, 10, 23, 59, 59, tzinfo=TZ), verwijzing)  # 91 days ago: not counted
    _verwijs_op(datetime(2026, 9, 11, 0, 0, tzinfo=TZ), verwijzing)  # 90 days ago, first second: counted
    _verwijs_op(datetime(2026, 10, 1, 12, 0, tzinfo=TZ), verwijzing, dienst=wereld["dienst_leergeld"])
    _verwijs_op(datetime(2026, 12, 10, 9, 59, tzinfo=TZ), verwijzing)  # today, before the peildatum: counted
    _verwijs_op(datetime(2026, 12, 10, 10, 1, tzinfo=TZ), verwijzing)  # after the peildatum: not yet

    rijen = _rijen()
    assert rijen["Alliantie"]["ontvangen"] == 2
    assert (rijen["Leergeld"]["ontvangen"], rijen["Leergeld"]["vrij"], rijen["Leergeld"]["maximum"]) == (1, 3, 8)
    assert (rijen["Alliantie"]["vrij"], rijen["Alliantie"]["maximum"]) == (None, None)  # capacity not known
    assert "Gestopt" not in rijen and "Schuldhulpmaatje" not in rijen  # inactive, or without a dienst
    # By whole days: the whole of 11 September drops out at midnight, not hour by hour.
    assert _rijen(datetime(2026, 12, 10, 23, 59, tzinfo=TZ))["Alliantie"]["ontvangen"] == 3
    assert _rijen(datetime(2026, 12, 11, 0, 0, tzinfo=TZ))["Alliantie"]["ontvangen"] == 2


def test_een_organisatie_zonder_doorverwijzingen_staat_met_nul_in_de_tabel(wereld, verwijzing):
    verwijzing()
    rijen = _rijen(datetime.now(TZ))
    assert rijen["Alliantie"]["ontvangen"] == 1
    assert rijen["Leergeld"]["ontvangen"] == 0 and rijen["Leergeld"]["soort"] == "Fonds"


def test_de_pagina_toont_de_tabel_en_vanaf_welke_dag_geteld_is(wereld, verwijzing):
    _verwijs_op(datetime(2026, 9, 11, 8, 0, tzinfo=TZ), verwijzing)
    _verwijs_op(datetime(2026, 9, 10, 8, 0, tzinfo=TZ), verwijzing)
    client = Client()
    with time_machine.travel(PEILDATUM, tick=False):
        client.force_login(wereld["adviseur"])
        inhoud = client.get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/").content.decode()
    assert "vanaf 11 september 2026 tot en met vandaag" in inhoud
    tabel = inhoud.split("Doorverwijzingen per organisatie, laatste 90 dagen</caption>")[1].split("</table>")[0]
    rij = re.search(r"<th[^>]*>Alliantie</th>(.*?)</tr>", tabel, re.S).group(1)
    cellen = [re.sub(r"<[^>]+>", "", cel).strip() for cel in re.findall(r"<td[^>]*>(.*?)</td>", rij, re.S)]
    assert cellen[1] == "1"  # the referral of 10 September is 91 days old
    assert re.search(r"<th[^>]*>Leergeld</th>\s*<td[^>]*>Fonds</td>\s*<td[^>]*>0</td>", tabel)


def test_suggesties_alleen_van_diensten_die_in_het_stadsdeel_werken(wereld):
    blerick, tegelen = wereld["stadsdeel"], StadsdeelFactory(naam="Tegelen")
    in_blerick = DienstFactory(naam="Alleen Blerick", capaciteit_beschikbaar=2, capaciteit_maximum=4, **PLEKKEN)
    in_blerick.werkgebied.set([blerick])
    in_tegelen = DienstFactory(naam="Alleen Tegelen", capaciteit_beschikbaar=2, capaciteit_maximum=4, **PLEKKEN)
    in_tegelen.werkgebied.set([tegelen])
    in_beide = DienstFactory(naam="Blerick en Tegelen")
    in_beide.werkgebied.set([blerick, tegelen])
    heel_venlo = wereld["dienst_alliantie"]  # no werkgebied: the whole municipality

    voor_blerick = {d.naam for d in suggesties(stadsdeel=blerick, hulpvraag="schulden")}
    assert voor_blerick == {in_blerick.naam, in_beide.naam, heel_venlo.naam}
    voor_tegelen = {d.naam for d in suggesties(stadsdeel=tegelen, hulpvraag="schulden")}
    assert voor_tegelen == {in_tegelen.naam, in_beide.naam, heel_venlo.naam}

    # The casus lives in Blerick: its referral page suggests no dienst that only works in Tegelen.
    client = Client()
    client.force_login(wereld["adviseur"])
    inhoud = client.get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/?behoefte=schulden").content.decode()
    lijst = inhoud.split("Voorgestelde diensten")[1].split("</ol>")[0]
    assert "Alleen Blerick" in lijst and "Blerick en Tegelen" in lijst and heel_venlo.naam in lijst
    assert "Alleen Tegelen" not in lijst
