"""The midoffice works vroegsignalen (/werk/vroegsignalen/): contact attempts, a result that the signaalpartner
sees back, and an aanmelding (bron vroegsignaal) in triage when help is accepted. Forms are posted whole."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Casus
from partners import services
from partners.models import Contactpoging, Vroegsignaal
from venlo_armoede.audit.models import Actie, AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def midoffice(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("midoffice"))
    return client


@pytest.fixture
def signaal(maak_token, woningcorporatie):
    token, _ = maak_token("vroegsignalen:schrijven", organisatie=woningcorporatie)

    def maak(**wijzig):
        gegevens = {
            "soort": "huur",
            "achterstand_bedrag": Decimal("640.00"),
            "achterstand_sinds": date(2026, 8, 1),
            "naam": "P. de Vries",
            "straat": "Kazernestraat",
            "huisnummer": 1,
            "postcode": "5911 AB",
            "woonplaats": "Venlo",
        } | wijzig
        return services.ontvang_vroegsignaal(token=token, **gegevens)

    return maak


def _contact(**wijzig):
    return {
        "actie": "contact",
        "soort": "telefoon",
        "datum": timezone.localdate().isoformat(),
        "bereikt": "nee",
    } | wijzig


def _resultaat(**wijzig):
    return {"actie": "resultaat", "resultaat": "", "hulpvraag": ""} | wijzig


def test_inbox_toont_open_signalen_met_opeenvolgende_eerst(midoffice, signaal, django_assert_max_num_queries):
    los = signaal(huisnummer=5)
    eerste = signaal()
    herhaald = signaal()
    services.registreer_resultaat(signaal=los, resultaat="geen_contact", door=None)
    with django_assert_max_num_queries(15):
        antwoord = midoffice.get(reverse("partners:vroegsignalen"))
    assert antwoord.status_code == 200
    assert [s.pk for s in antwoord.context["signalen"]] == [herhaald.pk, eerste.pk, los.pk]
    assert "Ja, opeenvolgend" in antwoord.content.decode()
    assert AuditRecord.objects.filter(actie=Actie.INZIEN, omschrijving="Vroegsignalen bekeken").count() == 3


def test_triage_linkt_naar_de_vroegsignalen(midoffice):
    assert reverse("partners:vroegsignalen") in midoffice.get(reverse("cases:triage")).content.decode()


def test_contactpoging_vastleggen(midoffice, signaal):
    s = signaal()
    url = reverse("partners:vroegsignaal", args=[s.pk])
    assert midoffice.get(url).status_code == 200
    antwoord = midoffice.post(url, _contact(soort="huisbezoek", bereikt="ja"))
    assert antwoord.status_code == 302
    poging = Contactpoging.objects.for_systeem("test").get()
    assert (poging.soort, poging.datum, poging.bereikt) == ("huisbezoek", timezone.localdate(), True)
    s.refresh_from_db()
    assert s.status == "in_behandeling"
    assert "Huisbezoek" in midoffice.get(url).content.decode()


@pytest.mark.parametrize(
    ("wijzig", "fout"),
    [
        ({"datum": (date.today() + timedelta(days=2)).isoformat()}, "De datum kan niet in de toekomst liggen."),
        ({"soort": ""}, "Dit veld is vereist."),
        ({"bereikt": ""}, "Dit veld is vereist."),
    ],
)
def test_foute_contactpoging_wordt_niet_opgeslagen(midoffice, signaal, wijzig, fout):
    s = signaal()
    antwoord = midoffice.post(reverse("partners:vroegsignaal", args=[s.pk]), _contact(**wijzig))
    assert antwoord.status_code == 400
    assert fout in antwoord.content.decode()
    assert not Contactpoging.objects.for_systeem("test").exists()


def test_hulp_geaccepteerd_maakt_aanmelding_in_triage_en_meldt_terug(midoffice, signaal, maak_huishouden, token_client):
    huishouden = maak_huishouden(postcode="5911 AB")
    s = signaal()
    assert s.huishouden == huishouden
    antwoord = midoffice.post(
        reverse("partners:vroegsignaal", args=[s.pk]), _resultaat(resultaat="hulp_geaccepteerd", hulpvraag="Huur")
    )
    assert antwoord.status_code == 302
    casus = Casus.objects.for_systeem("test").get()
    assert (casus.huishouden, casus.bron, casus.status, casus.hulpvraag) == (
        huishouden,
        "vroegsignaal",
        "aanmelding",
        "Huur",
    )
    assert casus in midoffice.get(reverse("cases:triage")).context["casussen"]
    s.refresh_from_db()
    assert (s.status, s.resultaat, s.casus) == ("afgehandeld", "hulp_geaccepteerd", casus)


def test_hulp_geaccepteerd_zonder_bekend_huishouden_wordt_geweigerd(midoffice, signaal):
    s = signaal()
    antwoord = midoffice.post(reverse("partners:vroegsignaal", args=[s.pk]), _resultaat(resultaat="hulp_geaccepteerd"))
    assert antwoord.status_code == 400
    assert "Registreer eerst het huishouden." in antwoord.content.decode()
    s.refresh_from_db()
    assert s.resultaat == "" and not Casus.objects.for_systeem("test").exists()


def test_afgehandeld_signaal_krijgt_geen_tweede_resultaat(signaal):
    from django.core.exceptions import ValidationError

    s = signaal()
    services.registreer_resultaat(signaal=s, resultaat="hulp_geweigerd", door=None)
    with pytest.raises(ValidationError):
        services.registreer_resultaat(signaal=s, resultaat="geen_contact", door=None)
    assert Vroegsignaal.objects.for_systeem("test").get().resultaat == "hulp_geweigerd"


def test_ander_dan_midoffice_ziet_geen_signaal(client, gebruiker_met_rol, signaal):
    s = signaal()
    for rol in ("klantadviseur", "partnermedewerker", "beleidsadviseur"):
        client.force_login(gebruiker_met_rol(rol, username=f"u-{rol}"))
        assert client.get(reverse("partners:vroegsignaal", args=[s.pk])).status_code == 403
    assert not Vroegsignaal.objects.for_user(gebruiker_met_rol("klantadviseur", username="ka2")).exists()


def test_signaal_en_pogingen_op_de_tijdlijn_van_de_casus(signaal, maak_huishouden, gebruiker_met_rol):
    from cases.signals import tijdlijn_gevraagd

    maak_huishouden(postcode="5911 AB")
    s = signaal(bsn=None)
    mo = gebruiker_met_rol("midoffice")
    services.registreer_contactpoging(signaal=s, soort="telefoon", datum=timezone.localdate(), bereikt=True, door=mo)
    s = services.registreer_resultaat(signaal=s, resultaat="hulp_geaccepteerd", door=mo)
    antwoorden = tijdlijn_gevraagd.send(sender=Casus, casus=s.casus)
    items = [item for _ontvanger, lijst in antwoorden for item in lijst]
    assert [i["titel"] for i in items] == [
        "Vroegsignaal ontvangen: huurachterstand",
        "Contactpoging: Telefoon",
        "Resultaat vroegsignaal: Hulp geaccepteerd",
    ]
    assert all(set(i) == {"tijdstip", "soort", "titel", "tekst", "door", "url", "casus_id"} for i in items)
    assert {i["casus_id"] for i in items} == {s.casus_id}
    assert not any("P. de Vries" in i["tekst"] for i in items)
    from cases.services import meld_aan

    zonder_signaal = meld_aan(door=mo, huishouden=s.huishouden, hulpvraag="Andere vraag", bron="zelf")
    assert [i for _o, lijst in tijdlijn_gevraagd.send(sender=Casus, casus=zonder_signaal) for i in lijst] == []


def test_bsn_van_het_signaal_staat_niet_op_de_paginas(midoffice, signaal, bsn):
    nummer = bsn()
    s = signaal(bsn=nummer)
    detail = midoffice.get(reverse("partners:vroegsignaal", args=[s.pk])).content.decode()
    assert "P. de Vries" in detail and nummer not in detail
    assert nummer not in midoffice.get(reverse("partners:vroegsignalen")).content.decode()
