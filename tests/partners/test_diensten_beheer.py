"""The diensten of the sociale kaart as data: loaded from the project's own file (idempotent, capacity never
touched, bad files stop with nothing half-saved), kept in /beheer/ (capacity date moves only with the figure)."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from demo.populatie import zet_demo_capaciteit
from partners.models import Dienst
from partners.referentiedata import ORGANISATIES_YAML, OngeldigeDienst, laad_diensten
from regelingen.referentiedata import laad_referentiedata
from tests.factories import DienstFactory, OrganisatieFactory
from tests.helpers import als_browser
from venlo_armoede.accounts.models import Organisatie

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def geladen():
    laad_referentiedata()
    return laad_diensten()


def _bestand():
    with ORGANISATIES_YAML.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_elke_partner_uit_het_bestand_staat_met_diensten_op_de_kaart(geladen):
    data = _bestand()
    in_bestand = sum(len(rij.get("diensten") or []) for rij in data["organisaties"])
    assert geladen == {"diensten": in_bestand, "aangemaakt": in_bestand, "gewijzigd": 0}
    assert Dienst.objects.openbaar().count() == in_bestand
    for rij in data["organisaties"]:
        assert Dienst.objects.filter(organisatie__naam=rij["naam"]).exists(), rij["naam"]

    alliantie = Organisatie.objects.get(naam="Alliantie vrijwillige schuldhulpverlening (Bindkracht Venlo)")
    assert alliantie.leden.count() == 4
    maatje = Dienst.objects.get(organisatie__naam="SchuldHulpMaatje Venlo (Vincentius)")
    assert maatje.doelstellingen == alliantie.doelstellingen  # a lid takes the koepel's goals
    blerick = Dienst.objects.get(organisatie__naam="Parochiefederatie Blerick")
    assert [s.naam for s in blerick.werkgebied.all()] == ["Blerick"]
    jeugdfonds = Dienst.objects.get(organisatie__naam="Jeugdfonds Sport & Cultuur Limburg")
    assert jeugdfonds.aanmeldroutes == ["via_intermediair"]
    assert not Dienst.objects.filter(capaciteit_beschikbaar__isnull=False).exists()  # the file holds no capacity


def test_opnieuw_laden_verandert_niets_en_laat_de_capaciteit_staan(geladen):
    dienst = Dienst.objects.get(organisatie__naam="Stichting Leergeld Venlo")
    bijgewerkt = datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
    Dienst.objects.filter(pk=dienst.pk).update(
        capaciteit_beschikbaar=4,
        capaciteit_maximum=10,
        capaciteit_eenheid="gezinnen",
        capaciteit_bijgewerkt_op=bijgewerkt,
        omschrijving="Aangepast in beheer.",
    )

    assert laad_diensten(bijwerken=False) | {"diensten": 0} == {"diensten": 0, "aangemaakt": 0, "gewijzigd": 0}
    assert Dienst.objects.get(pk=dienst.pk).omschrijving == "Aangepast in beheer."

    assert laad_diensten()["gewijzigd"] == 1  # the file is the truth for what it holds ...
    dienst.refresh_from_db()
    assert dienst.omschrijving.startswith("Leergeld helpt kinderen mee te doen")
    # ... and capacity is not in it: the partner's figure stays.
    assert (dienst.capaciteit_beschikbaar, dienst.capaciteit_maximum, dienst.capaciteit_bijgewerkt_op) == (
        4,
        10,
        bijgewerkt,
    )
    assert laad_diensten() == {"diensten": geladen["diensten"], "aangemaakt": 0, "gewijzigd": 0}


@pytest.mark.parametrize(
    ("dienst", "melding"),
    [
        (
            {"naam": "B", "omschrijving": "x", "hulpvragen": ["schulden"], "aanmeldroutes": ["zelf"], "kleur": 1},
            "kleur",
        ),
        ({"naam": "B", "omschrijving": "x", "hulpvragen": ["schulden"], "aanmeldroutes": ["per_duif"]}, "per_duif"),
        (
            {"naam": "B", "omschrijving": "x", "hulpvragen": ["x"], "aanmeldroutes": ["zelf"], "werkgebied": ["Maan"]},
            "Maan",
        ),
    ],
)
def test_een_fout_in_het_bestand_stopt_het_laden_zonder_halve_gegevens(tmp_path, dienst, melding):
    OrganisatieFactory(naam="Proefstichting")
    goed = {"naam": "A", "omschrijving": "Goed.", "hulpvragen": ["schulden"], "aanmeldroutes": ["zelf"]}
    pad = tmp_path / "organisaties.yaml"
    pad.write_text(yaml.safe_dump({"organisaties": [{"naam": "Proefstichting", "diensten": [goed, dienst]}]}))

    with pytest.raises((OngeldigeDienst, ValidationError), match=melding):
        laad_diensten(pad=pad)
    assert not Dienst.objects.exists()


def test_zonder_organisaties_zegt_het_commando_wat_eerst_moet():
    with pytest.raises(Exception, match="Laad eerst de referentiegegevens"):
        call_command("laad_diensten", stdout=StringIO())
    assert not Dienst.objects.exists()


def test_commando_laadt_en_meldt(geladen):
    uit = StringIO()
    call_command("laad_diensten", stdout=uit)
    assert f"{geladen['diensten']} in het bestand, 0 nieuw, 0 gewijzigd" in uit.getvalue()


def test_onbekende_code_wordt_geweigerd():
    dienst = DienstFactory.build(organisatie=OrganisatieFactory(), hulpvragen=["schulden", "loterij"])
    with pytest.raises(ValidationError) as fout:
        dienst.full_clean()
    assert "hulpvragen" in fout.value.message_dict


# --- /beheer/ ---------------------------------------------------------------------------------------------


@pytest.fixture
def beheer(gebruiker_met_rol):
    client = Client()
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    return client


def _formulier(beheer, dienst) -> tuple[str, dict]:
    pagina = f"/beheer/partners/dienst/{dienst.pk}/change/"
    antwoord = beheer.get(pagina)
    assert antwoord.status_code == 200
    return pagina, als_browser(antwoord)


def test_beheer_werkt_capaciteit_bij_en_de_datum_gaat_mee(beheer):
    dienst = DienstFactory(hulpvragen=["schulden", "administratie"])
    pagina, data = _formulier(beheer, dienst)
    assert data["hulpvragen"] == ["schulden", "administratie"]  # checkboxes, not a comma-separated text box

    voor = timezone.now()
    data.update(capaciteit_beschikbaar="2", capaciteit_maximum="8", capaciteit_eenheid="trajecten")
    assert beheer.post(pagina, data).status_code == 302
    dienst.refresh_from_db()
    assert (dienst.capaciteit_beschikbaar, dienst.capaciteit_maximum) == (2, 8)
    assert dienst.capaciteit_bijgewerkt_op >= voor
    eerste_datum = dienst.capaciteit_bijgewerkt_op

    pagina, data = _formulier(beheer, dienst)
    data["omschrijving"] = "Nieuwe uitleg."  # not a capacity figure: the date stays
    assert beheer.post(pagina, data).status_code == 302
    dienst.refresh_from_db()
    assert dienst.omschrijving == "Nieuwe uitleg." and dienst.capaciteit_bijgewerkt_op == eerste_datum


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        (
            {"capaciteit_beschikbaar": "9", "capaciteit_maximum": "8", "capaciteit_eenheid": "plekken"},
            "niet meer plekken",
        ),
        ({"capaciteit_beschikbaar": "3", "capaciteit_maximum": "8", "capaciteit_eenheid": ""}, "Vul ook de eenheid in"),
        ({"hulpvragen": []}, "Dit veld is vereist"),
    ],
)
def test_beheer_weigert_onmogelijke_capaciteit(beheer, velden, melding):
    dienst = DienstFactory()
    pagina, data = _formulier(beheer, dienst)
    data.update(velden)

    antwoord = beheer.post(pagina, data)

    assert antwoord.status_code == 200
    assert melding in str(antwoord.context["adminform"].form.errors)
    dienst.refresh_from_db()
    assert dienst.capaciteit_beschikbaar is None and dienst.hulpvragen == ["schulden"]


def test_demo_capaciteit_is_vast_per_seed_en_overschrijft_niets(geladen):
    leergeld = Dienst.objects.get(organisatie__naam="Stichting Leergeld Venlo")
    Dienst.objects.filter(pk=leergeld.pk).update(
        capaciteit_beschikbaar=1, capaciteit_maximum=2, capaciteit_eenheid="gezinnen"
    )

    aantal = zet_demo_capaciteit(seed=7)

    gemeente = Dienst.objects.filter(organisatie__soort="gemeente")
    assert gemeente.exists() and not gemeente.filter(capaciteit_beschikbaar__isnull=False).exists()
    assert aantal == Dienst.objects.exclude(organisatie__soort="gemeente").count() - 1
    leergeld.refresh_from_db()
    assert (leergeld.capaciteit_beschikbaar, leergeld.capaciteit_maximum) == (1, 2)
    partners = Dienst.objects.exclude(organisatie__soort="gemeente")
    assert partners.filter(capaciteit_beschikbaar=0).exists() and partners.filter(capaciteit_beschikbaar__gt=0).exists()
    eerst = list(partners.order_by("pk").values_list("capaciteit_beschikbaar", "capaciteit_maximum"))

    Dienst.objects.exclude(pk=leergeld.pk).update(capaciteit_beschikbaar=None, capaciteit_maximum=None)
    zet_demo_capaciteit(seed=7)
    assert list(partners.order_by("pk").values_list("capaciteit_beschikbaar", "capaciteit_maximum")) == eerst
