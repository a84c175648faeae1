"""No self-granted power: functioneel beheer cannot make anyone superuser or give a guarded role or a
personal-data token scope on its own; a second person (autorisatiebeheerder) decides; everything lands
in the beheerlogboek with before and after."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.helpers import als_browser
from venlo_armoede.accounts import services
from venlo_armoede.accounts.models import (
    PERSOONSGEGEVENS_SCOPES,
    ApiToken,
    Autorisatieverzoek,
    BeheerActie,
    Beheerlogboek,
    Organisatie,
    Scope,
    User,
    VerzoekStatus,
)
from venlo_armoede.accounts.roles import (
    BEVOEGDHEID_ROLLEN,
    PERSOONSGEGEVENS_ROLLEN,
    VRIJ_TOEKENBARE_ROLLEN,
    Rol,
    vraagt_vier_ogen,
)
from venlo_armoede.append_only import AppendOnlyError

pytestmark = pytest.mark.django_db

BEWAAKTE_ROLLEN = sorted(PERSOONSGEGEVENS_ROLLEN | BEVOEGDHEID_ROLLEN)


def rollen_van(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.fixture
def beheerder(gebruiker_met_rol):
    return gebruiker_met_rol("functioneel_beheer", username="bert")


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def autorisatiebeheerder(gebruiker_met_rol):
    return gebruiker_met_rol("autorisatiebeheerder", username="anouk")


@pytest.fixture
def collega(django_user_model):
    return django_user_model.objects.create_user("carla", password="Test-wachtwoord-1")


def wijzig_gebruiker(client, gebruiker, **aanpassingen):
    pagina = f"/beheer/accounts/user/{gebruiker.pk}/change/"
    data = als_browser(client.get(pagina))
    data.update(aanpassingen)
    return client.post(pagina, data)


# ---------------------------------------------------------------------------------------------------
# The roles are classified in one place
# ---------------------------------------------------------------------------------------------------


def test_elke_rol_is_precies_een_keer_ingedeeld():
    sets = [PERSOONSGEGEVENS_ROLLEN, BEVOEGDHEID_ROLLEN, VRIJ_TOEKENBARE_ROLLEN]
    for rol in Rol:
        assert sum(rol in s for s in sets) == 1, rol
    assert not vraagt_vier_ogen(Rol.BELEIDSADVISEUR)
    assert vraagt_vier_ogen("een_nieuwe_rol")  # unknown roles are guarded by default
    assert {Scope.HUISHOUDENS_LEZEN, Scope.VROEGSIGNALEN_SCHRIJVEN} <= PERSOONSGEGEVENS_SCOPES
    assert Scope.KPIS_LEZEN not in PERSOONSGEGEVENS_SCOPES


def test_beheer_mag_geen_rollen_en_rechten_bewerken():
    rechten = set(
        Group.objects.get(name=Rol.FUNCTIONEEL_BEHEER).permissions.values_list("content_type__app_label", "codename")
    )
    assert not {r for r in rechten if r[0] == "auth"}
    assert ("accounts", "change_user") in rechten
    assert ("accounts", "view_beheerlogboek") in rechten
    assert ("accounts", "change_beheerlogboek") not in rechten


# ---------------------------------------------------------------------------------------------------
# The /beheer/ user form, posted as a browser would
# ---------------------------------------------------------------------------------------------------


def test_beheer_kan_zichzelf_geen_superuser_of_groep_geven(beheer, beheerder):
    klantadviseur = Group.objects.get(name=Rol.KLANTADVISEUR)
    alle_rechten = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)[:20]]
    antwoord = wijzig_gebruiker(
        beheer,
        beheerder,
        # What an attacker adds to the form by hand: fields the form does not have.
        is_superuser="on",
        is_staff="on",
        groups=[str(klantadviseur.pk)],
        user_permissions=alle_rechten,
    )
    assert antwoord.status_code == 302
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert rollen_van(beheerder) == {Rol.FUNCTIONEEL_BEHEER}
    assert not beheerder.user_permissions.exists()


@pytest.mark.parametrize("rol", [r for r in BEWAAKTE_ROLLEN if r != Rol.FUNCTIONEEL_BEHEER])
def test_beheer_kan_zichzelf_geen_bewaakte_rol_geven(beheer, beheerder, rol):
    data_rollen = [Rol.FUNCTIONEEL_BEHEER.value, rol]
    antwoord = wijzig_gebruiker(beheer, beheerder, rollen=data_rollen)
    assert antwoord.status_code == 200  # the form asks for a reason
    assert "reden" in antwoord.context["adminform"].form.errors
    assert rollen_van(beheerder) == {Rol.FUNCTIONEEL_BEHEER}

    antwoord = wijzig_gebruiker(beheer, beheerder, rollen=data_rollen, reden="Ik wil meekijken")
    assert antwoord.status_code == 302
    assert rollen_van(beheerder) == {Rol.FUNCTIONEEL_BEHEER}  # asked, not given
    verzoek = Autorisatieverzoek.objects.get(gebruiker=beheerder, rol=rol)
    assert verzoek.status == VerzoekStatus.OPEN and verzoek.aangevraagd_door == beheerder
    assert Beheerlogboek.objects.filter(
        actie=BeheerActie.VERZOEK_INGEDIEND, object_id=str(verzoek.pk), actor_id=beheerder.pk
    ).exists()


@pytest.mark.parametrize("rol", sorted(PERSOONSGEGEVENS_ROLLEN))
def test_beheer_geeft_een_ander_geen_persoonsgegevensrol(beheer, collega, rol):
    antwoord = wijzig_gebruiker(beheer, collega, rollen=[rol], reden="Nieuwe collega")
    assert antwoord.status_code == 302
    assert rollen_van(collega) == set()
    assert Autorisatieverzoek.objects.filter(gebruiker=collega, rol=rol, status=VerzoekStatus.OPEN).exists()


def test_beheer_geeft_een_vrije_rol_direct_en_het_staat_in_het_logboek(beheer, beheerder, collega):
    antwoord = wijzig_gebruiker(beheer, collega, rollen=[Rol.BELEIDSADVISEUR.value], first_name="Carla")
    assert antwoord.status_code == 302
    assert rollen_van(collega) == {Rol.BELEIDSADVISEUR}
    rol_regel = Beheerlogboek.objects.get(actie=BeheerActie.ROLLEN_GEWIJZIGD, object_id=str(collega.pk))
    assert rol_regel.voor == {"rollen": []} and rol_regel.na == {"rollen": ["beleidsadviseur"]}
    assert (rol_regel.actor_id, rol_regel.actor_soort) == (beheerder.pk, "gebruiker")
    veld_regel = Beheerlogboek.objects.get(actie=BeheerActie.GEWIJZIGD, object_id=str(collega.pk))
    assert veld_regel.voor == {"first_name": ""} and veld_regel.na == {"first_name": "Carla"}
    assert veld_regel.actor_naam == "bert"
    assert not Autorisatieverzoek.objects.exists()


def test_rol_afnemen_en_deactiveren_kan_direct_en_wordt_gelogd(beheer, beheerder, gebruiker_met_rol):
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    antwoord = beheer.post(
        f"/beheer/accounts/user/{karin.pk}/change/",
        {
            k: v
            for k, v in als_browser(beheer.get(f"/beheer/accounts/user/{karin.pk}/change/")).items()
            if k != "is_active"
        }
        | {"rollen": []},
    )
    assert antwoord.status_code == 302
    karin.refresh_from_db()
    assert not karin.is_active and rollen_van(karin) == set()
    regels = Beheerlogboek.objects.filter(object_soort="gebruiker", object_id=str(karin.pk), actor_id=beheerder.pk)
    assert regels.get(actie=BeheerActie.GEWIJZIGD).na == {"is_active": False}
    assert regels.get(actie=BeheerActie.ROLLEN_GEWIJZIGD).voor == {"rollen": ["klantadviseur"]}


def test_beheer_bewerkt_geen_superuser_en_zet_geen_wachtwoord_van_een_bewaakte_rol(
    beheer, django_user_model, gebruiker_met_rol
):
    baas = django_user_model.objects.create_superuser("root", password="Test-wachtwoord-1")
    antwoord = beheer.post(f"/beheer/accounts/user/{baas.pk}/change/", {"username": "root", "first_name": "x"})
    assert antwoord.status_code == 403
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    for doel in (baas, karin):
        pagina = f"/beheer/accounts/user/{doel.pk}/password/"
        assert beheer.get(pagina).status_code == 403
        antwoord = beheer.post(pagina, {"password1": "Nieuw-wachtwoord-99", "password2": "Nieuw-wachtwoord-99"})
        assert antwoord.status_code == 403
        doel.refresh_from_db()
        assert doel.check_password("Test-wachtwoord-1")
    bianca = gebruiker_met_rol("beleidsadviseur", username="bianca")
    assert beheer.get(f"/beheer/accounts/user/{bianca.pk}/password/").status_code == 200


def test_beheer_bereikt_de_groepen_niet(beheer):
    assert beheer.get("/beheer/auth/group/").status_code == 403
    assert beheer.get(f"/beheer/auth/group/{Group.objects.get(name='klantadviseur').pk}/change/").status_code == 403


def test_beheer_opent_zijn_paginas(beheer, beheerder):
    for pagina in (
        "/beheer/accounts/user/",
        f"/beheer/accounts/user/{beheerder.pk}/change/",
        "/beheer/accounts/user/add/",
        "/beheer/accounts/autorisatieverzoek/",
        "/beheer/accounts/beheerlogboek/",
    ):
        assert beheer.get(pagina).status_code == 200, pagina


def test_nieuwe_gebruiker_via_beheer_wordt_gelogd(beheer, beheerder):
    antwoord = beheer.post(
        "/beheer/accounts/user/add/",
        {
            "username": "nieuw",
            "password1": "Lang-wachtwoord-42",
            "password2": "Lang-wachtwoord-42",
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 302
    nieuw = User.objects.get(username="nieuw")
    regel = Beheerlogboek.objects.get(actie=BeheerActie.AANGEMAAKT, object_id=str(nieuw.pk))
    assert regel.actor_id == beheerder.pk and regel.na["is_superuser"] is False and "password" not in regel.na


# ---------------------------------------------------------------------------------------------------
# Vier ogen: the autorisatiebeheerder's page
# ---------------------------------------------------------------------------------------------------


def test_een_tweede_persoon_keurt_goed(client, beheerder, autorisatiebeheerder, collega):
    verzoek = services.vraag_rol_aan(gebruiker=collega, rol=Rol.KLANTADVISEUR, door=beheerder, reden="Nieuw in team")
    client.force_login(autorisatiebeheerder)
    assert client.get("/").headers["Location"] == "/autorisaties/"
    pagina = client.get("/autorisaties/")
    assert pagina.status_code == 200 and "Nieuw in team" in pagina.content.decode()
    antwoord = client.post(
        f"/autorisaties/{verzoek.pk}/beoordeel/", {"besluit": "goedkeuren", "toelichting": "ok"}, follow=True
    )
    assert "U heeft het verzoek goedgekeurd: Klantadviseur voor carla." in antwoord.content.decode()
    assert rollen_van(collega) == {Rol.KLANTADVISEUR}
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.GOEDGEKEURD and verzoek.beoordeeld_door == autorisatiebeheerder
    regel = Beheerlogboek.objects.get(actie=BeheerActie.ROLLEN_GEWIJZIGD, object_id=str(collega.pk))
    assert regel.actor_id == autorisatiebeheerder.pk and regel.na == {"rollen": ["klantadviseur"]}
    assert Beheerlogboek.objects.filter(actie=BeheerActie.VERZOEK_GOEDGEKEURD, object_id=str(verzoek.pk)).exists()


def test_de_aanvrager_keurt_zijn_eigen_verzoek_niet_goed(client, gebruiker_met_rol, collega):
    beide = gebruiker_met_rol("functioneel_beheer", username="dubbel")
    services.ken_rol_toe_als_operator(gebruiker=beide, rol=Rol.AUTORISATIEBEHEERDER, reden="test")
    verzoek = services.vraag_rol_aan(gebruiker=collega, rol=Rol.MIDOFFICE, door=beide, reden="Nodig")
    client.force_login(beide)
    pagina = client.get("/autorisaties/").content.decode()
    assert 'value="goedkeuren"' not in pagina  # no approve button for one's own request
    antwoord = client.post(f"/autorisaties/{verzoek.pk}/beoordeel/", {"besluit": "goedkeuren"}, follow=True)
    assert "eigen verzoek niet goedkeuren" in antwoord.content.decode()
    assert rollen_van(collega) == set()
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.OPEN
    assert Beheerlogboek.objects.filter(actie=BeheerActie.GEWEIGERD, actor_id=beide.pk).exists()


def test_niemand_keurt_een_rol_voor_zichzelf_goed(beheerder, autorisatiebeheerder):
    verzoek = services.vraag_rol_aan(
        gebruiker=autorisatiebeheerder, rol=Rol.KLANTADVISEUR, door=beheerder, reden="Wil meekijken"
    )
    with pytest.raises(services.Geweigerd, match="uzelf"):
        services.keur_goed(verzoek=verzoek, door=autorisatiebeheerder)
    assert rollen_van(autorisatiebeheerder) == {Rol.AUTORISATIEBEHEERDER}


def test_alleen_de_autorisatiebeheerder_beoordeelt(client, beheerder, gebruiker_met_rol, collega):
    verzoek = services.vraag_rol_aan(gebruiker=collega, rol=Rol.KLANTADVISEUR, door=beheerder, reden="x")
    tweede_beheerder = gebruiker_met_rol("functioneel_beheer", username="tweede")
    client.force_login(tweede_beheerder)
    assert client.get("/autorisaties/").status_code == 403
    assert client.post(f"/autorisaties/{verzoek.pk}/beoordeel/", {"besluit": "goedkeuren"}).status_code == 403
    with pytest.raises(services.Geweigerd):
        services.keur_goed(verzoek=verzoek, door=tweede_beheerder)
    assert rollen_van(collega) == set()


def test_afwijzen_geeft_niets_en_een_verzoek_wordt_maar_een_keer_beoordeeld(beheerder, autorisatiebeheerder, collega):
    verzoek = services.vraag_rol_aan(gebruiker=collega, rol=Rol.KLANTADVISEUR, door=beheerder, reden="x")
    services.wijs_af(verzoek=verzoek, door=autorisatiebeheerder, toelichting="Niet nodig")
    with pytest.raises(services.Geweigerd, match="al beoordeeld"):
        services.keur_goed(verzoek=verzoek, door=autorisatiebeheerder)
    assert rollen_van(collega) == set()


def test_de_service_geeft_geen_bewaakte_rol_direct(beheerder):
    with pytest.raises(services.Geweigerd):
        services.ken_rol_toe(gebruiker=beheerder, rol=Rol.KLANTADVISEUR, door=beheerder)
    assert rollen_van(beheerder) == {Rol.FUNCTIONEEL_BEHEER}
    regel = Beheerlogboek.objects.get(actie=BeheerActie.GEWEIGERD)
    assert regel.actor_id == beheerder.pk and regel.na == {"rol": "klantadviseur"}


def test_een_rol_die_geen_beheer_heeft_vraagt_niets_aan(gebruiker_met_rol, collega):
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    with pytest.raises(services.Geweigerd):
        services.vraag_rol_aan(gebruiker=karin, rol=Rol.MIDOFFICE, door=karin, reden="x")
    with pytest.raises(services.Geweigerd):
        services.ken_rol_toe(gebruiker=collega, rol=Rol.BELEIDSADVISEUR, door=karin)


# ---------------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def organisatie():
    return Organisatie.objects.create(naam="Woningcorporatie", soort="gemeente")


def test_token_met_persoonsgegevens_via_beheer_wordt_aangevraagd(beheer, beheerder, autorisatiebeheerder, organisatie):
    antwoord = beheer.post(
        "/beheer/accounts/apitoken/add/",
        {
            "naam": "Koppeling",
            "organisatie": organisatie.pk,
            "scopes": ["kpis:lezen", "huishoudens:lezen"],
            "verloopt_op_0": "2030-01-01",
            "verloopt_op_1": "12:00:00",
            "reden": "Koppeling met het klantsysteem",
        },
    )
    assert antwoord.status_code == 302
    token = ApiToken.objects.get(naam="Koppeling")
    assert token.scopes == ["kpis:lezen"]
    verzoek = Autorisatieverzoek.objects.get(token=token)
    assert verzoek.scope == "huishoudens:lezen" and verzoek.status == VerzoekStatus.OPEN
    aangemaakt = Beheerlogboek.objects.get(actie=BeheerActie.AANGEMAAKT, object_soort="token")
    assert aangemaakt.actor_id == beheerder.pk and aangemaakt.na["scopes"] == ["kpis:lezen"]

    services.keur_goed(verzoek=verzoek, door=autorisatiebeheerder)
    token.refresh_from_db()
    assert token.scopes == ["huishoudens:lezen", "kpis:lezen"]
    regel = Beheerlogboek.objects.get(actie=BeheerActie.GEWIJZIGD, object_soort="token")
    assert regel.voor == {"scopes": ["kpis:lezen"]} and regel.na == {"scopes": ["huishoudens:lezen", "kpis:lezen"]}
    assert regel.actor_id == autorisatiebeheerder.pk


def test_token_wijzigen_voegt_geen_persoonsgegevens_toe_en_intrekken_wordt_gelogd(beheer, beheerder, organisatie):
    token, _ = ApiToken.maak(organisatie=organisatie, naam="Signalen", scopes=["kpis:lezen"])
    andere = Organisatie.objects.create(naam="Andere partij", soort="fonds")
    pagina = f"/beheer/accounts/apitoken/{token.pk}/change/"
    data = als_browser(beheer.get(pagina)) | {"scopes": ["kpis:lezen", "doorverwijzingen:schrijven"]}
    antwoord = beheer.post(pagina, data)
    assert antwoord.status_code == 200 and "reden" in antwoord.context["adminform"].form.errors
    data |= {"reden": "Partner beantwoordt verwijzingen", "organisatie": andere.pk, "ingetrokken": "on"}
    assert beheer.post(pagina, data).status_code == 302
    token.refresh_from_db()
    assert token.scopes == ["kpis:lezen"] and token.organisatie == organisatie  # organisation is read-only
    assert token.ingetrokken
    regel = Beheerlogboek.objects.get(actie=BeheerActie.TOKEN_INGETROKKEN, object_id=str(token.pk))
    assert regel.voor == {"ingetrokken": False} and regel.na == {"ingetrokken": True}
    assert regel.actor_id == beheerder.pk
    assert Autorisatieverzoek.objects.get(token=token).scope == "doorverwijzingen:schrijven"


def test_token_rechten_afnemen_kan_direct(beheerder, organisatie):
    token, _ = ApiToken.maak(organisatie=organisatie, naam="Oud", scopes=["huishoudens:lezen", "kpis:lezen"])
    assert services.wijzig_token_scopes(token=token, scopes=["kpis:lezen"], door=beheerder) == []
    token.refresh_from_db()
    assert token.scopes == ["kpis:lezen"]


def test_laatst_gebruikt_vult_het_logboek_niet(organisatie):
    token, _ = ApiToken.maak(organisatie=organisatie, naam="x", scopes=[])
    voor = Beheerlogboek.objects.count()
    token.save(update_fields=["laatst_gebruikt_op"])
    assert Beheerlogboek.objects.count() == voor


# ---------------------------------------------------------------------------------------------------
# No path escapes the log; the log cannot be edited
# ---------------------------------------------------------------------------------------------------


def test_wijzigingen_buiten_de_services_om_worden_ook_gelogd(collega):
    Group.objects.get(name=Rol.KLANTADVISEUR).user_set.add(collega)  # from the group's side
    collega.is_superuser = True
    collega.save()
    regels = Beheerlogboek.objects.filter(object_id=str(collega.pk)).order_by("id")
    rollen, velden = regels.get(actie=BeheerActie.ROLLEN_GEWIJZIGD), regels.get(actie=BeheerActie.GEWIJZIGD)
    assert rollen.na == {"rollen": ["klantadviseur"]} and rollen.actor_soort == "systeem"
    assert velden.voor == {"is_superuser": False} and velden.na == {"is_superuser": True}
    collega.groups.clear()
    assert regels.filter(actie=BeheerActie.ROLLEN_GEWIJZIGD).last().na == {"rollen": []}


def test_wachtwoord_komt_niet_in_het_logboek(collega):
    collega.set_password("Ander-wachtwoord-7")
    collega.save()
    regel = Beheerlogboek.objects.get(actie=BeheerActie.GEWIJZIGD, object_id=str(collega.pk))
    assert regel.voor == {"password": "(gewijzigd)"} == regel.na


def test_logboek_is_append_only(collega):
    regel = Beheerlogboek.objects.filter(object_id=str(collega.pk)).first()
    with pytest.raises(AppendOnlyError):
        Beheerlogboek.objects.filter(pk=regel.pk).update(reden="weg")
    with pytest.raises(AppendOnlyError):
        regel.delete()


@pytest.mark.needs_postgres
def test_logboek_is_append_only_in_de_database(collega):
    regel = Beheerlogboek.objects.filter(object_id=str(collega.pk)).first()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_beheerlogboek SET reden = 'weg' WHERE id = %s", [regel.pk])


# ---------------------------------------------------------------------------------------------------
# The operator's path and the demo data
# ---------------------------------------------------------------------------------------------------


def test_operator_commando_geeft_een_rol_met_reden(collega):
    uit = StringIO()
    call_command("ken_rol_toe", "carla", "autorisatiebeheerder", "--reden", "Eerste security officer", stdout=uit)
    assert rollen_van(collega) == {Rol.AUTORISATIEBEHEERDER}
    regel = Beheerlogboek.objects.get(actie=BeheerActie.ROLLEN_GEWIJZIGD, object_id=str(collega.pk))
    assert regel.actor_soort == "operator" and regel.reden == "Eerste security officer"
    call_command("ken_rol_toe", "carla", "autorisatiebeheerder", "--afnemen", "--reden", "Weg", stdout=uit)
    assert rollen_van(collega) == set()
    with pytest.raises(CommandError):
        call_command("ken_rol_toe", "carla", "klantadviseur", stdout=uit)  # no reason
    with pytest.raises(CommandError):
        call_command("ken_rol_toe", "carla", "klantadviseur", "--reden", "  ", stdout=uit)
    assert rollen_van(collega) == set()


def test_operator_maakt_een_beheerder_met_staf(collega):
    call_command("ken_rol_toe", "carla", "functioneel_beheer", "--reden", "Nieuwe beheerder", stdout=StringIO())
    collega.refresh_from_db()
    assert collega.is_staff  # staff follows the beheer role
    call_command("ken_rol_toe", "carla", "functioneel_beheer", "--afnemen", "--reden", "Weg", stdout=StringIO())
    collega.refresh_from_db()
    assert not collega.is_staff


def test_demogebruikers_krijgen_hun_rol_via_het_operatorpad(regels):
    from demo.populatie import maak_demo_gebruikers

    gebruikers = maak_demo_gebruikers()
    assert gebruikers["beheerder"].is_staff and not gebruikers["klantadviseur"].is_staff
    assert not any(g.is_superuser for g in gebruikers.values())
    assert rollen_van(gebruikers["klantadviseur"]) == {Rol.KLANTADVISEUR}
    regel = Beheerlogboek.objects.get(actie=BeheerActie.ROLLEN_GEWIJZIGD, object_id=str(gebruikers["klantadviseur"].pk))
    assert regel.actor_soort == "operator" and "demodata" in regel.reden
    assert not Beheerlogboek.objects.filter(actor_soort="systeem").exists()
    maak_demo_gebruikers()  # idempotent: no new role changes
    assert Beheerlogboek.objects.filter(actie=BeheerActie.ROLLEN_GEWIJZIGD).count() == len(gebruikers)


def test_teamwijzigingen_komen_in_het_beheerlogboek(gebruiker_met_rol):
    """Team membership decides which households a klantadviseur reaches, so every change is logged."""
    from venlo_armoede.accounts.models import Beheerlogboek, Stadsdeel, Team

    karin = gebruiker_met_rol("klantadviseur", username="karin")
    team = Team.objects.create(naam="Team Blerick")
    team.leden.add(karin)
    team.stadsdelen.add(Stadsdeel.objects.create(naam="Blerick"))
    karin.teams.remove(team)  # from the other side

    regels = list(Beheerlogboek.objects.filter(object_soort="team").order_by("id"))
    assert [r.actie for r in regels] == ["aangemaakt", "gewijzigd", "gewijzigd", "gewijzigd"]
    assert regels[1].voor == {"leden": []} and regels[1].na == {"leden": ["karin"]}
    assert regels[2].na == {"stadsdelen": ["Blerick"]}
    assert regels[3].voor == {"leden": ["karin"]} and regels[3].na == {"leden": []}
