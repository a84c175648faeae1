"""The audit log's hash chain, its protection in PostgreSQL and the retention path (ADR 0006)."""

import re
import secrets
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pgtrigger
import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests import factories as f
from venlo_armoede.append_only import TRIGGER_WIJZIGEN, AppendOnlyError
from venlo_armoede.audit.models import Actie, AuditRecord, KettingKop, Verwerkingsactiviteit
from venlo_armoede.audit.services import Betrokkene, log_verwerking, verwijder_oude_auditrecords

OMZEILEN = f"audit.AuditRecord:{TRIGGER_WIJZIGEN}"  # only tests and the retention path use this
RECHTEN_SQL = Path(__file__).resolve().parent.parent / "docs" / "database-rechten.sql"


def log(aantal_betrokkenen=1, *, start_tijd=None, omschrijving="test"):
    return log_verwerking(
        actor=None,
        actie=Actie.INZIEN,
        omschrijving=omschrijving,
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[Betrokkene(id=secrets.token_hex(32), type="BSN") for _ in range(aantal_betrokkenen)],
        start_tijd=start_tijd,
    )


def controleer(**opties) -> str:
    uitvoer = []

    class Schrijver:
        def write(self, tekst):
            uitvoer.append(tekst)

    call_command("controleer_logboek", stdout=Schrijver(), **opties)
    return "".join(uitvoer)


def knoei(sql, params):
    """Change the log behind the application's back, as someone with the database in hand could."""
    with pgtrigger.ignore(OMZEILEN), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- The chain ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_een_ongeschonden_logboek_is_in_orde_ook_in_kleine_stukken():
    log(3)
    log(1)
    log(4)
    records = list(AuditRecord.objects.order_by("volgnummer"))
    assert [r.volgnummer for r in records] == list(range(1, 9))
    assert len({r.ketting_hash for r in records}) == 8
    assert KettingKop.objects.get().volgnummer == 8
    assert "8 logregels gecontroleerd" in controleer(per=3)  # chunks of 3 cut through the bulk writes


