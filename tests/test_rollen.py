"""Every role reaches its own start page and no other role's pages."""

import itertools

import pytest

PAGINA = {
    "klantadviseur": "/werk/",
    "midoffice": "/werk/triage/",
    "kwaliteitsfunctionaris": "/werk/maatwerk/",
    "beleidsadviseur": "/beleid/",
    "partnermedewerker": "/partner/",
    "functioneel_beheer": "/beheer/",
    "autorisatiebeheerder": "/autorisaties/",
}
ROLLEN = list(PAGINA)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLLEN)
def test_start_stuurt_naar_de_eigen_startpagina(client, gebruiker_met_rol, rol):
    client.force_login(gebruiker_met_rol(rol))
    antwoord = client.get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == PAGINA[rol]
    assert client.get(PAGINA[rol]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("rol", "andere_rol"), list(itertools.permutations(ROLLEN, 2)))
def test_een_rol_opent_geen_pagina_van_een_andere_rol(client, gebruiker_met_rol, rol, andere_rol):
    client.force_login(gebruiker_met_rol(rol))
    antwoord = client.get(PAGINA[andere_rol])
    if andere_rol == "functioneel_beheer":
        # The admin sends users without access to its own login page rather than a 403.
        assert antwoord.status_code == 302 and "/beheer/login/" in antwoord["Location"]
    else:
        assert antwoord.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("pagina", list(PAGINA.values()))
def test_anoniem_moet_eerst_inloggen(client, pagina):
    antwoord = client.get(pagina)
    assert antwoord.status_code == 302
    assert "/inloggen/" in antwoord["Location"] or "/beheer/login/" in antwoord["Location"]


@pytest.mark.django_db
def test_gebruiker_zonder_rol_krijgt_uitleg(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("zonderrol", password="x-Wachtwoord-12"))
    antwoord = client.get("/")
    assert antwoord.status_code == 403


@pytest.mark.django_db
def test_staf_zonder_beheerrol_komt_niet_in_beheer(client, gebruiker_met_rol):
    user = gebruiker_met_rol("klantadviseur", is_staff=True)
    client.force_login(user)
    assert client.get("/beheer/").status_code == 302


@pytest.mark.django_db
def test_inloggen_via_formulier_en_blokkade_na_vijf_fouten(client, gebruiker_met_rol):
    gebruiker_met_rol("klantadviseur", username="anna")
    antwoord = client.post("/inloggen/", {"username": "anna", "password": "Test-wachtwoord-1"})
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"
    client.logout()
    for _ in range(5):
        client.post("/inloggen/", {"username": "anna", "password": "fout"})
    antwoord = client.post("/inloggen/", {"username": "anna", "password": "Test-wachtwoord-1"})
    assert antwoord.status_code == 429  # locked out, even with the right password
