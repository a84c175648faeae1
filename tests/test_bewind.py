"""Bewind and budgetbeheer (aanbeveling 18): per inwoner by whom, since when and the monthly cost from
bijzondere bijstand; the team list with the latest ZRM score on Financiën; the huishoudoverzicht panel;
bad input, audit and access."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import bewind, screening
from cases.models import Bewind, ZrmDomein
from tests.factories import CasusFactory, InwonerFactory, OrganisatieFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vandaag(time_machine):
    time_machine.move_to(date(2026, 6, 10), tick=False)


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka-bewind", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(
        huishouden=InwonerFactory(voornaam="Bram", achternaam="Bos").huishouden, klantadviseur=klantadviseur
    )


@pytest.fixture
def inwoner(casus):
    return casus.huishouden.leden.get()


@pytest.fixture
def nabben():
    return OrganisatieFactory(naam="Nabben Bewindvoering", soort="bewindvoerder")


def zrm(casus, door, financien, op):
    scores = {d.value: (financien if d == ZrmDomein.FINANCIEN else 3, "") for d in ZrmDomein}
    screening.leg_vast(casus=casus, door=door, afgenomen_op=op, scores=scores)


def test_vastleggen_met_partner_of_naam_en_beeindigen(inwoner, klantadviseur, nabben):
    een = bewind.leg_vast(
        inwoner=inwoner,
        door=klantadviseur,
        soort="beschermingsbewind",
        organisatie=nabben,
        sinds=date(2025, 1, 1),
        maandkosten_bijzondere_bijstand=Decimal("118.50"),
    )
    twee = bewind.leg_vast(
        inwoner=inwoner, door=klantadviseur, soort="budgetbeheer", organisatie_naam="J. Jansen", sinds=date(2026, 1, 1)
    )
    assert (een.uitvoerder, twee.uitvoerder) == ("Nabben Bewindvoering", "J. Jansen")
    bewind.beeindig(bewind=twee, door=klantadviseur, tot=date(2026, 5, 31))
    with pytest.raises(ValidationError, match="al beëindigd"):
        bewind.beeindig(bewind=twee, door=klantadviseur, tot=date(2026, 6, 1))
    assert AuditRecord.objects.filter(omschrijving="Bewind vastgelegd").count() == 2
    assert AuditRecord.objects.filter(omschrijving="Bewind beëindigd").count() == 1


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"soort": "curatele"}, "soort"),
        ({"organisatie_naam": ""}, "organisatie"),
        ({"sinds": date(2026, 6, 11)}, "sinds"),
        ({"maandkosten_bijzondere_bijstand": Decimal("-1")}, "maandkosten_bijzondere_bijstand"),
    ],
)
def test_foute_invoer(inwoner, klantadviseur, velden, veld):
    args = {"soort": "budgetbeheer", "organisatie_naam": "J. Jansen", "sinds": date(2026, 1, 1)} | velden
    with pytest.raises(ValidationError) as fout:
        bewind.leg_vast(inwoner=inwoner, door=klantadviseur, **args)
    assert veld in fout.value.message_dict
    assert not Bewind.objects.for_systeem("test").exists()


def test_geen_bewindvoerder_of_allebei_geweigerd(inwoner, klantadviseur, nabben):
    fonds = OrganisatieFactory(naam="Een fonds", soort="fonds")
    with pytest.raises(ValidationError, match="geen bewindvoerder"):
        bewind.leg_vast(
            inwoner=inwoner, door=klantadviseur, soort="budgetbeheer", organisatie=fonds, sinds=date(2026, 1, 1)
        )
    with pytest.raises(ValidationError, match="niet allebei"):
        bewind.leg_vast(
            inwoner=inwoner,
            door=klantadviseur,
            soort="budgetbeheer",
            organisatie=nabben,
            organisatie_naam="Ook",
            sinds=date(2026, 1, 1),
        )


def test_einde_voor_begin_geweigerd(inwoner, klantadviseur):
    rij = bewind.leg_vast(
        inwoner=inwoner, door=klantadviseur, soort="budgetbeheer", organisatie_naam="X", sinds=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="vóór het begin"):
        bewind.beeindig(bewind=rij, door=klantadviseur, tot=date(2025, 12, 31))


def test_alleen_een_klantadviseur(inwoner):
    with pytest.raises(PermissionDenied):
        bewind.leg_vast(
            inwoner=inwoner, door=UserFactory(rollen=[Rol.MIDOFFICE]), soort="budgetbeheer", organisatie_naam="X",
            sinds=date(2026, 1, 1),
        )  # fmt: skip


def test_teamlijst_met_laatste_zrm_financien_en_alleen_eigen_bereik(client, casus, inwoner, klantadviseur, nabben):
    bewind.leg_vast(
        inwoner=inwoner, door=klantadviseur, soort="beschermingsbewind", organisatie=nabben, sinds=date(2025, 1, 1)
    )
    zrm(casus, klantadviseur, 2, date(2026, 3, 1))
    zrm(casus, klantadviseur, 4, date(2026, 6, 1))
    # Ended, and in another team: neither is listed.
    beeindigd = bewind.leg_vast(
        inwoner=InwonerFactory(huishouden=casus.huishouden, rol="partner", voornaam="Els"), door=klantadviseur,
        soort="budgetbeheer", organisatie_naam="X", sinds=date(2025, 1, 1),
    )  # fmt: skip
    bewind.beeindig(bewind=beeindigd, door=klantadviseur, tot=date(2026, 1, 1))
    ander_team = CasusFactory(
        huishouden=InwonerFactory(voornaam="Ola", achternaam="Ander").huishouden,
        klantadviseur=UserFactory(rollen=[Rol.KLANTADVISEUR]),
    )
    Bewind.objects.create(
        inwoner=ander_team.huishouden.leden.get(), soort="budgetbeheer", organisatie_naam="Y", sinds=date(2025, 1, 1),
        door=klantadviseur, vastgelegd_op="2025-01-01T10:00Z",
    )  # fmt: skip
    [rij] = list(bewind.team_lijst(klantadviseur))
    assert (rij.inwoner, rij.zrm_financien, rij.zrm_datum) == (inwoner, 4, date(2026, 6, 1))
    client.force_login(klantadviseur)
    inhoud = client.get(reverse("cases:bewind")).content.decode()
    assert "Bram Bos" in inhoud and "Ola" not in inhoud and "Els" not in inhoud
    assert AuditRecord.objects.filter(omschrijving="Lijst van inwoners onder bewind bekeken").count() == 1


def test_huishoudoverzicht_toont_bewind(client, casus, inwoner, klantadviseur):
    bewind.leg_vast(
        inwoner=inwoner, door=klantadviseur, soort="budgetbeheer", organisatie_naam="Buro X", sinds=date(2026, 1, 1),
        maandkosten_bijzondere_bijstand=Decimal("75"),
    )  # fmt: skip
    client.force_login(klantadviseur)
    inhoud = client.get(reverse("cases:huishouden", kwargs={"pk": casus.huishouden_id})).content.decode()
    assert "Bewind en budgetbeheer" in inhoud and "Buro X" in inhoud and "75,00" in inhoud


def test_bewindpagina_vastleggen_fout_en_beeindigen(client, inwoner, klantadviseur, nabben):
    client.force_login(klantadviseur)
    pagina = reverse("cases:bewind-inwoner", kwargs={"pk": inwoner.pk})
    leeg = {"actie": "nieuw", "soort": "budgetbeheer", "organisatie": "", "organisatie_naam": "", "sinds": "2026-01-01"}
    antwoord = client.post(pagina, leeg | {"maandkosten_bijzondere_bijstand": "12,50"})
    assert antwoord.status_code == 400 and "Kies de organisatie" in antwoord.content.decode()
    assert 'value="12,50"' in antwoord.content.decode()
    goed = leeg | {"organisatie": str(nabben.pk), "maandkosten_bijzondere_bijstand": "1.012,50"}
    assert client.post(pagina, goed).status_code == 302
    rij = Bewind.objects.for_systeem("test").get()
    assert rij.maandkosten_bijzondere_bijstand == Decimal("1012.50")
    einde = {"actie": "beeindigen", "einde-bewind": str(rij.pk), "einde-tot": "2026-06-01"}
    assert client.post(pagina, einde).status_code == 302
    rij.refresh_from_db()
    assert rij.tot == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("rol", "status"), [(Rol.KLANTADVISEUR, 404), (Rol.MIDOFFICE, 403), (Rol.KWALITEITSFUNCTIONARIS, 403)]
)
def test_toegang(client, inwoner, rol, status):
    client.force_login(UserFactory(rollen=[rol]))
    pagina = reverse("cases:bewind-inwoner", kwargs={"pk": inwoner.pk})
    assert client.get(pagina).status_code == status
    data = {"actie": "nieuw", "soort": "budgetbeheer", "organisatie_naam": "X", "sinds": "2026-01-01"}
    assert client.post(pagina, data).status_code == status
    assert not Bewind.objects.for_systeem("test").exists()
    lijst = client.get(reverse("cases:bewind"))
    assert lijst.status_code == (200 if rol == Rol.KLANTADVISEUR else 403)


def test_teamlijst_aantal_queries_groeit_niet_met_de_lijst(client, klantadviseur, django_assert_max_num_queries):
    def maak(n):
        for _ in range(n):
            casus = CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)
            lid = casus.huishouden.leden.get()
            bewind.leg_vast(
                inwoner=lid, door=klantadviseur, soort="budgetbeheer", organisatie_naam="X", sinds=date(2026, 1, 1)
            )
            zrm(casus, klantadviseur, 3, date(2026, 6, 1))

    client.force_login(klantadviseur)
    maak(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as een:
        assert client.get(reverse("cases:bewind")).status_code == 200
    maak(5)
    with django_assert_max_num_queries(len(een.captured_queries)):
        assert client.get(reverse("cases:bewind")).content.decode().count("geen screening") == 0
