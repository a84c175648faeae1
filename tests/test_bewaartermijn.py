"""Retention (ADR 0014): after the period a closed file's household is anonymised, audited once per person,
only once, and the beleid figures stay exactly as they were. Time is frozen with time-machine."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db.models import Q

from cases import selectors as cases_selectors
from cases import services as cases_services
from cases import tasks
from cases.models import Bewaartermijn, Casus, CasusStatus, Huishouden, InkomensBron, Inwoner, Schuld
from monitoring import selectors as monitoring
from regelingen import rechten
from regelingen import selectors as regelingen_selectors
from regelingen import services as regelingen_services
from regelingen.models import Aanvraag, Inkomenspositie, RechtUitkomst, Regeling
from tests.helpers import maak_huishouden
from venlo_armoede.audit.models import Actie, AuditRecord
from venlo_armoede.audit.services import betrokkene

VENLO = ZoneInfo("Europe/Amsterdam")
BSN = "111222333"  # passes the elfproef
PEILDATUM_BEREKENING = date(2026, 3, 1)


def op(dag: date):
    """Freeze the clock at 10:00 Venlo time on `dag`."""
    return time_machine.travel(datetime(dag.year, dag.month, dag.day, 10, 0, tzinfo=VENLO), tick=False)


def sluit_casus(huishouden, door, *, op_dag: date, hulpvraag="Mevrouw Jansen heeft huurschuld") -> Casus:
    with op(op_dag):
        casus = cases_services.open_casus(huishouden=huishouden, hulpvraag=hulpvraag, door=door)
        return cases_services.wijzig_status(
            casus=casus, status="afgesloten", door=door, toelichting="Uitgestroomd", uitstroomreden="zelf_opgelost"
        )


def draai(dag: date) -> int:
    """The beat task, as it runs on `dag`."""
    with op(dag):
        return tasks.anonimiseer_verlopen_dossiers()


def verwijder_records():
    return AuditRecord.objects.filter(actie=Actie.VERWIJDEREN)


@pytest.fixture
def adviseur(gebruiker_met_rol):
    return gebruiker_met_rol("klantadviseur")


@pytest.fixture
def dossier(db, adviseur):
    """A household with a BSN, income and a debt, whose only casus closed on 1 March 2026."""
    huishouden = maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(8,), geboortejaar=1988)
    aanvrager = Inwoner.objects.get(huishouden=huishouden, rol="aanvrager")
    aanvrager.bsn, aanvrager.voornaam, aanvrager.achternaam = BSN, "Anna", "Jansen"
    aanvrager.save()  # save(), not update(): the blind index of the BSN is kept in step on save
    Schuld.objects.create(
        huishouden=huishouden, schuldeiser="Woonwenz", soort="publiek", bedrag=1200, geregistreerd_op=date(2026, 1, 5)
    )
    sluit_casus(huishouden, adviseur, op_dag=date(2026, 3, 1))
    return huishouden


def test_de_standaardtermijnen_staan_als_onbevestigde_data_klaar(db):
    termijnen = {t.soort: (t.jaren, t.bevestigd) for t in Bewaartermijn.objects.all()}
    assert termijnen == {"schuldhulpverlening": (5, False), "inkomensvoorziening": (10, False)}


def test_voor_het_einde_van_de_termijn_verandert_er_niets(dossier):
    assert draai(date(2031, 2, 28)) == 0
    aanvrager = Inwoner.objects.get(huishouden=dossier, rol="aanvrager")
    assert (aanvrager.voornaam, aanvrager.bsn, aanvrager.geboortedatum) == ("Anna", BSN, date(1988, 5, 5))
    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op is None
    assert InkomensBron.objects.filter(inwoner__huishouden=dossier).count() == 1
    assert not verwijder_records().exists()


def test_na_de_termijn_is_het_huishouden_geanonimiseerd_en_gelogd(dossier):
    leden = list(Inwoner.objects.filter(huishouden=dossier).order_by("pk"))
    verwacht = {betrokkene(bsn=lid.bsn, intern_id=lid.pk).id for lid in leden}  # the BSN-based pseudonym
    geschiedenis = list(CasusStatus.objects.filter(casus__huishouden=dossier).values_list("status", "toelichting"))

    assert draai(date(2031, 3, 1)) == 1  # 5 years after closing: the anniversary itself

    huishouden = Huishouden.objects.get(pk=dossier.pk)
    assert huishouden.geanonimiseerd_op is not None
    assert (huishouden.straat, huishouden.huisnummer, huishouden.postcode, huishouden.woonplaats) == ("", 0, "", "")
    assert huishouden.vermogen is None and huishouden.geen_contact  # off every worklist
    assert huishouden.stadsdeel.naam == "Venlo"  # kept for the figures
    for lid in Inwoner.objects.filter(huishouden=dossier):
        assert (lid.voornaam, lid.tussenvoegsel, lid.achternaam, lid.bsn, lid.bsn_index) == ("", "", "", None, None)
        assert (lid.geboortedatum.month, lid.geboortedatum.day) == (1, 1)  # only the birth year is left
    assert sorted(Inwoner.objects.filter(huishouden=dossier).values_list("geboortedatum__year", flat=True)) == [
        1988,
        2018,
    ]
    assert not InkomensBron.objects.filter(inwoner__huishouden=dossier).exists()
    assert not Schuld.objects.filter(huishouden=dossier).exists()
    assert list(Casus.objects.filter(huishouden=dossier).values_list("hulpvraag", "status")) == [("", "afgesloten")]
    assert (
        list(CasusStatus.objects.filter(casus__huishouden=dossier).values_list("status", "toelichting")) == geschiedenis
    )

    records = list(verwijder_records())
    assert len(records) == len(leden) == 2  # one per person
    assert {r.betrokkene_id for r in records} == verwacht
    assert {r.betrokkene_type for r in records} == {"BSN", "intern"}
    assert {r.actor_soort for r in records} == {"systeem"}


def test_een_tweede_run_verandert_niets(dossier):
    assert draai(date(2031, 3, 1)) == 1
    leden = list(Inwoner.objects.filter(huishouden=dossier).order_by("pk").values())
    huishouden = Huishouden.objects.filter(pk=dossier.pk).values().get()
    logregels = AuditRecord.objects.count()

    assert draai(date(2031, 3, 2)) == 0
    assert list(Inwoner.objects.filter(huishouden=dossier).order_by("pk").values()) == leden
    assert Huishouden.objects.filter(pk=dossier.pk).values().get() == huishouden
    assert AuditRecord.objects.count() == logregels


def test_een_open_casus_beschermt_het_huishouden(dossier, adviseur):
    with op(date(2027, 1, 10)):
        cases_services.open_casus(huishouden=dossier, hulpvraag="Nieuwe hulpvraag", door=adviseur)
    assert draai(date(2040, 1, 1)) == 0
    assert Inwoner.objects.get(huishouden=dossier, rol="aanvrager").bsn == BSN
    assert not verwijder_records().exists()


def test_de_laatst_gesloten_casus_telt(dossier, adviseur):
    sluit_casus(dossier, adviseur, op_dag=date(2028, 6, 1))
    assert draai(date(2033, 5, 31)) == 0
    assert draai(date(2033, 6, 1)) == 1


def test_een_aanvraag_binnen_haar_termijn_beschermt_het_huishouden(regels, dossier):
    leergeld = Regeling.objects.get(code="leergeld")
    aanvraag = regelingen_services.registreer_aanvraag(
        huishouden=dossier, regeling=leergeld, aangevraagd_op=date(2029, 9, 1)
    )
    regelingen_services.besluit_op_aanvraag(aanvraag=aanvraag, toegekend=True, besloten_op=date(2029, 9, 15))
    assert draai(date(2031, 3, 1)) == 0  # the casus is past its 5 years, the aanvraag not past its 10
    assert draai(date(2039, 9, 14)) == 0
    assert draai(date(2039, 9, 15)) == 1
    assert Aanvraag.objects.filter(huishouden=dossier).count() == 1  # kept for the bereik figure


def test_functioneel_beheer_bepaalt_de_termijn(client, gebruiker_met_rol, dossier):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    termijn = Bewaartermijn.objects.get(soort="schuldhulpverlening")
    pagina = client.get(f"/beheer/cases/bewaartermijn/{termijn.pk}/change/")
    assert pagina.status_code == 200
    response = client.post(
        f"/beheer/cases/bewaartermijn/{termijn.pk}/change/",
        {"soort": "schuldhulpverlening", "jaren": 7, "bron": "Besluit archivaris", "bevestigd": "on"},
    )
    assert response.status_code == 302, response.content
    assert draai(date(2031, 3, 1)) == 0
    assert draai(date(2033, 3, 1)) == 1


def test_zonder_termijn_wordt_niets_geanonimiseerd(dossier):
    Bewaartermijn.objects.filter(soort="schuldhulpverlening").delete()
    assert draai(date(2060, 1, 1)) == 0
    assert Inwoner.objects.get(huishouden=dossier, rol="aanvrager").bsn == BSN


def _kpi() -> dict:
    return {
        "per_stadsdeel": monitoring.huishoudens_per_stadsdeel(),
        "minimapopulatie": monitoring.minimapopulatie(),
        "bereik": monitoring.bereik_per_regeling(),
        # Unsuppressed counts too, so a change of one household cannot hide behind "<5".
        "ruw_per_stadsdeel": cases_selectors.aantal_huishoudens_per_stadsdeel(),
        "ruw_banden": regelingen_selectors.inkomensbanden_per_stadsdeel(monitoring.INKOMENSGRENZEN),
        "ruw_bereik": regelingen_selectors.bereik_per_regeling(),
    }


def test_de_kpi_cijfers_blijven_gelijk_na_anonimiseren(regels, adviseur):
    with op(date(2026, 3, 1)):
        arm = [maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(8,)) for _ in range(8)]
        rijk = [maak_huishouden(inkomen=Decimal("3500.00"), kinderen=(8,)) for _ in range(3)]
        rechten.herbereken_selectie(Q(), peildatum=PEILDATUM_BEREKENING)
    leergeld = Regeling.objects.get(code="leergeld")
    for huishouden in arm[:6]:
        aanvraag = regelingen_services.registreer_aanvraag(
            huishouden=huishouden, regeling=leergeld, aangevraagd_op=date(2026, 3, 2)
        )
        regelingen_services.besluit_op_aanvraag(
            aanvraag=aanvraag, toegekend=True, besloten_op=date(2026, 3, 9), bedrag=None
        )
    # Two closed files (one of them granted leergeld) and one rich household with a closed file.
    oud = [arm[0], arm[7], rijk[0]]
    for huishouden in oud:
        sluit_casus(huishouden, adviseur, op_dag=date(2026, 3, 1))
    voor = _kpi()
    assert voor["ruw_per_stadsdeel"] == [("Venlo", 11)]
    assert voor["ruw_banden"][0]["banden"] == [0, 8, 8, 8, 8]

    assert draai(date(2036, 3, 10)) == 3  # past both the 5 and the 10 years
    # The nightly recompute runs afterwards (same peildatum, so the living households do not move either).
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM_BEREKENING)

    assert _kpi() == voor
    for huishouden in oud:
        assert Huishouden.objects.get(pk=huishouden.pk).geanonimiseerd_op is not None
        # The engine's stored outcome stays; with the incomes gone a recompute would have put it at 0 %.
        assert Inkomenspositie.objects.get(huishouden=huishouden).inkomen > 0
    assert RechtUitkomst.objects.filter(huishouden=arm[0], regeling=leergeld, uitkomst="recht").exists()


def test_de_taak_staat_dagelijks_in_het_beat_schema():
    from venlo_armoede.celery import app

    app.loader.import_default_modules()
    regel = settings.CELERY_BEAT_SCHEDULE["anonimiseer-verlopen-dossiers"]
    assert regel["task"] == "cases.tasks.anonimiseer_verlopen_dossiers" and regel["task"] in app.tasks
    assert regel["schedule"].hour == {1} and regel["schedule"].minute == {45}


def test_de_vrije_tekst_van_het_casusdossier_gaat_mee(db, adviseur):
    """Notes, ZRM notes, the debt history and a bewindvoerder's name are removed; scores and dates stay."""
    from cases import bewind, notities, schulden, screening
    from cases.models import Bewind, Notitie, SchuldWijziging, ZrmDomein, ZrmScore

    huishouden = maak_huishouden(inkomen=Decimal("1500.00"))
    aanvrager = Inwoner.objects.get(huishouden=huishouden, rol="aanvrager")
    with op(date(2026, 3, 1)):
        casus = cases_services.open_casus(huishouden=huishouden, hulpvraag="Huur", door=adviseur)
        schulden.registreer_schuld(
            casus=casus, door=adviseur, schuldeiser="Woonwenz", soort="publiek", bedrag=Decimal(1)
        )
        notities.voeg_toe(casus=casus, door=adviseur, tekst="Mevrouw Jansen is ziek")
        scores = {d.value: (3, "Geheim") for d in ZrmDomein}
        screening.leg_vast(casus=casus, door=adviseur, afgenomen_op=date(2026, 3, 1), scores=scores)
        bewind.leg_vast(inwoner=aanvrager, door=adviseur, soort="budgetbeheer", organisatie_naam="P. Pietersen",
                        sinds=date(2026, 1, 1))  # fmt: skip
        cases_services.wijzig_status(casus=casus, status="afgesloten", door=adviseur, uitstroomreden="zelf_opgelost")
    assert draai(date(2031, 3, 1)) == 1
    assert list(Notitie.objects.for_systeem("test").values_list("tekst", flat=True)) == [""]
    assert set(ZrmScore.objects.for_systeem("test").values_list("score", "toelichting")) == {(3, "")}
    assert not SchuldWijziging.objects.for_systeem("test").exists()
    assert list(Bewind.objects.for_systeem("test").values_list("organisatie_naam", "sinds")) == [
        ("Geanonimiseerd", date(2026, 1, 1))
    ]
