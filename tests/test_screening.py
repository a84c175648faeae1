"""ZRM screening (cases.screening): 13 domains scored 1–5, repeated, append-only, shown as an SVG chart with
the same data in a table; bad input, audit and access."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import screening
from cases.models import ZrmDomein, ZrmScore, ZrmScreening
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.append_only import AppendOnlyError
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vandaag(time_machine):
    time_machine.move_to(date(2026, 6, 10), tick=False)


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka-zrm", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)  # aangemeld 2-2-2026


def alle(score, **afwijkend):
    return {d.value: (afwijkend.get(d.value, score), "") for d in ZrmDomein}


def test_dertien_domeinen_uit_de_zrm_2017():
    assert len(ZrmDomein) == 13
    assert ZrmDomein.FINANCIEN.label == "Financiën" and ZrmDomein.JUSTITIE.label == "Justitie"


def test_herhaald_vastleggen_en_nooit_wijzigen(casus, klantadviseur):
    eerste = screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=date(2026, 3, 1), scores=alle(2))
    screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=date(2026, 6, 1), scores=alle(3, financien=4))
    lijst = screening.screenings(casus, klantadviseur)
    assert [s.afgenomen_op for s in lijst] == [date(2026, 6, 1), date(2026, 3, 1)]
    assert screening.scores_per_domein(lijst[0])["financien"].score == 4
    with pytest.raises(AppendOnlyError):
        ZrmScore.objects.for_systeem("test").filter(screening=eerste).update(score=5)
    assert AuditRecord.objects.filter(omschrijving__startswith="ZRM-screening vastgelegd").count() == 2
    assert [i.titel for i in tijdlijn(casus) if i.soort == "screening"] == [
        "ZRM-screening van 01-06-2026",
        "ZRM-screening van 01-03-2026",
    ]


@pytest.mark.parametrize(
    ("scores", "datum", "veld"),
    [
        (alle(0), date(2026, 6, 1), "financien_score"),
        (alle(6), date(2026, 6, 1), "justitie_score"),
        ({d: v for d, v in alle(3).items() if d != "justitie"}, date(2026, 6, 1), "justitie_score"),
        (alle(3), date(2026, 6, 11), "afgenomen_op"),  # tomorrow
        (alle(3), date(2026, 2, 1), "afgenomen_op"),  # before the aanmelding
        (alle(3) | {"opvoeding": (3, "")}, date(2026, 6, 1), "__all__"),
    ],
)
def test_foute_invoer_slaat_niets_op(casus, klantadviseur, scores, datum, veld):
    with pytest.raises(ValidationError) as fout:
        screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=datum, scores=scores)
    assert veld in fout.value.message_dict
    assert not ZrmScreening.objects.for_systeem("test").exists()


def test_grenzen_1_en_5_en_de_dag_van_aanmelding(casus, klantadviseur):
    screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=date(2026, 2, 2), scores=alle(1, justitie=5))
    assert ZrmScore.objects.for_systeem("test").count() == 13


def test_alleen_een_klantadviseur(casus):
    with pytest.raises(PermissionDenied):
        screening.leg_vast(
            casus=casus, door=UserFactory(rollen=[Rol.MIDOFFICE]), afgenomen_op=date(2026, 6, 1), scores=alle(3)
        )


def formulier(datum="2026-06-01", score="3", **afwijkend):
    data = {"afgenomen_op": datum}
    for d in ZrmDomein:
        data[f"{d.value}_score"] = afwijkend.get(d.value, score)
        data[f"{d.value}_toelichting"] = ""
    return data


def test_pagina_toont_svg_grafiek_met_tabel_zonder_inline_stijl(client, casus, klantadviseur):
    client.force_login(klantadviseur)
    pagina = reverse("cases:screening", kwargs={"pk": casus.pk})
    assert client.post(pagina, formulier(datum="2026-03-01", score="2")).status_code == 302
    data = formulier(financien="4") | {"financien_toelichting": "Budgetplan loopt"}
    assert client.post(pagina, data).status_code == 302
    inhoud = client.get(pagina).content.decode()
    svg = re.search(r"<svg class=\"venlo-zrm\".*?</svg>", inhoud, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    assert "style=" not in svg and "<script" not in inhoud.split("</header>")[-1]
    assert svg.count("<rect") == 13
    assert svg.count('class="venlo-zrm__vorige"') == 13  # the previous screening as a dashed marker
    assert "4 (was 2)" in svg  # numbers in the chart: readable without colour
    # The table beside it has both screenings and the note.
    tabel = inhoud[inhoud.index("ZRM-scores per domein") :]
    assert "01-06-2026" in tabel and "01-03-2026" in tabel and "Budgetplan loopt" in tabel
    assert AuditRecord.objects.filter(omschrijving="ZRM-screenings van een casus bekeken").exists()


def test_pagina_foute_invoer_nederlands_en_niets_kwijt(client, casus, klantadviseur):
    client.force_login(klantadviseur)
    pagina = reverse("cases:screening", kwargs={"pk": casus.pk})
    data = formulier(financien="") | {"huisvesting_toelichting": "Huurachterstand"}
    antwoord = client.post(pagina, data)
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert "Kies een score voor Financiën." in inhoud and "Huurachterstand" in inhoud
    assert client.post(pagina, formulier(score="9")).status_code == 400
    assert client.post(pagina, formulier(datum="2026-06-11")).status_code == 400
    assert not ZrmScreening.objects.for_systeem("test").exists()


@pytest.mark.parametrize(
    ("rol", "status"), [(Rol.KLANTADVISEUR, 404), (Rol.MIDOFFICE, 403), (Rol.KWALITEITSFUNCTIONARIS, 403)]
)
def test_toegang(client, casus, rol, status):
    client.force_login(UserFactory(rollen=[rol]))
    pagina = reverse("cases:screening", kwargs={"pk": casus.pk})
    assert client.get(pagina).status_code == status
    assert client.post(pagina, formulier()).status_code == status
    assert not ZrmScreening.objects.for_systeem("test").exists()


def test_huishoudoverzicht_toont_de_laatste_screening(client, casus, klantadviseur):
    screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=date(2026, 3, 1), scores=alle(2))
    screening.leg_vast(casus=casus, door=klantadviseur, afgenomen_op=date(2026, 6, 1), scores=alle(4))
    client.force_login(klantadviseur)
    inhoud = client.get(reverse("cases:huishouden", kwargs={"pk": casus.huishouden_id})).content.decode()
    assert f"Laatste ZRM-screening van casus {casus.pk} (1 juni 2026)" in inhoud
    assert "maart 2026" not in inhoud
