"""Kenmerken (issue 10): a list functioneel beheer keeps, recorded per inwoner or household for a period with a
source, and read by the rechtenberekening like incomes: on the peildatum, set-wise."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Casus, Inwoner, Kenmerk, KenmerkSoort
from regelingen import rechten, regelset
from regelingen.models import RechtUitkomst, Regeling, RegelingVersie
from tests.helpers import maak_huishouden
from venlo_armoede.audit.models import AuditRecord
from venlo_armoede.audit.services import betrokkene

pytestmark = pytest.mark.needs_postgres

CHRONISCH = "chronisch_ziek_of_gehandicapt"


def _soort(code=CHRONISCH) -> KenmerkSoort:
    return KenmerkSoort.objects.get(code=code)


@pytest.fixture
def huishoudsoort(db):
    return KenmerkSoort.objects.create(code="eigen_woning", naam="Eigen woning", geldt_voor="huishouden")


def _regeling_met_kenmerk(code: str, kenmerk: str, wie: str) -> Regeling:
    """A regeling like the stadspas whose only voorwaarde is a kenmerk (checked as the editor checks it)."""
    basis = RegelingVersie.objects.select_related("regeling").get(regeling__code="stadspas", geldig_tot__isnull=True)
    regeling = Regeling.objects.create(
        **{
            veld.name: getattr(basis.regeling, veld.name)
            for veld in Regeling._meta.concrete_fields
            if veld.name not in ("id", "code", "naam")
        },
        code=code,
        naam=f"Regeling {code}",
    )
    versie = RegelingVersie(
        **{
            veld.name: getattr(basis, veld.name)
            for veld in RegelingVersie._meta.concrete_fields
            if veld.name not in ("id", "regeling", "voorwaarden")
        },
        regeling=regeling,
        voorwaarden=[{"soort": "kenmerk", "kenmerk": kenmerk, "wie": wie}],
    )
    versie.full_clean()
    versie.save()
    return regeling


def _uitkomst(huishouden, code: str, peildatum: date) -> str:
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=peildatum)
    return RechtUitkomst.objects.get(huishouden=huishouden, regeling__code=code).uitkomst


def _aanvrager(huishouden) -> Inwoner:
    return Inwoner.objects.get(huishouden=huishouden, rol="aanvrager")


def _huishouden(**kwargs):
    """A household with a low income for years and no vermogen, both known (else a beoordeling is needed)."""
    huishouden = maak_huishouden(inkomen=Decimal(kwargs.pop("inkomen", "1000.00")), **kwargs)
    huishouden.vermogen = Decimal("0.00")
    huishouden.laag_inkomen_sinds = date(2020, 1, 1)
    huishouden.save(update_fields=["vermogen", "laag_inkomen_sinds"])
    return huishouden


# --- The reference list -----------------------------------------------------------------------------------
def test_de_gangbare_kenmerken_staan_in_de_lijst(db):
    codes = set(KenmerkSoort.objects.filter(actief=True).values_list("code", flat=True))
    assert {CHRONISCH, "geen_arbeidsperspectief", "schoolgaand_kind", "student", "zelfstandige"} <= codes


# --- The engine reads them on the peildatum ---------------------------------------------------------------
def test_recht_alleen_zolang_het_kenmerk_geldt(regels, gebruiker_met_rol):
    _regeling_met_kenmerk("ziektekosten", CHRONISCH, "iemand")
    huishouden = _huishouden()
    services.leg_kenmerk_vast(
        inwoner=_aanvrager(huishouden),
        soort=_soort(),
        geldig_van=date(2026, 3, 1),
        geldig_tot=date(2026, 3, 31),
        bron="arts",
        door=gebruiker_met_rol("klantadviseur"),
    )
    assert _uitkomst(huishouden, "ziektekosten", date(2026, 2, 28)) == "geen_recht"
    assert _uitkomst(huishouden, "ziektekosten", date(2026, 3, 1)) == "recht"  # first day
    assert _uitkomst(huishouden, "ziektekosten", date(2026, 3, 31)) == "recht"  # last day (tot en met)
    assert _uitkomst(huishouden, "ziektekosten", date(2026, 4, 1)) == "geen_recht"


def test_kenmerk_van_een_persoon_of_van_het_huishouden(regels, gebruiker_met_rol, huishoudsoort):
    _regeling_met_kenmerk("woonregeling", "eigen_woning", "huishouden")
    _regeling_met_kenmerk("partnerregeling", CHRONISCH, "partner")
    door = gebruiker_met_rol("klantadviseur")
    huishouden = _huishouden(partner=True)
    services.leg_kenmerk_vast(
        inwoner=_aanvrager(huishouden), soort=_soort(), geldig_van=date(2026, 1, 1), bron="inwoner", door=door
    )
    peildatum = date(2026, 3, 1)
    snap = rechten.snapshots(Q(id=huishouden.pk), peildatum)[huishouden.pk]
    assert snap.kenmerken == frozenset()  # known: none recorded for the household itself
    assert {lid.rol: lid.kenmerken for lid in snap.leden} == {"aanvrager": {CHRONISCH}, "partner": frozenset()}
    # The aanvrager's kenmerk is not the partner's, nor the household's.
    assert _uitkomst(huishouden, "partnerregeling", peildatum) == "geen_recht"
    assert _uitkomst(huishouden, "woonregeling", peildatum) == "geen_recht"

    services.leg_kenmerk_vast(
        huishouden=huishouden, soort=huishoudsoort, geldig_van=date(2026, 1, 1), bron="gemeente", door=door
    )
    snap = rechten.snapshots(Q(id=huishouden.pk), peildatum)[huishouden.pk]
    assert snap.kenmerken == {"eigen_woning"}
    assert all("eigen_woning" not in lid.kenmerken for lid in snap.leden)
    assert _uitkomst(huishouden, "woonregeling", peildatum) == "recht"
    assert _uitkomst(huishouden, "partnerregeling", peildatum) == "geen_recht"


def test_snapshots_doen_evenveel_queries_voor_1_als_voor_20_huishoudens(regels, gebruiker_met_rol):
    door = gebruiker_met_rol("klantadviseur")
    huishoudens = [_huishouden(inkomen=1000 + i, partner=True) for i in range(20)]
    for h in huishoudens:
        services.leg_kenmerk_vast(
            inwoner=_aanvrager(h), soort=_soort(), geldig_van=date(2026, 1, 1), bron="uwv", door=door
        )
    peildatum = date(2026, 3, 1)

    def aantal(selectie: Q) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            snaps = rechten.snapshots(selectie, peildatum)
        assert all(snap.leden[0].kenmerken or snap.leden[1].kenmerken for snap in snaps.values())
        return len(queries), len(snaps)

    een, n_een = aantal(Q(id=huishoudens[0].pk))
    twintig, n_twintig = aantal(Q(id__in=[h.pk for h in huishoudens]))
    assert (n_een, n_twintig) == (1, 20)
    assert een == twintig == 4


def test_de_uitkomsten_van_venlo_veranderen_niet(regels, gebruiker_met_rol, huishoudsoort):
    """Venlo's own regelingen ask about no kenmerk, so recording them changes none of their outcomes."""
    assert not any(
        v.get("soort") == "kenmerk"
        for voorwaarden in RegelingVersie.objects.values_list("voorwaarden", flat=True)
        for v in voorwaarden
    )
    door = gebruiker_met_rol("klantadviseur")
    huishoudens = [
        maak_huishouden(inkomen=Decimal(inkomen), kinderen=kinderen, partner=partner)
        for inkomen, kinderen, partner in (("900", (), False), ("1500", (6, 14), True), ("1700", (3,), False))
    ]
    peildatum = date(2026, 3, 1)
    rechten.herbereken_selectie(Q(), peildatum=peildatum)
    voor = sorted(RechtUitkomst.objects.values_list("huishouden_id", "regeling__code", "uitkomst", "bedrag"))
    for h in huishoudens:
        for soort in KenmerkSoort.objects.filter(geldt_voor="persoon"):
            services.leg_kenmerk_vast(
                inwoner=_aanvrager(h), soort=soort, geldig_van=date(2025, 1, 1), bron="anders", door=door
            )
        services.leg_kenmerk_vast(
            huishouden=h, soort=huishoudsoort, geldig_van=date(2025, 1, 1), bron="anders", door=door
        )
    rechten.herbereken_selectie(Q(), peildatum=peildatum)
    assert sorted(RechtUitkomst.objects.values_list("huishouden_id", "regeling__code", "uitkomst", "bedrag")) == voor


