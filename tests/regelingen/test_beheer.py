"""Functioneel beheer changes rules and norms in /beheer/, without a code change."""

from decimal import Decimal

import pytest

from regelingen.models import Norm


@pytest.fixture
def beheerder(client, gebruiker_met_rol, regels):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    return client


@pytest.mark.parametrize(
    "pagina",
    [
        "/beheer/regelingen/regeling/",
        "/beheer/regelingen/regeling/add/",
        "/beheer/regelingen/norm/",
        "/beheer/regelingen/aowleeftijd/",
        "/beheer/regelingen/kostendelersnorm/",
        "/beheer/regelingen/vermogensgrens/",
        "/beheer/accounts/organisatie/",
        "/beheer/accounts/stadsdeel/",
        "/beheer/accounts/apitoken/add/",
    ],
)
def test_beheer_opent_de_beheerpaginas(beheerder, pagina):
    assert beheerder.get(pagina).status_code == 200


# Changing a percentage of a version in force goes through the version editor (a new version from a date):
# see tests/regelingen/test_versies.py, which also proves the admin refuses an edit in place.


def test_beheer_voegt_een_norm_toe(beheerder):
    antwoord = beheerder.post(
        "/beheer/regelingen/norm/add/",
        {
            "geldig_van": "2026-07-01",
            "leeftijdscategorie": "21_tot_aow",
            "huishoudtype": "gehuwden",
            "bedrag_incl_vt": "2030.00",
            "bron": "normenbrief 1-7-2026",
        },
    )
    assert antwoord.status_code == 302
    assert Norm.objects.get(geldig_van="2026-07-01", huishoudtype="gehuwden").bedrag_incl_vt == Decimal("2030.00")
