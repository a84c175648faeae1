"""Need-to-know: a klantadviseur reaches the households of the own team's casussen and households without a
casus; anyone else only after stating a reason (break-the-glass), which is logged. Refused attempts are
logged too."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Doorbraak, Huishouden, Inwoner
from tests import factories as f
from venlo_armoede.accounts.models import Team
from venlo_armoede.audit.models import AuditRecord, Resultaat

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gebruiker_met_rol):
    """Karin and Kees are in team Noord, Bram in team Zuid. Each household has one inwoner."""
    karin = gebruiker_met_rol("klantadviseur", username="karin")
    kees = gebruiker_met_rol("klantadviseur", username="kees")
    bram = gebruiker_met_rol("klantadviseur", username="bram")
    Team.objects.create(naam="Noord").leden.add(karin, kees)
    Team.objects.create(naam="Zuid").leden.add(bram)

    def inwoner_met_casus(klantadviseur):
        inwoner = f.InwonerFactory()
        if klantadviseur is not None:
            f.CasusFactory(huishouden=inwoner.huishouden, klantadviseur=klantadviseur)
        return inwoner

    return {
        "karin": karin,
        "eigen": inwoner_met_casus(karin),
        "team": inwoner_met_casus(kees),
        "ander_team": inwoner_met_casus(bram),
        "zonder_casus": inwoner_met_casus(None),
        "casus_zonder_klantadviseur": (lambda i: (f.CasusFactory(huishouden=i.huishouden), i)[1])(f.InwonerFactory()),
    }


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_klantadviseur_bereikt_eigen_team_en_huishoudens_zonder_casus(wereld):
    bereikbaar = set(Inwoner.objects.for_user(wereld["karin"]).values_list("pk", flat=True))
    assert bereikbaar == {wereld["eigen"].pk, wereld["team"].pk, wereld["zonder_casus"].pk}
    # The same rule for every personal-data model: the household, its casussen.
    assert wereld["ander_team"].huishouden_id not in set(
        Huishouden.objects.for_user(wereld["karin"]).values_list("pk", flat=True)
    )


def test_midoffice_bereikt_alles(wereld, gebruiker_met_rol):
    assert Inwoner.objects.for_user(gebruiker_met_rol("midoffice")).count() == Inwoner.objects.count()


def test_kwaliteitsfunctionaris_bereikt_alleen_huishoudens_met_een_maatwerkvoorstel(wereld, gebruiker_met_rol):
    from cases.models import Casus, MaatwerkVoorstel

    kwaliteit = gebruiker_met_rol("kwaliteitsfunctionaris")
    assert not Inwoner.objects.for_user(kwaliteit).exists()
    casus = Casus.objects.for_systeem("test").get(huishouden=wereld["ander_team"].huishouden)
    MaatwerkVoorstel.objects.create(
        casus=casus,
        soort="flexibel_budget",
        bedrag=50,
        motivering="Nodig.",
        voorgesteld_door=wereld["karin"],
        voorgesteld_op=timezone.now(),
    )
    assert list(Inwoner.objects.for_user(kwaliteit)) == [wereld["ander_team"]]
    assert list(Casus.objects.for_user(kwaliteit)) == [casus]
    assert _client(kwaliteit).get(f"/werk/inwoners/{wereld['eigen'].pk}/").status_code == 404


def test_buiten_het_team_eerst_een_reden_die_wordt_vastgelegd(wereld):
    client = _client(wereld["karin"])
    ander = wereld["ander_team"]
    pagina = f"/werk/inwoners/{ander.pk}/"

    response = client.get(pagina)
    assert response.status_code == 302 and response["Location"] == f"/werk/inwoners/{ander.pk}/reden/"
    stap = client.get(response["Location"])
    assert stap.status_code == 200
    assert ander.achternaam not in stap.content.decode()  # the reason step shows nothing of the inwoner

    # Without a reason: refused, nothing opens, the attempt is logged.
    geweigerd = client.post(f"/werk/inwoners/{ander.pk}/reden/", {"reden": "  "})
    assert geweigerd.status_code == 400
    assert "Schrijf op waarom" in geweigerd.content.decode()
    assert not Doorbraak.objects.exists()
    assert AuditRecord.objects.filter(resultaat=Resultaat.GEWEIGERD, actor_naam="karin").count() == 1
    assert client.get(pagina).status_code == 302

    # With a reason: the page opens, and the reason is kept and logged.
    reden = "Inwoner belt mij, zijn klantadviseur is vandaag ziek."
    assert client.post(f"/werk/inwoners/{ander.pk}/reden/", {"reden": reden})["Location"] == pagina
    assert client.get(pagina).status_code == 200
    doorbraak = Doorbraak.objects.get()
    assert (doorbraak.gebruiker, doorbraak.huishouden_id, doorbraak.reden) == (
        wereld["karin"],
        ander.huishouden_id,
        reden,
    )
    assert AuditRecord.objects.filter(omschrijving__contains=reden, resultaat=Resultaat.OK).count() == 1

    # For a working day; after that the reason step comes back.
    with time_machine.travel(timezone.now() + Doorbraak.GELDIG + timedelta(minutes=1)):
        assert client.get(pagina).status_code == 302


def test_binnen_bereik_slaat_de_redenstap_over(wereld):
    client = _client(wereld["karin"])
    for sleutel in ("eigen", "team", "zonder_casus"):
        inwoner = wereld[sleutel]
        assert client.get(f"/werk/inwoners/{inwoner.pk}/").status_code == 200, sleutel
        assert client.get(f"/werk/inwoners/{inwoner.pk}/reden/")["Location"] == f"/werk/inwoners/{inwoner.pk}/"
    assert not Doorbraak.objects.exists()


@pytest.mark.parametrize("rol", ["beleidsadviseur", "partnermedewerker", "functioneel_beheer"])
def test_geweigerde_opvraging_wordt_vastgelegd(wereld, gebruiker_met_rol, rol):
    inwoner = wereld["eigen"]
    gebruiker = gebruiker_met_rol(rol)
    assert _client(gebruiker).get(f"/werk/inwoners/{inwoner.pk}/").status_code == 403
    record = AuditRecord.objects.get(resultaat=Resultaat.GEWEIGERD)
    assert record.actor_naam == gebruiker.username
    assert inwoner.naam not in record.omschrijving  # the log holds a pseudonym, never the name or BSN


def test_api_buiten_bereik_404_en_vastgelegd(wereld):
    client = APIClient()
    client.force_login(wereld["karin"])
    huishoudens = client.get("/api/v1/huishoudens/").json()
    assert {h["id"] for h in huishoudens["results"]} == {
        wereld[s].huishouden_id for s in ("eigen", "team", "zonder_casus")
    }
    buiten = wereld["ander_team"].huishouden_id
    assert client.get(f"/api/v1/huishoudens/{buiten}/").status_code == 404
    assert AuditRecord.objects.filter(resultaat=Resultaat.GEWEIGERD, actor_naam="karin").count() == 1


def test_dezelfde_regel_voor_elk_model_met_persoonsgegevens(wereld):
    """Every model with (derived) personal data follows its household: incomes, casussen, status history."""
    from cases.models import Casus, CasusStatus, InkomensBron

    for sleutel in ("eigen", "ander_team"):
        f.InkomensBronFactory(inwoner=wereld[sleutel])
    karin = wereld["karin"]
    assert set(InkomensBron.objects.for_user(karin).values_list("inwoner_id", flat=True)) == {wereld["eigen"].pk}
    bereikbare_casussen = set(Casus.objects.for_user(karin).values_list("huishouden_id", flat=True))
    assert bereikbare_casussen == {wereld["eigen"].huishouden_id, wereld["team"].huishouden_id}
    assert set(CasusStatus.objects.for_user(karin).values_list("casus__huishouden_id", flat=True)) == (
        bereikbare_casussen
    )


@pytest.mark.parametrize("pad", ["null,null", "99999999999999999999999"])
def test_api_vreemd_id_buiten_bereik_geeft_404_en_geen_fout(wereld, pad):
    client = APIClient()
    client.force_login(wereld["karin"])
    assert client.get(f"/api/v1/huishoudens/{pad}/").status_code == 404
