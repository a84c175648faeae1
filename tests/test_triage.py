"""The midoffice's triage inbox and assigning a hoofdbehandelaar: new aanmeldingen without a klantadviseur,
crisis first and then by the deadline of the eerste gesprek (shown with the age of each), filterable and
paginated with a constant number of queries; one hoofdbehandelaar at a time, each assignment and handover kept
(append-only) with who, when and why, on the timeline and in the audit log; only the midoffice, or the
klantadviseur for her own casus, may assign."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Casus, Overdracht
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, HuishoudenFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.models import Stadsdeel, Team
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.append_only import AppendOnlyError
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
VANDAAG = datetime(2026, 2, 13, 10, 0, tzinfo=AMS)  # a Friday


def aanmelding(dag: date, *, crisis=False, **extra) -> Casus:
    lid = InwonerFactory(**({"huishouden": extra.pop("huishouden")} if "huishouden" in extra else {}))
    return CasusFactory(
        huishouden=lid.huishouden,
        crisis=crisis,
        crisis_reden="dreigende_huisuitzetting" if crisis else "",
        aangemeld_op=datetime(dag.year, dag.month, dag.day, 9, 0, tzinfo=AMS),
        **extra,
    )


@pytest.fixture
def midoffice(client):
    gebruiker = UserFactory(username="mo", rollen=[Rol.MIDOFFICE])
    client.force_login(gebruiker)
    return gebruiker


@pytest.fixture
def stadsdeel():
    return Stadsdeel.objects.create(naam="Tegelen")


@pytest.fixture
def team(stadsdeel):
    team = Team.objects.create(naam="Team Zuid")
    team.stadsdelen.add(stadsdeel)
    return team


@pytest.fixture
def adviseur(team):
    gebruiker = UserFactory(username="ka1", first_name="Karin", last_name="Adviseur", rollen=[Rol.KLANTADVISEUR])
    team.leden.add(gebruiker)
    return gebruiker


@pytest.fixture
def collega(team):
    gebruiker = UserFactory(username="ka2", first_name="Kees", last_name="Collega", rollen=[Rol.KLANTADVISEUR])
    team.leden.add(gebruiker)
    return gebruiker


@time_machine.travel(VANDAAG, tick=False)
def test_crisis_eerst_dan_op_termijn_met_termijn_en_leeftijd(client, midoffice, adviseur):
    gewoon_laat = aanmelding(date(2026, 2, 2))
    crisis_later = aanmelding(date(2026, 2, 5), crisis=True)
    gewoon_vroeg = aanmelding(date(2026, 1, 20))
    crisis_vroeg = aanmelding(date(2026, 2, 1), crisis=True)  # a Sunday
    aanmelding(date(2026, 1, 1), klantadviseur=adviseur)  # assigned already: not in triage
    aanmelding(date(2026, 1, 2), status="intake")  # past aanmelding: not in triage

    antwoord = client.get("/werk/triage/")
    assert antwoord.status_code == 200
    rijen = antwoord.context["rijen"]
    assert [r["casus"] for r in rijen] == [crisis_vroeg, crisis_later, gewoon_vroeg, gewoon_laat]
    # Crisis: the 3rd werkdag after the day of aanmelding; otherwise 4 weeks, moved to a werkdag.
    assert [r["uiterlijk"] for r in rijen] == [date(2026, 2, 4), date(2026, 2, 10), date(2026, 2, 17), date(2026, 3, 2)]
    assert [r["dagen_oud"] for r in rijen] == [12, 8, 24, 11]
    # 17 February is 2 werkdagen after this Friday: "bijna".
    assert [r["termijnstatus"] for r in rijen] == ["te laat", "te laat", "bijna", "op tijd"]
    html = antwoord.content.decode()
    for casus in (crisis_vroeg, gewoon_laat):
        assert f'href="/werk/casussen/{casus.pk}/"' in html
        assert f'href="/werk/casussen/{casus.pk}/toewijzen/"' in html
    assert "woensdag 4 februari 2026" in html


def test_filter_op_bron_crisis_en_stadsdeel(client, midoffice, stadsdeel):
    kcc = aanmelding(date(2026, 2, 2), bron="kcc")
    crisis = aanmelding(date(2026, 2, 3), crisis=True, bron="wijkteam")
    in_tegelen = aanmelding(date(2026, 2, 4), huishouden=HuishoudenFactory(stadsdeel=stadsdeel))

    def gevonden(**filter_):
        return [r["casus"] for r in client.get("/werk/triage/", filter_).context["rijen"]]

    assert gevonden(bron="kcc") == [kcc]
    assert gevonden(crisis="ja") == [crisis]
    assert gevonden(crisis="nee") == [kcc, in_tegelen]
    assert gevonden(stadsdeel=stadsdeel.pk) == [in_tegelen]
    assert gevonden(bron="wijkteam", crisis="nee") == []
    assert "Geen aanmeldingen met dit filter." in client.get("/werk/triage/", {"bron": "partner"}).content.decode()


def test_aantal_queries_groeit_niet_met_de_pagina(client, midoffice, django_assert_num_queries):
    for dag in range(1, 4):
        aanmelding(date(2026, 2, dag), crisis=dag == 2)
    with CaptureQueriesContext(connection) as klein:
        assert len(client.get("/werk/triage/").context["rijen"]) == 3
    for dag in range(4, 26):
        aanmelding(date(2026, 1, dag), crisis=dag % 3 == 0)
    with django_assert_num_queries(len(klein.captured_queries)):
        assert len(client.get("/werk/triage/").context["rijen"]) == 25  # a full page


def test_triage_legt_een_auditrecord_vast_per_lid_van_elk_getoond_huishouden(client, midoffice):
    """The inbox shows each household's address: one record per member of the households on the page, none for
    a household on another page or already assigned."""
    getoond = [aanmelding(date(2026, 1, dag)) for dag in range(1, 26)]
    InwonerFactory(huishouden=getoond[0].huishouden, rol="partner")  # 26 members on the first page
    volgende_pagina = aanmelding(date(2026, 2, 1))
    toegewezen = CasusFactory(klantadviseur=UserFactory(rollen=[Rol.KLANTADVISEUR]))
    voor = AuditRecord.objects.count()
    assert len(client.get("/werk/triage/").context["rijen"]) == 25
    records = AuditRecord.objects.order_by("id")[voor:]
    assert len(records) == 26
    assert {r.omschrijving for r in records} == {"Triage ingezien (adressen van nieuwe aanmeldingen)"}
    assert {(r.actor_naam, r.actie) for r in records} == {("mo", "inzien")}
    gelogd = {r.betrokkene_id for r in records}
    from venlo_armoede.audit.services import betrokkene

    def ids(casus):
        return {betrokkene(bsn_index=i.bsn_index, intern_id=i.pk).id for i in casus.huishouden.leden.all()}

    assert gelogd == set().union(*(ids(c) for c in getoond))
    assert not gelogd & (ids(volgende_pagina) | ids(toegewezen))
    voor = AuditRecord.objects.count()
    client.get("/werk/triage/", {"bron": "partner"})  # nothing shown, nothing logged
    assert AuditRecord.objects.count() == voor


def test_paginering(client, midoffice):
    for dag in range(1, 28):
        aanmelding(date(2026, 1, dag))
    eerste = client.get("/werk/triage/")
    assert len(eerste.context["rijen"]) == 25 and "Pagina 1 van 2" in eerste.content.decode()
    assert len(client.get("/werk/triage/", {"page": 2}).context["rijen"]) == 2


def toewijzen(client, casus, **velden):
    casus.refresh_from_db()
    return client.post(f"/werk/casussen/{casus.pk}/toewijzen/", {"versie": casus.versie, **velden})


def test_midoffice_wijst_toe_met_team_en_stadsdeel(client, midoffice, adviseur, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    InwonerFactory(huishouden=casus.huishouden, rol="partner")
    assert client.get(f"/werk/casussen/{casus.pk}/toewijzen/").status_code == 200
    antwoord = toewijzen(client, casus, naar=adviseur.pk, team=team.pk, stadsdeel=stadsdeel.pk)
    assert antwoord.status_code == 302 and antwoord["Location"] == "/werk/triage/"
    casus.refresh_from_db()
    assert (casus.klantadviseur, casus.team, casus.stadsdeel, casus.versie) == (adviseur, team, stadsdeel, 2)
    overdracht = Overdracht.objects.get()
    assert (overdracht.van, overdracht.naar, overdracht.door, overdracht.team) == (None, adviseur, midoffice, team)
    assert AuditRecord.objects.filter(omschrijving__startswith=f"Casus {casus.pk}: Toegewezen aan").count() == 2
    assert casus not in [r["casus"] for r in client.get("/werk/triage/").context["rijen"]]
    assert tijdlijn(casus)[0].titel == "Toegewezen aan Karin Adviseur (team Team Zuid)"
    assert "Toegewezen aan Karin Adviseur" in client.get(f"/werk/casussen/{casus.pk}/").content.decode()


def test_overdracht_vraagt_een_reden_en_wordt_vastgelegd(client, midoffice, adviseur, collega, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    services.wijs_toe(casus=casus, naar=adviseur, team=team, stadsdeel=stadsdeel, door=midoffice)
    zonder = toewijzen(client, casus, naar=collega.pk, team=team.pk, stadsdeel=stadsdeel.pk)
    assert zonder.status_code == 400
    assert "Schrijf op waarom de casus naar een andere klantadviseur gaat." in zonder.content.decode()
    casus.refresh_from_db()
    assert casus.klantadviseur == adviseur and Overdracht.objects.count() == 1

    met = toewijzen(client, casus, naar=collega.pk, team=team.pk, stadsdeel=stadsdeel.pk, reden="Karin met verlof.")
    assert met.status_code == 302
    casus.refresh_from_db()
    assert casus.klantadviseur == collega and casus.versie == 3
    laatste = Overdracht.objects.order_by("id").last()
    assert (laatste.van, laatste.naar, laatste.reden) == (adviseur, collega, "Karin met verlof.")
    item = tijdlijn(casus)[0]
    assert item.titel.startswith("Overgedragen van Karin Adviseur aan Kees Collega")
    assert item.tekst == "Karin met verlof." and item.door == midoffice.get_full_name()


def test_een_verouderd_formulier_overschrijft_geen_toewijzing(client, midoffice, adviseur, collega, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    oud = casus.versie
    services.wijs_toe(casus=casus, naar=adviseur, team=team, stadsdeel=stadsdeel, door=midoffice)
    antwoord = client.post(
        f"/werk/casussen/{casus.pk}/toewijzen/",
        {"versie": oud, "naar": collega.pk, "team": team.pk, "stadsdeel": stadsdeel.pk, "reden": "Verlof."},
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Deze casus is intussen gewijzigd: Toegewezen aan Karin Adviseur" in html
    assert "Uw wijziging is niet opgeslagen." in html
    casus.refresh_from_db()
    assert casus.klantadviseur == adviseur and Overdracht.objects.count() == 1


def test_hoofdbehandelaar_hoort_bij_het_team_en_het_team_bij_het_stadsdeel(midoffice, adviseur, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    buitenstaander = UserFactory(username="ka3", rollen=[Rol.KLANTADVISEUR])
    with pytest.raises(ValidationError) as fout:
        services.wijs_toe(casus=casus, naar=buitenstaander, team=team, stadsdeel=stadsdeel, door=midoffice)
    assert "hoort niet bij team Team Zuid" in fout.value.message_dict["team"][0]
    elders = Stadsdeel.objects.create(naam="Arcen")
    with pytest.raises(ValidationError) as fout:
        services.wijs_toe(casus=casus, naar=adviseur, team=team, stadsdeel=elders, door=midoffice)
    assert fout.value.message_dict["stadsdeel"] == ["Team Team Zuid werkt niet in stadsdeel Arcen."]
    niet_adviseur = UserFactory(username="kf", rollen=[Rol.KWALITEITSFUNCTIONARIS])
    with pytest.raises(ValidationError) as fout:
        services.wijs_toe(casus=casus, naar=niet_adviseur, door=midoffice)
    assert fout.value.message_dict["naar"] == ["Kies een klantadviseur als hoofdbehandelaar."]
    casus.refresh_from_db()
    assert casus.klantadviseur is None and casus.versie == 1 and not Overdracht.objects.exists()


def test_klantadviseur_draagt_alleen_de_eigen_casus_over(client, midoffice, adviseur, collega, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    services.wijs_toe(casus=casus, naar=adviseur, team=team, stadsdeel=stadsdeel, door=midoffice)
    url = f"/werk/casussen/{casus.pk}/toewijzen/"
    client.force_login(collega)  # same team: she sees the casus, but it is not hers
    assert client.get(f"/werk/casussen/{casus.pk}/").status_code == 200
    assert client.get(url).status_code == 403
    overnemen = toewijzen(client, casus, naar=collega.pk, team=team.pk, stadsdeel=stadsdeel.pk, reden="Ik neem het.")
    assert overnemen.status_code == 403
    casus.refresh_from_db()
    assert casus.klantadviseur == adviseur
    client.force_login(adviseur)
    assert "Overdragen aan een andere klantadviseur" in client.get(f"/werk/casussen/{casus.pk}/").content.decode()
    antwoord = toewijzen(client, casus, naar=collega.pk, team=team.pk, stadsdeel=stadsdeel.pk, reden="Verhuis.")
    assert antwoord.status_code == 302 and antwoord["Location"] == "/werk/"
    casus.refresh_from_db()
    assert casus.klantadviseur == collega


@pytest.mark.parametrize("rol", [Rol.KWALITEITSFUNCTIONARIS, Rol.BELEIDSADVISEUR, Rol.FUNCTIONEEL_BEHEER])
def test_andere_rollen_wijzen_niet_toe(client, rol, adviseur, team, stadsdeel):
    casus = aanmelding(date(2026, 2, 2))
    gebruiker = UserFactory(username=f"x-{rol}", rollen=[rol])
    client.force_login(gebruiker)
    assert client.get(f"/werk/casussen/{casus.pk}/toewijzen/").status_code == 403
    assert toewijzen(client, casus, naar=adviseur.pk, team=team.pk, stadsdeel=stadsdeel.pk).status_code == 403
    with pytest.raises(PermissionDenied):
        services.wijs_toe(casus=casus, naar=adviseur, team=team, stadsdeel=stadsdeel, door=gebruiker)
    assert not Overdracht.objects.exists()


def test_overdracht_is_alleen_toevoegen(midoffice, adviseur):
    casus = aanmelding(date(2026, 2, 2))
    services.wijs_toe(casus=casus, naar=adviseur, door=midoffice)
    rij = Overdracht.objects.get()
    rij.reden = "achteraf"
    with pytest.raises(AppendOnlyError):
        rij.save()
    with pytest.raises(AppendOnlyError):
        Overdracht.objects.all().update(reden="x")
