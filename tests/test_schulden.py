"""Schuldenregistratie per casus (cases.schulden): amounts, status and arrangement per schuldeiser, the stand
bij intake and nu (aanbeveling 9), the timeline, the audit log, bad input and access."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import schulden, services
from cases.models import Schuld, SchuldWijziging
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka-schuld", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)


def registreer(casus, door, schuldeiser="Enexis", soort="nuts", bedrag="250.00", **extra):
    return schulden.registreer_schuld(
        casus=casus, door=door, schuldeiser=schuldeiser, soort=soort, bedrag=Decimal(bedrag), **extra
    )


def test_stand_bij_intake_blijft_en_stand_nu_volgt_de_wijzigingen(casus, klantadviseur):
    enexis = registreer(casus, klantadviseur)
    registreer(casus, klantadviseur, schuldeiser="CAK", soort="zorg", bedrag="1000.50")
    services.wijzig_status(casus=casus, status="intake", door=klantadviseur)
    services.wijzig_status(casus=casus, status="stabilisatie", door=klantadviseur)
    # Found after intake: only in the stand nu.
    registreer(casus, klantadviseur, schuldeiser="Belastingdienst", soort="publiek", bedrag="400")
    schulden.wijzig_schuld(schuld=enexis, door=klantadviseur, bedrag=Decimal("0"), status="afgelost")
    lijst = Schuld.objects.for_user(klantadviseur).filter(casus=casus)
    overzicht = schulden.overzicht(lijst)
    assert overzicht.bij_intake == schulden.Stand(totaal=Decimal("1250.50"), aantal_schuldeisers=2)
    assert overzicht.nu == schulden.Stand(totaal=Decimal("1400.50"), aantal_schuldeisers=2)
    enexis.refresh_from_db()
    assert (enexis.bedrag, enexis.bedrag_bij_intake, enexis.bij_intake) == (Decimal("0"), Decimal("250.00"), True)


def test_tijdlijn_en_logboek(casus, klantadviseur):
    schuld = registreer(casus, klantadviseur, regeling="")
    schulden.wijzig_schuld(
        schuld=schuld, door=klantadviseur, bedrag=Decimal("200"), status="in_regeling", regeling="50 euro per maand"
    )
    titels = [item.titel for item in tijdlijn(casus) if item.soort == "schuld"]
    assert titels == ["Schuld gewijzigd: Enexis", "Schuld geregistreerd: Enexis"]
    [gewijzigd] = [i for i in tijdlijn(casus) if i.titel == "Schuld gewijzigd: Enexis"]
    assert "€ 250,00 → € 200,00" in gewijzigd.tekst and "In regeling" in gewijzigd.tekst
    assert AuditRecord.objects.filter(omschrijving__startswith="Schuld geregistreerd").count() == 1
    assert AuditRecord.objects.filter(omschrijving__startswith="Schuld gewijzigd").count() == 1


def test_niets_gewijzigd_schrijft_niets(casus, klantadviseur):
    schuld = registreer(casus, klantadviseur)
    schulden.wijzig_schuld(schuld=schuld, door=klantadviseur, bedrag=Decimal("250.00"), status="open")
    assert SchuldWijziging.objects.for_systeem("test").filter(schuld=schuld).count() == 1


@pytest.mark.parametrize(
    ("velden", "veld", "bericht"),
    [
        ({"bedrag": "-0.01"}, "bedrag", "negatief"),
        ({"bedrag": "10000000.01"}, "bedrag", "te hoog"),
        ({"schuldeiser": "  "}, "schuldeiser", "naam van de schuldeiser"),
        ({"soort": "huur"}, "soort", "Kies de soort"),
        ({"status": "kwijt"}, "status", "Kies de status"),
    ],
)
def test_foute_invoer_geweigerd_en_niets_opgeslagen(casus, klantadviseur, velden, veld, bericht):
    args = {"schuldeiser": "Enexis", "soort": "nuts", "bedrag": "250", "status": "open"} | velden
    with pytest.raises(ValidationError) as fout:
        schulden.registreer_schuld(
            casus=casus,
            door=klantadviseur,
            schuldeiser=args["schuldeiser"],
            soort=args["soort"],
            bedrag=Decimal(args["bedrag"]),
            status=args["status"],
        )
    assert bericht in " ".join(fout.value.message_dict[veld])
    assert not Schuld.objects.for_systeem("test").exists()


def test_grens_nul_en_maximum_toegestaan(casus, klantadviseur):
    registreer(casus, klantadviseur, bedrag="0")
    registreer(casus, klantadviseur, schuldeiser="Groot", bedrag="10000000")
    assert Schuld.objects.for_systeem("test").count() == 2


def test_dezelfde_schuldeiser_twee_keer_geweigerd(casus, klantadviseur):
    registreer(casus, klantadviseur)
    with pytest.raises(ValidationError, match="staat al bij deze casus"):
        registreer(casus, klantadviseur, schuldeiser="ENEXIS ")
    assert Schuld.objects.for_systeem("test").count() == 1


def test_alleen_een_klantadviseur(casus):
    with pytest.raises(PermissionDenied):
        registreer(casus, UserFactory(rollen=[Rol.MIDOFFICE]))


def test_pagina_registreert_met_nederlands_bedrag_en_toont_totalen(client, casus, klantadviseur):
    client.force_login(klantadviseur)
    pagina = reverse("cases:schulden", kwargs={"pk": casus.pk})
    data = {"schuldeiser": "Woonwenz", "soort": "overig", "bedrag": "1.234,56", "status": "open", "regeling": ""}
    assert client.post(pagina, data).status_code == 302
    schuld = Schuld.objects.for_systeem("test").get()
    assert (schuld.bedrag, schuld.huishouden_id, schuld.casus_id) == (Decimal("1234.56"), casus.huishouden_id, casus.pk)
    inhoud = client.get(pagina).content.decode()
    assert "1.234,56" in inhoud and "Woonwenz" in inhoud
    casuspagina = client.get(reverse("cases:casus", kwargs={"pk": casus.pk})).content.decode()
    assert "Bij intake" in casuspagina and "1.234,56" in casuspagina
    assert AuditRecord.objects.filter(omschrijving="Schulden van een casus bekeken").exists()


@pytest.mark.parametrize(
    ("bedrag", "bericht"),
    [("-5", "negatief"), ("twaalf", "Vul een bedrag in euro in"), ("12,345", "2 cijfers"), ("", "verplicht")],
)
def test_pagina_foute_invoer_in_het_nederlands_en_niets_kwijt(client, casus, klantadviseur, bedrag, bericht):
    client.force_login(klantadviseur)
    pagina = reverse("cases:schulden", kwargs={"pk": casus.pk})
    data = {"schuldeiser": "Woonwenz", "soort": "overig", "bedrag": bedrag, "status": "open", "regeling": "Afspraak"}
    antwoord = client.post(pagina, data)
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert bericht in inhoud and "Er is niets opgeslagen" in inhoud
    assert 'value="Woonwenz"' in inhoud and "Afspraak" in inhoud  # the form keeps what was typed
    assert not Schuld.objects.for_systeem("test").exists()


def test_wijzigpagina(client, casus, klantadviseur):
    schuld = registreer(casus, klantadviseur)
    client.force_login(klantadviseur)
    pagina = reverse("cases:schuld-wijzigen", kwargs={"pk": casus.pk, "schuld": schuld.pk})
    assert client.get(pagina).status_code == 200
    data = {"bedrag": "100,00", "status": "betwist", "regeling": "Bedrag klopt niet"}
    assert client.post(pagina, data).status_code == 302
    schuld.refresh_from_db()
    assert (schuld.bedrag, schuld.status, schuld.regeling) == (Decimal("100.00"), "betwist", "Bedrag klopt niet")
    assert client.post(pagina, data | {"bedrag": "-1"}).status_code == 400


def test_schuld_van_een_andere_casus_via_deze_url_is_404(client, casus, klantadviseur):
    andere = CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)
    schuld = registreer(andere, klantadviseur)
    client.force_login(klantadviseur)
    pagina = reverse("cases:schuld-wijzigen", kwargs={"pk": casus.pk, "schuld": schuld.pk})
    assert client.get(pagina).status_code == 404


@pytest.mark.parametrize(
    ("rol", "status"),
    [(Rol.KLANTADVISEUR, 404), (Rol.MIDOFFICE, 403), (Rol.KWALITEITSFUNCTIONARIS, 403), (Rol.BELEIDSADVISEUR, 403)],
)
def test_toegang_andere_rollen_en_ander_team(client, casus, klantadviseur, rol, status):
    schuld = registreer(casus, klantadviseur)
    client.force_login(UserFactory(rollen=[rol]))  # a klantadviseur of another team: not within reach
    for pagina in (
        reverse("cases:schulden", kwargs={"pk": casus.pk}),
        reverse("cases:schuld-wijzigen", kwargs={"pk": casus.pk, "schuld": schuld.pk}),
    ):
        assert client.get(pagina).status_code == status
        assert client.post(pagina, {"bedrag": "1", "status": "open"}).status_code == status
    schuld.refresh_from_db()
    assert schuld.bedrag == Decimal("250.00")


def test_verouderde_wijziging_geweigerd_met_wat_er_nu_staat(client, casus, klantadviseur):
    schuld = registreer(casus, klantadviseur)
    client.force_login(klantadviseur)
    pagina = reverse("cases:schuld-wijzigen", kwargs={"pk": casus.pk, "schuld": schuld.pk})
    form = client.get(pagina).context["form"]
    gezien = form["versie"].value()
    assert gezien
    # A colleague changes the debt meanwhile.
    schulden.wijzig_schuld(schuld=schuld, door=klantadviseur, bedrag=Decimal("300"), status="betwist")
    data = {"bedrag": "100,00", "status": "open", "regeling": "", "versie": gezien}
    antwoord = client.post(pagina, data)
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert "Iemand anders heeft deze schuld intussen gewijzigd. Nu: € 300,00, Betwist." in inhoud
    schuld.refresh_from_db()
    assert (schuld.bedrag, schuld.status) == (Decimal("300.00"), "betwist")
    # Saving again from the refused form (it now carries the current version) is a conscious overwrite.
    nieuw = antwoord.context["form"]["versie"].value()
    assert client.post(pagina, data | {"versie": nieuw}).status_code == 302
    schuld.refresh_from_db()
    assert schuld.bedrag == Decimal("100.00")