@pytest.mark.django_db
def test_log_verwerking_geeft_opgeslagen_records_terug():
    records = log(2)
    assert all(r.pk for r in records)
    assert {r.pk for r in records} == set(AuditRecord.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_een_gewijzigde_logregel_wordt_gevonden():
    log(2)
    gewijzigd = log(2)[1]
    log(2)
    knoei("UPDATE audit_auditrecord SET actor_naam = 'iemand anders' WHERE id = %s", [gewijzigd.pk])
    with pytest.raises(CommandError, match=rf"logregel {gewijzigd.pk} \(volgnummer 4\) is gewijzigd"):
        controleer()


@pytest.mark.django_db
def test_een_gewijzigde_logregel_met_nieuwe_hash_zonder_sleutel_wordt_gevonden():
    """Recomputing a plain SHA-256 does not help someone without the key."""
    log(1)
    record = log(1)[0]
    log(1)
    knoei(
        "UPDATE audit_auditrecord SET resultaat = 'fout', ketting_hash = encode(sha256(ketting_hash::bytea), 'hex') "
        "WHERE id = %s"
        if connection.vendor == "postgresql"
        else "UPDATE audit_auditrecord SET resultaat = 'fout', ketting_hash = hex(randomblob(32)) WHERE id = %s",
        [record.pk],
    )
    with pytest.raises(CommandError, match=rf"logregel {record.pk} "):
        controleer()


@pytest.mark.django_db
def test_een_verwijderde_logregel_wordt_gevonden():
    log(2)
    weg = log(1)[0]
    volgende = log(2)[0]
    knoei("DELETE FROM audit_auditrecord WHERE id = %s", [weg.pk])
    with pytest.raises(CommandError, match=rf"logregel {volgende.pk}: .*ontbreken \(volgnummer 3\)") as fout:
        controleer()
    assert "Daarvoor klopten 2 logregels" in str(fout.value)


@pytest.mark.django_db
def test_een_afgeknipt_einde_wordt_gevonden():
    log(3)
    laatste = log(2)
    knoei("DELETE FROM audit_auditrecord WHERE id IN (%s, %s)", [r.pk for r in laatste])
    with pytest.raises(
        CommandError, match="het einde van het logboek ontbreekt.*volgnummer 3.*er zijn er 5 geschreven"
    ):
        controleer()


@pytest.mark.django_db
def test_een_verwisselde_volgorde_wordt_gevonden():
    eerste, tweede = log(2)
    for pk, nummer in ((eerste.pk, -1), (tweede.pk, 1), (eerste.pk, 2)):  # one by one: volgnummer is unique
        knoei("UPDATE audit_auditrecord SET volgnummer = %s WHERE id = %s", [nummer, pk])
    with pytest.raises(CommandError, match=rf"logregel {tweede.pk} \(volgnummer 1\)"):
        controleer()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_de_ketting_klopt_na_gelijktijdige_schrijvers():
    """Four threads, each with its own database connection, log at the same moment. Without the lock on
    the chain head two writers would take the same numbers (a unique violation) or fork the chain."""
    threads, per_thread, betrokkenen = 4, 8, 3
    start = threading.Barrier(threads)
    fouten = []

    def schrijver():
        try:
            start.wait()
            for _ in range(per_thread):
                log(betrokkenen)
        except Exception as fout:  # noqa: BLE001 - reported to the test thread below
            fouten.append(fout)
        finally:
            connection.close()

    werkers = [threading.Thread(target=schrijver) for _ in range(threads)]
    for werker in werkers:
        werker.start()
    for werker in werkers:
        werker.join()
    assert fouten == []
    totaal = threads * per_thread * betrokkenen
    assert sorted(AuditRecord.objects.values_list("volgnummer", flat=True)) == list(range(1, totaal + 1))
    assert f"{totaal} logregels gecontroleerd" in controleer()
    # Each call's records are consecutive in the chain (the bulk is hashed in order, under one lock).
    for trace_id in AuditRecord.objects.values_list("trace_id", flat=True).distinct():
        nummers = sorted(AuditRecord.objects.filter(trace_id=trace_id).values_list("volgnummer", flat=True))
        assert nummers == list(range(nummers[0], nummers[0] + betrokkenen))


# --- Protection in PostgreSQL -------------------------------------------------------------------------


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_database_weigert_truncate_van_het_logboek():
    log(2)
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditrecord")
    assert AuditRecord.objects.count() == 2


@pytest.mark.needs_postgres
@pytest.mark.django_db
def test_database_weigert_wijzigen_van_de_statushistorie():
    status = f.CasusFactory().statushistorie.get()
    for sql in (
        "UPDATE cases_casusstatus SET toelichting = 'later bedacht' WHERE id = %s",
        "DELETE FROM cases_casusstatus WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [status.pk])
    status.refresh_from_db()
    assert status.toelichting == ""


def _rechten_sql(rol: str) -> list[str]:
    """The statements of docs/database-rechten.sql (comments dropped), for role `rol`."""
    tekst = "\n".join(r for r in RECHTEN_SQL.read_text().splitlines() if not r.lstrip().startswith("--"))
    return [re.sub(r"\bvenlo_app\b", rol, s).strip() for s in tekst.split(";") if s.strip()]


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_applicatierol_kan_het_logboek_niet_wijzigen_legen_of_de_trigger_uitzetten():
    """The documented production grants, applied to a fresh role that does not own the tables: it can write
    the log through the application, and nothing else."""
    record = log(1)[0]
    rol = f"venlo_app_test_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {rol} LOGIN")
    try:
        with connection.cursor() as cursor:
            for statement in _rechten_sql(rol):
                cursor.execute(statement)
            # The application's own write path works under this role (SET ROLE checks its privileges).
            cursor.execute(f"SET ROLE {rol}")
        try:
            log(2)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")

        instellingen = connection.settings_dict
        with psycopg.connect(
            host=instellingen["HOST"] or "127.0.0.1",
            port=instellingen["PORT"] or 5432,
            dbname=connection.settings_dict["NAME"],
            user=rol,
            autocommit=True,
        ) as app:
            assert app.execute("SELECT current_user").fetchone()[0] == rol
            assert app.execute("SELECT count(*) FROM audit_auditrecord").fetchone()[0] == 3
            pgid = app.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditrecord'::regclass "
                "AND tgname LIKE 'pgtrigger_alleen_toevoegen_%'"
            ).fetchone()[0]
            for sql in (
                f"UPDATE audit_auditrecord SET resultaat = 'fout' WHERE id = {record.pk}",
                f"DELETE FROM audit_auditrecord WHERE id = {record.pk}",
                "TRUNCATE audit_auditrecord",
                f"ALTER TABLE audit_auditrecord DISABLE TRIGGER {pgid}",
                "ALTER TABLE audit_auditrecord DISABLE TRIGGER ALL",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(sql)
            # pgtrigger.ignore is a session setting any role may set; without the privilege it is no way in.
            app.execute("SELECT set_config('pgtrigger.ignore', %s, false)", [f"{{{pgid}}}"])
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(f"DELETE FROM audit_auditrecord WHERE id = {record.pk}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {rol}")
            cursor.execute(f"DROP ROLE {rol}")
    assert AuditRecord.objects.get(pk=record.pk).resultaat == "ok"
    assert "3 logregels gecontroleerd" in controleer()


def test_de_readme_toont_dezelfde_rechten_als_docs():
    readme = (RECHTEN_SQL.parent.parent / "README.md").read_text()
    for statement in _rechten_sql("venlo_app"):
        assert statement + ";" in readme


# --- Retention ----------------------------------------------------------------------------------------


def _op(dag: date) -> datetime:
    return datetime(dag.year, dag.month, dag.day, 12, tzinfo=UTC)


@pytest.mark.django_db
def test_bewaartermijn_verwijdert_oude_logregels_schrijft_zelf_een_logregel_en_de_ketting_blijft_kloppen():
    oud = log(3, start_tijd=_op(date(2019, 5, 1))) + log(1, start_tijd=_op(date(2020, 12, 31)))
    jong = log(2, start_tijd=_op(date(2021, 1, 1)))

    assert verwijder_oude_auditrecords(tot=date(2021, 1, 1), door="J. Jansen (applicatiebeheer)") == 4

    assert not AuditRecord.objects.filter(pk__in=[r.pk for r in oud]).exists()
    assert set(AuditRecord.objects.filter(pk__in=[r.pk for r in jong]).values_list("pk", flat=True)) == {
        r.pk for r in jong
    }
    eigen = AuditRecord.objects.get(verwerkingsactiviteit=Verwerkingsactiviteit.LOGBOEKBEHEER)
    assert eigen.actie == Actie.VERWIJDEREN
    assert eigen.actor_naam == "J. Jansen (applicatiebeheer)"
    assert eigen.omschrijving == "Bewaartermijn: 4 logregels van vóór 01-01-2021 verwijderd"
    assert eigen.volgnummer == 7
    assert KettingKop.objects.get().anker_volgnummer == 4
    assert "3 logregels gecontroleerd (volgnummer 5 tot en met 7)" in controleer()
    # The log goes on after the retention run, and is still protected.
    log(1)
    assert "4 logregels gecontroleerd" in controleer()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


@pytest.mark.django_db
def test_bewaartermijn_verwijdert_alleen_het_begin_van_de_ketting():
    """A young record early in the chain (logged with an older start time after it) keeps the ones after it:
    removing only part of the chain's start keeps it verifiable."""
    log(1, start_tijd=_op(date(2019, 1, 1)))
    log(1, start_tijd=_op(date(2022, 1, 1)))
    blijft = log(1, start_tijd=_op(date(2019, 1, 2)))[0]
    assert verwijder_oude_auditrecords(tot=date(2021, 1, 1), door="beheer") == 1
    assert AuditRecord.objects.filter(pk=blijft.pk).exists()
    assert "3 logregels gecontroleerd" in controleer()


@pytest.mark.django_db
def test_bewaartermijn_zonder_oude_logregels_wordt_ook_gelogd():
    log(2, start_tijd=_op(date(2024, 1, 1)))
    assert verwijder_oude_auditrecords(tot=date(2020, 1, 1), door="beheer") == 0
    assert AuditRecord.objects.filter(omschrijving__startswith="Bewaartermijn: 0 logregels").count() == 1
    assert "3 logregels gecontroleerd" in controleer()


@pytest.mark.django_db
def test_bewaartermijn_via_het_commando_en_foute_invoer():
    log(1, start_tijd=_op(date(2019, 1, 1)))
    with pytest.raises(CommandError, match="--tot moet een datum zijn"):
        call_command("verwijder_oude_auditrecords", tot="1-1-2021", door="beheer")
    with pytest.raises(CommandError, match="Vul in wie"):
        call_command("verwijder_oude_auditrecords", tot="2021-01-01", door="  ")
    assert AuditRecord.objects.count() == 1  # nothing deleted, nothing logged
    call_command("verwijder_oude_auditrecords", tot="2021-01-01", door="beheer")
    assert list(AuditRecord.objects.values_list("actor_naam", flat=True)) == ["beheer"]
