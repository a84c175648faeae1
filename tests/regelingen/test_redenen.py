"""Reasons are not stored: they are derived again by the same pure engine from the stored rule version and
the household's data on the outcome's peildatum (regelingen.selectors.redenen_voor)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from cases.models import InkomensBron
from regelingen import engine, rechten, selectors
from regelingen.models import Inkomenspositie, RechtUitkomst, RegelingVersie
from tests.helpers import maak_huishouden

PEILDATUM = date(2026, 3, 1)
VOORBEELDEN = (
    {"inkomen": Decimal("1600.00"), "kinderen": (6, 9)},
    {"inkomen": Decimal("1681.80"), "kinderen": (5,)},
    {"inkomen": Decimal("1681.81"), "kinderen": (5,)},
    {"inkomen": Decimal("900.00"), "geboortejaar": 1950},
    {"inkomen": Decimal("2200.00"), "partner": True, "kinderen": (3, 12, 17)},
    {"inkomen": Decimal("0.00")},
)


def test_afgeleide_redenen_zijn_die_van_de_engine(regels, gebruiker_met_rol):
    huishoudens = [maak_huishouden(**voorbeeld) for voorbeeld in VOORBEELDEN]
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM)
    klantadviseur = gebruiker_met_rol("klantadviseur")
    context = engine.maak_context(PEILDATUM, selectors.normtabel(), selectors.regels(PEILDATUM))
    for huishouden in huishoudens:
        snapshot = rechten.snapshots(Q(id=huishouden.pk), PEILDATUM)[huishouden.pk]
        verwacht = {u.code: u for u in engine.bepaal_rechten_met_context(snapshot, context).uitkomsten}
        afgeleid = selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=klantadviseur)
        assert {u.regeling_code for u in afgeleid} == set(verwacht)
        for uitkomst in afgeleid:
            engine_uitkomst = verwacht[uitkomst.regeling_code]
            assert uitkomst.redenen == engine_uitkomst.redenen
            assert (uitkomst.uitkomst, uitkomst.bedrag, uitkomst.versie_id) == (
                engine_uitkomst.uitkomst,
                engine_uitkomst.bedrag,
                engine_uitkomst.versie_id,
            )
            assert uitkomst.actueel and uitkomst.peildatum == PEILDATUM


def test_redenen_van_het_leergeldvoorbeeld(regels, gebruiker_met_rol):
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9))
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=PEILDATUM)
    afgeleid = selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=gebruiker_met_rol("klantadviseur"))
    leergeld = next(u for u in afgeleid if u.regeling_code == "leergeld")
    assert leergeld.uitkomst == "recht"
    assert "Inkomen € 1.600,00 is niet hoger dan 120% van de norm € 1.401,50 = € 1.681,80" in leergeld.redenen
    assert leergeld.versie_id == RegelingVersie.objects.get(regeling__code="leergeld", geldig_van=date(2024, 1, 1)).pk


def test_oude_versie_geeft_de_redenen_van_die_versie(regels, gebruiker_met_rol):
    """The stored version is used, not today's: a new version (150%) in force later does not change the
    reasons of an outcome computed under the old one."""
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9))
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=PEILDATUM)
    oud = RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot__isnull=True)
    RegelingVersie.objects.filter(pk=oud.pk).update(geldig_tot=date(2026, 6, 30))
    RegelingVersie.objects.create(
        **{
            veld.name: getattr(oud, veld.name)
            for veld in RegelingVersie._meta.concrete_fields
            if veld.name not in ("id", "geldig_van", "geldig_tot", "inkomensgrens_pct")
        },
        geldig_van=date(2026, 7, 1),
        inkomensgrens_pct=Decimal("150"),
    )
    leergeld = next(
        u
        for u in selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=gebruiker_met_rol("klantadviseur"))
        if u.regeling_code == "leergeld"
    )
    assert leergeld.versie_id == oud.pk
    assert any("120%" in reden for reden in leergeld.redenen)


def test_gewijzigde_gegevens_zonder_herberekening_zijn_niet_actueel(regels, gebruiker_met_rol):
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9))
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=PEILDATUM)
    # Raise the income behind the recompute's back (no signal: a queryset update).
    InkomensBron.objects.filter(inwoner__huishouden=huishouden).update(netto_maandbedrag=Decimal("3000.00"))
    leergeld = next(
        u
        for u in selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=gebruiker_met_rol("klantadviseur"))
        if u.regeling_code == "leergeld"
    )
    assert leergeld.uitkomst == "recht"  # what is stored
    assert not leergeld.actueel  # and the page says the data changed since


@pytest.mark.parametrize("rol", ["partnermedewerker", "beleidsadviseur"])
def test_buiten_bereik_geen_redenen(regels, gebruiker_met_rol, rol):
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6,))
    rechten.herbereken_selectie(Q(id=huishouden.pk), peildatum=PEILDATUM)
    assert selectors.redenen_voor(huishouden_id=huishouden.pk, gebruiker=gebruiker_met_rol(rol)) == []


def test_redenen_voor_een_pagina_in_een_vast_aantal_queries(regels, gebruiker_met_rol):
    klantadviseur = gebruiker_met_rol("klantadviseur")
    eerste = maak_huishouden(inkomen=Decimal("1200.00"), kinderen=(7,))
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM)
    with CaptureQueriesContext(connection) as een:
        selectors.redenen_voor_huishoudens(huishouden_ids=[eerste.pk], gebruiker=klantadviseur)
    ids = [eerste.pk] + [maak_huishouden(inkomen=Decimal(1000 + 50 * i), kinderen=(i,)).pk for i in range(20)]
    rechten.herbereken_selectie(Q(), peildatum=PEILDATUM)
    with CaptureQueriesContext(connection) as veel:
        resultaat = selectors.redenen_voor_huishoudens(huishouden_ids=ids, gebruiker=klantadviseur)
    assert len(resultaat) == 21
    assert len(veel) <= len(een)  # the first call also loads the user's roles


@pytest.mark.django_db(transaction=True)
def test_migratie_neemt_bestaande_uitkomsten_over_en_terug():
    """Migration 0006 (rechtenopslag) on a table with reasons, fingerprints and ids (as before it), and back."""
    from regelingen.referentiedata import laad_referentiedata

    executor = MigrationExecutor(connection)
    laatste = executor.loader.graph.leaf_nodes("regelingen")
    voor = [("regelingen", "0005_regels_voorwaarden")]
    laad_referentiedata()
    huishouden = maak_huishouden(inkomen=Decimal("1600.00"), kinderen=(6, 9))
    leergeld = RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot__isnull=True)
    kwijtschelding = RegelingVersie.objects.filter(regeling__code="stadspas").first()
    executor.migrate(voor)
    try:
        with connection.cursor() as cursor:
            for versie, uitkomst, bedrag in ((leergeld, "recht", None), (kwijtschelding, "beoordeling_nodig", "12.50")):
                cursor.execute(
                    "INSERT INTO regelingen_rechtuitkomst (huishouden_id, regeling_id, versie_id, uitkomst, redenen, "
                    "bedrag, kenmerk, vastgesteld_op) VALUES (%s, %s, %s, %s, %s, %s, 'abcdef0123456789', %s)",
                    [huishouden.pk, versie.regeling_id, versie.pk, uitkomst, '["Een reden."]', bedrag, "2026-03-01"],
                )
        executor = MigrationExecutor(connection)
        executor.migrate(laatste)

        rijen = sorted(
            RechtUitkomst.objects.values_list("huishouden_id", "regeling_id", "versie_id", "uitkomst", "bedrag")
        )
        assert rijen == sorted(
            [
                (huishouden.pk, leergeld.regeling_id, leergeld.pk, "recht", None),
                (huishouden.pk, kwijtschelding.regeling_id, kwijtschelding.pk, "beoordeling_nodig", Decimal("12.50")),
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT uitkomst FROM regelingen_rechtuitkomst ORDER BY uitkomst")
            assert [rij[0] for rij in cursor.fetchall()] == [1, 3]  # two bytes, not the text

        executor = MigrationExecutor(connection)
        executor.migrate(voor)
        with connection.cursor() as cursor:
            cursor.execute("SELECT uitkomst, bedrag, kenmerk FROM regelingen_rechtuitkomst ORDER BY uitkomst")
            terug = [(u, None if b is None else Decimal(str(b)), k) for u, b, k in cursor.fetchall()]
        # Back: an empty fingerprint, so the next recompute of the old code rewrites the reasons.
        assert terug == [("beoordeling_nodig", Decimal("12.50"), ""), ("recht", None, "")]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(laatste)
        Inkomenspositie.objects.all().delete()