# --- Only known kenmerken in rules -----------------------------------------------------------------------
def test_een_onbekend_kenmerk_in_een_regel_wordt_geweigerd(regels):
    with pytest.raises(ValidationError) as fout:
        _regeling_met_kenmerk("fantasie", "bestaat_niet", "iemand")
    assert "Onbekend kenmerk 'bestaat_niet'" in str(fout.value)


def test_een_uitgezet_kenmerk_is_onbekend_voor_regels(regels):
    KenmerkSoort.objects.filter(code="student").update(actief=False)
    with pytest.raises(ValidationError, match="Onbekend kenmerk 'student'"):
        _regeling_met_kenmerk("studenten", "student", "aanvrager")


def test_yaml_import_weigert_een_onbekend_kenmerk(regels):
    import yaml

    data = yaml.safe_load(regelset.exporteer())
    stadspas = next(r for r in data["regelingen"] if r["code"] == "stadspas")
    stadspas["versies"][-1].setdefault("voorwaarden", []).append(
        {"soort": "kenmerk", "kenmerk": "heeft_chronische_ziekte", "wie": "iemand"}
    )
    with pytest.raises(regelset.Importfout) as fout:
        regelset.lees(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert any("Onbekend kenmerk 'heeft_chronische_ziekte'" in f.bericht for f in fout.value.fouten)
    # Once functioneel beheer adds it to the list, the same file reads.
    KenmerkSoort.objects.create(code="heeft_chronische_ziekte", naam="Chronische ziekte", geldt_voor="persoon")
    regelset.lees(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


# --- Periods ----------------------------------------------------------------------------------------------
def test_overlappende_perioden_worden_geweigerd(db, gebruiker_met_rol):
    door = gebruiker_met_rol("klantadviseur")
    huishouden = _huishouden(partner=True)
    aanvrager = _aanvrager(huishouden)
    partner = Inwoner.objects.get(huishouden=huishouden, rol="partner")
    eerste = services.leg_kenmerk_vast(
        inwoner=aanvrager, soort=_soort(), geldig_van=date(2026, 1, 1), bron="arts", door=door
    )
    with pytest.raises(ValidationError) as fout:
        services.leg_kenmerk_vast(
            inwoner=aanvrager, soort=_soort(), geldig_van=date(2026, 6, 1), bron="arts", door=door
        )
    assert "mogen elkaar niet overlappen" in fout.value.message_dict["geldig_van"][0]
    with pytest.raises(ValidationError):  # a period ending on the first day overlaps by one day
        services.leg_kenmerk_vast(
            inwoner=aanvrager,
            soort=_soort(),
            geldig_van=date(2025, 1, 1),
            geldig_tot=date(2026, 1, 1),
            bron="arts",
            door=door,
        )
    # The same kenmerk of another person, another kenmerk, and a period right after the first one ends: fine.
    services.leg_kenmerk_vast(inwoner=partner, soort=_soort(), geldig_van=date(2026, 6, 1), bron="arts", door=door)
    services.leg_kenmerk_vast(
        inwoner=aanvrager, soort=_soort("student"), geldig_van=date(2026, 6, 1), bron="inwoner", door=door
    )
    services.beeindig_kenmerk(kenmerk=eerste, geldig_tot=date(2026, 5, 31), door=door)
    services.leg_kenmerk_vast(inwoner=aanvrager, soort=_soort(), geldig_van=date(2026, 6, 1), bron="uwv", door=door)
    assert Kenmerk.objects.filter(inwoner=aanvrager, soort=_soort()).count() == 2


def test_ongeldige_invoer_geeft_nederlandse_fouten(db, gebruiker_met_rol, huishoudsoort):
    door = gebruiker_met_rol("klantadviseur")
    huishouden = _huishouden()
    aanvrager = _aanvrager(huishouden)
    with pytest.raises(ValidationError) as fout:
        services.leg_kenmerk_vast(
            inwoner=aanvrager,
            soort=_soort(),
            geldig_van=date(2026, 3, 2),
            geldig_tot=date(2026, 3, 1),
            bron="arts",
            door=door,
        )
    assert fout.value.message_dict["geldig_tot"] == ["De einddatum ligt voor de begindatum."]
    with pytest.raises(ValidationError, match="hele huishouden"):
        services.leg_kenmerk_vast(
            inwoner=aanvrager, soort=huishoudsoort, geldig_van=date(2026, 1, 1), bron="arts", door=door
        )
    with pytest.raises(ValidationError, match="Leg het vast bij de inwoner"):
        services.leg_kenmerk_vast(
            huishouden=huishouden, soort=_soort(), geldig_van=date(2026, 1, 1), bron="arts", door=door
        )
    KenmerkSoort.objects.filter(code="student").update(actief=False)
    with pytest.raises(ValidationError, match="niet meer gebruikt"):
        services.leg_kenmerk_vast(
            inwoner=aanvrager, soort=_soort("student"), geldig_van=date(2026, 1, 1), bron="arts", door=door
        )
    kenmerk = services.leg_kenmerk_vast(
        inwoner=aanvrager, soort=_soort(), geldig_van=date(2026, 1, 1), bron="arts", door=door
    )
    with pytest.raises(ValidationError, match="voor de begindatum"):
        services.beeindig_kenmerk(kenmerk=kenmerk, geldig_tot=date(2025, 12, 31), door=door)
    assert not Kenmerk.objects.filter(geldig_tot__isnull=False).exists()


# --- Audit and recompute ----------------------------------------------------------------------------------
def test_vastleggen_en_beeindigen_staan_in_het_logboek_en_herberekenen(
    regels, gebruiker_met_rol, django_capture_on_commit_callbacks
):
    _regeling_met_kenmerk("ziektekosten", CHRONISCH, "iemand")
    door = gebruiker_met_rol("klantadviseur")
    huishouden = _huishouden()
    aanvrager = _aanvrager(huishouden)
    with django_capture_on_commit_callbacks(execute=True):
        kenmerk = services.leg_kenmerk_vast(
            inwoner=aanvrager, soort=_soort(), geldig_van=date(2020, 1, 1), bron="arts", door=door
        )
    record = AuditRecord.objects.filter(omschrijving="Kenmerk vastgelegd").get()
    verwacht = betrokkene(bsn_index=aanvrager.bsn_index, intern_id=aanvrager.pk).id
    assert (record.actie, record.actor_id, record.betrokkene_id) == ("aanmaken", door.pk, verwacht)
    # The signal recomputed the household: today it has the right.
    assert RechtUitkomst.objects.get(huishouden=huishouden, regeling__code="ziektekosten").uitkomst == "recht"
    with django_capture_on_commit_callbacks(execute=True):
        services.beeindig_kenmerk(kenmerk=kenmerk, geldig_tot=timezone.localdate() - timedelta(days=1), door=door)
    assert AuditRecord.objects.filter(omschrijving="Kenmerk beëindigd", actie="wijzigen").count() == 1
    assert RechtUitkomst.objects.get(huishouden=huishouden, regeling__code="ziektekosten").uitkomst == "geen_recht"


# --- Pages and access --------------------------------------------------------------------------------------
def _formulier(soort, **extra):
    return {"soort": soort.pk, "geldig_van": "2026-01-01", "geldig_tot": "", "bron": "arts", "toelichting": ""} | extra


@pytest.mark.parametrize("rol", ["klantadviseur", "midoffice"])
def test_kenmerk_vastleggen_en_beeindigen_via_de_pagina(client, gebruiker_met_rol, rol):
    gebruiker = gebruiker_met_rol(rol)
    client.force_login(gebruiker)
    huishouden = _huishouden()
    aanvrager = _aanvrager(huishouden)
    url = reverse("cases:inwoner-kenmerken", args=[aanvrager.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert "Kenmerk vastleggen" in pagina.content.decode()

    antwoord = client.post(url, _formulier(_soort(), toelichting="Verklaring gezien"))
    assert antwoord.status_code == 302
    kenmerk = Kenmerk.objects.get(inwoner=aanvrager)
    assert (kenmerk.bron, kenmerk.vastgelegd_door, kenmerk.huishouden_id) == ("arts", gebruiker, huishouden.pk)

    # Overlap: the form comes back with the Dutch error and keeps what was filled in.
    fout = client.post(url, _formulier(_soort(), geldig_van="2026-02-01", toelichting="tweede keer"))
    tekst = fout.content.decode()
    assert fout.status_code == 400
    assert "mogen elkaar niet overlappen" in tekst and "tweede keer" in tekst

    fout = client.post(url, {"kenmerk": kenmerk.pk, f"k{kenmerk.pk}-geldig_tot": "2025-12-01"})
    assert fout.status_code == 400 and "voor de begindatum" in fout.content.decode()
    einde = client.post(url, {"kenmerk": kenmerk.pk, f"k{kenmerk.pk}-geldig_tot": "2026-02-28"})
    assert einde.status_code == 302
    kenmerk.refresh_from_db()
    assert kenmerk.geldig_tot == date(2026, 2, 28)

    inwoner_pagina = client.get(reverse("cases:inwoner", args=[aanvrager.pk])).content.decode()
    assert "Chronisch ziek of gehandicapt" in inwoner_pagina and "28 februari 2026" in inwoner_pagina
    overzicht = client.get(reverse("cases:huishouden", args=[huishouden.pk])).content.decode()
    assert "Chronisch ziek of gehandicapt" in overzicht


def test_kenmerk_van_het_huishouden_via_de_pagina(client, gebruiker_met_rol, huishoudsoort):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    huishouden = _huishouden()
    url = reverse("cases:huishouden-kenmerken", args=[huishouden.pk])
    pagina = client.get(url).content.decode()
    assert "Eigen woning" in pagina and "Chronisch ziek" not in pagina  # only kenmerken of a household
    assert client.post(url, _formulier(huishoudsoort, bron="gemeente")).status_code == 302
    assert Kenmerk.objects.get(huishouden=huishouden, inwoner__isnull=True).soort == huishoudsoort
    # A person's kind cannot be posted here.
    assert client.post(url, _formulier(_soort(), geldig_van="2026-05-01")).status_code == 400


def test_inwoner_van_een_ander_team_geeft_404(client, gebruiker_met_rol):
    ander = gebruiker_met_rol("klantadviseur", username="andere-adviseur")
    huishouden = _huishouden()
    Casus.objects.create(huishouden=huishouden, klantadviseur=ander, hulpvraag="Hulp", aangemeld_op=timezone.now())
    client.force_login(gebruiker_met_rol("klantadviseur"))
    aanvrager = _aanvrager(huishouden)
    assert client.get(reverse("cases:inwoner-kenmerken", args=[aanvrager.pk])).status_code == 404
    assert client.post(reverse("cases:inwoner-kenmerken", args=[aanvrager.pk]), _formulier(_soort())).status_code == 404
    assert client.get(reverse("cases:huishouden-kenmerken", args=[huishouden.pk])).status_code == 404
    assert not Kenmerk.objects.exists()


@pytest.mark.parametrize("rol", ["beleidsadviseur", "kwaliteitsfunctionaris", "functioneel_beheer"])
def test_andere_rollen_krijgen_403(client, gebruiker_met_rol, rol):
    client.force_login(gebruiker_met_rol(rol))
    huishouden = _huishouden()
    url = reverse("cases:inwoner-kenmerken", args=[_aanvrager(huishouden).pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _formulier(_soort())).status_code == 403
    assert not Kenmerk.objects.exists()


def test_functioneel_beheer_houdt_de_lijst_bij(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    antwoord = client.post(
        "/beheer/cases/kenmerksoort/add/",
        {"code": "mantelzorger", "naam": "Mantelzorger", "omschrijving": "", "geldt_voor": "persoon", "actief": "on"},
    )
    assert antwoord.status_code == 302
    assert KenmerkSoort.objects.filter(code="mantelzorger", actief=True).exists()


def test_anonimiseren_verwijdert_de_kenmerken(db, gebruiker_met_rol, huishoudsoort):
    door = gebruiker_met_rol("klantadviseur")
    huishouden = _huishouden()
    services.leg_kenmerk_vast(
        inwoner=_aanvrager(huishouden), soort=_soort(), geldig_van=date(2020, 1, 1), bron="arts", door=door
    )
    services.leg_kenmerk_vast(
        huishouden=huishouden, soort=huishoudsoort, geldig_van=date(2020, 1, 1), bron="gemeente", door=door
    )
    services._anonimiseer(huishouden)  # what the retention run does with each expired household
    assert not Kenmerk.objects.exists()


def test_de_editor_weigert_een_onbekend_kenmerk(regels):
    """The rule editor checks a change with versies.nieuwe_regels (as its preview and save do)."""
    from regelingen import versies

    versie = RegelingVersie.objects.get(regeling__code="stadspas", geldig_tot__isnull=True)
    ingang = timezone.localdate() + timedelta(days=30)
    onbekend = [{"soort": "kenmerk", "kenmerk": "heeft_chronische_ziekte", "wie": "iemand"}]
    with pytest.raises(ValidationError) as fout:
        versies.nieuwe_regels(versie=versie, ingang=ingang, wijzigingen={"voorwaarden": onbekend})
    assert fout.value.message_dict["voorwaarden"] == [
        "Voorwaarde 1: Onbekend kenmerk 'heeft_chronische_ziekte'. Het staat niet in de lijst met kenmerken."
    ]
    bekend = [{"soort": "kenmerk", "kenmerk": CHRONISCH, "wie": "iemand"}]
    assert versies.nieuwe_regels(versie=versie, ingang=ingang, wijzigingen={"voorwaarden": bekend}).voorwaarden
