"""The warme doorverwijzing in the services: consent scope and revocation, the snapshot, the loop's order and
who may take a step, the koepel, the reaction term with frozen time, and e-mail without personal data."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from partners import services
from partners.models import Doorverwijzing, DoorverwijzingStap, Toestemming
from venlo_armoede.append_only import AppendOnlyError

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Amsterdam")


def _geen_bsn(tekst, wereld):
    for bsn in wereld["bsns"]:
        assert bsn not in tekst


def test_toestemming_zonder_gegevens_of_met_einddatum_in_het_verleden_wordt_geweigerd(wereld, toestemming):
    with pytest.raises(ValidationError) as fout:
        toestemming(categorieen=())
    assert "Kies welke gegevens" in str(fout.value)
    with pytest.raises(ValidationError) as fout:
        toestemming(geldig_tot=date(2020, 1, 1))
    assert "einddatum" in str(fout.value)
    assert Toestemming.objects.for_systeem("test").count() == 0


def test_zonder_toestemming_geen_doorverwijzing_en_niets_opgeslagen(wereld, verwijzing):
    with pytest.raises(ValidationError) as fout:
        verwijzing(met_toestemming=False)
    assert "geen geldige toestemming" in str(fout.value)
    assert Doorverwijzing.objects.for_systeem("test").count() == 0
    assert DoorverwijzingStap.objects.for_systeem("test").count() == 0


@pytest.mark.parametrize(
    "notatie",
    [lambda b: b, lambda b: f"{b[:4]}.{b[4:6]}.{b[6:]}", lambda b: f"{b[:3]} {b[3:6]} {b[6:]}"],
    ids=["aaneen", "met-punten", "met-spaties"],
)
def test_een_bsn_in_de_hulpvraag_wordt_geweigerd_ook_buiten_het_formulier(wereld, toestemming, notatie):
    """The service is the one gate (the pages and any future API call it): a BSN never reaches the partner."""
    toestemming()
    with pytest.raises(ValidationError) as fout:
        services.verwijs_door(
            casus=wereld["casus"],
            dienst=wereld["dienst_alliantie"],
            hulpvraag="Schulden, BSN " + notatie(wereld["bsns"][0]),
            urgentie="normaal",
            categorieen=["contactgegevens", "hulpvraag"],
            door=wereld["adviseur"],
        )
    assert fout.value.message_dict["hulpvraag"] == [services.HULPVRAAG_ZONDER_BSN]
    assert Doorverwijzing.objects.for_systeem("test").count() == 0
    # A nine-digit number failing the elfproef (a customer number) is fine.
    dv = services.verwijs_door(
        casus=wereld["casus"],
        dienst=wereld["dienst_alliantie"],
        hulpvraag="Schulden, klantnummer 123456789",
        urgentie="normaal",
        categorieen=["contactgegevens", "hulpvraag"],
        door=wereld["adviseur"],
    )
    assert dv.gegevens["hulpvraag"] == "Schulden, klantnummer 123456789"


def test_toestemming_voor_een_andere_organisatie_telt_niet(wereld, toestemming, verwijzing):
    toestemming(organisatie=wereld["leergeld"])
    with pytest.raises(ValidationError):
        verwijzing(met_toestemming=False)


def test_gegevens_buiten_de_toestemming_worden_geweigerd(wereld, toestemming, verwijzing):
    toestemming(categorieen=("contactgegevens",))
    with pytest.raises(ValidationError) as fout:
        services.verwijs_door(
            casus=wereld["casus"],
            dienst=wereld["dienst_alliantie"],
            hulpvraag="Schulden",
            urgentie="normaal",
            categorieen=["contactgegevens", "schulden"],
            door=wereld["adviseur"],
        )
    assert "geen geldige toestemming" in str(fout.value)


def test_een_ingetrokken_of_verlopen_toestemming_telt_niet(wereld, toestemming):
    t = toestemming()
    services.trek_toestemming_in(toestemming=t, door=wereld["adviseur"])
    with pytest.raises(ValidationError):
        services.verwijs_door(
            casus=wereld["casus"],
            dienst=wereld["dienst_alliantie"],
            hulpvraag="Schulden",
            urgentie="normaal",
            categorieen=["contactgegevens"],
            door=wereld["adviseur"],
        )
    t2 = toestemming(geldig_tot=date.today() + timedelta(days=1))
    with time_machine.travel(datetime.combine(t2.geldig_tot + timedelta(days=1), datetime.min.time(), TZ)):
        assert (
            services.geldige_toestemming(
                casus=wereld["casus"], organisatie=wereld["alliantie"], categorieen=["contactgegevens"]
            )
            is None
        )


@pytest.mark.parametrize("wat", ["dienst", "organisatie"])
def test_een_verwijzing_naar_een_inactieve_dienst_wordt_geweigerd(wereld, toestemming, wat):
    toestemming(organisatie=wereld["leergeld"])
    dienst = wereld["dienst_leergeld"]
    doel = dienst if wat == "dienst" else dienst.organisatie
    doel.actief = False
    doel.save()
    with pytest.raises(ValidationError) as fout:
        services.verwijs_door(
            casus=wereld["casus"],
            dienst=dienst,
            hulpvraag="Schoolspullen",
            urgentie="normaal",
            categorieen=["contactgegevens", "hulpvraag"],
            door=wereld["adviseur"],
        )
    assert fout.value.message_dict["dienst"] == ["Deze dienst bestaat niet (meer). Kies een andere dienst."]
    assert Doorverwijzing.objects.for_systeem("test").count() == 0
    assert DoorverwijzingStap.objects.for_systeem("test").count() == 0


def test_toestemming_voor_de_alliantie_geldt_ook_voor_haar_leden(wereld, toestemming):
    """The code (geldige_toestemming) treats a consent for a koepel as covering its members: the inwoner
    agrees to share with the Alliantie, which works through its member organisations."""
    from tests.factories import DienstFactory

    toestemming(organisatie=wereld["alliantie"])
    dienst_lid = DienstFactory(organisatie=wereld["lid"], naam="Maatje aan huis")
    dv = services.verwijs_door(
        casus=wereld["casus"],
        dienst=dienst_lid,
        hulpvraag="Hulp bij rekeningen",
        urgentie="normaal",
        categorieen=["contactgegevens", "hulpvraag"],
        door=wereld["adviseur"],
    )
    assert dv.organisatie == wereld["lid"] and dv.toestemming.organisatie == wereld["alliantie"]
    assert dv.gegevens_zichtbaar()
    # The consent's categories still bind the member, and revoking it hides the data from the member too.
    with pytest.raises(ValidationError):
        services.verwijs_door(
            casus=wereld["casus"],
            dienst=dienst_lid,
            hulpvraag="Hulp bij rekeningen",
            urgentie="normaal",
            categorieen=["contactgegevens", "schulden"],
            door=wereld["adviseur"],
        )
    services.trek_toestemming_in(toestemming=dv.toestemming, door=wereld["adviseur"])
    assert not Doorverwijzing.objects.for_user(wereld["partner_lid"]).get().gegevens_zichtbaar()


def test_toestemming_voor_een_lid_geldt_niet_voor_de_koepel_of_een_ander_lid(wereld, toestemming):
    from tests.factories import DienstFactory, OrganisatieFactory

    toestemming(organisatie=wereld["lid"])
    ander_lid = OrganisatieFactory(naam="Ander lid", soort="vrijwilligers", koepel=wereld["alliantie"])
    for dienst in (wereld["dienst_alliantie"], DienstFactory(organisatie=ander_lid)):
        with pytest.raises(ValidationError) as fout:
            services.verwijs_door(
                casus=wereld["casus"],
                dienst=dienst,
                hulpvraag="Hulp bij rekeningen",
                urgentie="normaal",
                categorieen=["contactgegevens"],
                door=wereld["adviseur"],
            )
        assert "geen geldige toestemming" in str(fout.value)


def test_snapshot_bevat_alleen_de_gekozen_gegevens_zoals_bij_versturen_en_nooit_het_bsn(wereld, verwijzing):
    dv = verwijzing(categorieen=("contactgegevens", "hulpvraag"))
    assert set(dv.gegevens) == {"contactgegevens", "hulpvraag"}
    assert dv.gegevens["contactgegevens"]["naam"] == "Fenna Geurts"
    _geen_bsn(str(dv.gegevens), wereld)
    # A change in the casus afterwards does not reach the partner's copy.
    aanvrager = wereld["casus"].huishouden.leden.for_systeem("test").get(voornaam="Fenna")
    aanvrager.voornaam = "Anders"
    aanvrager.save()
    dv.refresh_from_db()
    assert dv.gegevens["contactgegevens"]["naam"] == "Fenna Geurts"


def test_intrekken_verbergt_de_gegevens_direct(wereld, verwijzing):
    dv = verwijzing()
    assert dv.gegevens_zichtbaar()
    services.trek_toestemming_in(toestemming=dv.toestemming, door=wereld["adviseur"])
    dv = Doorverwijzing.objects.for_systeem("test").get(pk=dv.pk)
    assert not dv.gegevens_zichtbaar()
    with pytest.raises(ValidationError):
        services.trek_toestemming_in(toestemming=dv.toestemming, door=wereld["adviseur"])


def _stap(dv, stap, wie, **extra):
    return services.zet_stap(doorverwijzing=dv, stap=stap, door=wie, organisatie=wie.organisatie, **extra)


def test_de_hele_lus_met_wie_en_wanneer(wereld, verwijzing):
    dv = verwijzing()
    partner = wereld["partner_alliantie"]
    for stap in ("ontvangen", "geaccepteerd", "in_behandeling"):
        dv = _stap(dv, stap, partner)
    dv = _stap(dv, "afgerond", partner, uitkomst="doel_bereikt", toelichting="Betalingsregeling getroffen.")
    assert dv.status == "afgerond" and dv.uitkomst == "doel_bereikt" and dv.versie == 5
    stappen = list(dv.stappen.values_list("stap", "door_naam"))
    assert stappen == [
        ("verstuurd", "adviseur"),
        ("ontvangen", "p-alliantie"),
        ("geaccepteerd", "p-alliantie"),
        ("in_behandeling", "p-alliantie"),
        ("afgerond", "p-alliantie"),
    ]
    with pytest.raises(AppendOnlyError):
        dv.stappen.first().delete()


def test_een_stap_overslaan_wordt_geweigerd(wereld, verwijzing):
    dv = verwijzing()
    with pytest.raises(ValidationError) as fout:
        _stap(dv, "geaccepteerd", wereld["partner_alliantie"])
    assert "kan niet naar 'Geaccepteerd'" in str(fout.value)
    dv.refresh_from_db()
    assert dv.status == "verstuurd" and dv.stappen.count() == 1


def test_een_stap_van_een_andere_organisatie_wordt_geweigerd(wereld, verwijzing):
    dv = verwijzing()
    with pytest.raises(ValidationError) as fout:
        _stap(dv, "ontvangen", wereld["partner_leergeld"])
    assert "niet aan uw organisatie" in str(fout.value)


def test_een_verouderde_versie_wordt_geweigerd(wereld, verwijzing):
    dv = verwijzing()
    _stap(dv, "ontvangen", wereld["partner_alliantie"], versie=1)
    with pytest.raises(services.VersieVerouderd):
        _stap(dv, "geaccepteerd", wereld["partner_alliantie"], versie=1)


def test_afwijzen_vraagt_een_reden_en_bij_anders_een_toelichting(wereld, verwijzing):
    dv = verwijzing()
    partner = wereld["partner_alliantie"]
    _stap(dv, "ontvangen", partner)
    with pytest.raises(ValidationError):
        _stap(dv, "afgewezen", partner)
    with pytest.raises(ValidationError):
        _stap(dv, "afgewezen", partner, reden="anders")
    dv = _stap(dv, "afgewezen", partner, reden="geen_capaciteit", voorgestelde_dienst=wereld["dienst_leergeld"])
    assert dv.status == "afgewezen" and dv.voorgestelde_dienst == wereld["dienst_leergeld"]


def test_de_koepel_ziet_en_geeft_door_aan_een_lid(wereld, verwijzing):
    dv = verwijzing()
    koepel, lid = wereld["partner_alliantie"], wereld["partner_lid"]
    assert list(Doorverwijzing.objects.for_user(lid)) == []
    services.geef_door(doorverwijzing=dv, lid=wereld["lid"], door=koepel)
    assert list(Doorverwijzing.objects.for_user(lid)) == [dv]
    assert list(Doorverwijzing.objects.for_user(koepel)) == [dv]  # the koepel keeps seeing its members'
    assert list(Doorverwijzing.objects.for_user(wereld["partner_leergeld"])) == []
    dv = _stap(Doorverwijzing.objects.for_user(lid).get(), "ontvangen", lid)
    assert dv.status == "ontvangen"
    with pytest.raises(ValidationError):
        services.geef_door(doorverwijzing=dv, lid=wereld["leergeld"], door=koepel)


def test_reactietermijn_in_werkdagen_per_organisatie(wereld, verwijzing):
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=TZ)):  # a Friday
        dv = verwijzing()
        assert dv.reageren_uiterlijk == date(2026, 12, 9)  # 3 werkdagen: Mon, Tue, Wed
        dv2 = verwijzing(dienst=wereld["dienst_leergeld"])
        assert dv2.reageren_uiterlijk == date(2026, 12, 11)  # Leergeld: 5 werkdagen


def test_herinnering_na_de_termijn_een_keer(wereld, verwijzing, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=TZ)):
        dv = verwijzing()
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 12, 9, 23, 0, tzinfo=TZ)):  # the last day: not yet
        assert services.meld_verlopen_termijnen() == 0
    with time_machine.travel(datetime(2026, 12, 10, 7, 0, tzinfo=TZ)), django_capture_on_commit_callbacks(execute=True):
        from partners.tasks import meld_verlopen_reactietermijnen

        assert meld_verlopen_reactietermijnen.delay().get() == 1
        assert services.meld_verlopen_termijnen() == 0  # once
    ontvangers = sorted(adres for bericht in mail.outbox for adres in bericht.to)
    assert ontvangers == ["a@alliantie.example", "adviseur@venlo.example"]
    assert dv.stappen.filter(stap="termijn_verlopen").count() == 1
    for bericht in mail.outbox:
        _geen_bsn(bericht.body + bericht.subject, wereld)
        assert "Fenna" not in bericht.body and "Geurts" not in bericht.body
        assert f"/partner/doorverwijzingen/{dv.pk}/" in bericht.body or f"/werk/casussen/{dv.casus_id}/" in bericht.body


def test_een_beantwoorde_doorverwijzing_krijgt_geen_herinnering(wereld, verwijzing):
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=TZ)):
        dv = verwijzing()
        _stap(dv, "ontvangen", wereld["partner_alliantie"])
        _stap(dv, "geaccepteerd", wereld["partner_alliantie"])
    with time_machine.travel(datetime(2026, 12, 20, 7, 0, tzinfo=TZ)):
        assert services.meld_verlopen_termijnen() == 0


def test_e_mails_bij_versturen_accepteren_en_uitkomst(wereld, verwijzing, django_capture_on_commit_callbacks):
    partner = wereld["partner_alliantie"]
    with django_capture_on_commit_callbacks(execute=True):
        dv = verwijzing()
    assert [m.to for m in mail.outbox] == [["a@alliantie.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        _stap(dv, "ontvangen", partner)
        _stap(dv, "geaccepteerd", partner)
        _stap(dv, "in_behandeling", partner)
        _stap(dv, "afgerond", partner, uitkomst="deels_bereikt", toelichting="Fenna heeft een plan.")
    onderwerpen = [m.subject for m in mail.outbox[1:]]
    assert onderwerpen == ["Doorverwijzing geaccepteerd", "Doorverwijzing afgerond"]
    for bericht in mail.outbox:
        _geen_bsn(bericht.body, wereld)
        assert "Fenna" not in bericht.body


def _alleen_een_link(bericht, wereld):
    """An e-mail names what happened and links to the page; it never carries personal data or the free text."""
    _geen_bsn(bericht.subject + bericht.body, wereld)
    for persoonlijk in ("Fenna", "Geurts", "Hulp bij het op orde krijgen", "Mevrouw"):
        assert persoonlijk not in bericht.body and persoonlijk not in bericht.subject


def test_e_mail_aan_de_klantadviseur_bij_afwijzen(wereld, verwijzing, django_capture_on_commit_callbacks):
    partner = wereld["partner_alliantie"]
    dv = verwijzing()
    with django_capture_on_commit_callbacks(execute=True):
        _stap(dv, "ontvangen", partner)
        _stap(dv, "afgewezen", partner, reden="anders", toelichting="Mevrouw Geurts woont buiten ons gebied.")
    assert len(mail.outbox) == 1  # "ontvangen" sends nothing; the refusal goes to the klantadviseur only
    bericht = mail.outbox[0]
    assert bericht.subject == "Doorverwijzing afgewezen" and bericht.to == ["adviseur@venlo.example"]
    assert f"/werk/casussen/{dv.casus_id}/doorverwijzen/" in bericht.body
    _alleen_een_link(bericht, wereld)


def test_e_mail_aan_de_klantadviseur_bij_terugsturen(wereld, verwijzing, django_capture_on_commit_callbacks):
    partner = wereld["partner_alliantie"]
    dv = verwijzing()
    for stap in ("ontvangen", "geaccepteerd", "in_behandeling"):
        _stap(dv, stap, partner)
    with django_capture_on_commit_callbacks(execute=True):
        _stap(dv, "teruggestuurd", partner, toelichting="Mevrouw Geurts heeft eerst iets anders nodig.")
    assert [(m.subject, m.to) for m in mail.outbox] == [("Doorverwijzing teruggestuurd", ["adviseur@venlo.example"])]
    assert f"/werk/casussen/{dv.casus_id}/doorverwijzen/" in mail.outbox[0].body
    _alleen_een_link(mail.outbox[0], wereld)


def test_het_lid_krijgt_een_e_mail_als_de_koepel_doorgeeft(wereld, verwijzing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dv = verwijzing()
    assert [m.to for m in mail.outbox] == [["a@alliantie.example"]]  # first the koepel
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.geef_door(doorverwijzing=dv, lid=wereld["lid"], door=wereld["partner_alliantie"])
    # Only the member's partnermedewerkers: not the koepel again, not the klantadviseur, not other partners.
    assert [(m.subject, m.to) for m in mail.outbox] == [("Nieuwe doorverwijzing", ["l@maatje.example"])]
    assert f"/partner/doorverwijzingen/{dv.pk}/" in mail.outbox[0].body
    _alleen_een_link(mail.outbox[0], wereld)


def test_tijdlijn_toont_stappen_en_toestemming(wereld, verwijzing):
    from cases.tijdlijn import tijdlijn

    dv = verwijzing()
    _stap(dv, "ontvangen", wereld["partner_alliantie"])
    titels = [item.titel for item in tijdlijn(wereld["casus"])]
    assert "Doorverwijzing naar Vrijwillige schuldhulp: Ontvangen" in titels
    assert "Doorverwijzing naar Vrijwillige schuldhulp: Verstuurd" in titels
    assert "Toestemming vastgelegd voor Alliantie" in titels
