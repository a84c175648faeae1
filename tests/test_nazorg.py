"""Nazorg after closing with "afgerond" (cases.nazorg): planned from data, idempotent, recorded once."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import nazorg
from cases.models import Casus, NazorgContact, NazorgTermijn
from cases.signals import casus_afgesloten
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)


def sluit(casus, reden="afgerond", door=None):
    casus_afgesloten.send(sender=Casus, casus=casus, uitstroomreden=reden, door=door)


def geplande(casus):
    return list(NazorgContact.objects.for_systeem("test").filter(casus=casus).values_list("maanden", "gepland_op"))


@time_machine.travel(date(2026, 11, 30), tick=False)
def test_afgerond_plant_na_3_en_12_maanden(casus):
    sluit(casus)
    # 30 November + 3 months: there is no 30 February, so the last day of February.
    assert geplande(casus) == [(3, date(2027, 2, 28)), (12, date(2027, 11, 30))]


@time_machine.travel(date(2026, 5, 15), tick=False)
def test_de_termijnen_zijn_data(casus):
    NazorgTermijn.objects.filter(maanden=12).delete()
    NazorgTermijn.objects.create(maanden=6, omschrijving="Halfjaar")
    sluit(casus)
    assert geplande(casus) == [(3, date(2026, 8, 15)), (6, date(2026, 11, 15))]


@pytest.mark.parametrize("reden", ["ingetrokken", "verhuisd", "zelf_opgelost", "overleden"])
def test_andere_uitstroomreden_plant_niets(casus, reden):
    sluit(casus, reden)
    assert geplande(casus) == []


def test_twee_keer_afsluiten_plant_niet_dubbel(casus):
    with time_machine.travel(date(2026, 3, 1), tick=False):
        sluit(casus)
    with time_machine.travel(date(2026, 4, 1), tick=False):
        sluit(casus)
    assert geplande(casus) == [(3, date(2026, 6, 1)), (12, date(2027, 3, 1))]


@time_machine.travel(date(2026, 6, 10), tick=False)
def test_vastleggen_eenmalig_met_logboek_en_tijdlijn(casus, klantadviseur):
    nazorg.plan_nazorg(casus=casus, afgesloten_op=date(2026, 3, 1))
    contact = NazorgContact.objects.for_systeem("test").get(casus=casus, maanden=3)
    nazorg.leg_vast(
        contact=contact, door=klantadviseur, uitgevoerd_op=date(2026, 6, 2), nieuwe_achterstanden=False,
        rust_en_overzicht=True,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="al vastgelegd"):
        nazorg.leg_vast(
            contact=contact, door=klantadviseur, uitgevoerd_op=date(2026, 6, 3), nieuwe_achterstanden=True,
            rust_en_overzicht=False,
        )  # fmt: skip
    contact.refresh_from_db()
    assert (contact.uitgevoerd_op, contact.nieuwe_achterstanden, contact.rust_en_overzicht) == (
        date(2026, 6, 2), False, True,
    )  # fmt: skip
    assert AuditRecord.objects.filter(omschrijving__startswith="Nazorgcontact vastgelegd").count() == 1
    [item] = [item for item in tijdlijn(casus) if item.soort == "nazorg"]
    assert item.tekst == "Nieuwe betalingsachterstanden: nee. Rust en overzicht: ja."


@time_machine.travel(date(2026, 6, 10), tick=False)
def test_datum_in_de_toekomst_geweigerd(casus, klantadviseur):
    nazorg.plan_nazorg(casus=casus, afgesloten_op=date(2026, 3, 1))
    contact = NazorgContact.objects.for_systeem("test").get(casus=casus, maanden=3)
    with pytest.raises(ValidationError, match="toekomst"):
        nazorg.leg_vast(
            contact=contact, door=klantadviseur, uitgevoerd_op=date(2026, 6, 11), nieuwe_achterstanden=False,
            rust_en_overzicht=True,
        )  # fmt: skip


@time_machine.travel(date(2026, 6, 10), tick=False)
def test_mijn_werk_toont_nazorg_die_nu_moet_en_de_pagina_legt_vast(client, casus, klantadviseur):
    nazorg.plan_nazorg(casus=casus, afgesloten_op=date(2026, 3, 1))  # 3 months: 1 June (due), 12: next year
    client.force_login(klantadviseur)
    werk = client.get(reverse("cases:werk")).content.decode()
    assert f"Casus {casus.pk}: nazorg na 3 maanden" in werk and "nazorg na 12 maanden" not in werk
    pagina = reverse("cases:nazorg", kwargs={"pk": casus.pk})
    form = client.get(pagina).context["form"]
    data = {form[naam].html_name: form[naam].value() or "" for naam in form.fields}
    drie = NazorgContact.objects.for_systeem("test").get(casus=casus, maanden=3)
    data.update(contact=str(drie.pk), uitgevoerd_op="2026-06-09", nieuwe_achterstanden="ja", rust_en_overzicht="nee")
    assert client.post(pagina, data).status_code == 302
    drie.refresh_from_db()
    assert (drie.nieuwe_achterstanden, drie.rust_en_overzicht, drie.door) == (True, False, klantadviseur)
    assert "nazorg na 3 maanden" not in client.get(reverse("cases:werk")).content.decode()


def test_nazorg_pagina_zonder_antwoord_geeft_fout(client, casus, klantadviseur):
    nazorg.plan_nazorg(casus=casus, afgesloten_op=date(2025, 1, 1))
    client.force_login(klantadviseur)
    pagina = reverse("cases:nazorg", kwargs={"pk": casus.pk})
    drie = NazorgContact.objects.for_systeem("test").get(casus=casus, maanden=3)
    antwoord = client.post(pagina, {"contact": str(drie.pk), "uitgevoerd_op": "2025-04-02", "toelichting": ""})
    assert antwoord.status_code == 400
    drie.refresh_from_db()
    assert drie.uitgevoerd_op is None


def test_nazorg_van_een_ander_team_niet_te_zien(client, casus):
    client.force_login(UserFactory(rollen=[Rol.KLANTADVISEUR]))
    assert client.get(reverse("cases:nazorg", kwargs={"pk": casus.pk})).status_code == 404
